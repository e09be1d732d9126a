/**
 * Amounts on an income and expenditure statement are given at whatever frequency they are paid or
 * received, and the Standard Financial Statement works in months. Everything is normalised to
 * monthly pence here, the SFS way (DOMAIN.md §7; the same ×52÷12 convention as Universal Credit
 * housing costs, §6.1):
 *
 * | frequency   | monthly                 |
 * | ----------- | ----------------------- |
 * | weekly      | × 52 ÷ 12               |
 * | fortnightly | × 26 ÷ 12               |
 * | four_weekly | × 13 ÷ 12               |
 * | monthly     | × 1                     |
 * | quarterly   | × 4 ÷ 12 (÷ 3)          |
 * | annual      | ÷ 12                    |
 *
 * **Rounding.** Each line is converted once, in exact integer arithmetic, and rounded to the nearest
 * penny with halves rounded up (amounts are never negative). Totals are sums of the rounded lines, so
 * the statement's figures always add up as shown. A year is taken as 52 weeks (not 52.18): the SFS
 * and UC convention; the odd day a year is lost, never double counted.
 *
 * Going the other way (`fromMonthlyPence`, to turn a monthly offer into a weekly instalment) rounds
 * *down*, so an instalment never asks for more than the monthly figure it came from.
 */
import { assertPence, type Pence } from '../money/pence.ts'

export const FREQUENCIES = ['weekly', 'fortnightly', 'four_weekly', 'monthly', 'quarterly', 'annual'] as const
export type Frequency = (typeof FREQUENCIES)[number]

/** How many times a year each frequency falls. */
export const TIMES_A_YEAR: Record<Frequency, number> = { weekly: 52, fortnightly: 26, four_weekly: 13, monthly: 12, quarterly: 4, annual: 1 }

export const FREQUENCY_NAMES: Record<Frequency, string> = {
  weekly: 'a week',
  fortnightly: 'a fortnight',
  four_weekly: 'every 4 weeks',
  monthly: 'a month',
  quarterly: 'a quarter',
  annual: 'a year',
}

function nonNegative(amountPence: Pence): Pence {
  assertPence(amountPence)
  if (amountPence < 0) throw new RangeError(`Amount must not be negative: ${amountPence}`)
  return amountPence
}

/** The monthly equivalent in pence, to the nearest penny (halves up). */
export function toMonthlyPence(amountPence: Pence, frequency: Frequency): Pence {
  const n = BigInt(nonNegative(amountPence)) * BigInt(TIMES_A_YEAR[frequency])
  return Number((n * 2n + 12n) / 24n) // round half up of n / 12
}

/** The amount per period of `frequency` that a monthly figure pays for, rounded down to the penny. */
export function fromMonthlyPence(monthlyPence: Pence, frequency: Frequency): Pence {
  return Number((BigInt(nonNegative(monthlyPence)) * 12n) / BigInt(TIMES_A_YEAR[frequency]))
}
