/**
 * Whether a money judgment's terms are being kept: a judgment to pay forthwith is due within 14 days (CPR 40.11)
 * [P]; by a date, on that date; by instalments, one instalment each week or month from the first date. Like a court
 * order's terms (services/recovery/order-terms.ts), an amount counts as due once its date plus the grace days has
 * passed, and the terms are broken when the money paid since the judgment is behind what was due by more than the
 * tolerance (policy `recovery.order_terms_tolerance`, which names judgment instalments). Pure.
 */
import { addDays, compareDates, parseIsoDate, type IsoDate } from '../calendar/dates.ts'
import { formatPounds } from '../money/pence.ts'
import { addMonths } from '../recovery/months.ts'

export const JUDGMENT_TERMS = ['forthwith', 'by_date', 'instalments'] as const
export type JudgmentTerms = (typeof JUDGMENT_TERMS)[number]
/** CPR 40.11: a judgment to pay money is complied with within 14 days unless the court orders otherwise [P]. */
export const FORTHWITH_DAYS = 14

export interface Judgment {
  enteredOn: IsoDate
  amountPence: number
  terms: JudgmentTerms
  payBy?: IsoDate | null
  instalmentPence?: number | null
  instalmentFrequency?: 'weekly' | 'monthly' | null
  firstInstalmentOn?: IsoDate | null
  /** Paid towards the account since the judgment was entered. */
  paidSincePence: number
}

export interface JudgmentTolerance {
  amountPence: number
  graceDays: number
}

export const JUDGMENT_STATES = ['none', 'kept', 'breached', 'satisfied'] as const
export type JudgmentState = (typeof JUDGMENT_STATES)[number]

export interface JudgmentPosition {
  status: Exclude<JudgmentState, 'none'>
  /** What should have been paid by now. */
  duePence: number
  text: string
}

function countDue(first: IsoDate, frequency: 'weekly' | 'monthly', graceDays: number, today: IsoDate, max: number): number {
  let n = 0
  for (let k = 0; k < max; k++) {
    const due = frequency === 'weekly' ? addDays(first, 7 * k) : addMonths(first, k)
    if (compareDates(addDays(due, graceDays), today) >= 0) break
    n++
  }
  return n
}

export function judgmentPosition(j: Judgment, tolerance: JudgmentTolerance, today: IsoDate): JudgmentPosition {
  parseIsoDate(today)
  const paid = Math.max(0, j.paidSincePence)
  const judgmentWords = `judgment of ${j.enteredOn} for ${formatPounds(j.amountPence)}`
  if (paid >= j.amountPence) return { status: 'satisfied', duePence: j.amountPence, text: `${judgmentWords}: paid in full` }
  let duePence = 0
  let terms: string
  if (j.terms === 'instalments') {
    const each = j.instalmentPence!
    const max = Math.ceil(j.amountPence / each)
    duePence = Math.min(j.amountPence, countDue(j.firstInstalmentOn!, j.instalmentFrequency!, tolerance.graceDays, today, max) * each)
    terms = `${formatPounds(each)} ${j.instalmentFrequency === 'weekly' ? 'a week' : 'a month'} from ${j.firstInstalmentOn}`
  } else {
    const dueOn = j.terms === 'by_date' ? j.payBy! : addDays(j.enteredOn, FORTHWITH_DAYS)
    if (compareDates(addDays(dueOn, tolerance.graceDays), today) < 0) duePence = j.amountPence
    terms = `in full by ${dueOn}`
  }
  const breached = paid + tolerance.amountPence < duePence
  const text = `${judgmentWords}, ${terms}: ${formatPounds(paid)} paid of ${formatPounds(duePence)} due so far${breached ? ' (terms broken)' : ''}`
  return { status: breached ? 'breached' : 'kept', duePence, text }
}
