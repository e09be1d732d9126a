import type { IsoDate } from '../../domain/calendar/dates.ts'

/**
 * Pure: the last closing date whose personal data may be anonymised on `onDate` when data is kept `years` years
 * after the last account closes. An account closed on the cutoff has been closed for exactly `years` years. A
 * 29 February closes years later on 28 February (the anniversary that exists).
 */
export function retentionCutoff(onDate: IsoDate, years: number): IsoDate {
  const [y, m, d] = onDate.split('-').map(Number) as [number, number, number]
  const year = y - years
  const lastDay = new Date(Date.UTC(year, m, 0)).getUTCDate()
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`
}
