/**
 * The nightly arrangement check: is the arrangement being kept, has it been breached, is it
 * complete? (DESIGN.md §5 "Arrangements": breach when the actual balance is worse than expected
 * beyond a tolerance in amount and days; a breach is an event that moves the recovery pathway.)
 *
 * Rules (each one a decision, recorded here so it can be checked):
 *
 * - **What is compared.** Either the ledger balances (`actualBalances`: the end-of-day balance on
 *   every day it changed since the arrangement began, e.g. a statement's running balance, and
 *   today's) against `expectedBalanceOn`, or the payments received (`payments`) against
 *   `expectedPaidBy`. Both give the *shortfall*: how much worse the account is than the schedule
 *   expects (negative when ahead). Balances are best for one rent account; payments suit an
 *   arrangement across accounts charged on different patterns (rent weekly, council tax monthly).
 *   Before the first balance on or after the first due date nothing is known to have been paid, so
 *   the balance is taken as the starting arrears plus the charges since. Balances before the first
 *   due date are ignored; payments dated before it count as made on it.
 * - **Actual arrears** = the arrears the schedule expects that day + the shortfall. It takes out the
 *   timing of weekly debits against (say) monthly payments, so it can be set against the expected
 *   arrears path ("expected £X by D, actual £Y").
 * - **Breach.** The shortfall is *beyond tolerance* when it is more than `tolerance.amountPence`. A
 *   run of days beyond tolerance starting on day S becomes a breach on day S + `tolerance.days` + 1,
 *   i.e. once it has lasted *more than* the days tolerance (a payment due Monday 6th with 7 days'
 *   grace and still missing is a breach on Tuesday 14th).
 * - **Back on track.** If the shortfall comes back within tolerance the arrangement is kept again
 *   (event `back_on_track`) [assumption]: a council that treats a breach as final until the
 *   arrangement is amended sets `breachIsFinal`.
 * - **Completed** on the first day the actual arrears are £0 or less (paid off early, or every
 *   payment made). Completion is final: nothing after it is looked at.
 * - **Events, not states.** `events` is the history from the first due date to today, one event per
 *   change (`breached`, `back_on_track`, `completed`): a breach lasting weeks is one event. The
 *   history is recomputed from the data each night, so it is deterministic; `transition` is the
 *   event (if any) that takes the arrangement from `previousStatus` (what was stored last night) to
 *   today's status, which is what the nightly job records and passes to the recovery engine.
 */
import { addDays, compareDates, dayOfWeek, diffDays, parseIsoDate, type IsoDate } from '../calendar/index.ts'
import { assertPence, formatPounds, type Pence } from '../money/pence.ts'
import type { ArrangementStatus } from '../recovery/index.ts'
import { chargeOnlyDatesBetween, dayNumber, readScheduleOn, type ExpectedSchedule } from './schedule.ts'
import type { ArrangementCheckStatus } from './vocabulary.ts'

export interface ArrangementTolerance {
  /** A shortfall up to this much is not a breach. */
  amountPence: Pence
  /** A shortfall beyond the amount tolerance for up to this many days is not a breach. */
  days: number
}

export interface BalanceObservation {
  date: IsoDate
  balancePence: Pence
}

export interface PaymentObservation {
  date: IsoDate
  amountPence: Pence
}

export interface CheckInput {
  schedule: ExpectedSchedule
  actualBalances?: readonly BalanceObservation[]
  payments?: readonly PaymentObservation[]
  today: IsoDate
  tolerance: ArrangementTolerance
  /** The status stored at the last check (default `kept`, a new arrangement). */
  previousStatus?: ArrangementCheckStatus | null
  /** Once breached, stay breached even if the tenant catches up (default false). */
  breachIsFinal?: boolean
}

export interface Reading {
  /** The day read. */
  on: IsoDate
  /** The latest due date on or before `on` (null before the first). */
  expectedBy: IsoDate | null
  expectedBalancePence: Pence
  actualBalancePence: Pence
  expectedArrearsPence: Pence
  actualArrearsPence: Pence
  /** actual − expected: positive when behind, negative when ahead. */
  shortfallPence: Pence
}

export interface BreachDetail extends Reading {
  /** First day of the run of days beyond tolerance. */
  shortSince: IsoDate
  daysLate: number
  tolerance: ArrangementTolerance
  text: string
}

export type ArrangementEvent =
  | { type: 'breached'; on: IsoDate; detail: BreachDetail; text: string }
  | { type: 'back_on_track'; on: IsoDate; reading: Reading; text: string }
  | { type: 'completed'; on: IsoDate; reading: Reading; text: string }

export interface CheckResult {
  status: ArrangementCheckStatus
  /** What to give the recovery engine (`arrangement.status`): completed is `none`. */
  recoveryStatus: ArrangementStatus
  today: Reading
  /** Instalments (and a lump sum) due by today. */
  paymentsDue: number
  /** The breach in force today, if breached. */
  breach: BreachDetail | null
  events: ArrangementEvent[]
  /** The event that moves the arrangement from `previousStatus` to `status`, if it changed. */
  transition: ArrangementEvent | null
  text: string
}

export class ArrangementCheckError extends Error {
  override name = 'ArrangementCheckError'
}

/** kept → kept, breached → breached, completed → none (nothing left to arrange). */
export function toRecoveryArrangementStatus(status: ArrangementCheckStatus): ArrangementStatus {
  return status === 'completed' ? 'none' : status
}

type Mode = { kind: 'balances'; points: BalanceObservation[] } | { kind: 'payments'; points: PaymentObservation[] }

function readMode(input: CheckInput, today: IsoDate, from: IsoDate): Mode {
  const hasBalances = input.actualBalances !== undefined
  const hasPayments = input.payments !== undefined
  if (hasBalances === hasPayments) throw new ArrangementCheckError('Give either actualBalances or payments to check against, not both or neither')
  const list: readonly (BalanceObservation | PaymentObservation)[] = input.actualBalances ?? input.payments ?? []
  for (const p of list) {
    parseIsoDate(p.date)
    if (compareDates(p.date, today) > 0) throw new ArrangementCheckError(`An observation dated ${p.date} is after today (${today})`)
  }
  if (input.actualBalances) {
    for (const b of input.actualBalances) assertPence(b.balancePence)
    const points = input.actualBalances.filter((b) => b.date >= from).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
    return { kind: 'balances', points }
  }
  for (const p of input.payments!) {
    assertPence(p.amountPence)
  }
  const points = input.payments!.map((p) => (p.date < from ? { ...p, date: from } : p)).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
  return { kind: 'payments', points }
}

/**
 * Reads the schedule and the actual figures on a day. Days must be asked for in date order (the
 * sweep's change points, then today): the observations are walked once with a pointer.
 */
function makeReader(schedule: ExpectedSchedule, mode: Mode): (on: IsoDate) => Reading {
  let next = 0
  let latestBalance: Pence | null = null
  let paid = 0
  return (on) => {
    // ISO dates (validated in readMode) compare as strings.
    while (next < mode.points.length && mode.points[next]!.date <= on) {
      const p = mode.points[next]!
      if ('balancePence' in p) latestBalance = p.balancePence
      else paid += p.amountPence
      next++
    }
    const s = readScheduleOn(schedule, on)
    const accrued = schedule.startingArrearsPence + s.chargesAccruedPence
    // Before the first balance is known nothing is known to have been paid.
    const actualBalance = mode.kind === 'balances' ? (latestBalance ?? accrued) : accrued - paid
    const shortfall = actualBalance - s.expectedBalancePence
    return {
      on,
      expectedBy: s.lastDueDate,
      expectedBalancePence: s.expectedBalancePence,
      actualBalancePence: actualBalance,
      expectedArrearsPence: s.expectedArrearsPence,
      actualArrearsPence: s.expectedArrearsPence + shortfall,
      shortfallPence: shortfall,
    }
  }
}

/** Every Monday from `from` to `to` inclusive (arithmetic on day numbers: a hot path). */
function mondaysFrom(from: IsoDate, to: IsoDate): IsoDate[] {
  const out: IsoDate[] = []
  const first = dayNumber(from) + ((8 - dayOfWeek(from)) % 7)
  const last = dayNumber(to)
  for (let d = first; d <= last; d += 7) out.push(new Date(d * 86_400_000).toISOString().slice(0, 10))
  return out
}

function describeBreach(r: Reading, shortSince: IsoDate, daysLate: number, tolerance: ArrangementTolerance): string {
  const by = r.expectedBy ? ` by ${r.expectedBy}` : ''
  return (
    `Arrangement breached: arrears expected to be ${formatPounds(r.expectedArrearsPence)}${by}, actually ${formatPounds(r.actualArrearsPence)} ` +
    `on ${r.on}: ${formatPounds(r.shortfallPence)} short since ${shortSince} (${daysLate} day${daysLate === 1 ? '' : 's'}; ` +
    `tolerance ${formatPounds(tolerance.amountPence)} and ${tolerance.days} day${tolerance.days === 1 ? '' : 's'})`
  )
}

function breachDetail(r: Reading, shortSince: IsoDate, tolerance: ArrangementTolerance): BreachDetail {
  const daysLate = diffDays(shortSince, r.on)
  return { ...r, shortSince, daysLate, tolerance, text: describeBreach(r, shortSince, daysLate, tolerance) }
}

/** Checks the arrangement on `today`. Pure; the history is recomputed from the data every time. */
export function checkArrangement(input: CheckInput): CheckResult {
  const today = parseIsoDate(input.today)
  const { schedule, tolerance } = input
  if (!Number.isSafeInteger(tolerance.amountPence) || tolerance.amountPence < 0) throw new ArrangementCheckError(`Tolerance amount must be whole pence, 0 or more: ${tolerance.amountPence}`)
  if (!Number.isSafeInteger(tolerance.days) || tolerance.days < 0) throw new ArrangementCheckError(`Tolerance days must be a whole number, 0 or more: ${tolerance.days}`)
  const from = schedule.firstDueOn
  const mode = readMode(input, today, from)
  const previous = input.previousStatus ?? 'kept'

  // Change points: the shortfall and the arrears are constant between them.
  const points = new Set<IsoDate>()
  if (compareDates(today, from) >= 0) {
    points.add(from)
    for (const e of schedule.entries) if (e.dueOn <= today) points.add(e.dueOn)
    for (const d of chargeOnlyDatesBetween(schedule, from, today)) points.add(d)
    for (const p of mode.points) points.add(p.date)
    if (mode.kind === 'balances' && schedule.currentWeeklyChargePence > 0) for (const m of mondaysFrom(from, today)) points.add(m)
  }
  const sorted = [...points].sort()

  const events: ArrangementEvent[] = []
  let status: ArrangementCheckStatus = 'kept'
  let runStart: IsoDate | null = null
  /** First day of the run that caused the breach in force. */
  let breachSince: IsoDate | null = null

  const reading = makeReader(schedule, mode)
  for (const [i, t] of sorted.entries()) {
    const next = sorted[i + 1] ?? addDays(today, 1)
    const r = reading(t)
    if (r.actualArrearsPence <= 0) {
      status = 'completed'
      breachSince = null
      events.push({ type: 'completed', on: t, reading: r, text: `Arrangement completed on ${t}: the arrears are cleared (${formatPounds(r.actualArrearsPence)})` })
      break
    }
    if (r.shortfallPence > tolerance.amountPence) {
      runStart ??= t
      const breachDay = addDays(runStart, tolerance.days + 1)
      if (status !== 'breached' && compareDates(breachDay, next) < 0) {
        const on = compareDates(breachDay, t) > 0 ? breachDay : t
        const detail = breachDetail({ ...r, on }, runStart, tolerance)
        events.push({ type: 'breached', on, detail, text: detail.text })
        status = 'breached'
        breachSince = runStart
      }
    } else {
      runStart = null
      if (status === 'breached' && !input.breachIsFinal) {
        status = 'kept'
        breachSince = null
        events.push({ type: 'back_on_track', on: t, reading: r, text: `Arrangement back on track on ${t}: ${formatPounds(Math.max(0, r.shortfallPence))} short, within the tolerance of ${formatPounds(tolerance.amountPence)}` })
      }
    }
  }

  const last = reading(today)
  // A breach still in force is described as of today; with `breachIsFinal` the run may have ended,
  // and the days are then counted from the run that caused it.
  const breach = status === 'breached' ? breachDetail(last, runStart ?? breachSince!, tolerance) : null

  let transition: ArrangementEvent | null = null
  if (status !== previous) {
    const wanted = status === 'kept' ? 'back_on_track' : status
    transition = events.findLast((e) => e.type === wanted) ?? syntheticEvent(status, last, breach)
  }

  const paymentsDue = schedule.entries.filter((e) => compareDates(e.dueOn, today) <= 0).length
  const text =
    status === 'completed'
      ? events[events.length - 1]!.text
      : status === 'breached'
        ? breach!.text
        : `Arrangement kept: arrears ${formatPounds(last.actualArrearsPence)} against ${formatPounds(last.expectedArrearsPence)} expected` +
          (last.shortfallPence > 0 ? ` (${formatPounds(last.shortfallPence)} behind, within tolerance)` : '')
  return { status, recoveryStatus: toRecoveryArrangementStatus(status), today: last, paymentsDue, breach, events, transition, text }
}

/**
 * When the stored status differs from today's but the recomputed history has no such event (a late
 * posting changed the past, or the previous status was set by hand), the transition is dated today.
 */
function syntheticEvent(status: ArrangementCheckStatus, r: Reading, breach: BreachDetail | null): ArrangementEvent {
  if (status === 'breached') return { type: 'breached', on: r.on, detail: breach!, text: breach!.text }
  if (status === 'completed') return { type: 'completed', on: r.on, reading: r, text: `Arrangement completed on ${r.on}` }
  return { type: 'back_on_track', on: r.on, reading: r, text: `Arrangement kept on ${r.on}: ${formatPounds(Math.max(0, r.shortfallPence))} short, within tolerance` }
}
