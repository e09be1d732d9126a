/**
 * An arrangement as a record: its versions (each a set of terms from a date, with its expected
 * schedule) and its history of events (created, amended, breached, back on track, completed,
 * cancelled). Nothing is overwritten: an amendment closes the current version and adds a new one
 * (`amend.ts`), and the nightly check appends events (`recordCheck`).
 *
 * Validation returns data (`FieldError`s with GOV.UK-style wording, keyed by the field), never
 * throws, so a form can show every problem at once. Reeve defaults [assumption], each a council
 * setting (`ArrangementRules`): a start date at most 7 days in the past (an arrangement agreed on
 * the phone on Monday and keyed on Friday) and at most 62 days ahead (about two monthly cycles),
 * and a 60-month maximum term.
 */
import { addDays, compareDates, isIsoDate, type IsoDate } from '../calendar/index.ts'
import { formatPounds, type Pence } from '../money/pence.ts'
import { ApportionError, type ApportionAccount, type ApportionOptions } from './apportion.ts'
import type { ArrangementEvent, ArrangementTolerance, CheckResult } from './check.ts'
import { ArrangementScheduleError, buildExpectedSchedule, DEFAULT_MAX_TERM_MONTHS, type ExpectedSchedule, type LumpSum } from './schedule.ts'
import {
  ARRANGEMENT_FREQUENCIES,
  ARRANGEMENT_PAYMENT_METHODS,
  FREQUENCY_LABELS,
  METHOD_FREQUENCIES,
  PAYMENT_METHOD_LABELS,
  type ArrangementCheckStatus,
  type ArrangementFrequency,
  type ArrangementPaymentMethod,
} from './vocabulary.ts'

export interface ArrangementTerms {
  startDate: IsoDate
  frequency: ArrangementFrequency
  instalmentPence: Pence
  lumpSumFirst?: LumpSum | null
  paymentMethod: ArrangementPaymentMethod
  currentWeeklyChargePence: Pence
  /** Arrears when these terms start, not counting the current rent week's debit. */
  startingArrearsPence: Pence
  accounts?: readonly ApportionAccount[]
  apportion?: ApportionOptions
  tolerance: ArrangementTolerance
}

export interface ArrangementVersion {
  version: number
  effectiveFrom: IsoDate
  /** The last day these terms applied; null while they are current. */
  endedOn: IsoDate | null
  terms: ArrangementTerms
  schedule: ExpectedSchedule
  recordedOn: IsoDate
  recordedBy: string
  reason: string
}

export type ArrangementHistoryEntry =
  | { type: 'created'; on: IsoDate; version: number; by: string; text: string }
  | { type: 'amended'; on: IsoDate; version: number; by: string; reason: string; changes: string[]; text: string }
  | { type: 'cancelled'; on: IsoDate; version: number; by: string; reason: string; text: string }
  | { type: 'breached' | 'back_on_track' | 'completed'; on: IsoDate; version: number; event: ArrangementEvent; text: string }

export type ArrangementState = ArrangementCheckStatus | 'cancelled'

export interface Arrangement {
  status: ArrangementState
  versions: ArrangementVersion[]
  history: ArrangementHistoryEntry[]
}

export interface ArrangementRules {
  maxBackdateDays: number
  maxDaysUntilStart: number
  maxTermMonths: number
  maxToleranceDays: number
}

export const DEFAULT_ARRANGEMENT_RULES: ArrangementRules = {
  maxBackdateDays: 7,
  maxDaysUntilStart: 62,
  maxTermMonths: DEFAULT_MAX_TERM_MONTHS,
  maxToleranceDays: 60,
}

export interface FieldError {
  /** The field the message is about (`instalmentPence`, `lumpSumFirst.date` …). */
  field: string
  text: string
}

export type ArrangementResult = { ok: true; arrangement: Arrangement } | { ok: false; errors: FieldError[] }

const isWholePence = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n)

/** Checks terms that start on `today` or later (within the rules); `notBefore` is the earliest allowed start. */
export function validateTerms(terms: ArrangementTerms, today: IsoDate, rules: ArrangementRules, notBefore?: IsoDate): FieldError[] {
  const errors: FieldError[] = []
  const earliest = addDays(today, -rules.maxBackdateDays)
  const latest = addDays(today, rules.maxDaysUntilStart)

  if (!isIsoDate(terms.startDate)) errors.push({ field: 'startDate', text: 'Start date must be a real date' })
  else if (compareDates(terms.startDate, earliest) < 0) errors.push({ field: 'startDate', text: `Start date must be no more than ${rules.maxBackdateDays} days in the past` })
  else if (compareDates(terms.startDate, latest) > 0) errors.push({ field: 'startDate', text: `Start date must be within ${rules.maxDaysUntilStart} days from today` })
  else if (notBefore && compareDates(terms.startDate, notBefore) < 0) errors.push({ field: 'startDate', text: `Start date must be on or after ${notBefore}, the date the change takes effect` })

  if (!(ARRANGEMENT_FREQUENCIES as readonly string[]).includes(terms.frequency)) errors.push({ field: 'frequency', text: 'Select how often the instalments are paid' })
  if (!(ARRANGEMENT_PAYMENT_METHODS as readonly string[]).includes(terms.paymentMethod)) {
    errors.push({ field: 'paymentMethod', text: 'Select how the instalments will be paid' })
  } else {
    const allowed = METHOD_FREQUENCIES[terms.paymentMethod]
    if (allowed && !allowed.includes(terms.frequency)) {
      errors.push({
        field: 'frequency',
        text: `${PAYMENT_METHOD_LABELS[terms.paymentMethod]} can only be paid ${allowed.map((f) => FREQUENCY_LABELS[f].adjective).join(' or ')}`,
      })
    }
  }

  if (!isWholePence(terms.instalmentPence)) errors.push({ field: 'instalmentPence', text: 'Instalment must be an amount of money in pence' })
  else if (terms.instalmentPence <= 0) errors.push({ field: 'instalmentPence', text: 'Instalment must be more than £0.00' })
  if (!isWholePence(terms.currentWeeklyChargePence) || terms.currentWeeklyChargePence < 0) {
    errors.push({ field: 'currentWeeklyChargePence', text: 'Current weekly charge must be £0.00 or more' })
  }
  if (!isWholePence(terms.startingArrearsPence)) errors.push({ field: 'startingArrearsPence', text: 'Arrears must be an amount of money in pence' })
  else if (terms.startingArrearsPence <= 0) errors.push({ field: 'startingArrearsPence', text: 'There are no arrears to arrange' })

  const lump = terms.lumpSumFirst
  if (lump) {
    if (!isIsoDate(lump.date)) errors.push({ field: 'lumpSumFirst.date', text: 'Lump sum date must be a real date' })
    else if (compareDates(lump.date, notBefore ?? earliest) < 0) errors.push({ field: 'lumpSumFirst.date', text: `Lump sum date must be on or after ${notBefore ?? earliest}` })
    else if (isIsoDate(terms.startDate) && compareDates(lump.date, terms.startDate) > 0) {
      errors.push({ field: 'lumpSumFirst.date', text: 'Lump sum date must be on or before the first instalment date' })
    }
    if (!isWholePence(lump.amountPence) || lump.amountPence <= 0) errors.push({ field: 'lumpSumFirst.amountPence', text: 'Lump sum must be more than £0.00' })
    else if (isWholePence(terms.startingArrearsPence) && lump.amountPence > terms.startingArrearsPence) {
      errors.push({ field: 'lumpSumFirst.amountPence', text: `Lump sum must be no more than the arrears of ${formatPounds(terms.startingArrearsPence)}` })
    }
  }

  const t = terms.tolerance
  if (!isWholePence(t?.amountPence) || t.amountPence < 0) errors.push({ field: 'tolerance.amountPence', text: 'Tolerance must be £0.00 or more' })
  if (!Number.isSafeInteger(t?.days) || t.days < 0 || t.days > rules.maxToleranceDays) {
    errors.push({ field: 'tolerance.days', text: `Tolerance in days must be a whole number from 0 to ${rules.maxToleranceDays}` })
  }
  return errors
}

/** Builds the schedule for valid terms, turning a schedule error into a field error. */
export function scheduleFor(terms: ArrangementTerms, rules: ArrangementRules): { schedule: ExpectedSchedule } | { error: FieldError } {
  try {
    return {
      schedule: buildExpectedSchedule({
        startDate: terms.startDate,
        frequency: terms.frequency,
        instalmentPence: terms.instalmentPence,
        lumpSumFirst: terms.lumpSumFirst ?? null,
        currentWeeklyChargePence: terms.currentWeeklyChargePence,
        startingArrearsPence: terms.startingArrearsPence,
        ...(terms.accounts ? { accounts: terms.accounts } : {}),
        ...(terms.apportion ? { apportion: terms.apportion } : {}),
        maxTermMonths: rules.maxTermMonths,
      }),
    }
  } catch (e) {
    if (e instanceof ArrangementScheduleError) {
      const field = e.code === 'exceeds_max_term' || e.code === 'instalment_not_positive' ? 'instalmentPence' : e.code === 'accounts_do_not_match' ? 'accounts' : e.code.startsWith('lump_sum') ? 'lumpSumFirst' : 'startingArrearsPence'
      return { error: { field, text: e.message } }
    }
    if (e instanceof ApportionError) return { error: { field: 'accounts', text: e.message } }
    throw e
  }
}

export interface CreateArrangementInput {
  terms: ArrangementTerms
  agreedBy: string
  today: IsoDate
  reason?: string
  rules?: Partial<ArrangementRules>
}

/** A new arrangement (version 1, kept), or every problem with the terms. */
export function createArrangement(input: CreateArrangementInput): ArrangementResult {
  const rules = { ...DEFAULT_ARRANGEMENT_RULES, ...input.rules }
  if (!input.agreedBy.trim()) return { ok: false, errors: [{ field: 'agreedBy', text: 'Enter who agreed the arrangement' }] }
  const errors = validateTerms(input.terms, input.today, rules)
  if (errors.length > 0) return { ok: false, errors }
  const built = scheduleFor(input.terms, rules)
  if ('error' in built) return { ok: false, errors: [built.error] }
  const effectiveFrom = built.schedule.firstDueOn
  const text = `Arrangement agreed: ${describeTerms(input.terms)}, clearing the arrears by ${built.schedule.completesOn}`
  return {
    ok: true,
    arrangement: {
      status: 'kept',
      versions: [{ version: 1, effectiveFrom, endedOn: null, terms: input.terms, schedule: built.schedule, recordedOn: input.today, recordedBy: input.agreedBy, reason: input.reason ?? 'New arrangement' }],
      history: [{ type: 'created', on: input.today, version: 1, by: input.agreedBy, text }],
    },
  }
}

/** "£10.00 a week on top of the current charge from 2026-05-04 by Direct Debit (lump sum £50.00 on 2026-05-01)". */
export function describeTerms(terms: ArrangementTerms): string {
  const lump = terms.lumpSumFirst ? ` after a lump sum of ${formatPounds(terms.lumpSumFirst.amountPence)} on ${terms.lumpSumFirst.date}` : ''
  return `${formatPounds(terms.instalmentPence)} ${FREQUENCY_LABELS[terms.frequency].per} on top of the current charge from ${terms.startDate}${lump}, paid by ${PAYMENT_METHOD_LABELS[terms.paymentMethod]}`
}

export function currentVersion(arrangement: Arrangement): ArrangementVersion {
  const v = arrangement.versions[arrangement.versions.length - 1]
  if (!v) throw new RangeError('An arrangement has at least one version')
  return v
}

/** The version whose terms applied on `date` (null before the first). */
export function versionOn(arrangement: Arrangement, date: IsoDate): ArrangementVersion | null {
  let found: ArrangementVersion | null = null
  for (const v of arrangement.versions) if (compareDates(v.effectiveFrom, date) <= 0) found = v
  return found
}

/** Every breach in the arrangement's history, across all versions. */
export function breachHistory(arrangement: Arrangement): ArrangementHistoryEntry[] {
  return arrangement.history.filter((h) => h.type === 'breached')
}

/**
 * Records the nightly check's transition (if any) in the history and takes its status. Recording the
 * same event twice is a no-op, so a re-run night changes nothing.
 */
export function recordCheck(arrangement: Arrangement, result: CheckResult): Arrangement {
  if (arrangement.status === 'cancelled' || arrangement.status === 'completed') return arrangement
  const event = result.transition
  if (!event) return arrangement
  const version = currentVersion(arrangement).version
  const already = arrangement.history.some((h) => h.type === event.type && h.on === event.on && h.version === version)
  if (already) return { ...arrangement, status: result.status }
  return {
    ...arrangement,
    status: result.status,
    history: [...arrangement.history, { type: event.type, on: event.on, version, event, text: event.text }],
  }
}

/** Ends an arrangement early (the tenant asks, the tenancy ends, a new arrangement replaces it). */
export function cancelArrangement(arrangement: Arrangement, input: { on: IsoDate; by: string; reason: string }): ArrangementResult {
  if (arrangement.status === 'cancelled' || arrangement.status === 'completed') {
    return { ok: false, errors: [{ field: 'arrangement', text: `The arrangement is already ${arrangement.status}` }] }
  }
  if (!input.reason.trim()) return { ok: false, errors: [{ field: 'reason', text: 'Enter why the arrangement is being cancelled' }] }
  const current = currentVersion(arrangement)
  const versions = arrangement.versions.map((v) => (v === current ? { ...v, endedOn: input.on } : v))
  return {
    ok: true,
    arrangement: {
      status: 'cancelled',
      versions,
      history: [...arrangement.history, { type: 'cancelled', on: input.on, version: current.version, by: input.by, reason: input.reason, text: `Arrangement cancelled: ${input.reason}` }],
    },
  }
}
