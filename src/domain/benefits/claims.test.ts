import { describe, expect, it } from 'vitest'
import { applyForDhp, changeDhpApplication, dhpAwardTotal } from './dhp.ts'
import { changeHousingBenefitClaim, HB_CLAIM_STATES, HOUSING_BENEFIT, openHousingBenefitClaim, type HbAward, type HbChange, type HbClaimState } from './housing-benefit.ts'
import { BenefitTransitionError } from './state-machine.ts'
import { changeUniversalCreditClaim, openUniversalCreditClaim, type UniversalCreditClaim } from './universal-credit.ts'

const award: HbAward = { weeklyPence: 10_000, from: '2026-03-30', cycle: 'four_weekly', firstPaymentOn: '2026-04-27' }
const pending = openHousingBenefitClaim({ id: 'HB1', claimedOn: '2026-03-30', accountId: 'RNT1' })
const awarded = changeHousingBenefitClaim(pending, { to: 'awarded', on: '2026-04-10', award })

function claimIn(state: HbClaimState) {
  switch (state) {
    case 'pending':
      return pending
    case 'awarded':
      return awarded
    case 'suspended':
      return changeHousingBenefitClaim(awarded, { to: 'suspended', on: '2026-05-01', reason: 'Evidence of earnings requested' })
    case 'overpaid':
      return changeHousingBenefitClaim(awarded, { to: 'overpaid', on: '2026-05-01', amountPence: 25_000, reason: 'Late-reported earnings', award })
    case 'ended':
      return changeHousingBenefitClaim(awarded, { to: 'ended', on: '2026-05-01', reason: 'Moved to UC' })
  }
}

function move(to: HbClaimState): HbChange {
  switch (to) {
    case 'awarded':
      return { to, on: '2026-06-01', award }
    case 'overpaid':
      return { to, on: '2026-06-01', amountPence: 100, reason: 'r', award: null }
    case 'pending':
      return { to: 'pending', on: '2026-06-01' } as unknown as HbChange
    default:
      return { to, on: '2026-06-01', reason: 'r' }
  }
}

describe('Housing Benefit claims', () => {
  const allowed: Record<HbClaimState, HbClaimState[]> = {
    pending: ['awarded', 'ended'],
    awarded: ['awarded', 'suspended', 'overpaid', 'ended'],
    suspended: ['awarded', 'overpaid', 'ended'],
    overpaid: ['awarded', 'suspended', 'ended'],
    ended: [],
  }
  const pairs = HB_CLAIM_STATES.flatMap((from) => HB_CLAIM_STATES.map((to) => [from, to, allowed[from].includes(to)] as const))

  it.each(pairs)('%s → %s allowed: %s', (from, to, ok) => {
    expect(HOUSING_BENEFIT.canMove(from, to)).toBe(ok)
    const run = () => changeHousingBenefitClaim(claimIn(from), move(to))
    if (ok) expect(run().state).toBe(to)
    else expect(run).toThrow(BenefitTransitionError)
  })

  it('says where a claim can go when a move is refused', () => {
    expect(() => changeHousingBenefitClaim(pending, { to: 'suspended', on: '2026-04-01', reason: 'r' })).toThrow(
      'A Housing Benefit claim that is pending cannot become suspended: it can become awarded or ended',
    )
    expect(() => changeHousingBenefitClaim(claimIn('ended'), { to: 'awarded', on: '2026-06-01', award })).toThrow(
      'A Housing Benefit claim that is ended cannot become awarded: it is final',
    )
  })

  it('keeps the history and the overpayment', () => {
    const c = claimIn('overpaid')
    expect(c.history.map((h) => [h.from, h.to, h.on])).toEqual([
      [null, 'pending', '2026-03-30'],
      ['pending', 'awarded', '2026-04-10'],
      ['awarded', 'overpaid', '2026-05-01'],
    ])
    expect(c.overpayments).toEqual([{ amountPence: 25_000, identifiedOn: '2026-05-01', reason: 'Late-reported earnings', recoverable: null }])
  })

  it('reinstates a suspended claim on its existing award', () => {
    const back = changeHousingBenefitClaim(claimIn('suspended'), { to: 'awarded', on: '2026-05-08' })
    expect(back.award).toEqual(award)
  })

  it.each([
    ['an award with no amount', { ...award, weeklyPence: 0 }],
    ['a first payment before entitlement (HB is paid in arrears)', { ...award, firstPaymentOn: '2026-03-30' }],
  ])('refuses %s', (_, bad) => {
    expect(() => changeHousingBenefitClaim(pending, { to: 'awarded', on: '2026-04-10', award: bad })).toThrow(RangeError)
  })

  it('needs an award the first time a claim is awarded', () => {
    expect(() => changeHousingBenefitClaim(pending, { to: 'awarded', on: '2026-04-10' })).toThrow(/Give the award/)
  })

  it('refuses a change dated before the last one', () => {
    expect(() => changeHousingBenefitClaim(awarded, { to: 'ended', on: '2026-04-09', reason: 'r' })).toThrow(RangeError)
  })
})

describe('Universal Credit claims', () => {
  const made = openUniversalCreditClaim({ id: 'UC1', claimedOn: '2026-03-02' })
  const housingAwarded = changeUniversalCreditClaim(
    changeUniversalCreditClaim(changeUniversalCreditClaim(made, { track: 'verification', to: 'requested', on: '2026-03-05' }), { track: 'verification', to: 'done', on: '2026-03-06' }),
    { track: 'claim', to: 'housing_costs_awarded', on: '2026-04-08' },
  )

  it('runs the claim, landlord verification, APA and deduction side by side', () => {
    let c: UniversalCreditClaim = changeUniversalCreditClaim(housingAwarded, { track: 'apa', to: 'requested', on: '2026-04-10', type: 'managed_payment' })
    c = changeUniversalCreditClaim(c, { track: 'apa', to: 'received', on: '2026-05-01', monthlyPence: 47_667, assessmentPeriodStart: '2026-04-02' })
    c = changeUniversalCreditClaim(c, { track: 'deduction', to: 'requested', on: '2026-04-10', requestedPercent: 20 })
    c = changeUniversalCreditClaim(c, { track: 'deduction', to: 'in_payment', on: '2026-05-01', monthlyPence: 6_374, assessmentPeriodStart: '2026-04-02' })
    expect([c.claim.state, c.verification.state, c.apa.state, c.deduction.state]).toEqual(['housing_costs_awarded', 'done', 'received', 'in_payment'])
    expect(c.apa).toMatchObject({ type: 'managed_payment', monthlyPence: 47_667, assessmentPeriodStart: '2026-04-02' })

    const closed = changeUniversalCreditClaim(c, { track: 'claim', to: 'closed', on: '2026-09-01', note: 'Moved to pension credit' })
    expect([closed.apa.state, closed.deduction.state]).toEqual(['stopped', 'stopped'])
    expect(closed.history.slice(-3).map((h) => `${h.track}:${h.from}→${h.to}`)).toEqual(['claim:housing_costs_awarded→closed', 'apa:received→stopped', 'deduction:in_payment→stopped'])
  })

  it.each([
    ['verification done before it was requested', made, { track: 'verification', to: 'done', on: '2026-03-05' }, 'A Universal Credit landlord verification that is not requested cannot become done: it can become requested'],
    ['a managed payment in place before housing costs are awarded', changeUniversalCreditClaim(made, { track: 'apa', to: 'requested', on: '2026-03-05', type: 'managed_payment' }), { track: 'apa', to: 'received', on: '2026-03-20', monthlyPence: 1, assessmentPeriodStart: '2026-03-02' }, 'A Universal Credit Alternative Payment Arrangement cannot become in place: housing costs have not been awarded on the claim'],
    ['a deduction in payment before it was requested', housingAwarded, { track: 'deduction', to: 'in_payment', on: '2026-05-01', monthlyPence: 1, assessmentPeriodStart: '2026-04-02' }, 'A Universal Credit third-party deduction that is not asked for cannot become in payment: it can become requested'],
    ['a request on a closed claim', changeUniversalCreditClaim(made, { track: 'claim', to: 'closed', on: '2026-03-10' }), { track: 'deduction', to: 'requested', on: '2026-03-11' }, 'A Universal Credit third-party deduction cannot become requested: the claim is closed'],
    ['reopening a closed claim', changeUniversalCreditClaim(made, { track: 'claim', to: 'closed', on: '2026-03-10' }), { track: 'claim', to: 'housing_costs_awarded', on: '2026-03-11' }, 'A Universal Credit claim that is closed cannot become awarded housing costs: it is final'],
  ] as const)('refuses %s', (_, claim, change, message) => {
    const run = () => changeUniversalCreditClaim(claim, change as never)
    expect(run).toThrow(BenefitTransitionError)
    expect(run).toThrow(message)
  })

  it('lets a refused managed payment be asked for again', () => {
    let c = changeUniversalCreditClaim(housingAwarded, { track: 'apa', to: 'requested', on: '2026-04-10', type: 'managed_payment' })
    c = changeUniversalCreditClaim(c, { track: 'apa', to: 'refused', on: '2026-04-20', note: 'Tenant objected (Roberts)' })
    c = changeUniversalCreditClaim(c, { track: 'apa', to: 'requested', on: '2026-06-01', type: 'managed_payment' })
    expect(c.apa.state).toBe('requested')
  })
})

describe('Discretionary Housing Payments', () => {
  const applied = applyForDhp({ id: 'DHP1', appliedOn: '2026-04-01', reason: 'under_occupancy' })

  it('is awarded with an amount and period, and totals it', () => {
    const a = changeDhpApplication(applied, { to: 'awarded', on: '2026-04-15', award: { basis: 'weekly', amountPence: 1_500, from: '2026-04-06', to: '2026-07-05', paidTo: 'rent_account' } })
    expect(a.state).toBe('awarded')
    expect(dhpAwardTotal(a.award!)).toBe(13 * 1_500) // 91 days = 13 weeks
    expect(dhpAwardTotal({ basis: 'lump_sum', amountPence: 25_000, from: '2026-04-06', to: '2026-04-06', paidTo: 'claimant' })).toBe(25_000)
  })

  it('is refused with a reason, and can be reviewed', () => {
    const refused = changeDhpApplication(applied, { to: 'refused', on: '2026-04-15', reason: 'Fund exhausted' })
    expect(refused.refusalReason).toBe('Fund exhausted')
    expect(changeDhpApplication(refused, { to: 'applied', on: '2026-04-20' }).state).toBe('applied')
  })

  it('refuses an award that ends before it starts, and moves out of a final state', () => {
    expect(() => changeDhpApplication(applied, { to: 'awarded', on: '2026-04-15', award: { basis: 'weekly', amountPence: 1, from: '2026-05-01', to: '2026-04-01', paidTo: 'rent_account' } })).toThrow(RangeError)
    const withdrawn = changeDhpApplication(applied, { to: 'withdrawn', on: '2026-04-02' })
    expect(() => changeDhpApplication(withdrawn, { to: 'applied', on: '2026-04-03' })).toThrow('A Discretionary Housing Payment application that is withdrawn cannot become applied for: it is final')
  })
})
