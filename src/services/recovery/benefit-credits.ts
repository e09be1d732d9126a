/**
 * Expected Housing Benefit / Universal Credit credits, approximated from the account's own payment cadence, for the
 * arrears measure's technical arrears (domain `measureArrears`, `expectedBenefit`).
 *
 * Reeve does not hold benefit schedules yet, so the trawl infers them: HB is paid in arrears every 2 or 4 weeks and
 * UC housing costs monthly (DOMAIN.md §6.1-6.2). From the last benefit credit and the credits in a recent window the
 * trawl knows the usual payment and so a weekly rate; the weeks fully charged since the last credit (not counting
 * the current week, which the measure allows for separately) are expected in the next credit, due one cadence after
 * the last. Once that date is more than the grace days past, the measure counts it as overdue, not technical.
 * This is an approximation [assumption], recorded in docs/recovery.md; a benefit schedule import can replace it.
 */
import { addDays, diffDays, weekCommencing, type IsoDate } from '../../domain/calendar/dates.ts'
import { addMonths, type ExpectedBenefitCredit } from '../../domain/recovery/index.ts'

export type BenefitKind = 'housing_benefit' | 'universal_credit'

export interface BenefitHistory {
  kind: BenefitKind
  /** The last benefit credit on the account. */
  lastOn: IsoDate
  /** Benefit credited within the recent window (net of reversals), and how many credits. */
  recentPence: number
  recentCount: number
}

/** Days looked back: at least two 4-weekly HB payments, or two monthly UC payments. */
export const BENEFIT_WINDOW_DAYS = 62

/** Mondays (rent debit days) in the open interval (after, before). */
function mondaysBetween(after: IsoDate, before: IsoDate): number {
  const firstMonday = addDays(weekCommencing(after), 7)
  if (firstMonday >= before) return 0
  return Math.floor((diffDays(firstMonday, before) - 1) / 7) + 1
}

export function expectedBenefitCredits(today: IsoDate, h: BenefitHistory | null): ExpectedBenefitCredit[] {
  if (!h || h.recentCount <= 0 || h.recentPence <= 0 || h.lastOn > today) return []
  const perCredit = h.recentPence / h.recentCount
  let cadenceDays: number
  let expectedOn: IsoDate
  if (h.kind === 'universal_credit') {
    cadenceDays = 30
    expectedOn = addMonths(h.lastOn, 1)
  } else {
    // A 62-day window holds 2 or 3 four-weekly payments, 4 or 5 fortnightly ones.
    cadenceDays = h.recentCount >= 4 ? 14 : 28
    expectedOn = addDays(h.lastOn, cadenceDays)
  }
  const weekly = h.kind === 'universal_credit' ? (perCredit * 12) / 52 : perCredit / (cadenceDays / 7)
  const weeks = Math.min(mondaysBetween(h.lastOn, weekCommencing(today)), Math.ceil(cadenceDays / 7))
  const amountPence = Math.round(weekly * weeks)
  return amountPence > 0 ? [{ amountPence, expectedOn }] : []
}
