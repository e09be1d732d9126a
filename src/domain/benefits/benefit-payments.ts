/**
 * Benefit payments the council expects on the rent account, worked out from the claims: Housing
 * Benefit (every 2 or 4 weeks in arrears), Universal Credit managed payments and third-party
 * deductions (monthly in arrears). DOMAIN.md §6.1-6.2, §9 "technical arrears".
 *
 * Timing (each one a decision, recorded here so it can be checked):
 *
 * - **Housing Benefit.** The first payment, on the award's `firstPaymentOn`, covers entitlement from
 *   `from` to the day before; each later payment, every 14 or 28 days, covers the days since the one
 *   before. Amount: the weekly award × days ÷ 7, to the nearest penny (halves up). Periods line up
 *   with rent weeks when the payment date is a Monday, the usual case for rent rebates [assumption].
 * - **UC managed payments and deductions.** Assessment periods run monthly from the
 *   `assessmentPeriodStart` the officer recorded (each starting on the same day of the month, or the
 *   month's last day), and each is paid `ucPaymentLagDays` after it ends: default 7, UC's payment
 *   date for the claimant [P]; when the DWP actually pays landlords is [U] (DOMAIN.md §6.1), so it is
 *   an option. Amount: the monthly figure recorded.
 * - **Stopping.** A suspended or ended HB claim is paid only for days before the change; a stopped
 *   managed payment or deduction, or a closed claim, only for assessment periods that ended before it.
 *   Those payments are still expected (in arrears) after the stop.
 *
 * Matching what was received (`missingBenefitPayments`, `expectedBenefitCredits`): money received
 * for a claim (or, without a claim id, of that kind) pays the oldest expected payment first, so a
 * catch-up payment covering two periods clears both. Pass the payments received since the award began.
 */
import { addDays, compareDates, diffDays, parseIsoDate, weekCommencing, type IsoDate } from '../calendar/index.ts'
import { formatPounds, type Pence } from '../money/pence.ts'
import { addMonths, DEFAULT_BENEFIT_GRACE_DAYS, type ExpectedBenefitCredit } from '../recovery/index.ts'
import { HB_CYCLE_DAYS, type ClaimId, type HousingBenefitClaim } from './housing-benefit.ts'
import type { BenefitRecord } from './pending-claim-hold.ts'
import type { UniversalCreditClaim } from './universal-credit.ts'

export const BENEFIT_PAYMENT_KINDS = ['housing_benefit', 'uc_managed_payment', 'uc_deduction'] as const
export type BenefitPaymentKind = (typeof BENEFIT_PAYMENT_KINDS)[number]

export const BENEFIT_PAYMENT_LABELS: Record<BenefitPaymentKind, string> = {
  housing_benefit: 'Housing Benefit',
  uc_managed_payment: 'Universal Credit managed payment',
  uc_deduction: 'Universal Credit deduction for arrears',
}

/** Payments of housing costs for periods charged (technical arrears); a deduction is for old arrears. */
const HOUSING_COST_KINDS: readonly BenefitPaymentKind[] = ['housing_benefit', 'uc_managed_payment']

export interface ExpectedBenefitPayment {
  claimId: ClaimId
  kind: BenefitPaymentKind
  expectedOn: IsoDate
  /** The days the payment is for (inclusive). */
  periodFrom: IsoDate
  periodTo: IsoDate
  amountPence: Pence
}

export interface ReceivedBenefitPayment {
  /** The claim it is for, when the payment file says; otherwise matched by kind. */
  claimId?: ClaimId
  kind: BenefitPaymentKind
  receivedOn: IsoDate
  amountPence: Pence
}

export interface BenefitTimingOptions {
  /** Days after an assessment period ends that its UC payment is expected (default 7) [P]. */
  ucPaymentLagDays?: number
}

export const DEFAULT_UC_PAYMENT_LAG_DAYS = 7

const byDay = (weeklyPence: Pence, days: number) => Math.floor((weeklyPence * days * 2 + 7) / 14)

function housingBenefitPayments(claim: HousingBenefitClaim, until: IsoDate): ExpectedBenefitPayment[] {
  const award = claim.award
  if (!award) return []
  const paying = claim.state === 'awarded' || claim.state === 'overpaid'
  // Entitlement runs up to the day before a suspension or end.
  const lastDay = paying ? null : addDays(claim.since, -1)
  const cycle = HB_CYCLE_DAYS[award.cycle]
  const out: ExpectedBenefitPayment[] = []
  let periodFrom = award.from
  for (let payDay = award.firstPaymentOn; compareDates(payDay, until) <= 0; payDay = addDays(payDay, cycle)) {
    if (lastDay && compareDates(periodFrom, lastDay) > 0) break
    const periodTo = lastDay && compareDates(lastDay, addDays(payDay, -1)) < 0 ? lastDay : addDays(payDay, -1)
    const days = diffDays(periodFrom, periodTo) + 1
    out.push({ claimId: claim.id, kind: 'housing_benefit', expectedOn: payDay, periodFrom, periodTo, amountPence: byDay(award.weeklyPence, days) })
    periodFrom = payDay
  }
  return out
}

function monthlyPayments(
  claim: UniversalCreditClaim,
  kind: 'uc_managed_payment' | 'uc_deduction',
  track: { state: string; since: IsoDate; monthlyPence: Pence | null; assessmentPeriodStart: IsoDate | null },
  paying: string,
  until: IsoDate,
  lag: number,
): ExpectedBenefitPayment[] {
  if (!track.monthlyPence || !track.assessmentPeriodStart) return []
  if (track.state !== paying && track.state !== 'stopped') return []
  // Stopped (or the claim closed): only periods that ended before then are paid.
  const stoppedOn = track.state === 'stopped' ? track.since : claim.claim.state === 'closed' ? claim.claim.since : null
  const out: ExpectedBenefitPayment[] = []
  for (let k = 0; ; k++) {
    const periodFrom = addMonths(track.assessmentPeriodStart, k)
    const periodTo = addDays(addMonths(track.assessmentPeriodStart, k + 1), -1)
    const expectedOn = addDays(periodTo, lag)
    if (compareDates(expectedOn, until) > 0) break
    if (stoppedOn && compareDates(periodTo, stoppedOn) >= 0) break
    out.push({ claimId: claim.id, kind, expectedOn, periodFrom, periodTo, amountPence: track.monthlyPence })
  }
  return out
}

/** Every benefit payment expected on or before `until`, oldest first. */
export function benefitPaymentSchedule(records: readonly BenefitRecord[], until: IsoDate, options: BenefitTimingOptions = {}): ExpectedBenefitPayment[] {
  parseIsoDate(until)
  const lag = options.ucPaymentLagDays ?? DEFAULT_UC_PAYMENT_LAG_DAYS
  if (!Number.isSafeInteger(lag) || lag < 0 || lag > 60) throw new RangeError(`ucPaymentLagDays must be a whole number from 0 to 60: ${lag}`)
  const out: ExpectedBenefitPayment[] = []
  for (const r of records) {
    if (r.kind === 'housing_benefit') out.push(...housingBenefitPayments(r, until))
    if (r.kind === 'universal_credit') {
      if (r.apa.type === 'managed_payment') out.push(...monthlyPayments(r, 'uc_managed_payment', r.apa, 'received', until, lag))
      out.push(...monthlyPayments(r, 'uc_deduction', r.deduction, 'in_payment', until, lag))
    }
  }
  return out.sort((a, b) => compareDates(a.expectedOn, b.expectedOn))
}

/** How much of each expected payment the received money covers (oldest first, by claim then by kind). */
function coverage(expected: readonly ExpectedBenefitPayment[], received: readonly ReceivedBenefitPayment[]): Pence[] {
  const specific = new Map<string, number>()
  const general = new Map<BenefitPaymentKind, number>()
  for (const r of received) {
    if (r.claimId === undefined) general.set(r.kind, (general.get(r.kind) ?? 0) + r.amountPence)
    else specific.set(`${r.kind}|${String(r.claimId)}`, (specific.get(`${r.kind}|${String(r.claimId)}`) ?? 0) + r.amountPence)
  }
  const order = expected.map((_, i) => i).sort((a, b) => compareDates(expected[a]!.expectedOn, expected[b]!.expectedOn) || a - b)
  const covered = expected.map(() => 0)
  for (const i of order) {
    const e = expected[i]!
    const key = `${e.kind}|${String(e.claimId)}`
    let need = e.amountPence
    const fromClaim = Math.min(need, specific.get(key) ?? 0)
    specific.set(key, (specific.get(key) ?? 0) - fromClaim)
    need -= fromClaim
    const fromKind = Math.min(need, general.get(e.kind) ?? 0)
    general.set(e.kind, (general.get(e.kind) ?? 0) - fromKind)
    covered[i] = fromClaim + fromKind
  }
  return covered
}

export interface MissingBenefitPayment extends ExpectedBenefitPayment {
  receivedPence: Pence
  missingPence: Pence
  daysLate: number
  text: string
}

/**
 * Expected payments not received (in full) more than `graceDays` after their date (default 7, the
 * recovery engine's benefit grace). Received money pays the oldest expected payment first.
 */
export function missingBenefitPayments(
  expected: readonly ExpectedBenefitPayment[],
  received: readonly ReceivedBenefitPayment[],
  today: IsoDate,
  graceDays: number = DEFAULT_BENEFIT_GRACE_DAYS,
): MissingBenefitPayment[] {
  parseIsoDate(today)
  if (!Number.isSafeInteger(graceDays) || graceDays < 0) throw new RangeError(`graceDays must be a whole number, 0 or more: ${graceDays}`)
  const due = expected.filter((e) => compareDates(e.expectedOn, today) <= 0)
  const covered = coverage(
    due,
    received.filter((r) => compareDates(r.receivedOn, today) <= 0),
  )
  const out: MissingBenefitPayment[] = []
  due.forEach((e, i) => {
    const missing = e.amountPence - covered[i]!
    const daysLate = diffDays(e.expectedOn, today)
    if (missing <= 0 || daysLate <= graceDays) return
    const part = covered[i]! > 0 ? `${formatPounds(missing)} of ${formatPounds(e.amountPence)}` : formatPounds(e.amountPence)
    out.push({
      ...e,
      receivedPence: covered[i]!,
      missingPence: missing,
      daysLate,
      text: `${BENEFIT_PAYMENT_LABELS[e.kind]} ${part} for ${e.periodFrom} to ${e.periodTo} (claim ${String(e.claimId)}) was expected on ${e.expectedOn} and has not been received: ${daysLate} days late`,
    })
  })
  return out
}

export interface ExpectedCredit extends ExpectedBenefitCredit {
  claimId: ClaimId
  kind: BenefitPaymentKind
  periodFrom: IsoDate
  periodTo: IsoDate
  /** The whole scheduled payment; `amountPence` is the part counted now. */
  scheduledPence: Pence
  /** `due`: its date has come and it is (partly) not received; `accruing`: a future payment for days already charged. */
  status: 'due' | 'accruing'
}

export interface ExpectedCreditsOptions extends BenefitTimingOptions {
  /**
   * Benefit received since the awards began. Without it, payments whose date has passed are taken as
   * received and only the part of future payments already charged is returned.
   */
  received?: readonly ReceivedBenefitPayment[]
}

/**
 * The housing-cost credits expected on the account for periods already charged and not yet
 * received: the input to `measureArrears`'s technical arrears (`expectedBenefit`). Deductions for
 * old arrears are left out (they are not rent for a period).
 *
 * - A payment whose date has passed and that is not received (in full): the part missing, at its
 *   date (the arrears measure counts it as technical until its grace runs out, then overdue).
 * - A future payment: the part for days before the current rent week (the measure allows for the
 *   current week's debit itself), pro rata by days of its period, to the nearest penny.
 */
export function expectedBenefitCredits(records: readonly BenefitRecord[], today: IsoDate, options: ExpectedCreditsOptions = {}): ExpectedCredit[] {
  parseIsoDate(today)
  // Far enough ahead for the next HB cycle (28 days) or the next UC assessment period plus its lag.
  const horizon = addDays(today, 31 + 31 + (options.ucPaymentLagDays ?? DEFAULT_UC_PAYMENT_LAG_DAYS))
  const schedule = benefitPaymentSchedule(records, horizon, options).filter((p) => HOUSING_COST_KINDS.includes(p.kind))
  const past = schedule.filter((p) => compareDates(p.expectedOn, today) <= 0)
  const future = schedule.filter((p) => compareDates(p.expectedOn, today) > 0)
  const out: ExpectedCredit[] = []

  if (options.received) {
    const covered = coverage(past, options.received.filter((r) => compareDates(r.receivedOn, today) <= 0))
    past.forEach((p, i) => {
      const missing = p.amountPence - covered[i]!
      if (missing > 0) out.push({ claimId: p.claimId, kind: p.kind, periodFrom: p.periodFrom, periodTo: p.periodTo, scheduledPence: p.amountPence, amountPence: missing, expectedOn: p.expectedOn, status: 'due' })
    })
  }

  const chargedUpTo = addDays(weekCommencing(today), -1)
  for (const p of future) {
    if (compareDates(p.periodFrom, chargedUpTo) > 0) continue
    const periodDays = diffDays(p.periodFrom, p.periodTo) + 1
    const end = compareDates(p.periodTo, chargedUpTo) < 0 ? p.periodTo : chargedUpTo
    const charged = diffDays(p.periodFrom, end) + 1
    const amount = Math.floor((p.amountPence * charged * 2 + periodDays) / (periodDays * 2))
    if (amount > 0) out.push({ claimId: p.claimId, kind: p.kind, periodFrom: p.periodFrom, periodTo: p.periodTo, scheduledPence: p.amountPence, amountPence: amount, expectedOn: p.expectedOn, status: 'accruing' })
  }
  return out
}
