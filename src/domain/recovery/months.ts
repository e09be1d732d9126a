/**
 * Calendar-month arithmetic on ISO dates, for periods the law states in months (a notice in force
 * for 12 months, a Debt Relief Order moratorium of one year, six years' limitation).
 */
import { parseIsoDate, type IsoDate } from '../calendar/index.ts'

function parts(d: IsoDate): [number, number, number] {
  const valid = parseIsoDate(d)
  return [Number(valid.slice(0, 4)), Number(valid.slice(5, 7)), Number(valid.slice(8, 10))]
}

function daysInMonth(year: number, month: number): number {
  const d = new Date(0)
  d.setUTCFullYear(year, month, 0) // day 0 of the next month = last day of this one
  return d.getUTCDate()
}

const pad = (n: number, w: number) => String(n).padStart(w, '0')

/**
 * The same day of the month n months later (or earlier), clamped to the month's last day:
 * addMonths('2026-01-31', 1) === '2026-02-28', addMonths('2024-02-29', 12) === '2025-02-28'.
 */
export function addMonths(d: IsoDate, n: number): IsoDate {
  if (!Number.isSafeInteger(n)) throw new RangeError(`Months to add must be a whole number: ${n}`)
  const [year, month, day] = parts(d)
  const index = year * 12 + (month - 1) + n
  const y = Math.floor(index / 12)
  const m = (index % 12) + 1
  if (y < 0 || y > 9999) throw new RangeError('Date is outside years 0000-9999')
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(Math.min(day, daysInMonth(y, m)), 2)}`
}

/**
 * Whole calendar months from a to b (b on or after a): the largest n with addMonths(a, n) <= b.
 * monthsBetween('2020-01-31', '2020-02-29') === 1; monthsBetween('2020-01-15', '2020-02-14') === 0.
 */
export function monthsBetween(a: IsoDate, b: IsoDate): number {
  const [ya, ma] = parts(a)
  const [yb, mb] = parts(b)
  if (b < a) throw new RangeError(`monthsBetween needs b (${b}) on or after a (${a})`)
  let n = (yb - ya) * 12 + (mb - ma)
  while (n > 0 && addMonths(a, n) > b) n -= 1
  return n
}
