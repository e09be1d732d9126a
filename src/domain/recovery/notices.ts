/**
 * Notice dates: when a notice "expires" (the date in it after which proceedings may begin) and the
 * last day it stays in force. The periods come from the pathway's notice details (data), never from
 * constants here:
 *
 * - `minimumDays`: the shortest notice period (secure NSP and s128: 4 weeks, i.e. 28 days; s8 pre-RRA
 *   2 weeks, RRA 2025 4 weeks for grounds 8/10/11).
 * - `alignToRentWeek`: the date must also be one on which a notice to quit served the same day could
 *   end the tenancy, i.e. the first or last day of a rental period (HA 1985 s83; HA 1996 s128).
 *   Reeve rent weeks run Monday to Sunday, so the earliest such date is the first Sunday or Monday on
 *   or after servedOn + minimumDays. For a tenancy with a different period the officer must set the
 *   date in the notice; pass it as `dateInNotice`.
 * - `validityMonths` and `validityFrom`: a secure NSP ceases to be in force 12 months after the date in
 *   it (HA 1985 s83) [C]; an s8 notice allows proceedings to begin no later than 12 months from
 *   service (HA 1988 s8(3)(b)) [P]. Counted conservatively: the notice is treated as in force up to
 *   the day *before* the anniversary, so a claim is never recommended on a day it might have lapsed
 *   (a 29 February date has its anniversary clamped to 28 February: clamping only ever shortens).
 *   No `validityMonths` means the notice does not lapse by statute (e.g. an s128 notice, where the
 *   limit is that proceedings must begin before the introductory trial period ends: the caller
 *   should then pass `validUntil` as the last day of the trial period).
 *
 * `servedOn` is the day the notice is served, or treated as served (by post: the deemed day of
 * service, which the caller works out from the service method).
 */
import { addDays, compareDates, dayOfWeek, parseIsoDate, type IsoDate } from '../calendar/index.ts'
import type { ServedNotice } from './conditions.ts'
import { addMonths } from './months.ts'
import type { NoticeKind } from './vocabulary.ts'

export interface NoticeSpec {
  kind: NoticeKind
  minimumDays?: number
  validityMonths?: number
  /** What the validity months count from (default `date_in_notice`). */
  validityFrom?: 'date_in_notice' | 'service'
  alignToRentWeek?: boolean
  /** Days from service within which the tenant may ask for a review (HA 1996 ss128-129: 14). */
  reviewRightDays?: number
  /** Grounds relied on, as the statute numbers them ("1", "8", "10", "11"). */
  grounds?: readonly string[]
}

export interface NoticeDates extends ServedNotice {
  /** The earliest date the notice could lawfully name. */
  earliestDateInNotice: IsoDate
  /** Last day to request a review, for notices with a review right. */
  reviewRequestBy: IsoDate | null
}

/** The earliest lawful "date in the notice" for a notice served on servedOn. */
export function earliestDateInNotice(spec: NoticeSpec, servedOn: IsoDate): IsoDate {
  let date = addDays(parseIsoDate(servedOn), spec.minimumDays ?? 0)
  if (spec.alignToRentWeek) {
    // First Sunday (last day of a Monday rent week) or Monday (first day) on or after the date.
    while (dayOfWeek(date) !== 7 && dayOfWeek(date) !== 1) date = addDays(date, 1)
  }
  return date
}

/**
 * Works out a notice's dates. With `dateInNotice` (what the notice actually says) the dates follow
 * it, and a date earlier than the law allows is an error: such a notice is defective.
 */
export function noticeDates(spec: NoticeSpec, servedOn: IsoDate, dateInNotice?: IsoDate): NoticeDates {
  const earliest = earliestDateInNotice(spec, servedOn)
  if (dateInNotice !== undefined && compareDates(dateInNotice, earliest) < 0) {
    throw new RangeError(`The date in a ${spec.kind} notice served on ${servedOn} cannot be before ${earliest}; ${dateInNotice} is too early`)
  }
  const expiresOn = dateInNotice ?? earliest
  let validUntil: IsoDate | null = null
  if (spec.validityMonths !== undefined) {
    const from = spec.validityFrom === 'service' ? servedOn : expiresOn
    validUntil = addDays(addMonths(from, spec.validityMonths), -1)
  }
  return {
    kind: spec.kind,
    servedOn,
    expiresOn,
    validUntil,
    earliestDateInNotice: earliest,
    reviewRequestBy: spec.reviewRightDays === undefined ? null : addDays(servedOn, spec.reviewRightDays),
  }
}
