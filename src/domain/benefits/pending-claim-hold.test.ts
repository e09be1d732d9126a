import { describe, expect, it } from 'vitest'
import { activeHolds, HOLD_RULES, holdsBlocking } from '../recovery/index.ts'
import { applyForDhp } from './dhp.ts'
import { changeHousingBenefitClaim, openHousingBenefitClaim, setHousingBenefitCooperation } from './housing-benefit.ts'
import { pendingClaimHold } from './pending-claim-hold.ts'
import { changeUniversalCreditClaim, openUniversalCreditClaim } from './universal-credit.ts'

const hbPending = openHousingBenefitClaim({ id: 'HB1', claimedOn: '2026-04-20' })
const hbAwarded = changeHousingBenefitClaim(hbPending, { to: 'awarded', on: '2026-05-05', award: { weeklyPence: 9_000, from: '2026-04-20', cycle: 'two_weekly', firstPaymentOn: '2026-05-18' } })
const ucMade = openUniversalCreditClaim({ id: 'UC1', claimedOn: '2026-04-27' })

describe('pendingClaimHold', () => {
  it.each([
    ['a pending HB claim with the tenant cooperating', [hbPending], true, '2026-04-20'],
    ['a UC claim with housing costs not yet decided', [ucMade], true, '2026-04-27'],
    ['the earliest of several pending claims', [ucMade, hbPending], true, '2026-04-20'],
    ['an HB claim that has been decided', [hbAwarded], false, null],
    ['a UC claim with housing costs awarded', [changeUniversalCreditClaim(ucMade, { track: 'claim', to: 'housing_costs_awarded', on: '2026-05-01' })], false, null],
    ['a suspended HB claim (default policy)', [changeHousingBenefitClaim(hbAwarded, { to: 'suspended', on: '2026-05-10', reason: 'Information requested' })], true, '2026-05-10'],
    ['a pending claim where the tenant is not cooperating', [setHousingBenefitCooperation(hbPending, false)], false, null],
    ['a DHP application (not held by default)', [applyForDhp({ id: 'D1', appliedOn: '2026-04-22', reason: 'benefit_cap' })], false, null],
    ['no claims', [], false, null],
  ] as const)('%s → hold %s', (_, claims, applies, startsOn) => {
    const r = pendingClaimHold([...claims], '2026-05-12')
    expect(r.applies).toBe(applies)
    expect(r.hold?.startsOn ?? null).toBe(startsOn)
  })

  it('gives a benefit_claim_pending hold that blocks legal steps in the recovery engine', () => {
    const r = pendingClaimHold([hbPending], '2026-05-12')
    expect(r.holdType).toBe('benefit_claim_pending')
    expect(r.hold).toEqual({ type: 'benefit_claim_pending', startsOn: '2026-04-20', endsOn: null, reason: 'Housing Benefit claim HB1 pending since 2026-04-20' })
    const holds = activeHolds([r.hold!], '2026-05-12')
    expect(holdsBlocking('notice', holds)).toHaveLength(1)
    expect(holdsBlocking('claim', holds)).toHaveLength(1)
    expect(holdsBlocking('letter', holds)).toHaveLength(0)
    expect(HOLD_RULES[r.holdType].blocks).toContain('eviction')
  })

  it('reports a pending claim without cooperation, with no hold', () => {
    const r = pendingClaimHold([setHousingBenefitCooperation(hbPending, false)], '2026-05-12')
    expect(r.notCooperating.map((c) => c.id)).toEqual(['HB1'])
    expect(r.reasons).toEqual(['Housing Benefit claim HB1 pending since 2026-04-20, but the tenant is not cooperating with it: no hold'])
  })

  it('follows the council policy for suspended HB and DHP applications', () => {
    const suspended = changeHousingBenefitClaim(hbAwarded, { to: 'suspended', on: '2026-05-10', reason: 'r' })
    expect(pendingClaimHold([suspended], '2026-05-12', { holdWhileHbSuspended: false }).applies).toBe(false)
    expect(pendingClaimHold([applyForDhp({ id: 'D1', appliedOn: '2026-04-22', reason: 'benefit_cap' })], '2026-05-12', { holdWhileDhpApplied: true }).applies).toBe(true)
  })

  it('ignores a claim made after today', () => {
    expect(pendingClaimHold([hbPending], '2026-04-19').applies).toBe(false)
  })
})
