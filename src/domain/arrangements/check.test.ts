import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addDays, compareDates, isMonday, weekCommencing, type IsoDate } from '../calendar/index.ts'
import { ArrangementCheckError, checkArrangement, toRecoveryArrangementStatus, type BalanceObservation, type CheckInput } from './check.ts'
import { ArrangementScheduleError, buildExpectedSchedule, chargeOnlyDatesBetween, type ExpectedSchedule } from './schedule.ts'
import { ARRANGEMENT_FREQUENCIES } from './vocabulary.ts'

// The arrangement in most tables: £500 arrears, £20 a week on top of a £100 weekly rent, due every
// Monday from Monday 4 May 2026. Paying £120 each Monday, the expected balance after each payment is
// 480 (4 May), 460 (11 May), 440 (18 May), 420 (25 May), 400 (1 Jun), 380 (8 Jun), 360 (15 Jun).
const weekly = buildExpectedSchedule({
  startDate: '2026-05-04',
  frequency: 'weekly',
  instalmentPence: 2_000,
  currentWeeklyChargePence: 10_000,
  startingArrearsPence: 50_000,
})
const tolerance = { amountPence: 1_000, days: 7 }

/** Balance points in pounds: [['2026-05-04', 480], …]. */
const path = (...points: [IsoDate, number][]): BalanceObservation[] => points.map(([date, pounds]) => ({ date, balancePence: Math.round(pounds * 100) }))

/** Checks on `today` with the balances known by then (later points are refused, as in a real night). */
const check = (actualBalances: BalanceObservation[], today: IsoDate, extra: Partial<CheckInput> = {}) =>
  checkArrangement({ schedule: weekly, actualBalances: actualBalances.filter((b) => compareDates(b.date, today) <= 0), today, tolerance, ...extra })

const paidEveryWeek = path(['2026-05-04', 480], ['2026-05-11', 460], ['2026-05-18', 440])
// Missed 11 May and 18 May: only the Monday debits move the balance.
const missedTwo = path(['2026-05-04', 480], ['2026-05-11', 580], ['2026-05-18', 680])
// Pays £117 instead of £120: £3 short a week, so £12 short (beyond £10) from 25 May.
const shortByThree = path(['2026-05-04', 483], ['2026-05-11', 466], ['2026-05-18', 449], ['2026-05-25', 432], ['2026-06-01', 415])
// The 11 May payment arrives on Friday 15 May: 4 days beyond tolerance, within the 7 days.
const paidLate = path(['2026-05-04', 480], ['2026-05-11', 580], ['2026-05-15', 460], ['2026-05-18', 440], ['2026-05-25', 420])

describe('checkArrangement: status on a day (balances)', () => {
  it.each([
    ['kept when every payment is made', paidEveryWeek, '2026-05-20', 'kept', null],
    ['kept before the first payment is due', [], '2026-05-01', 'kept', null],
    ['kept while a missed payment is within the days tolerance (7 days after 11 May)', missedTwo, '2026-05-18', 'kept', null],
    ['breached the day after the days tolerance runs out', missedTwo, '2026-05-19', 'breached', '2026-05-11'],
    ['kept while the shortfall is within the amount tolerance (£9 ≤ £10)', shortByThree.slice(0, 3), '2026-05-24', 'kept', null],
    ['kept for 7 days once the shortfall passes the amount tolerance', shortByThree, '2026-06-01', 'kept', null],
    ['breached on the 8th day beyond the amount tolerance', shortByThree, '2026-06-02', 'breached', '2026-05-25'],
    ['kept when a late payment arrives within the days tolerance', paidLate, '2026-05-30', 'kept', null],
    ['breached when no balance is known after the start (nothing is known to be paid)', [], '2026-05-12', 'breached', '2026-05-04'],
  ] as const)('%s', (_, balances, today, status, shortSince) => {
    const r = check([...balances], today)
    expect(r.status).toBe(status)
    expect(r.breach?.shortSince ?? null).toBe(shortSince)
  })

  it('gives the breach detail: expected £X by D, actual £Y, shortfall, days late', () => {
    const r = check(missedTwo, '2026-05-19')
    expect(r.breach).toMatchObject({
      on: '2026-05-19',
      expectedBy: '2026-05-18',
      expectedArrearsPence: 44_000,
      actualArrearsPence: 68_000,
      expectedBalancePence: 44_000,
      actualBalancePence: 68_000,
      shortfallPence: 24_000,
      shortSince: '2026-05-11',
      daysLate: 8,
    })
    expect(r.text).toBe(
      'Arrangement breached: arrears expected to be £440.00 by 2026-05-18, actually £680.00 on 2026-05-19: £240.00 short since 2026-05-11 (8 days; tolerance £10.00 and 7 days)',
    )
    expect(r.recoveryStatus).toBe('breached')
  })

  it('completes when the arrears reach £0, and stops looking after that', () => {
    const small = buildExpectedSchedule({ startDate: '2026-05-04', frequency: 'weekly', instalmentPence: 2_000, currentWeeklyChargePence: 10_000, startingArrearsPence: 4_000 })
    const onTime = path(['2026-05-04', 20], ['2026-05-11', 0], ['2026-05-18', 100], ['2026-05-25', 200])
    const r = checkArrangement({ schedule: small, actualBalances: onTime, today: '2026-05-30', tolerance })
    expect(r.status).toBe('completed')
    expect(r.recoveryStatus).toBe('none')
    expect(r.events.map((e) => [e.type, e.on])).toEqual([['completed', '2026-05-11']])
  })

  it('completes early when the tenant pays the arrears off in one go', () => {
    const r = check(path(['2026-05-04', 480], ['2026-05-08', 0]), '2026-05-09')
    expect(r.status).toBe('completed')
    expect(r.events.at(-1)).toMatchObject({ type: 'completed', on: '2026-05-08' })
  })
})

describe('checkArrangement: breach events only on transition', () => {
  // Misses 11, 18 and 25 May; catches up on Friday 29 May; pays 1 June; misses 8 and 15 June.
  const relapse = path(
    ['2026-05-04', 480],
    ['2026-05-11', 580],
    ['2026-05-18', 680],
    ['2026-05-25', 780],
    ['2026-05-29', 420],
    ['2026-06-01', 400],
    ['2026-06-08', 500],
    ['2026-06-15', 600],
  )

  it('records one event per change, however long a breach lasts', () => {
    const r = check(relapse, '2026-06-20')
    expect(r.events.map((e) => [e.type, e.on])).toEqual([
      ['breached', '2026-05-19'],
      ['back_on_track', '2026-05-29'],
      ['breached', '2026-06-16'],
    ])
    expect(r.status).toBe('breached')
  })

  it('raises no new event when last night’s status was already breached', () => {
    expect(check(relapse, '2026-06-20', { previousStatus: 'breached' }).transition).toBeNull()
    expect(check(relapse, '2026-05-27', { previousStatus: 'breached' }).transition).toBeNull()
  })

  it('gives the transition event when the status changes', () => {
    expect(check(relapse, '2026-05-19', { previousStatus: 'kept' }).transition).toMatchObject({ type: 'breached', on: '2026-05-19' })
    expect(check(relapse, '2026-05-29', { previousStatus: 'breached' }).transition).toMatchObject({ type: 'back_on_track', on: '2026-05-29' })
    expect(check(relapse, '2026-06-16', { previousStatus: 'kept' }).transition).toMatchObject({ type: 'breached', on: '2026-06-16' })
  })

  it('keeps a breach until the arrangement is amended when the council says breaches are final', () => {
    const r = check(relapse, '2026-06-20', { breachIsFinal: true })
    expect(r.events.map((e) => [e.type, e.on])).toEqual([['breached', '2026-05-19']])
    expect(r.status).toBe('breached')
    expect(check(relapse, '2026-06-02', { breachIsFinal: true }).status).toBe('breached')
  })

  it('dates the transition today when a late posting rewrote the past', () => {
    // Stored as breached, but the recomputed history (with a backdated payment) never breached.
    const r = check(paidEveryWeek, '2026-05-20', { previousStatus: 'breached' })
    expect(r.transition).toMatchObject({ type: 'back_on_track', on: '2026-05-20' })
  })
})

describe('checkArrangement: payments', () => {
  // Monthly from Friday 1 May 2026: £433.33 charge + £50 instalment = £483.33 a month.
  const monthly = buildExpectedSchedule({ startDate: '2026-05-01', frequency: 'monthly', instalmentPence: 5_000, currentWeeklyChargePence: 10_000, startingArrearsPence: 60_000 })
  const paid = (...dates: IsoDate[]) => dates.map((date) => ({ date, amountPence: 48_333 }))

  it.each([
    ['kept when each month is paid', paid('2026-05-01', '2026-06-01'), '2026-06-10', 'kept'],
    ['kept 7 days after a missed month', paid('2026-05-01', '2026-06-01'), '2026-07-08', 'kept'],
    ['breached on the 8th day after a missed month', paid('2026-05-01', '2026-06-01'), '2026-07-09', 'breached'],
    ['kept when a payment comes a few days early', paid('2026-04-29', '2026-05-29'), '2026-06-15', 'kept'],
  ] as const)('%s', (_, payments, today, status) => {
    expect(checkArrangement({ schedule: monthly, payments: [...payments], today, tolerance }).status).toBe(status)
  })

  it('reports the arrears path, not the timing of the weekly debits', () => {
    const r = checkArrangement({ schedule: monthly, payments: paid('2026-05-01', '2026-06-01'), today: '2026-07-09', tolerance })
    expect(r.breach).toMatchObject({ expectedBy: '2026-07-01', expectedArrearsPence: 45_000, actualArrearsPence: 45_000 + 48_333, shortfallPence: 48_333, daysLate: 8 })
  })
})

describe('checkArrangement: refuses bad input', () => {
  it.each([
    ['both balances and payments', { actualBalances: [], payments: [] }],
    ['neither balances nor payments', {}],
    ['a balance after today', { actualBalances: path(['2026-06-01', 0]) }],
    ['a negative tolerance', { actualBalances: [], tolerance: { amountPence: -1, days: 0 } }],
  ])('%s', (_, extra) => {
    expect(() => checkArrangement({ schedule: weekly, today: '2026-05-20', tolerance, ...extra } as CheckInput)).toThrow(ArrangementCheckError)
  })
})

describe('toRecoveryArrangementStatus', () => {
  it('gives the recovery engine kept, breached or none', () => {
    expect(toRecoveryArrangementStatus('kept')).toBe('kept')
    expect(toRecoveryArrangementStatus('breached')).toBe('breached')
    expect(toRecoveryArrangementStatus('completed')).toBe('none')
  })
})

/** The ledger of a tenant who pays exactly as scheduled: rent debited every Monday, every payment on its day. */
function payExactly(schedule: ExpectedSchedule, until: IsoDate): BalanceObservation[] {
  const payments = new Map<IsoDate, number>()
  for (const e of schedule.entries) payments.set(e.dueOn, (payments.get(e.dueOn) ?? 0) + e.paymentPence)
  for (const d of chargeOnlyDatesBetween(schedule, schedule.firstDueOn, until)) payments.set(d, (payments.get(d) ?? 0) + schedule.chargePerPeriodPence)
  let balance = schedule.startingArrearsPence
  const out: BalanceObservation[] = []
  for (let d = weekCommencing(schedule.firstDueOn); compareDates(d, until) <= 0; d = addDays(d, 1)) {
    const debit = isMonday(d) ? schedule.currentWeeklyChargePence : 0
    const paidToday = payments.get(d) ?? 0
    balance += debit - paidToday
    if ((debit || paidToday) && compareDates(d, schedule.firstDueOn) >= 0) out.push({ date: d, balancePence: balance })
  }
  return out
}

describe('checkArrangement (property): paying exactly as scheduled', () => {
  it('is never breached, even with no tolerance, and completes on the completion date', () => {
    const arb = fc.record({
      frequency: fc.constantFrom(...ARRANGEMENT_FREQUENCIES),
      startOffset: fc.integer({ min: 0, max: 400 }),
      arrears: fc.integer({ min: 1, max: 300_000 }),
      instalment: fc.integer({ min: 500, max: 60_000 }),
      weekly: fc.integer({ min: 0, max: 25_000 }),
      lump: fc.option(fc.record({ daysBefore: fc.integer({ min: 0, max: 10 }), share: fc.integer({ min: 1, max: 100 }) })),
    })
    fc.assert(
      fc.property(arb, (a) => {
        const startDate = addDays('2026-01-01', a.startOffset)
        let schedule: ExpectedSchedule
        try {
          schedule = buildExpectedSchedule({
            startDate,
            frequency: a.frequency,
            instalmentPence: a.instalment,
            currentWeeklyChargePence: a.weekly,
            startingArrearsPence: a.arrears,
            lumpSumFirst: a.lump ? { date: addDays(startDate, -a.lump.daysBefore), amountPence: Math.max(1, Math.floor((a.arrears * a.lump.share) / 100)) } : null,
            maxTermMonths: 36,
          })
        } catch (e) {
          if (e instanceof ArrangementScheduleError && e.code === 'exceeds_max_term') return fc.pre(false)
          throw e
        }
        const until = addDays(schedule.completesOn, 40)
        const balances = payExactly(schedule, until)
        const before = checkArrangement({ schedule, actualBalances: balances.filter((b) => compareDates(b.date, schedule.completesOn) < 0), today: addDays(schedule.completesOn, -1), tolerance: { amountPence: 0, days: 0 } })
        if (compareDates(schedule.completesOn, schedule.firstDueOn) > 0) {
          expect(before.status).toBe('kept')
          expect(before.events).toEqual([])
        }
        const after = checkArrangement({ schedule, actualBalances: balances, today: until, tolerance: { amountPence: 0, days: 0 } })
        expect(after.status).toBe('completed')
        expect(after.events.map((e) => [e.type, e.on])).toEqual([['completed', schedule.completesOn]])
      }),
      { numRuns: 60 },
    )
  })
})
