/**
 * The expected-balance schedule of an arrangement: instalments on top of the current charge, each
 * period, until the arrears are cleared (DESIGN.md §4 "Arrangement", §5 "Arrangements").
 *
 * Conventions (each one a decision, recorded here so it can be checked):
 *
 * - **Arrears at the start.** `startingArrearsPence` is what is owed on the start date *not counting*
 *   the current rent week's debit: the arrears measure's own convention (`measureArrears`: this week's
 *   debit is not yet late). The current charge, including this week's, is paid by the charge part of
 *   each payment.
 * - **Each period** the tenant pays the current charge for the period plus the instalment, so the
 *   arrears fall by the instalment each period (`expectedArrearsPence` on each entry). The charge for a
 *   period: weekly × 1, fortnightly × 2, 4-weekly × 4, monthly weekly × 52 ÷ 12 rounded half up to the
 *   penny (the Direct Debit and Universal Credit convention, `domain/direct-debit/schedule.ts`).
 * - **Due dates** are the start date plus whole periods: 7, 14 or 28 days, or calendar months counted
 *   from the start date each time (31 Jan, 28 Feb, 31 Mar: never drifting to the 28th). A lump sum
 *   first is due on its own date, on or before the first instalment.
 * - **The last instalment** is only what is left (it may be smaller); the schedule ends there and that
 *   due date is the completion date.
 * - **Maximum term.** Every instalment must fall due *before* the first due date plus
 *   `maxTermMonths` (so a 12-month term holds 12 monthly or 53 weekly instalments). If the instalment
 *   cannot clear the arrears within the term, `ArrangementScheduleError` says so and gives the
 *   smallest instalment that would. `DEFAULT_MAX_TERM_MONTHS` (60) is a Reeve default
 *   [assumption]: each council sets its own.
 * - **Expected balance** (what the nightly check compares the ledger balance with,
 *   `expectedBalanceOn`): rent is debited every Monday (DESIGN.md §5 "Rent weeks"), so the expected
 *   ledger balance at the end of a day is the starting arrears, plus the weekly charge for every
 *   Monday from the Monday of the first due date's rent week up to the day, less every payment
 *   (charge + instalment) due by the day. After the arrears are cleared the tenant goes on paying the
 *   charge each period. Rent-free weeks are not modelled: with no debit that week the actual balance
 *   is *better* than expected, never worse, so they cannot cause a false breach.
 * - **Several accounts.** With `accounts`, each payment's instalment part is apportioned across them
 *   by priority (`apportionPayment`), tracking what is left on each; their balances must add up to the
 *   starting arrears.
 */
import { addDays, compareDates, diffDays, parseIsoDate, weekCommencing, type IsoDate } from '../calendar/index.ts'
import { assertPence, formatPounds, type Pence } from '../money/pence.ts'
import { addMonths } from '../recovery/index.ts'
import { apportionPayment, type AccountId, type ApportionAccount, type ApportionOptions } from './apportion.ts'
import { FREQUENCY_LABELS, type ArrangementFrequency } from './vocabulary.ts'

/** Longest arrangement Reeve accepts by default, in months [assumption]; a council setting. */
export const DEFAULT_MAX_TERM_MONTHS = 60

export interface LumpSum {
  date: IsoDate
  amountPence: Pence
}

export interface ScheduleInput {
  /** The first instalment's due date. */
  startDate: IsoDate
  frequency: ArrangementFrequency
  /** Paid each period on top of the current charge, towards the arrears. */
  instalmentPence: Pence
  /** A one-off payment towards the arrears first, on or before `startDate`. */
  lumpSumFirst?: LumpSum | null
  /** The current gross weekly charge (0 for former tenant and sundry debts). */
  currentWeeklyChargePence: Pence
  /** Arrears on the start date, not counting the current rent week's debit. */
  startingArrearsPence: Pence
  /** The debts the arrangement covers, to apportion each payment across (optional). */
  accounts?: readonly ApportionAccount[]
  apportion?: ApportionOptions
  maxTermMonths?: number
}

export interface AccountShare {
  accountId: AccountId
  pence: Pence
  balanceAfterPence: Pence
}

export interface ScheduleEntry {
  /** 0 for the lump sum, then 1, 2, 3 … for instalments. */
  n: number
  kind: 'lump_sum' | 'instalment'
  dueOn: IsoDate
  /** Towards the arrears. */
  instalmentPence: Pence
  /** The current charge for the period (0 for a lump sum). */
  chargePence: Pence
  /** What the tenant pays: charge + instalment. */
  paymentPence: Pence
  /** Arrears once this payment is made. */
  expectedArrearsPence: Pence
  perAccount?: AccountShare[]
}

export interface ExpectedSchedule {
  startDate: IsoDate
  frequency: ArrangementFrequency
  instalmentPence: Pence
  currentWeeklyChargePence: Pence
  /** The charge part of each regular payment. */
  chargePerPeriodPence: Pence
  startingArrearsPence: Pence
  lumpSumFirst: LumpSum | null
  /** The lump sum's date, else the start date: the arrangement runs from here. */
  firstDueOn: IsoDate
  entries: ScheduleEntry[]
  /** The due date of the payment that clears the arrears. */
  completesOn: IsoDate
  instalmentCount: number
  finalInstalmentPence: Pence
  maxTermMonths: number
  /** Every instalment falls due before this date. */
  termEndsBefore: IsoDate
}

export type ScheduleErrorCode =
  | 'no_arrears'
  | 'instalment_not_positive'
  | 'charge_negative'
  | 'lump_sum_after_start'
  | 'lump_sum_not_positive'
  | 'lump_sum_too_large'
  | 'accounts_do_not_match'
  | 'max_term_invalid'
  | 'exceeds_max_term'

export class ArrangementScheduleError extends Error {
  override name = 'ArrangementScheduleError'
  constructor(
    readonly code: ScheduleErrorCode,
    message: string,
    /** For `exceeds_max_term`: the smallest instalment that clears the arrears within the term. */
    readonly minimumInstalmentPence: Pence | null = null,
  ) {
    super(message)
  }
}

const STEP_DAYS: Record<Exclude<ArrangementFrequency, 'monthly'>, number> = { weekly: 7, fortnightly: 14, four_weekly: 28 }

/** The k-th due date (k = 0 is the start date). */
export function periodDate(startDate: IsoDate, frequency: ArrangementFrequency, k: number): IsoDate {
  return frequency === 'monthly' ? addMonths(startDate, k) : addDays(startDate, STEP_DAYS[frequency] * k)
}

/** The current charge for one period of the frequency (monthly: weekly × 52 ÷ 12, half up). */
export function chargeForPeriod(weeklyPence: Pence, frequency: ArrangementFrequency): Pence {
  assertPence(weeklyPence)
  switch (frequency) {
    case 'weekly':
      return weeklyPence
    case 'fortnightly':
      return weeklyPence * 2
    case 'four_weekly':
      return weeklyPence * 4
    case 'monthly':
      return Math.floor((weeklyPence * 52 * 2 + 12) / 24) // round half up of weekly × 52 / 12
  }
}

/** How many due dates (k = 0, 1, …) fall strictly before `before`. */
function datesBefore(startDate: IsoDate, frequency: ArrangementFrequency, before: IsoDate): number {
  if (compareDates(startDate, before) >= 0) return 0
  if (frequency !== 'monthly') return Math.floor((diffDays(startDate, before) - 1) / STEP_DAYS[frequency]) + 1
  let k = 0
  while (compareDates(addMonths(startDate, k), before) < 0) k++
  return k
}

const ceilDiv = (a: number, b: number) => Math.floor((a + b - 1) / b)

function perText(frequency: ArrangementFrequency): string {
  return FREQUENCY_LABELS[frequency].per
}

/** Builds the dated expected path; throws `ArrangementScheduleError` when the terms cannot work. */
export function buildExpectedSchedule(input: ScheduleInput): ExpectedSchedule {
  const startDate = parseIsoDate(input.startDate)
  const { frequency } = input
  const instalment = assertPence(input.instalmentPence)
  const weekly = assertPence(input.currentWeeklyChargePence)
  const arrears = assertPence(input.startingArrearsPence)
  const maxTermMonths = input.maxTermMonths ?? DEFAULT_MAX_TERM_MONTHS
  const lump = input.lumpSumFirst ?? null

  if (arrears <= 0) throw new ArrangementScheduleError('no_arrears', `There are no arrears to arrange (arrears ${formatPounds(arrears)})`)
  if (instalment <= 0) throw new ArrangementScheduleError('instalment_not_positive', 'Instalment must be more than £0.00')
  if (weekly < 0) throw new ArrangementScheduleError('charge_negative', 'Current weekly charge must be £0.00 or more')
  if (!Number.isSafeInteger(maxTermMonths) || maxTermMonths < 1 || maxTermMonths > 600) {
    throw new ArrangementScheduleError('max_term_invalid', `Maximum term must be a whole number of months from 1 to 600: ${maxTermMonths}`)
  }
  if (lump) {
    parseIsoDate(lump.date)
    assertPence(lump.amountPence)
    if (compareDates(lump.date, startDate) > 0) {
      throw new ArrangementScheduleError('lump_sum_after_start', `The lump sum (${lump.date}) must be due on or before the first instalment (${startDate})`)
    }
    if (lump.amountPence <= 0) throw new ArrangementScheduleError('lump_sum_not_positive', 'Lump sum must be more than £0.00')
    if (lump.amountPence > arrears) {
      throw new ArrangementScheduleError('lump_sum_too_large', `Lump sum of ${formatPounds(lump.amountPence)} is more than the arrears of ${formatPounds(arrears)}`)
    }
  }
  const accounts = input.accounts
  if (accounts) {
    const total = accounts.reduce((sum, a) => sum + Math.max(0, assertPence(a.balancePence)), 0)
    if (total !== arrears) {
      throw new ArrangementScheduleError(
        'accounts_do_not_match',
        `The accounts owe ${formatPounds(total)} between them but the arrears to arrange are ${formatPounds(arrears)}`,
      )
    }
  }

  const firstDueOn = lump ? lump.date : startDate
  const termEndsBefore = addMonths(firstDueOn, maxTermMonths)
  const afterLump = arrears - (lump?.amountPence ?? 0)
  const count = ceilDiv(afterLump, instalment)
  if (count > 0 && compareDates(periodDate(startDate, frequency, count - 1), termEndsBefore) >= 0) {
    const allowed = datesBefore(startDate, frequency, termEndsBefore)
    const minimum = allowed > 0 ? ceilDiv(afterLump, allowed) : null
    const lastDue = periodDate(startDate, frequency, count - 1)
    throw new ArrangementScheduleError(
      'exceeds_max_term',
      `An instalment of ${formatPounds(instalment)} ${perText(frequency)} would take ${count} instalments, until ${lastDue}, to clear ` +
        `${formatPounds(afterLump)} of arrears: longer than the maximum term of ${maxTermMonths} months (instalments must fall due before ${termEndsBefore}). ` +
        (minimum === null
          ? 'No instalment can start in time: move the start date forward.'
          : `The instalment needs to be at least ${formatPounds(minimum)} ${perText(frequency)}.`),
      minimum,
    )
  }

  const chargePerPeriod = chargeForPeriod(weekly, frequency)
  const balances = accounts?.map((a) => Math.max(0, a.balancePence))
  const share = (pence: Pence): AccountShare[] | undefined => {
    if (!accounts || !balances) return undefined
    const current = accounts.map((a, i) => ({ ...a, balancePence: balances[i]! }))
    const { allocations } = apportionPayment(pence, current, input.apportion)
    return allocations.map((al, i) => {
      balances[i]! -= al.pence
      return { accountId: al.accountId, pence: al.pence, balanceAfterPence: balances[i]! }
    })
  }

  const entries: ScheduleEntry[] = []
  let left = arrears
  if (lump) {
    left -= lump.amountPence
    const perAccount = share(lump.amountPence)
    entries.push({
      n: 0,
      kind: 'lump_sum',
      dueOn: lump.date,
      instalmentPence: lump.amountPence,
      chargePence: 0,
      paymentPence: lump.amountPence,
      expectedArrearsPence: left,
      ...(perAccount ? { perAccount } : {}),
    })
  }
  for (let k = 0; k < count; k++) {
    const pay = Math.min(instalment, left)
    left -= pay
    const perAccount = share(pay)
    entries.push({
      n: k + 1,
      kind: 'instalment',
      dueOn: periodDate(startDate, frequency, k),
      instalmentPence: pay,
      chargePence: chargePerPeriod,
      paymentPence: chargePerPeriod + pay,
      expectedArrearsPence: left,
      ...(perAccount ? { perAccount } : {}),
    })
  }
  const last = entries[entries.length - 1]!
  return {
    startDate,
    frequency,
    instalmentPence: instalment,
    currentWeeklyChargePence: weekly,
    chargePerPeriodPence: chargePerPeriod,
    startingArrearsPence: arrears,
    lumpSumFirst: lump,
    firstDueOn,
    entries,
    completesOn: last.dueOn,
    instalmentCount: count,
    finalInstalmentPence: count > 0 ? last.instalmentPence : 0,
    maxTermMonths,
    termEndsBefore,
  }
}

// ---------------------------------------------------------------------------------------------
// Reading the schedule on a date
// ---------------------------------------------------------------------------------------------

// Reading a schedule is done for every change point of every nightly check, so the readers are kept
// to a binary search over prefix sums (cached per schedule object) and day-number arithmetic: no
// scans, and dates are validated once at the public entry points, not on every internal step.
interface Prefix {
  instalments: Pence[]
  payments: Pence[]
  /** Day number of the Monday of the first due date's rent week. */
  firstMonday: number
  startDay: number
}
const prefixes = new WeakMap<ExpectedSchedule, Prefix>()

/** Days since 1970-01-01 of an ISO date already known to be valid (hot path: no checks). */
export function dayNumber(d: IsoDate): number {
  return Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) / 86_400_000
}

function prefixOf(schedule: ExpectedSchedule): Prefix {
  let p = prefixes.get(schedule)
  if (!p) {
    const instalments = [0]
    const payments = [0]
    for (const e of schedule.entries) {
      instalments.push(instalments[instalments.length - 1]! + e.instalmentPence)
      payments.push(payments[payments.length - 1]! + e.paymentPence)
    }
    p = { instalments, payments, firstMonday: dayNumber(weekCommencing(schedule.firstDueOn)), startDay: dayNumber(schedule.startDate) }
    prefixes.set(schedule, p)
  }
  return p
}

/** How many entries fall due on or before `on` (entries are in date order; ISO strings sort by date). */
function dueCount(schedule: ExpectedSchedule, on: IsoDate): number {
  let lo = 0
  let hi = schedule.entries.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (schedule.entries[mid]!.dueOn <= on) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Due dates (k = 0, 1, …) on or before `on`. */
function datesOnOrBefore(schedule: ExpectedSchedule, on: IsoDate): number {
  if (schedule.frequency !== 'monthly') {
    const days = dayNumber(on) - prefixOf(schedule).startDay
    return days < 0 ? 0 : Math.floor(days / STEP_DAYS[schedule.frequency]) + 1
  }
  return datesBefore(schedule.startDate, schedule.frequency, addDays(on, 1))
}

/** Due dates after the last instalment (charge only) on or before `on`. */
function chargeOnlyPeriodsBy(schedule: ExpectedSchedule, on: IsoDate): number {
  if (schedule.chargePerPeriodPence === 0 || on < schedule.completesOn) return 0
  return Math.max(0, datesOnOrBefore(schedule, on) - schedule.instalmentCount)
}

/** The schedule read on one (valid) day; the public readers below validate and delegate here. */
export interface ScheduleReading {
  expectedArrearsPence: Pence
  expectedPaidPence: Pence
  chargesAccruedPence: Pence
  expectedBalancePence: Pence
  lastDueDate: IsoDate | null
}

export function readScheduleOn(schedule: ExpectedSchedule, on: IsoDate): ScheduleReading {
  const p = prefixOf(schedule)
  const n = dueCount(schedule, on)
  const extra = chargeOnlyPeriodsBy(schedule, on)
  const paid = p.payments[n]! + extra * schedule.chargePerPeriodPence
  const days = dayNumber(on) - p.firstMonday
  const accrued = schedule.currentWeeklyChargePence === 0 || days < 0 ? 0 : (Math.floor(days / 7) + 1) * schedule.currentWeeklyChargePence
  let lastDue = n > 0 ? schedule.entries[n - 1]!.dueOn : null
  if (extra > 0) {
    const chargeOnly = periodDate(schedule.startDate, schedule.frequency, schedule.instalmentCount + extra - 1)
    if (!lastDue || chargeOnly > lastDue) lastDue = chargeOnly
  }
  return {
    expectedArrearsPence: schedule.startingArrearsPence - p.instalments[n]!,
    expectedPaidPence: paid,
    chargesAccruedPence: accrued,
    expectedBalancePence: schedule.startingArrearsPence + accrued - paid,
    lastDueDate: lastDue,
  }
}

/** Entries due on or before `on`. */
export function entriesDueBy(schedule: ExpectedSchedule, on: IsoDate): ScheduleEntry[] {
  return schedule.entries.slice(0, dueCount(schedule, parseIsoDate(on)))
}

/** The arrears the schedule expects once the payments due by `on` are made. */
export function expectedArrearsOn(schedule: ExpectedSchedule, on: IsoDate): Pence {
  return readScheduleOn(schedule, parseIsoDate(on)).expectedArrearsPence
}

/**
 * Everything the tenant should have paid by `on` (charge + instalments), including the charge for
 * each period after the arrears are cleared.
 */
export function expectedPaidBy(schedule: ExpectedSchedule, on: IsoDate): Pence {
  return readScheduleOn(schedule, parseIsoDate(on)).expectedPaidPence
}

/** The current charge debited (every Monday) from the first due date's rent week up to `on`. */
export function chargesAccruedBy(schedule: ExpectedSchedule, on: IsoDate): Pence {
  return readScheduleOn(schedule, parseIsoDate(on)).chargesAccruedPence
}

/** The ledger balance the schedule expects at the end of `on`. */
export function expectedBalanceOn(schedule: ExpectedSchedule, on: IsoDate): Pence {
  return readScheduleOn(schedule, parseIsoDate(on)).expectedBalancePence
}

/** The latest due date on or before `on`, or null before the first. */
export function lastDueDateBy(schedule: ExpectedSchedule, on: IsoDate): IsoDate | null {
  return readScheduleOn(schedule, parseIsoDate(on)).lastDueDate
}

/** The due dates after the arrears are cleared where only the charge is paid (for the check's sweep). */
export function chargeOnlyDatesBetween(schedule: ExpectedSchedule, from: IsoDate, to: IsoDate): IsoDate[] {
  if (schedule.chargePerPeriodPence === 0) return []
  const out: IsoDate[] = []
  for (let k = schedule.instalmentCount; ; k++) {
    const d = periodDate(schedule.startDate, schedule.frequency, k)
    if (compareDates(d, to) > 0) break
    if (compareDates(d, from) >= 0) out.push(d)
  }
  return out
}
