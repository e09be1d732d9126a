/**
 * Day numbers (days since 1970-01-01) for the simulation's inner loops: plain integers are cheaper to add and
 * compare than ISO strings. Converted to and from `YYYY-MM-DD` at the edges; UTC only, so no clock or zone enters.
 */
import { parseIsoDate } from '../domain/calendar/dates.ts'

const MS_PER_DAY = 86_400_000

export function dayOf(iso: string): number {
  const d = parseIsoDate(iso)
  return Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) / MS_PER_DAY
}

export function isoOf(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10)
}

/** ISO day of week: 1 = Monday … 7 = Sunday. (1970-01-01 was a Thursday.) */
export function dowOf(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1
}

export function mondayOf(day: number): number {
  return day - dowOf(day) + 1
}

/** The next Monday to Friday on or after day (bank holidays are not treated specially in the synthetic data). */
export function weekdayOnOrAfter(day: number): number {
  const w = dowOf(day)
  return w === 6 ? day + 2 : w === 7 ? day + 1 : day
}

export function yearOf(day: number): number {
  return new Date(day * MS_PER_DAY).getUTCFullYear()
}

/** Day number of the given day of month, clamped to the month's length. */
export function dayInMonth(year: number, month0: number, dom: number): number {
  const last = new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate()
  return Date.UTC(year, month0, Math.min(dom, last)) / MS_PER_DAY
}

/** The same day of month in the following month. */
export function nextMonthly(day: number, dom: number): number {
  const d = new Date(day * MS_PER_DAY)
  return dayInMonth(d.getUTCFullYear(), d.getUTCMonth() + 1, dom)
}

/** Easter Sunday (Gregorian, anonymous algorithm). */
export function easterSunday(year: number): number {
  const a = year % 19
  const b = Math.floor(year / 100)
  const c = year % 100
  const d = Math.floor(b / 4)
  const e = b % 4
  const f = Math.floor((b + 8) / 25)
  const g = Math.floor((b - f + 1) / 3)
  const h = (19 * a + b - d - g + 15) % 30
  const i = Math.floor(c / 4)
  const k = c % 4
  const l = (32 + 2 * e + 2 * i - h - k) % 7
  const m = Math.floor((a + 11 * h + 22 * l) / 451)
  const month = Math.floor((h + l - 7 * m + 114) / 31)
  const dom = ((h + l - 7 * m + 114) % 31) + 1
  return Date.UTC(year, month - 1, dom) / MS_PER_DAY
}
