/**
 * Whether the terms of a court order are being kept (DOMAIN.md §1.6): a suspended or postponed possession order, an
 * adjournment on terms, or judgment instalments. The terms are "the current rent plus £X a week off the arrears"
 * from a start date, so while they apply they act like an arrangement with an expected balance path: the balance
 * before the terms started, less one instalment for each week whose due date (plus the grace days) has passed, never
 * below £0. Current rent is charged and paid at the same rate on both sides, so it cancels out; the current week's
 * debit is left out of the actual balance because it is not yet late. The terms are breached when the actual balance
 * is worse than the expected one by more than the tolerance (policy `recovery.order_terms_tolerance`).
 */
import { diffDays, type IsoDate } from '../../domain/calendar/dates.ts'
import { formatPounds } from '../../domain/money/pence.ts'

export interface OrderTermsInput {
  today: IsoDate
  termsStartOn: IsoDate
  termsWeeklyPence: number
  /** The balance from every posting dated before the terms started. */
  balanceBeforeTermsPence: number
  balancePence: number
  currentWeekDebitPence: number
  tolerance: { amountPence: number; graceDays: number }
}

export interface OrderTermsReading {
  status: 'not_started' | 'kept' | 'breached'
  instalmentsDue: number
  expectedBalancePence: number
  actualBalancePence: number
  shortfallPence: number
  text: string
}

export function readOrderTerms(i: OrderTermsInput): OrderTermsReading {
  if (i.today < i.termsStartOn) {
    return { status: 'not_started', instalmentsDue: 0, expectedBalancePence: i.balanceBeforeTermsPence, actualBalancePence: i.balancePence, shortfallPence: 0, text: `terms start on ${i.termsStartOn}` }
  }
  const daysCounted = diffDays(i.termsStartOn, i.today) - i.tolerance.graceDays
  const instalmentsDue = daysCounted < 0 ? 0 : Math.floor(daysCounted / 7) + 1
  const expected = Math.max(0, i.balanceBeforeTermsPence - i.termsWeeklyPence * instalmentsDue)
  const actual = i.balancePence - i.currentWeekDebitPence
  const shortfall = actual - expected
  const breached = shortfall > i.tolerance.amountPence
  const terms = `${formatPounds(i.termsWeeklyPence)} a week on top of the rent from ${i.termsStartOn}`
  const text = breached
    ? `order terms (${terms}) broken: ${instalmentsDue} instalment${instalmentsDue === 1 ? '' : 's'} due, balance ${formatPounds(actual)} against ${formatPounds(expected)} expected, ${formatPounds(shortfall)} behind (tolerance ${formatPounds(i.tolerance.amountPence)})`
    : `order terms (${terms}) kept: balance ${formatPounds(actual)} against ${formatPounds(expected)} expected`
  return { status: breached ? 'breached' : 'kept', instalmentsDue, expectedBalancePence: expected, actualBalancePence: actual, shortfallPence: shortfall, text }
}
