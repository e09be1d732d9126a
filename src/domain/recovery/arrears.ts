/**
 * The arrears measure of one account on one day: what the recovery pathway's conditions look at.
 *
 * Conventions (DESIGN.md §5 "Arrears", DOMAIN.md §9 "Defining arrears", §6.1-6.2):
 *
 * - **Balance** is the ledger balance, positive when the customer owes money.
 * - **Current week allowance.** Rent is debited weekly on Monday and is due in advance, so on any
 *   day of the rent week (Monday to Sunday) the debit for *this* week is not yet treated as late:
 *   it is taken off the balance until the next rent week begins. This is a management convention
 *   only; in law the rent is owed from its due date (*Doncaster v Coventry*), which is why the legal
 *   balance is kept alongside. The caller passes what was debited in the rent week that contains
 *   `today` (0 in a rent-free week, or before that week's debit run).
 * - **Technical arrears** are the part of the balance that exists only because Housing Benefit or
 *   Universal Credit housing costs, paid in arrears for periods already charged, have not arrived
 *   yet. The caller lists each expected credit with the date it is expected. A credit counts as
 *   technical until `benefitGraceDays` (default 7) after its expected date; after that it is
 *   overdue, is no longer allowed for, and the officer should chase it. The grace is a Reeve
 *   default [assumption], kept as an option so a council can set its own.
 * - **Collectable arrears** = balance − current week allowance − technical arrears, never below 0.
 *   The allowance and technical parts never exceed what is left of the balance, so
 *   collectable + technical + allowance = max(0, balance) whenever the balance is at least the
 *   sum of the allowances.
 * - **Arrears in weeks** = collectable ÷ current gross weekly charge, returned as whole hundredths
 *   of a week rounded *down* (integer arithmetic, no float drift). Rounding down means a case never
 *   crosses a weeks threshold by rounding: 3.999 weeks is 3.99, not 4.00, and `hundredths >= 400`
 *   holds exactly when collectable >= 4 × weekly charge. `null` when there is no weekly charge
 *   (former tenant and sundry accounts), where a weeks threshold cannot apply.
 * - **Trend** compares today's balance with the balance history point nearest to 4 weeks ago
 *   (`trend`) and nearest to 13 weeks ago (`longTrend`). Points less than 7 days old are ignored.
 *   The balance moved by more than half a week's gross charge (or £10 when there is no weekly
 *   charge) up is `rising`, down is `falling`, otherwise `steady`. Comparing with a point 4 weeks
 *   back lines up with the 4-weekly Housing Benefit cycle, so HB-paid accounts do not swing
 *   between rising and falling with each payment run. With no usable history the trend is
 *   `steady` and its basis is `null` (so an explanation can say there was nothing to compare).
 */
import { addDays, compareDates, dayOfWeek, diffDays, parseIsoDate, type IsoDate } from '../calendar/index.ts'
import { assertPence, type Pence } from '../money/pence.ts'
import type { Trend } from './vocabulary.ts'

export interface ExpectedBenefitCredit {
  /** HB or UC housing costs due for a period already charged, not yet received. */
  amountPence: Pence
  /** When the credit is expected on the account. */
  expectedOn: IsoDate
}

export interface BalancePoint {
  on: IsoDate
  balancePence: Pence
}

export interface ArrearsInput {
  today: IsoDate
  /** Ledger balance, positive when owed. */
  balancePence: Pence
  /** The current gross weekly charge (rent plus all service and other charges), 0 if none. */
  grossWeeklyChargePence: Pence
  /** What was debited in the rent week that contains `today` (0 in a rent-free week or before the debit run). */
  currentWeekDebitPence: Pence
  expectedBenefit?: readonly ExpectedBenefitCredit[]
  lastPaymentOn: IsoDate | null
  /** Earlier balances, e.g. 4 and 13 weeks ago, for the trend. Any order. */
  history?: readonly BalancePoint[]
  /** Days after its expected date that a benefit credit still counts as technical arrears (default 7). */
  benefitGraceDays?: number
}

export interface TrendReading {
  trend: Trend
  /** The history point compared with; null when there was none old enough. */
  basis: { from: IsoDate; fromBalancePence: Pence; changePence: Pence; thresholdPence: Pence } | null
}

export interface ArrearsMeasure {
  asOf: IsoDate
  /** ISO day of the rent week (1 = Monday, the debit day … 7 = Sunday). */
  dayOfRentWeek: number
  balancePence: Pence
  grossWeeklyChargePence: Pence
  /** The part of this week's debit allowed for (never more than the balance). */
  currentWeekAllowancePence: Pence
  /** Benefit expected for periods already charged and not yet late: allowed for. */
  technicalArrearsPence: Pence
  /** Benefit credits past their grace period: not allowed for (counted in collectable arrears). */
  overdueBenefitPence: Pence
  collectableArrearsPence: Pence
  /** Collectable arrears in hundredths of a week of the gross weekly charge, rounded down; null without a weekly charge. */
  arrearsWeeksHundredths: number | null
  lastPaymentOn: IsoDate | null
  daysSinceLastPayment: number | null
  trend: Trend
  trendBasis: TrendReading['basis']
  longTrend: Trend
  longTrendBasis: TrendReading['basis']
}

export const DEFAULT_BENEFIT_GRACE_DAYS = 7
const SHORT_TREND_DAYS = 28
const LONG_TREND_DAYS = 91
const MIN_TREND_AGE_DAYS = 7
/** Trend threshold when there is no weekly charge to take half of: £10. */
const FLAT_TREND_THRESHOLD_PENCE = 1000

function nonNegative(name: string, n: number): number {
  assertPence(n)
  if (n < 0) throw new RangeError(`${name} must not be negative: ${n}`)
  return n
}

/** Hundredths of a week, rounded down, in exact integer arithmetic. */
export function weeksHundredths(amountPence: Pence, weeklyPence: Pence): number | null {
  nonNegative('amountPence', amountPence)
  nonNegative('weeklyPence', weeklyPence)
  if (weeklyPence === 0) return null
  return Number((BigInt(amountPence) * 100n) / BigInt(weeklyPence))
}

/** `621` → `"6.21"` (for explanations). */
export function formatWeeks(hundredths: number): string {
  const whole = Math.floor(hundredths / 100)
  return `${whole}.${String(hundredths % 100).padStart(2, '0')}`
}

function trendThreshold(weeklyPence: Pence): Pence {
  return weeklyPence > 0 ? Math.ceil(weeklyPence / 2) : FLAT_TREND_THRESHOLD_PENCE
}

function readTrend(input: ArrearsInput, targetDays: number): TrendReading {
  const threshold = trendThreshold(input.grossWeeklyChargePence)
  let best: BalancePoint | undefined
  let bestDistance = Infinity
  for (const point of input.history ?? []) {
    const age = diffDays(point.on, input.today)
    if (age < MIN_TREND_AGE_DAYS) continue
    const distance = Math.abs(age - targetDays)
    // Equal distance: prefer the older point (a longer, steadier comparison).
    if (distance < bestDistance || (distance === bestDistance && best && compareDates(point.on, best.on) < 0)) {
      best = point
      bestDistance = distance
    }
  }
  if (!best) return { trend: 'steady', basis: null }
  const change = input.balancePence - best.balancePence
  const trend: Trend = change > threshold ? 'rising' : change < -threshold ? 'falling' : 'steady'
  return { trend, basis: { from: best.on, fromBalancePence: best.balancePence, changePence: change, thresholdPence: threshold } }
}

/** Measures an account's arrears on `input.today`. Pure; throws RangeError on impossible input. */
export function measureArrears(input: ArrearsInput): ArrearsMeasure {
  const today = parseIsoDate(input.today)
  const balance = assertPence(input.balancePence)
  const weekly = nonNegative('grossWeeklyChargePence', input.grossWeeklyChargePence)
  const weekDebit = nonNegative('currentWeekDebitPence', input.currentWeekDebitPence)
  const grace = input.benefitGraceDays ?? DEFAULT_BENEFIT_GRACE_DAYS
  if (!Number.isSafeInteger(grace) || grace < 0) throw new RangeError(`benefitGraceDays must be a whole number ≥ 0: ${grace}`)
  for (const point of input.history ?? []) {
    assertPence(point.balancePence)
    if (compareDates(point.on, today) > 0) throw new RangeError(`Balance history point ${point.on} is after today ${today}`)
  }
  if (input.lastPaymentOn !== null && compareDates(input.lastPaymentOn, today) > 0) {
    throw new RangeError(`Last payment date ${input.lastPaymentOn} is after today ${today}`)
  }

  let expectedNotLate = 0
  let overdue = 0
  const lateFrom = addDays(today, -grace)
  for (const credit of input.expectedBenefit ?? []) {
    const amount = nonNegative('expected benefit amountPence', credit.amountPence)
    if (compareDates(credit.expectedOn, lateFrom) >= 0) expectedNotLate += amount
    else overdue += amount
  }

  const owed = Math.max(0, balance)
  const currentWeekAllowance = Math.min(weekDebit, owed)
  const technical = Math.min(expectedNotLate, owed - currentWeekAllowance)
  const collectable = owed - currentWeekAllowance - technical
  const short = readTrend(input, SHORT_TREND_DAYS)
  const long = readTrend(input, LONG_TREND_DAYS)

  return {
    asOf: today,
    dayOfRentWeek: dayOfWeek(today),
    balancePence: balance,
    grossWeeklyChargePence: weekly,
    currentWeekAllowancePence: currentWeekAllowance,
    technicalArrearsPence: technical,
    overdueBenefitPence: overdue,
    collectableArrearsPence: collectable,
    arrearsWeeksHundredths: weeksHundredths(collectable, weekly),
    lastPaymentOn: input.lastPaymentOn,
    daysSinceLastPayment: input.lastPaymentOn === null ? null : diffDays(input.lastPaymentOn, today),
    trend: short.trend,
    trendBasis: short.basis,
    longTrend: long.trend,
    longTrendBasis: long.basis,
  }
}
