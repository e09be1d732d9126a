import { describe, expect, it } from 'vitest'
import { measureArrears } from '../recovery/index.ts'
import { benefitPaymentSchedule, expectedBenefitCredits, missingBenefitPayments, type ReceivedBenefitPayment } from './benefit-payments.ts'
import { changeHousingBenefitClaim, openHousingBenefitClaim } from './housing-benefit.ts'
import { changeUniversalCreditClaim, openUniversalCreditClaim, type UniversalCreditClaim } from './universal-credit.ts'

// HB £100 a week from Monday 30 March 2026, paid 4-weekly in arrears from Monday 27 April:
// 27 Apr pays 30 Mar–26 Apr, 25 May pays 27 Apr–24 May, 22 Jun pays 25 May–21 Jun.
const hb = changeHousingBenefitClaim(openHousingBenefitClaim({ id: 'HB1', claimedOn: '2026-03-30' }), {
  to: 'awarded',
  on: '2026-04-10',
  award: { weeklyPence: 10_000, from: '2026-03-30', cycle: 'four_weekly', firstPaymentOn: '2026-04-27' },
})

// UC managed payment £476.67 a month, assessment periods from 31 January 2026.
function ucWithManagedPayment(apStart: string): UniversalCreditClaim {
  let c = openUniversalCreditClaim({ id: 'UC1', claimedOn: '2025-12-01' })
  c = changeUniversalCreditClaim(c, { track: 'claim', to: 'housing_costs_awarded', on: '2025-12-20' })
  c = changeUniversalCreditClaim(c, { track: 'apa', to: 'requested', on: '2025-12-21', type: 'managed_payment' })
  return changeUniversalCreditClaim(c, { track: 'apa', to: 'received', on: '2025-12-22', monthlyPence: 47_667, assessmentPeriodStart: apStart })
}

describe('benefitPaymentSchedule', () => {
  it('pays HB every 4 weeks in arrears for the weeks just ended', () => {
    expect(benefitPaymentSchedule([hb], '2026-06-22').map((p) => [p.expectedOn, p.periodFrom, p.periodTo, p.amountPence])).toEqual([
      ['2026-04-27', '2026-03-30', '2026-04-26', 40_000],
      ['2026-05-25', '2026-04-27', '2026-05-24', 40_000],
      ['2026-06-22', '2026-05-25', '2026-06-21', 40_000],
    ])
  })

  it('pays a first HB period from the start of entitlement, by the day', () => {
    // Entitlement from Thursday 2 April: 25 days to 26 April = £357.142… → £357.14.
    const late = changeHousingBenefitClaim(openHousingBenefitClaim({ id: 'HB2', claimedOn: '2026-04-02' }), {
      to: 'awarded',
      on: '2026-04-10',
      award: { weeklyPence: 10_000, from: '2026-04-02', cycle: 'two_weekly', firstPaymentOn: '2026-04-27' },
    })
    expect(benefitPaymentSchedule([late], '2026-05-11').map((p) => [p.expectedOn, p.periodFrom, p.periodTo, p.amountPence])).toEqual([
      ['2026-04-27', '2026-04-02', '2026-04-26', 35_714],
      ['2026-05-11', '2026-04-27', '2026-05-10', 20_000],
    ])
  })

  it('still expects HB for the days before a suspension, and nothing after', () => {
    const suspended = changeHousingBenefitClaim(hb, { to: 'suspended', on: '2026-05-11', reason: 'Evidence requested' })
    // 27 Apr – 10 May: 14 days = £200, paid on the usual day.
    expect(benefitPaymentSchedule([suspended], '2026-07-01').map((p) => [p.expectedOn, p.periodTo, p.amountPence])).toEqual([
      ['2026-04-27', '2026-04-26', 40_000],
      ['2026-05-25', '2026-05-10', 20_000],
    ])
  })

  it('pays UC managed payments monthly in arrears, 7 days after each assessment period, across months', () => {
    // From 31 Jan: periods end 27 Feb, 30 Mar, 29 Apr (a period starting on the 31st restarts on the
    // month's last day when the month is shorter: 28 Feb, 31 Mar, 30 Apr).
    expect(benefitPaymentSchedule([ucWithManagedPayment('2026-01-31')], '2026-05-06').map((p) => [p.periodFrom, p.periodTo, p.expectedOn])).toEqual([
      ['2026-01-31', '2026-02-27', '2026-03-06'],
      ['2026-02-28', '2026-03-30', '2026-04-06'],
      ['2026-03-31', '2026-04-29', '2026-05-06'],
    ])
  })

  it('crosses a year end', () => {
    expect(benefitPaymentSchedule([ucWithManagedPayment('2025-12-15')], '2026-02-21').map((p) => [p.periodFrom, p.periodTo, p.expectedOn])).toEqual([
      ['2025-12-15', '2026-01-14', '2026-01-21'],
      ['2026-01-15', '2026-02-14', '2026-02-21'],
    ])
  })

  it('takes the UC payment lag as an option', () => {
    expect(benefitPaymentSchedule([ucWithManagedPayment('2025-12-15')], '2026-01-31', { ucPaymentLagDays: 14 }).map((p) => p.expectedOn)).toEqual(['2026-01-28'])
  })

  it('includes a deduction in payment as its own kind', () => {
    let c = ucWithManagedPayment('2026-01-31')
    c = changeUniversalCreditClaim(c, { track: 'deduction', to: 'requested', on: '2026-01-05' })
    c = changeUniversalCreditClaim(c, { track: 'deduction', to: 'in_payment', on: '2026-02-01', monthlyPence: 6_374, assessmentPeriodStart: '2026-01-31' })
    expect(benefitPaymentSchedule([c], '2026-03-06').map((p) => [p.kind, p.amountPence])).toEqual([
      ['uc_managed_payment', 47_667],
      ['uc_deduction', 6_374],
    ])
  })

  it('stops a managed payment with the periods that ended before it stopped', () => {
    const stopped = changeUniversalCreditClaim(ucWithManagedPayment('2026-01-31'), { track: 'apa', to: 'stopped', on: '2026-04-01' })
    expect(benefitPaymentSchedule([stopped], '2026-12-31').map((p) => p.periodTo)).toEqual(['2026-02-27', '2026-03-30'])
  })
})

describe('expectedBenefitCredits', () => {
  // Wednesday 6 May 2026: the rent week began Monday 4 May, so days to Sunday 3 May are charged.
  const today = '2026-05-06'

  it('counts the days already charged of the next HB payment', () => {
    // 25 May pays 27 Apr–24 May; 27 Apr–3 May (7 of 28 days) is charged: £100.
    expect(expectedBenefitCredits([hb], today)).toEqual([
      { claimId: 'HB1', kind: 'housing_benefit', periodFrom: '2026-04-27', periodTo: '2026-05-24', scheduledPence: 40_000, amountPence: 10_000, expectedOn: '2026-05-25', status: 'accruing' },
    ])
  })

  it('adds a payment whose date has passed and that has not been received', () => {
    const credits = expectedBenefitCredits([hb], today, { received: [] })
    expect(credits.map((c) => [c.status, c.expectedOn, c.amountPence])).toEqual([
      ['due', '2026-04-27', 40_000],
      ['accruing', '2026-05-25', 10_000],
    ])
    const paid: ReceivedBenefitPayment[] = [{ claimId: 'HB1', kind: 'housing_benefit', receivedOn: '2026-04-27', amountPence: 40_000 }]
    expect(expectedBenefitCredits([hb], today, { received: paid }).map((c) => c.status)).toEqual(['accruing'])
  })

  it('counts UC by days of the assessment period, both the ended one and the current one', () => {
    // Today Wednesday 6 May; periods from the 2nd of each month. Period 2 Apr–1 May has ended (paid
    // 8 May): all of it is charged. Period 2 May–1 Jun: 2–3 May charged, 2 of 31 days: £30.75.
    const credits = expectedBenefitCredits([ucWithManagedPayment('2026-01-02')], today)
    expect(credits.map((c) => [c.periodFrom, c.expectedOn, c.amountPence])).toEqual([
      ['2026-04-02', '2026-05-08', 47_667],
      ['2026-05-02', '2026-06-08', 3_075],
    ])
  })

  it('leaves deductions for old arrears out of technical arrears', () => {
    let c = ucWithManagedPayment('2026-01-02')
    c = changeUniversalCreditClaim(c, { track: 'deduction', to: 'requested', on: '2026-01-05' })
    c = changeUniversalCreditClaim(c, { track: 'deduction', to: 'in_payment', on: '2026-02-01', monthlyPence: 6_374, assessmentPeriodStart: '2026-01-02' })
    expect(expectedBenefitCredits([c], today).every((x) => x.kind === 'uc_managed_payment')).toBe(true)
  })

  it('feeds the arrears measure as technical arrears', () => {
    // Balance £250 on Wednesday 6 May with £100 debited on Monday: £100 allowed for this week, and
    // £100 of HB due on 25 May for 27 Apr–3 May is technical, leaving £50 collectable.
    const m = measureArrears({
      today,
      balancePence: 25_000,
      grossWeeklyChargePence: 10_000,
      currentWeekDebitPence: 10_000,
      lastPaymentOn: '2026-04-27',
      expectedBenefit: expectedBenefitCredits([hb], today),
    })
    expect([m.currentWeekAllowancePence, m.technicalArrearsPence, m.collectableArrearsPence]).toEqual([10_000, 10_000, 5_000])
  })
})

describe('missingBenefitPayments', () => {
  const expected = benefitPaymentSchedule([hb], '2026-06-30')

  it.each([
    ['nothing within the grace period', [], '2026-05-04', []],
    ['a payment not received 8 days after its date', [], '2026-05-05', [['2026-04-27', 40_000, 8]]],
    [
      'part of a payment',
      [{ claimId: 'HB1', kind: 'housing_benefit', receivedOn: '2026-04-27', amountPence: 30_000 }],
      '2026-05-06',
      [['2026-04-27', 10_000, 9]],
    ],
    ['nothing once a catch-up payment covers two periods', [{ kind: 'housing_benefit', receivedOn: '2026-06-01', amountPence: 80_000 }], '2026-06-10', []],
    ['the later one when only one of two arrived', [{ kind: 'housing_benefit', receivedOn: '2026-04-28', amountPence: 40_000 }], '2026-06-10', [['2026-05-25', 40_000, 16]]],
  ] as const)('%s', (_, received, today, flagged) => {
    const r = missingBenefitPayments(expected, [...received], today, 7)
    expect(r.map((m) => [m.expectedOn, m.missingPence, m.daysLate])).toEqual(flagged)
  })

  it('says what is missing', () => {
    const [m] = missingBenefitPayments(expected, [{ claimId: 'HB1', kind: 'housing_benefit', receivedOn: '2026-04-27', amountPence: 30_000 }], '2026-05-06')
    expect(m!.text).toBe('Housing Benefit £100.00 of £400.00 for 2026-03-30 to 2026-04-26 (claim HB1) was expected on 2026-04-27 and has not been received: 9 days late')
  })

  it('does not count money received after today', () => {
    expect(missingBenefitPayments(expected, [{ kind: 'housing_benefit', receivedOn: '2026-05-20', amountPence: 40_000 }], '2026-05-06')).toHaveLength(1)
  })
})
