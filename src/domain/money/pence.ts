/**
 * Money in Reeve is always an integer number of pence. Floats never touch an
 * amount: 0.1 + 0.2 style drift would put rent accounts out by a penny, and a
 * penny out is still an arrears case.
 */

/** An amount of money in integer pence (a safe integer, may be negative). */
export type Pence = number;

export class MoneyParseError extends Error {
  override name = 'MoneyParseError';
}

/** Returns n if it is a safe integer, so it can be used as pence; throws RangeError otherwise. */
export function assertPence(n: number): number {
  if (!Number.isSafeInteger(n)) {
    throw new RangeError(`Not a whole number of pence: ${String(n)}`);
  }
  return n;
}

// Thousands commas are only accepted in correct groups of three, so a typo like
// "1,23.00" is rejected rather than silently read as 123.00.
const POUNDS_RE = /^(-)?£?((?:[1-9]\d{0,2}(?:,\d{3})+)|\d+)(?:\.(\d{1,2}))?$/;

/**
 * Parses pounds text ("12", "-12.34", "£1,234.56", " 1234.5 ") into pence.
 * Works on the digit strings directly, so there is no floating point rounding.
 * A leading digit is required (".5" is rejected) as is at most 2 decimal places.
 */
export function parsePounds(text: string): Pence {
  const match = POUNDS_RE.exec(text.trim());
  if (!match) {
    throw new MoneyParseError(`Not a valid amount of money: "${text}"`);
  }
  const [, minus, whole = '', fraction = ''] = match;
  const digits = whole.replaceAll(',', '') + fraction.padEnd(2, '0');
  const magnitude = Number(digits);
  if (!Number.isSafeInteger(magnitude)) {
    throw new MoneyParseError(`Amount of money is too large: "${text}"`);
  }
  // `0 - 0` would give -0, which prints and compares oddly in places.
  return minus && magnitude !== 0 ? -magnitude : magnitude;
}

function splitPence(p: Pence): { sign: string; pounds: string; pence: string } {
  assertPence(p);
  const abs = Math.abs(p);
  return {
    sign: p < 0 ? '-' : '',
    pounds: String(Math.floor(abs / 100)),
    pence: String(abs % 100).padStart(2, '0'),
  };
}

/** Formats pence for people: `£1,234.56`, `-£3.50`, `£0.00`. */
export function formatPounds(p: Pence): string {
  const { sign, pounds, pence } = splitPence(p);
  const grouped = pounds.replace(/\B(?=(\d{3})+$)/g, ',');
  return `${sign}£${grouped}.${pence}`;
}

/** Formats pence for machine files such as CSV: `1234.56`, `-3.50`. */
export function formatPoundsPlain(p: Pence): string {
  const { sign, pounds, pence } = splitPence(p);
  return `${sign}${pounds}.${pence}`;
}

const PERCENT_RE = /^(-)?(\d+)(?:\.(\d{1,2}))?%?$/;

/** Parses a percentage such as "4.8", "-1" or "3.25%" into basis points (480, -100, 325). */
export function parsePercentToBasisPoints(text: string): number {
  const match = PERCENT_RE.exec(text.trim());
  if (!match) {
    throw new MoneyParseError(`Not a valid percentage (at most 2 decimal places): "${text}"`);
  }
  const [, minus, whole = '', fraction = ''] = match;
  const magnitude = Number(whole + fraction.padEnd(2, '0'));
  if (!Number.isSafeInteger(magnitude)) {
    throw new MoneyParseError(`Percentage is too large: "${text}"`);
  }
  return minus && magnitude !== 0 ? -magnitude : magnitude;
}

/** Integer division of n by d (d > 0) rounding half away from zero. */
function divideRoundHalfAway(n: bigint, d: bigint): bigint {
  const q = n / d; // BigInt division truncates toward zero
  const r = n % d;
  const abs = r < 0n ? -r : r;
  if (abs * 2n >= d) return n < 0n ? q - 1n : q + 1n;
  return q;
}

/**
 * Increases an amount by bps/10000 (e.g. a rent rise of 480bps = 4.8%), rounding
 * half away from zero to the penny. BigInt keeps the intermediate product exact
 * even for large amounts.
 */
export function applyBasisPoints(amountPence: Pence, bps: number): Pence {
  assertPence(amountPence);
  if (!Number.isSafeInteger(bps)) throw new RangeError(`Basis points must be a whole number: ${bps}`);
  const scaled = BigInt(amountPence) * BigInt(10_000 + bps);
  const result = Number(divideRoundHalfAway(scaled, 10_000n));
  return assertPence(result === 0 ? 0 : result);
}

/**
 * Splits an integer total into integer parts proportional to the weights, with
 * the parts summing exactly to the total (largest remainder method; equal
 * remainders favour the earlier index). Used e.g. to spread a payment across
 * debts without losing or inventing a penny.
 */
export function allocateProportionally(total: number, weights: readonly number[]): number[] {
  assertPence(total);
  for (const [i, w] of weights.entries()) {
    if (!Number.isSafeInteger(w) || w < 0) {
      throw new RangeError(`Weight at index ${i} must be a non-negative whole number: ${w}`);
    }
  }
  const weightSum = weights.reduce((sum, w) => sum + BigInt(w), 0n);
  if (weightSum === 0n) {
    if (total !== 0) throw new RangeError(`Cannot allocate ${total} when all weights are zero`);
    return weights.map(() => 0);
  }
  // Allocate the magnitude then restore the sign, so negative totals (refunds,
  // reversals) split symmetrically with positive ones.
  const magnitude = BigInt(Math.abs(total));
  const floors = weights.map((w) => (magnitude * BigInt(w)) / weightSum);
  const remainders = weights.map((w) => (magnitude * BigInt(w)) % weightSum);
  let leftover = Number(magnitude - floors.reduce((a, b) => a + b, 0n));
  const order = weights
    .map((_, i) => i)
    .sort((a, b) => {
      const ra = remainders[a]!;
      const rb = remainders[b]!;
      return ra === rb ? a - b : rb > ra ? 1 : -1;
    });
  for (const i of order) {
    if (leftover === 0) break;
    floors[i]! += 1n;
    leftover -= 1;
  }
  return floors.map((part) => (total < 0 && part !== 0n ? -Number(part) : Number(part)));
}
