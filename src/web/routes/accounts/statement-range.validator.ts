import { addDays, isIsoDate } from '../../../domain/calendar/dates.ts'
import type { FormError } from '../../types.ts'

/** The statement period when none is chosen: the last 13 weeks, up to and including today. */
export const DEFAULT_RANGE_DAYS = 91

export interface DateParts {
  day: string
  month: string
  year: string
}

export interface StatementRangeInput {
  from: DateParts
  to: DateParts
}

export type StatementRangeResult =
  | { ok: true; from: string; to: string; input: StatementRangeInput }
  | { ok: false; errors: FormError[]; input: StatementRangeInput }

type Query = Record<string, unknown>
type Field = 'from' | 'to'

const LABEL: Record<Field, string> = { from: 'Start date', to: 'End date' }
const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '')
const partsOfIso = (d: string): DateParts => ({
  day: String(Number(d.slice(8, 10))),
  month: String(Number(d.slice(5, 7))),
  year: d.slice(0, 4),
})

/** The CSV/PDF links and bookmarks carry `from=YYYY-MM-DD`; the form sends GOV.UK `from-day`/`from-month`/`from-year`. */
function readDate(query: Query, name: Field): { parts: DateParts; badIso: boolean } {
  const iso = str(query[name])
  if (iso) return isIsoDate(iso) ? { parts: partsOfIso(iso), badIso: false } : { parts: { day: '', month: '', year: '' }, badIso: true }
  return { parts: { day: str(query[`${name}-day`]), month: str(query[`${name}-month`]), year: str(query[`${name}-year`]) }, badIso: false }
}

/** GOV.UK date-input wording: what is missing, or that the date is not real; linked to the first field to fix. */
function checkDate(read: { parts: DateParts; badIso: boolean }, name: Field): { iso: string } | { error: FormError } {
  const label = LABEL[name]
  const notReal = { error: { text: `${label} must be a real date`, href: `#${name}-day` } }
  if (read.badIso) return notReal
  const { parts } = read
  const missing = (['day', 'month', 'year'] as const).filter((k) => !parts[k])
  if (missing.length === 3) return { error: { text: `Enter the ${label.toLowerCase()}`, href: `#${name}-day` } }
  if (missing.length) return { error: { text: `${label} must include a ${missing.join(' and ')}`, href: `#${name}-${missing[0]}` } }
  if (!/^\d{1,2}$/.test(parts.day) || !/^\d{1,2}$/.test(parts.month) || !/^\d{4}$/.test(parts.year)) return notReal
  const iso = `${parts.year}-${parts.month.padStart(2, '0')}-${parts.day.padStart(2, '0')}`
  return isIsoDate(iso) ? { iso } : notReal
}

/**
 * Pure: the statement period from the query string. No dates at all means the default period ending on
 * `today`; otherwise both dates are needed, both must be real, and the start must not be after the end.
 */
export function validateStatementRange(query: Query, today: string): StatementRangeResult {
  const fromRead = readDate(query, 'from')
  const toRead = readDate(query, 'to')
  const blank = (r: { parts: DateParts; badIso: boolean }) => !r.badIso && !r.parts.day && !r.parts.month && !r.parts.year
  if (blank(fromRead) && blank(toRead)) {
    const from = addDays(today, -DEFAULT_RANGE_DAYS)
    return { ok: true, from, to: today, input: { from: partsOfIso(from), to: partsOfIso(today) } }
  }
  const input = { from: fromRead.parts, to: toRead.parts }
  const start = checkDate(fromRead, 'from')
  const end = checkDate(toRead, 'to')
  const errors = [start, end].flatMap((r) => ('error' in r ? [r.error] : []))
  if (!('iso' in start) || !('iso' in end)) return { ok: false, errors, input }
  if (start.iso > end.iso) {
    return { ok: false, errors: [{ text: 'Start date must be the same as or before the end date', href: '#from-day' }], input }
  }
  return { ok: true, from: start.iso, to: end.iso, input }
}
