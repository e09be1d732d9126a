/**
 * Ratios of money and counts, exactly. A performance measure such as "rent collected as % of rent due" is a
 * numerator over a denominator, both integers (pence, or counts). It is kept as that exact rational: shown as
 * basis points (1 bp = 0.01%) rounded half away from zero, and compared with a target exactly (cross-multiplied
 * in BigInt), so a collection rate of 98.495% never "meets" a 98.50% target through rounding. No floats.
 */
import { assertPence } from '../money/pence.ts'

/** An exact ratio of two whole numbers. `denominator` may be 0: the ratio is then undefined (shown as "n/a"). */
export interface Ratio {
  numerator: number
  denominator: number
}

export const BASIS_POINTS_PER_UNIT = 10_000

export function ratio(numerator: number, denominator: number): Ratio {
  assertPence(numerator)
  assertPence(denominator)
  if (denominator < 0) throw new RangeError(`A ratio's denominator cannot be negative: ${denominator}`)
  return { numerator, denominator }
}

export function isDefined(r: Ratio): boolean {
  return r.denominator !== 0
}

/** Integer division rounding half away from zero (d > 0). */
function divideRoundHalfAway(n: bigint, d: bigint): bigint {
  const q = n / d
  const rem = n % d
  const abs = rem < 0n ? -rem : rem
  if (abs * 2n >= d) return n < 0n ? q - 1n : q + 1n
  return q
}

/** The ratio in basis points (10,000 = 100%), rounded half away from zero; null when the denominator is 0. */
export function toBasisPoints(r: Ratio): number | null {
  if (r.denominator === 0) return null
  return Number(divideRoundHalfAway(BigInt(r.numerator) * BigInt(BASIS_POINTS_PER_UNIT), BigInt(r.denominator)))
}

/** Basis points as a percentage with two decimals: 9853 → "98.53%", -5 → "-0.05%". */
export function formatBasisPoints(bps: number): string {
  if (!Number.isSafeInteger(bps)) throw new RangeError(`Basis points must be a whole number: ${bps}`)
  const sign = bps < 0 ? '-' : ''
  const abs = Math.abs(bps)
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}%`
}

/** A ratio as a percentage with two decimals, or "n/a" when there is nothing to divide by. */
export function formatRatio(r: Ratio): string {
  const bps = toBasisPoints(r)
  return bps === null ? 'n/a' : formatBasisPoints(bps)
}

/** Sums ratios term by term (the ratio of the totals, not an average of ratios). */
export function sumRatios(ratios: readonly Ratio[]): Ratio {
  let numerator = 0
  let denominator = 0
  for (const r of ratios) {
    numerator = assertPence(numerator + r.numerator)
    denominator = assertPence(denominator + r.denominator)
  }
  return { numerator, denominator }
}

/**
 * Compares a ratio with a level in basis points, exactly: negative when the ratio is below it, 0 when equal,
 * positive when above. Null when the ratio is undefined.
 */
export function compareRatioWithBasisPoints(r: Ratio, bps: number): number | null {
  if (r.denominator === 0) return null
  if (!Number.isSafeInteger(bps)) throw new RangeError(`Basis points must be a whole number: ${bps}`)
  const left = BigInt(r.numerator) * BigInt(BASIS_POINTS_PER_UNIT)
  const right = BigInt(bps) * BigInt(r.denominator)
  return left < right ? -1 : left > right ? 1 : 0
}
