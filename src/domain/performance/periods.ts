/**
 * Reporting periods. Every measure is computed for a period of whole days, `from` to `to` inclusive: flows
 * (money collected, notices served) over the days, stocks (arrears, accounts on Direct Debit) at the end of `to`.
 *
 * The kinds councils report by:
 * - **rent week**: Monday to Sunday (rent is debited on Mondays), named by its Monday;
 * - **rent year**: the first Monday in April to the day before the next one (52 or 53 weeks, DOMAIN.md §9);
 * - **month**: a calendar month;
 * - **quarter**: a quarter of the financial year, April to June being Q1 (the council's accounts run
 *   April to March; rent-year quarters of 13 rent weeks are not offered, see docs/performance-measures.md);
 * - **custom**: any from and to.
 *
 * A period is written as text for URLs, the CLI and stored rows: `rent-week:2026-11-16`, `rent-year:2026`,
 * `month:2026-11`, `quarter:2026-Q3`, `custom:2026-04-06..2026-11-22`.
 */
import { addDays, isIsoDate, isMonday, weekCommencing, type IsoDate } from '../calendar/dates.ts'
import { rentYear, rentYearOf } from '../calendar/rent-year.ts'

export type PeriodSpec =
  | { kind: 'rent-week'; monday: IsoDate }
  | { kind: 'rent-year'; startYear: number }
  | { kind: 'month'; year: number; month: number }
  | { kind: 'quarter'; startYear: number; quarter: 1 | 2 | 3 | 4 }
  | { kind: 'custom'; from: IsoDate; to: IsoDate }

export type PeriodKind = PeriodSpec['kind']

export interface Period {
  spec: PeriodSpec
  /** The spec as text (`month:2026-11`). */
  key: string
  from: IsoDate
  /** Inclusive. */
  to: IsoDate
  label: string
}

export class PeriodError extends Error {
  override name = 'PeriodError'
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']
const MIN_YEAR = 1900
const MAX_YEAR = 2999

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0')
}

function lastDayOfMonth(year: number, month: number): IsoDate {
  const next = month === 12 ? `${year + 1}-01-01` : `${year}-${pad(month + 1)}-01`
  return addDays(next, -1)
}

/** "16 November 2026" (dates in labels are written out, as on GOV.UK). */
export function longDate(d: IsoDate): string {
  return `${Number(d.slice(8, 10))} ${MONTHS[Number(d.slice(5, 7)) - 1]} ${d.slice(0, 4)}`
}

function yearLabel(startYear: number): string {
  return `${startYear}/${pad((startYear + 1) % 100)}`
}

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) throw new PeriodError(`Year ${year} is out of range`)
}

/** The days a period covers, and how to name it. */
export function resolvePeriod(spec: PeriodSpec): Period {
  switch (spec.kind) {
    case 'rent-week': {
      if (!isIsoDate(spec.monday) || !isMonday(spec.monday)) throw new PeriodError(`A rent week starts on a Monday, not ${spec.monday}`)
      const to = addDays(spec.monday, 6)
      return { spec, key: `rent-week:${spec.monday}`, from: spec.monday, to, label: `Rent week ${longDate(spec.monday)} to ${longDate(to)}` }
    }
    case 'rent-year': {
      checkYear(spec.startYear)
      const y = rentYear(spec.startYear)
      return { spec, key: `rent-year:${spec.startYear}`, from: y.start, to: addDays(y.endExclusive, -1), label: `Rent year ${y.label} (${y.weeks} weeks)` }
    }
    case 'month': {
      checkYear(spec.year)
      if (!Number.isInteger(spec.month) || spec.month < 1 || spec.month > 12) throw new PeriodError(`Month ${spec.month} is not 1 to 12`)
      const from = `${spec.year}-${pad(spec.month)}-01`
      return { spec, key: `month:${spec.year}-${pad(spec.month)}`, from, to: lastDayOfMonth(spec.year, spec.month), label: `${MONTHS[spec.month - 1]} ${spec.year}` }
    }
    case 'quarter': {
      checkYear(spec.startYear)
      if (![1, 2, 3, 4].includes(spec.quarter)) throw new PeriodError(`Quarter ${String(spec.quarter)} is not 1 to 4`)
      // Q1 April-June, Q2 July-September, Q3 October-December, Q4 January-March of the next calendar year.
      const firstMonth = ((spec.quarter - 1) * 3 + 3) % 12 + 1
      const year = spec.quarter === 4 ? spec.startYear + 1 : spec.startYear
      const from = `${year}-${pad(firstMonth)}-01`
      const to = lastDayOfMonth(year, firstMonth + 2)
      return {
        spec,
        key: `quarter:${spec.startYear}-Q${spec.quarter}`,
        from,
        to,
        label: `Q${spec.quarter} ${yearLabel(spec.startYear)} (${MONTHS[firstMonth - 1]} to ${MONTHS[firstMonth + 1]} ${year})`,
      }
    }
    case 'custom': {
      if (!isIsoDate(spec.from) || !isIsoDate(spec.to)) throw new PeriodError('Give both dates as YYYY-MM-DD')
      if (spec.from > spec.to) throw new PeriodError(`The period starts (${spec.from}) after it ends (${spec.to})`)
      return { spec, key: `custom:${spec.from}..${spec.to}`, from: spec.from, to: spec.to, label: `${longDate(spec.from)} to ${longDate(spec.to)}` }
    }
  }
}

const SPEC_PATTERNS: [RegExp, (m: RegExpExecArray) => PeriodSpec][] = [
  [/^rent-week:(\d{4}-\d{2}-\d{2})$/, (m) => ({ kind: 'rent-week', monday: m[1]! })],
  [/^rent-year:(\d{4})$/, (m) => ({ kind: 'rent-year', startYear: Number(m[1]) })],
  [/^month:(\d{4})-(\d{2})$/, (m) => ({ kind: 'month', year: Number(m[1]), month: Number(m[2]) })],
  [/^quarter:(\d{4})-Q([1-4])$/, (m) => ({ kind: 'quarter', startYear: Number(m[1]), quarter: Number(m[2]) as 1 | 2 | 3 | 4 })],
  [/^custom:(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/, (m) => ({ kind: 'custom', from: m[1]!, to: m[2]! })],
]

/** A period from its text (`month:2026-11`…), checked; throws PeriodError naming the problem. */
export function parsePeriod(text: string): Period {
  const t = text.trim()
  for (const [re, build] of SPEC_PATTERNS) {
    const m = re.exec(t)
    if (m) return resolvePeriod(build(m))
  }
  throw new PeriodError(`"${text}" is not a period: use rent-week:YYYY-MM-DD, rent-year:YYYY, month:YYYY-MM, quarter:YYYY-Q1 or custom:FROM..TO`)
}

/** A period cut off at `today` (figures for days not yet lived are not figures); unchanged if it ends sooner. */
export function upToToday(period: Period, today: IsoDate): Period & { partial: boolean } {
  if (period.to <= today) return { ...period, partial: false }
  if (period.from > today) throw new PeriodError(`${period.label} has not started yet`)
  return { ...period, to: today, partial: true, label: `${period.label}, to ${longDate(today)}` }
}

/** The rent week containing `d`. */
export function rentWeekOf(d: IsoDate): Period {
  return resolvePeriod({ kind: 'rent-week', monday: weekCommencing(d) })
}

/** The rent year containing `d`, from its first Monday to `d` ("year to date"). */
export function rentYearToDate(d: IsoDate): Period {
  const y = rentYearOf(d)
  return resolvePeriod({ kind: 'custom', from: y.start, to: d })
}

/** The last rent week that has ended by `today` (the week before the one containing today). */
export function lastCompleteRentWeek(today: IsoDate): Period {
  return rentWeekOf(addDays(weekCommencing(today), -7))
}

function monthOf(d: IsoDate): { year: number; month: number } {
  return { year: Number(d.slice(0, 4)), month: Number(d.slice(5, 7)) }
}

function quarterOf(d: IsoDate): { startYear: number; quarter: 1 | 2 | 3 | 4 } {
  const { year, month } = monthOf(d)
  if (month <= 3) return { startYear: year - 1, quarter: 4 }
  return { startYear: year, quarter: (Math.floor((month - 4) / 3) + 1) as 1 | 2 | 3 }
}

/**
 * The periods a manager usually asks for, relative to `today`, newest first: this rent year (to date) and the last,
 * this and last month and quarter, and the last complete rent week.
 */
export function presetPeriods(today: IsoDate): Period[] {
  const y = rentYearOf(today)
  const m = monthOf(today)
  const lastMonth = m.month === 1 ? { year: m.year - 1, month: 12 } : { year: m.year, month: m.month - 1 }
  const q = quarterOf(today)
  const lastQuarter = q.quarter === 1 ? { startYear: q.startYear - 1, quarter: 4 as const } : { startYear: q.startYear, quarter: (q.quarter - 1) as 1 | 2 | 3 }
  return [
    resolvePeriod({ kind: 'rent-year', startYear: y.startYear }),
    resolvePeriod({ kind: 'rent-year', startYear: y.startYear - 1 }),
    resolvePeriod({ kind: 'month', ...m }),
    resolvePeriod({ kind: 'month', ...lastMonth }),
    resolvePeriod({ kind: 'quarter', ...q }),
    resolvePeriod({ kind: 'quarter', ...lastQuarter }),
    lastCompleteRentWeek(today),
  ]
}

/** The first day of the 52 rent weeks (364 days) that end on `d`: the window of the annual rent debit. */
export function annualWindowStart(d: IsoDate): IsoDate {
  return addDays(d, -363)
}
