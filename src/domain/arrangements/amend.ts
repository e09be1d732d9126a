/**
 * Amending an arrangement: an officer changes the terms from a date (a new instalment, frequency,
 * payment method, tolerance, the debts covered or their priority, a rent change, reinstatement after
 * a breach). The current version is closed the
 * day before and a new version starts, with its own schedule from the arrears on that date; the
 * history (including every breach) is kept, and the arrangement is `kept` again under the new terms.
 *
 * Rules:
 * - Completed and cancelled arrangements cannot be amended (set up a new one).
 * - The change takes effect after the current version started (versions never overlap or share a
 *   day) and no earlier than the backdating rule allows (`ArrangementRules.maxBackdateDays`).
 * - The new terms start on or after the change; the start date defaults to the change date.
 * - `startingArrearsPence` must be given: the arrears on the change date (not counting that rent
 *   week's debit), read from the ledger by the caller. A lump sum is never carried over from the
 *   old terms (it was due once); give a new one if agreed.
 * - Every other term not given is carried over.
 */
import { addDays, compareDates, isIsoDate, type IsoDate } from '../calendar/index.ts'
import { formatPounds, type Pence } from '../money/pence.ts'
import {
  currentVersion,
  DEFAULT_ARRANGEMENT_RULES,
  describeTerms,
  scheduleFor,
  validateTerms,
  type Arrangement,
  type ArrangementResult,
  type ArrangementRules,
  type ArrangementTerms,
} from './arrangement.ts'
import { DEFAULT_PRIORITY_ORDER } from './apportion.ts'
import { describePriority } from './priority.ts'
import { FREQUENCY_LABELS, PAYMENT_METHOD_LABELS } from './vocabulary.ts'

export interface AmendArrangementInput {
  /** The first day the new terms apply. */
  effectiveFrom: IsoDate
  /** The terms that change; the arrears on `effectiveFrom` are always needed. */
  changes: Partial<Omit<ArrangementTerms, 'startingArrearsPence'>> & { startingArrearsPence: Pence }
  amendedBy: string
  reason: string
  today: IsoDate
  rules?: Partial<ArrangementRules>
}

function listChanges(before: ArrangementTerms, after: ArrangementTerms): string[] {
  const out: string[] = []
  if (before.instalmentPence !== after.instalmentPence || before.frequency !== after.frequency) {
    out.push(
      `instalment ${formatPounds(before.instalmentPence)} ${FREQUENCY_LABELS[before.frequency].per} → ${formatPounds(after.instalmentPence)} ${FREQUENCY_LABELS[after.frequency].per}`,
    )
  }
  if (before.paymentMethod !== after.paymentMethod) out.push(`payment method ${PAYMENT_METHOD_LABELS[before.paymentMethod]} → ${PAYMENT_METHOD_LABELS[after.paymentMethod]}`)
  if (before.currentWeeklyChargePence !== after.currentWeeklyChargePence) {
    out.push(`current weekly charge ${formatPounds(before.currentWeeklyChargePence)} → ${formatPounds(after.currentWeeklyChargePence)}`)
  }
  if (before.tolerance.amountPence !== after.tolerance.amountPence || before.tolerance.days !== after.tolerance.days) {
    out.push(
      `tolerance ${formatPounds(before.tolerance.amountPence)} and ${before.tolerance.days} days → ${formatPounds(after.tolerance.amountPence)} and ${after.tolerance.days} days`,
    )
  }
  if (after.lumpSumFirst) out.push(`lump sum ${formatPounds(after.lumpSumFirst.amountPence)} on ${after.lumpSumFirst.date}`)
  const ids = (t: ArrangementTerms) => JSON.stringify((t.accounts ?? []).map((a) => String(a.accountId)).sort())
  if (ids(before) !== ids(after)) out.push('debts the instalments are shared across')
  const order = (t: ArrangementTerms) => describePriority(t.apportion?.priorityOrder ?? DEFAULT_PRIORITY_ORDER, t.apportion?.withinTier ?? 'pro_rata')
  if (order(before) !== order(after)) out.push(`priority ${order(before)} → ${order(after)}`)
  out.push(`arrears restated at ${formatPounds(after.startingArrearsPence)} from ${after.startDate}`)
  return out
}

/** A new version of the arrangement from `effectiveFrom`, or every problem with the change. */
export function amendArrangement(arrangement: Arrangement, input: AmendArrangementInput): ArrangementResult {
  const rules = { ...DEFAULT_ARRANGEMENT_RULES, ...input.rules }
  if (arrangement.status === 'completed' || arrangement.status === 'cancelled') {
    return { ok: false, errors: [{ field: 'arrangement', text: `A ${arrangement.status} arrangement cannot be changed: set up a new arrangement` }] }
  }
  const errors = []
  if (!input.amendedBy.trim()) errors.push({ field: 'amendedBy', text: 'Enter who changed the arrangement' })
  if (!input.reason.trim()) errors.push({ field: 'reason', text: 'Enter why the arrangement is being changed' })
  const current = currentVersion(arrangement)
  const from = input.effectiveFrom
  if (!isIsoDate(from)) {
    errors.push({ field: 'effectiveFrom', text: 'Date the change takes effect must be a real date' })
  } else if (compareDates(from, current.effectiveFrom) <= 0) {
    errors.push({ field: 'effectiveFrom', text: `Date the change takes effect must be after ${current.effectiveFrom}, when the current terms started` })
  } else if (compareDates(from, addDays(input.today, -rules.maxBackdateDays)) < 0) {
    errors.push({ field: 'effectiveFrom', text: `Date the change takes effect must be no more than ${rules.maxBackdateDays} days in the past` })
  }
  if (errors.length > 0) return { ok: false, errors }

  const terms: ArrangementTerms = {
    ...current.terms,
    lumpSumFirst: null,
    startDate: from,
    ...input.changes,
  }
  const termErrors = validateTerms(terms, input.today, rules, from)
  if (termErrors.length > 0) return { ok: false, errors: termErrors }
  const built = scheduleFor(terms, rules)
  if ('error' in built) return { ok: false, errors: [built.error] }

  const version = current.version + 1
  const changes = listChanges(current.terms, terms)
  return {
    ok: true,
    arrangement: {
      status: 'kept',
      versions: [
        ...arrangement.versions.map((v) => (v === current ? { ...v, endedOn: addDays(from, -1) } : v)),
        { version, effectiveFrom: from, endedOn: null, terms, schedule: built.schedule, recordedOn: input.today, recordedBy: input.amendedBy, reason: input.reason },
      ],
      history: [
        ...arrangement.history,
        {
          type: 'amended',
          on: input.today,
          version,
          by: input.amendedBy,
          reason: input.reason,
          changes,
          text: `Arrangement changed from ${from} (version ${version}): ${describeTerms(terms)}, clearing the arrears by ${built.schedule.completesOn}. ${input.reason}`,
        },
      ],
    },
  }
}
