/**
 * The arrangement check, the benefit-claim hold and the recovery engine together: a breach moves
 * the pathway on, a kept arrangement holds it, a pending benefit claim blocks the legal step.
 */
import { describe, expect, it } from 'vitest'
import { openHousingBenefitClaim } from '../benefits/index.ts'
import { pendingClaimHold } from '../benefits/pending-claim-hold.ts'
import { defaultPathway } from '../recovery/default-pathways.testing.ts'
import { measureArrears, recommendNextAction, type Hold } from '../recovery/index.ts'
import { checkArrangement } from './check.ts'
import { buildExpectedSchedule } from './schedule.ts'

// Wednesday 3 June 2026. Secure tenancy, £100 a week, 6 weeks' collectable arrears, home visit 20 days ago.
const TODAY = '2026-06-03'
const secure = defaultPathway('secure-rent')
const schedule = buildExpectedSchedule({ startDate: '2026-05-04', frequency: 'weekly', instalmentPence: 1_000, currentWeeklyChargePence: 10_000, startingArrearsPence: 60_000 })
const tolerance = { amountPence: 500, days: 7 }

function recommend(status: 'kept' | 'breached' | 'none', holds: Hold[] = []) {
  return recommendNextAction({
    pathway: secure,
    currentStage: 'home_visit',
    stageEnteredOn: '2026-05-14',
    measure: measureArrears({ today: TODAY, balancePence: 70_000, grossWeeklyChargePence: 10_000, currentWeekDebitPence: 10_000, lastPaymentOn: '2026-05-04' }),
    holds,
    arrangement: { status },
    today: TODAY,
  })
}

describe('arrangements and the recovery pathway', () => {
  it('a kept arrangement holds the case', () => {
    // £110 every Monday: the debit and £10 off the arrears each week.
    const paying = [
      { date: '2026-05-04', balancePence: 59_000 },
      { date: '2026-05-11', balancePence: 58_000 },
      { date: '2026-05-18', balancePence: 57_000 },
      { date: '2026-05-25', balancePence: 56_000 },
      { date: '2026-06-01', balancePence: 55_000 },
    ]
    const check = checkArrangement({ schedule, actualBalances: paying, today: TODAY, tolerance })
    expect(check.status).toBe('kept')
    expect(recommend(check.recoveryStatus).kind).toBe('none')
  })

  it('a breach moves the case on to the notice', () => {
    // Paid once on 4 May, nothing since: breached on 19 May.
    const stopped = [
      { date: '2026-05-04', balancePence: 59_000 },
      { date: '2026-05-11', balancePence: 69_000 },
      { date: '2026-05-18', balancePence: 79_000 },
      { date: '2026-05-25', balancePence: 89_000 },
      { date: '2026-06-01', balancePence: 99_000 },
    ]
    const check = checkArrangement({ schedule, actualBalances: stopped, today: TODAY, tolerance, previousStatus: 'kept' })
    expect(check.status).toBe('breached')
    expect(check.transition).toMatchObject({ type: 'breached', on: '2026-05-19' })
    const r = recommend(check.recoveryStatus)
    expect(r.kind === 'action' && r.stage.id).toBe('nosp')
  })

  it('a pending Housing Benefit claim blocks the notice', () => {
    const hold = pendingClaimHold([openHousingBenefitClaim({ id: 'HB1', claimedOn: '2026-05-28' })], TODAY).hold!
    const r = recommend('breached', [hold])
    expect(r.kind === 'blocked' && r.stage.id).toBe('nosp')
  })
})
