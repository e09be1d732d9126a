/**
 * The 4-weekly billing periods of social care contributions (seed 003: "invoice service users in respect of social
 * care plan contributions every 4 weeks").
 *
 * Rules (docs/sundry-debts.md):
 * - Periods are 28 days, on a fixed cycle from an anchor Monday (the `invoicing.care_cycle` policy): every plan is
 *   billed on the same cycle, so one run invoices everyone.
 * - Contributions are invoiced **in arrears**: a run on date D invoices every period that has ended on or before D
 *   and has not been invoiced. A missed run is caught up by the next one, so there are no gaps; a period is
 *   invoiced at most once (the database also refuses a second invoice for a plan and period), so no overlaps.
 * - A plan that starts or ends inside a period is billed for its days in it only: the billed period is the part of
 *   the cycle period the plan covers, and the amount is the 4-weekly contribution × days ÷ 28, summed over the
 *   contribution rates in force on those days and rounded to the penny once (half up).
 */
import { addDays, diffDays, maxDate, minDate, parseIsoDate, type IsoDate } from '../calendar/index.ts'
import { assertPence, type Pence } from '../money/pence.ts'

export const CARE_PERIOD_DAYS = 28

export interface CarePeriod {
  /** First day billed (the cycle period start, or the plan's start inside it). */
  start: IsoDate
  /** Last day billed. */
  end: IsoDate
  /** The cycle period this falls in (its start: the anchor plus whole periods). */
  cycleStart: IsoDate
  days: number
}

/** The cycle period containing a day. */
export function cyclePeriodStart(anchor: IsoDate, day: IsoDate): IsoDate {
  const k = Math.floor(diffDays(anchor, day) / CARE_PERIOD_DAYS)
  return addDays(anchor, k * CARE_PERIOD_DAYS)
}

export interface CarePlanSpan {
  startsOn: IsoDate
  endsOn: IsoDate | null
}

/**
 * The periods of a plan due for invoicing on `runDate`: each (part) cycle period inside the plan that has ended on
 * or before `runDate` and whose cycle start is not in `invoicedCycleStarts`, earliest first.
 */
export function carePeriodsDue(anchor: IsoDate, plan: CarePlanSpan, runDate: IsoDate, invoicedCycleStarts: ReadonlySet<IsoDate> = new Set()): CarePeriod[] {
  parseIsoDate(anchor)
  parseIsoDate(runDate)
  const out: CarePeriod[] = []
  const last = plan.endsOn ? minDate(plan.endsOn, runDate) : runDate
  if (last < plan.startsOn) return out
  for (let cycleStart = cyclePeriodStart(anchor, plan.startsOn); cycleStart <= last; cycleStart = addDays(cycleStart, CARE_PERIOD_DAYS)) {
    const cycleEnd = addDays(cycleStart, CARE_PERIOD_DAYS - 1)
    const start = maxDate(cycleStart, plan.startsOn)
    const end = plan.endsOn ? minDate(cycleEnd, plan.endsOn) : cycleEnd
    // In arrears: the billed part must have ended. A plan ending mid-period is billable once its last day passes.
    if (end > runDate) break
    if (invoicedCycleStarts.has(cycleStart)) continue
    out.push({ start, end, cycleStart, days: diffDays(start, end) + 1 })
  }
  return out
}

export interface ContributionRate {
  effectiveFrom: IsoDate
  fourWeeklyPence: Pence
}

/**
 * The contribution for days start..end inclusive: each day at the rate in force on it (the latest effective on or
 * before the day; none means nothing due), as rate × days ÷ 28 summed, rounded half up once.
 */
export function contributionFor(rates: readonly ContributionRate[], start: IsoDate, end: IsoDate): Pence {
  const sorted = [...rates].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : 0))
  for (const r of sorted) assertPence(r.fourWeeklyPence)
  let numerator = 0n // pence × days
  for (let i = 0; i < sorted.length; i++) {
    const r = sorted[i]!
    const next = sorted[i + 1]
    const segStart = maxDate(r.effectiveFrom, start)
    const segEnd = next ? minDate(addDays(next.effectiveFrom, -1), end) : end
    if (segEnd < segStart) continue
    numerator += BigInt(r.fourWeeklyPence) * BigInt(diffDays(segStart, segEnd) + 1)
  }
  return Number((numerator * 2n + BigInt(CARE_PERIOD_DAYS)) / BigInt(2 * CARE_PERIOD_DAYS))
}
