/**
 * Limitation for former tenant arrears and sundry debts (Limitation Act 1980): a claim must be issued within six
 * years of the date the cause of action accrued — each rent due date (s19), a simple contract debt falling due (s5),
 * a sum recoverable by statute (s9). A part payment or a written acknowledgement signed by the debtor restarts the
 * clock (ss29(5), 30), but once the debt is statute-barred no later payment or acknowledgement revives it (s29(7)).
 * Issuing a claim stops the clock for that claim. [C] fp-law (s19); [P] the other sections, DOMAIN.md §2.
 *
 * The limitation date is the last day a claim may be issued: six years from the latest of the cause of action, the
 * last payment and the last acknowledgement, counting the day of the event out (a payment on 1 March 2020 leaves
 * 1 March 2026 as the last day; the debt is statute-barred from 2 March 2026). A 29 February event ends on 28
 * February (the earlier day, so a claim is never issued a day late) [P].
 *
 * Reeve treats a debt account as one debt: the cause of action is the latest debit on it (for a former tenant
 * account, the balance moved from the rent account when the tenancy ended; for an invoice, the invoice date). The
 * balance is barred as a whole only when that latest debit is barred; parts charged more than six years before the
 * last payment may be barred earlier, which Reeve does not split out [assumption]. Pure: no I/O, `today` passed in.
 */
import { addDays, compareDates, parseIsoDate, type IsoDate } from '../calendar/dates.ts'
import { addMonths } from '../recovery/months.ts'

export const LIMITATION_YEARS = 6

/** The same calendar day `years` later; 29 February becomes 28 February in a year without one. */
export function addYears(d: IsoDate, years: number): IsoDate {
  return addMonths(d, years * 12)
}

export interface LimitationInput {
  today: IsoDate
  /** When the debt (its latest part) fell due; null when not known. */
  causeOfActionOn: IsoDate | null
  /** Part payments, in any order (duplicates and nulls are ignored). */
  payments?: readonly (IsoDate | null | undefined)[]
  /** Signed written acknowledgements, in any order. */
  acknowledgements?: readonly (IsoDate | null | undefined)[]
  /** The day a claim for the debt was issued, if one was. */
  claimIssuedOn?: IsoDate | null
}

export type ClockEvent = 'cause_of_action' | 'payment' | 'acknowledgement'

export interface LimitationPosition {
  /** False when there is no cause of action date: nothing can be said (and no rule fires on a guess). */
  known: boolean
  /** The event the six years now run from, and what it was. */
  clockFrom: IsoDate | null
  clockEvent: ClockEvent | null
  /** The limitation date: the last day a claim may be issued. */
  lastDayToIssue: IsoDate | null
  /** The first day the debt is statute-barred (the day after the limitation date). */
  barredFrom: IsoDate | null
  /** Barred on `today` (null when not known). A claim issued in time keeps it false. */
  statuteBarred: boolean | null
  /** A claim issued on or before the limitation date: the clock stopped then. */
  stoppedByClaimOn: IsoDate | null
  /** Payments and acknowledgements made after the debt was barred: they do not revive it (s29(7)). */
  ignored: { on: IsoDate; event: ClockEvent }[]
  /** One sentence for explanations. */
  text: string
}

const EVENT_WORDS: Record<ClockEvent, string> = {
  cause_of_action: 'the debt fell due',
  payment: 'the last payment',
  acknowledgement: 'the last written acknowledgement',
}

function describeFrom(event: ClockEvent, on: IsoDate): string {
  return event === 'cause_of_action' ? `the debt fell due on ${on}` : `${EVENT_WORDS[event]} on ${on}`
}

export function limitationPosition(input: LimitationInput): LimitationPosition {
  const today = parseIsoDate(input.today)
  if (!input.causeOfActionOn) {
    return {
      known: false,
      clockFrom: null,
      clockEvent: null,
      lastDayToIssue: null,
      barredFrom: null,
      statuteBarred: null,
      stoppedByClaimOn: null,
      ignored: [],
      text: 'limitation unknown: no date the debt fell due',
    }
  }
  const cause = parseIsoDate(input.causeOfActionOn)
  // Events on or after the cause of action, up to today, in date order (an acknowledgement before a payment on the
  // same day; either restarts the clock the same).
  const events: { on: IsoDate; event: ClockEvent }[] = []
  const seen = new Set<string>()
  for (const [list, event] of [
    [input.payments ?? [], 'payment'],
    [input.acknowledgements ?? [], 'acknowledgement'],
  ] as const) {
    for (const d of list) {
      if (!d) continue
      const on = parseIsoDate(d)
      if (on < cause || on > today || seen.has(`${event}:${on}`)) continue
      seen.add(`${event}:${on}`)
      events.push({ on, event })
    }
  }
  events.sort((a, b) => compareDates(a.on, b.on) || (a.event === b.event ? 0 : a.event === 'acknowledgement' ? -1 : 1))

  let clockFrom = cause
  let clockEvent: ClockEvent = 'cause_of_action'
  let last = addYears(cause, LIMITATION_YEARS)
  const ignored: LimitationPosition['ignored'] = []
  for (const e of events) {
    if (e.on > last) {
      ignored.push(e)
      continue
    }
    const end = addYears(e.on, LIMITATION_YEARS)
    if (end >= last) {
      last = end
      clockFrom = e.on
      clockEvent = e.event
    }
  }
  const barredFrom = addDays(last, 1)
  const claim = input.claimIssuedOn ? parseIsoDate(input.claimIssuedOn) : null
  const stoppedByClaimOn = claim !== null && claim <= last ? claim : null
  const statuteBarred = stoppedByClaimOn === null && today > last
  const from = describeFrom(clockEvent, clockFrom)
  let text: string
  if (stoppedByClaimOn) text = `not statute-barred: a claim was issued on ${stoppedByClaimOn}, within six years of ${from}`
  else if (statuteBarred) text = `statute-barred since ${barredFrom} (six years from ${from})`
  else text = `not statute-barred: a claim may be issued until ${last} (six years from ${from})`
  if (ignored.length > 0 && statuteBarred) {
    text += `; ${ignored.map((e) => `the ${e.event === 'payment' ? 'payment' : 'acknowledgement'} on ${e.on}`).join(', ')} came after and do${ignored.length === 1 ? 'es' : ''} not revive it (s29(7))`
  }
  return { known: true, clockFrom, clockEvent, lastDayToIssue: last, barredFrom, statuteBarred, stoppedByClaimOn, ignored, text }
}
