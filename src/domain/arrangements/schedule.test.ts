import { describe, expect, it } from 'vitest'
import {
  ArrangementScheduleError,
  buildExpectedSchedule,
  chargeForPeriod,
  expectedArrearsOn,
  expectedBalanceOn,
  expectedPaidBy,
  lastDueDateBy,
  type ScheduleInput,
} from './schedule.ts'

// Calendar: Monday 2026-05-04; Friday 2026-05-01; Saturday 2026-01-31; 2026 is not a leap year.
const base: ScheduleInput = {
  startDate: '2026-05-04',
  frequency: 'weekly',
  instalmentPence: 1_000,
  currentWeeklyChargePence: 10_000,
  startingArrearsPence: 10_000,
}

function scheduleError(input: ScheduleInput): ArrangementScheduleError {
  try {
    buildExpectedSchedule(input)
  } catch (e) {
    if (e instanceof ArrangementScheduleError) return e
    throw e
  }
  throw new Error('expected an ArrangementScheduleError')
}

describe('chargeForPeriod', () => {
  it.each([
    ['weekly', 10_000, 10_000],
    ['fortnightly', 10_000, 20_000],
    ['four_weekly', 10_000, 40_000],
    // £100 × 52 ÷ 12 = £433.333… → £433.33
    ['monthly', 10_000, 43_333],
    // £100.03 × 52 ÷ 12 = 43,346.33p → 43,346p; £1.50 × 52 ÷ 12 = 650p exactly; 3p × 52 ÷ 12 = 13p exactly
    ['monthly', 10_003, 43_346],
    ['monthly', 150, 650],
    // 6p × 52 ÷ 12 = 26p; 9p × 52 ÷ 12 = 39p; 1p × 52 ÷ 12 = 4.33p → 4p; 2p → 8.67p → 9p (half up)
    ['monthly', 1, 4],
    ['monthly', 2, 9],
  ] as const)('%s charge on %ip a week is %ip', (frequency, weekly, expected) => {
    expect(chargeForPeriod(weekly, frequency)).toBe(expected)
  })
})

describe('buildExpectedSchedule', () => {
  it('runs weekly until the arrears are cleared: £100 at £10 a week is 10 instalments', () => {
    const s = buildExpectedSchedule(base)
    expect(s.instalmentCount).toBe(10)
    expect(s.entries.map((e) => e.dueOn)).toEqual([
      '2026-05-04', '2026-05-11', '2026-05-18', '2026-05-25', '2026-06-01',
      '2026-06-08', '2026-06-15', '2026-06-22', '2026-06-29', '2026-07-06',
    ])
    expect(s.completesOn).toBe('2026-07-06')
    expect(s.entries.map((e) => e.expectedArrearsPence)).toEqual([9_000, 8_000, 7_000, 6_000, 5_000, 4_000, 3_000, 2_000, 1_000, 0])
    expect(s.entries[0]).toMatchObject({ chargePence: 10_000, instalmentPence: 1_000, paymentPence: 11_000 })
  })

  it('makes the last instalment only what is left', () => {
    const s = buildExpectedSchedule({ ...base, startingArrearsPence: 10_500 })
    expect(s.instalmentCount).toBe(11)
    expect(s.finalInstalmentPence).toBe(500)
    expect(s.completesOn).toBe('2026-07-13')
    expect(s.entries.at(-1)).toMatchObject({ instalmentPence: 500, paymentPence: 10_500, expectedArrearsPence: 0 })
  })

  it.each([
    ['fortnightly', '2026-05-04', 3, ['2026-05-04', '2026-05-18', '2026-06-01'], '2026-06-01'],
    ['four_weekly', '2026-05-04', 3, ['2026-05-04', '2026-06-01', '2026-06-29'], '2026-06-29'],
    // Months are counted from the start date each time: 31 Jan, 28 Feb, 31 Mar (never drifting to the 28th).
    ['monthly', '2026-01-31', 4, ['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30'], '2026-04-30'],
    // Across a year end.
    ['monthly', '2026-11-15', 3, ['2026-11-15', '2026-12-15', '2027-01-15'], '2027-01-15'],
  ] as const)('%s from %s: %i instalments', (frequency, startDate, count, dates, completesOn) => {
    const s = buildExpectedSchedule({ ...base, frequency, startDate, instalmentPence: 2_500, startingArrearsPence: 2_500 * count })
    expect(s.entries.map((e) => e.dueOn)).toEqual(dates)
    expect(s.completesOn).toBe(completesOn)
  })

  it('takes a lump sum first, then the instalments', () => {
    // £500 arrears: £200 on Friday 1 May, then £50 a week from Monday 4 May: 6 instalments.
    const s = buildExpectedSchedule({ ...base, startingArrearsPence: 50_000, instalmentPence: 5_000, lumpSumFirst: { date: '2026-05-01', amountPence: 20_000 } })
    expect(s.firstDueOn).toBe('2026-05-01')
    expect(s.entries[0]).toMatchObject({ n: 0, kind: 'lump_sum', dueOn: '2026-05-01', chargePence: 0, paymentPence: 20_000, expectedArrearsPence: 30_000 })
    expect(s.instalmentCount).toBe(6)
    expect(s.completesOn).toBe('2026-06-08')
  })

  it('completes on the lump sum date when the lump sum clears the arrears', () => {
    const s = buildExpectedSchedule({ ...base, lumpSumFirst: { date: '2026-05-01', amountPence: 10_000 } })
    expect(s.instalmentCount).toBe(0)
    expect(s.completesOn).toBe('2026-05-01')
  })

  it('refuses an instalment that never clears the debt within the maximum term, saying what would', () => {
    // £2,000 at £5 a week from 4 May 2026 with a 12-month term: instalments must fall due before
    // 4 May 2027, which leaves 53 weekly dates (4 May 2026 + 52 weeks = 3 May 2027). 200,000p ÷ 53 = 3,773.6p → £37.74.
    // At £5 it would take 400 weeks: 4 May 2026 + 399 × 7 days = 26 Dec 2033.
    const e = scheduleError({ ...base, startingArrearsPence: 200_000, instalmentPence: 500, maxTermMonths: 12 })
    expect(e.code).toBe('exceeds_max_term')
    expect(e.minimumInstalmentPence).toBe(3_774)
    expect(e.message).toBe(
      'An instalment of £5.00 a week would take 400 instalments, until 2033-12-26, to clear £2,000.00 of arrears: ' +
        'longer than the maximum term of 12 months (instalments must fall due before 2027-05-04). The instalment needs to be at least £37.74 a week.',
    )
    // And the suggested minimum does fit.
    expect(buildExpectedSchedule({ ...base, startingArrearsPence: 200_000, instalmentPence: 3_774, maxTermMonths: 12 }).completesOn).toBe('2027-05-03')
  })

  it('uses the default 60-month term', () => {
    // 60 months of monthly instalments from 2026-05-01: 60 dates; 61 instalments do not fit.
    expect(buildExpectedSchedule({ ...base, frequency: 'monthly', startDate: '2026-05-01', startingArrearsPence: 60_000, instalmentPence: 1_000 }).completesOn).toBe('2031-04-01')
    expect(scheduleError({ ...base, frequency: 'monthly', startDate: '2026-05-01', startingArrearsPence: 60_001, instalmentPence: 1_000 }).minimumInstalmentPence).toBe(1_001)
  })

  it.each([
    ['no arrears', { startingArrearsPence: 0 }, 'no_arrears'],
    ['a zero instalment', { instalmentPence: 0 }, 'instalment_not_positive'],
    ['a lump sum after the first instalment', { lumpSumFirst: { date: '2026-05-05', amountPence: 100 } }, 'lump_sum_after_start'],
    ['a lump sum above the arrears', { lumpSumFirst: { date: '2026-05-01', amountPence: 10_001 } }, 'lump_sum_too_large'],
    ['accounts that do not add up to the arrears', { accounts: [{ accountId: 1, type: 'rent', balancePence: 9_000 }] }, 'accounts_do_not_match'],
  ] as const)('refuses %s', (_, change, code) => {
    expect(scheduleError({ ...base, ...change }).code).toBe(code)
  })

  it('apportions each instalment across several accounts, rent and council tax first', () => {
    const s = buildExpectedSchedule({
      ...base,
      currentWeeklyChargePence: 0,
      instalmentPence: 3_000,
      startingArrearsPence: 10_000,
      accounts: [
        { accountId: 'GAR1', type: 'garage', balancePence: 2_000 },
        { accountId: 'RNT1', type: 'rent', balancePence: 6_000 },
        { accountId: 'CT1', type: 'council_tax', balancePence: 2_000 },
      ],
    })
    // Tier 1 owes £80 (3:1); the garage waits until rent and council tax are clear.
    expect(s.entries.map((e) => e.perAccount!.map((a) => a.pence))).toEqual([
      [0, 2_250, 750],
      [0, 2_250, 750],
      [1_000, 1_500, 500],
      [1_000, 0, 0],
    ])
    for (const e of s.entries) expect(e.perAccount!.reduce((sum, a) => sum + a.pence, 0)).toBe(e.instalmentPence)
    expect(s.entries.at(-1)!.perAccount!.map((a) => a.balanceAfterPence)).toEqual([0, 0, 0])
  })
})

describe('reading the schedule on a date', () => {
  const s = buildExpectedSchedule({ ...base, startingArrearsPence: 2_500, instalmentPence: 1_000 })

  it('follows the arrears path by due date', () => {
    expect(expectedArrearsOn(s, '2026-05-03')).toBe(2_500)
    expect(expectedArrearsOn(s, '2026-05-04')).toBe(1_500)
    expect(expectedArrearsOn(s, '2026-05-17')).toBe(500)
    expect(expectedArrearsOn(s, '2026-05-18')).toBe(0)
  })

  it('expects the ledger balance with Monday debits and payments of charge plus instalment', () => {
    // 4 May (Mon): 25.00 + 100.00 debit − 110.00 paid = 15.00; Sunday 10 May the same;
    // 11 May: + 100 − 110 = 5.00; 18 May: + 100 − 105 = 0; 25 May: + 100 − 100 (charge only) = 0.
    expect(expectedBalanceOn(s, '2026-05-04')).toBe(1_500)
    expect(expectedBalanceOn(s, '2026-05-10')).toBe(1_500)
    expect(expectedBalanceOn(s, '2026-05-11')).toBe(500)
    expect(expectedBalanceOn(s, '2026-05-18')).toBe(0)
    expect(expectedBalanceOn(s, '2026-05-25')).toBe(0)
    expect(expectedPaidBy(s, '2026-05-25')).toBe(11_000 + 11_000 + 10_500 + 10_000)
    expect(lastDueDateBy(s, '2026-05-27')).toBe('2026-05-25')
    expect(lastDueDateBy(s, '2026-05-03')).toBeNull()
  })

  it('counts the Monday of the first due date’s rent week when it starts mid-week', () => {
    // Friday start: that week’s Monday debit (27 Apr) is accrued; the first payment covers it.
    const fri = buildExpectedSchedule({ ...base, startDate: '2026-05-01', startingArrearsPence: 2_500 })
    expect(expectedBalanceOn(fri, '2026-05-01')).toBe(2_500 + 10_000 - 11_000)
    expect(expectedBalanceOn(fri, '2026-05-04')).toBe(2_500 + 20_000 - 11_000)
  })
})
