import { addDays, compareDates, type IsoDate } from '../calendar/dates.ts'

/**
 * Limitation for simple contract debts and rent: six years from when the cause of action accrued (Limitation Act
 * 1980 ss5 and 19), the clock restarting on a payment or a signed written acknowledgement (ss29(5), 30). Each
 * charge is its own cause of action, so a balance is barred as a whole only when its latest charge is also more
 * than six years old. Pure.
 */
export const LIMITATION_YEARS = 6

/** The same calendar day `years` later; 29 February becomes 28 February in a year without one. */
export function addYears(d: IsoDate, years: number): IsoDate {
  const y = Number(d.slice(0, 4)) + years
  const md = d.slice(5)
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
  return `${String(y).padStart(4, '0')}-${md === '02-29' && !leap ? '02-28' : md}`
}

export interface LimitationFacts {
  lastPaymentOn: IsoDate | null
  lastAcknowledgementOn: IsoDate | null
  lastChargeOn: IsoDate | null
}

export interface LimitationResult {
  /** The latest of the payment, acknowledgement and charge dates: the clock runs from here. */
  clockFrom: IsoDate | null
  /** The first day the whole balance is statute-barred (null when nothing is recorded to run the clock from). */
  barredFrom: IsoDate | null
  barred: boolean | null
}

export function limitationOn(facts: LimitationFacts, onDate: IsoDate): LimitationResult {
  const dates = [facts.lastPaymentOn, facts.lastAcknowledgementOn, facts.lastChargeOn].filter((d): d is IsoDate => d !== null)
  if (dates.length === 0) return { clockFrom: null, barredFrom: null, barred: null }
  const clockFrom = dates.sort(compareDates).at(-1)!
  // Six years from the day after the event: a payment on 1 March 2020 bars the debt from 2 March 2026 (s5 "six years
  // from the date on which the cause of action accrued"; the day of accrual is excluded).
  const barredFrom = addYears(clockFrom, LIMITATION_YEARS)
  return { clockFrom, barredFrom: addDays(barredFrom, 1), barred: compareDates(onDate, barredFrom) > 0 }
}
