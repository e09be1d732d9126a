import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compareRatioWithBasisPoints, formatBasisPoints, formatRatio, ratio, sumRatios, toBasisPoints } from './ratio.ts'

describe('toBasisPoints', () => {
  it.each([
    [98_530, 100_000, 9853],
    [1, 3, 3333],
    [2, 3, 6667],
    // 0.005% exactly: half a basis point rounds away from zero.
    [1, 20_000, 1],
    [-1, 20_000, -1],
    [0, 5, 0],
    [150, 100, 15_000],
  ])('%i / %i is %i basis points', (n, d, bps) => {
    expect(toBasisPoints(ratio(n, d))).toBe(bps)
  })

  it('is null when there is nothing to divide by', () => {
    expect(toBasisPoints(ratio(5, 0))).toBeNull()
    expect(formatRatio(ratio(5, 0))).toBe('n/a')
  })

  it('stays exact for a large council (£500m collected of £501m)', () => {
    // 50,000,000,000 × 10,000 is past 2^53: BigInt keeps it exact.
    expect(toBasisPoints(ratio(50_000_000_000, 50_100_000_000))).toBe(9980)
  })

  it('refuses a fraction of a penny or a negative denominator', () => {
    expect(() => ratio(1.5, 2)).toThrow(RangeError)
    expect(() => ratio(1, -2)).toThrow(RangeError)
  })

  it('is within half a basis point of the exact ratio (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: 1, max: 1e12 }), (n, d) => {
        const bps = toBasisPoints(ratio(n, d))!
        // |bps·d − n·10⁴| ≤ d/2, in BigInt so the check itself is exact.
        const diff = BigInt(bps) * BigInt(d) - BigInt(n) * 10_000n
        return 2n * (diff < 0n ? -diff : diff) <= BigInt(d)
      }),
    )
  })
})

describe('formatBasisPoints', () => {
  it.each([
    [9853, '98.53%'],
    [10_000, '100.00%'],
    [5, '0.05%'],
    [-5, '-0.05%'],
    [0, '0.00%'],
  ])('%i is %s', (bps, text) => expect(formatBasisPoints(bps)).toBe(text))
})

describe('compareRatioWithBasisPoints', () => {
  it('does not let rounding meet a target: 98.495% is below 98.50% though it shows as 98.50%', () => {
    const r = ratio(98_495, 100_000)
    expect(formatRatio(r)).toBe('98.50%')
    expect(compareRatioWithBasisPoints(r, 9850)).toBe(-1)
    expect(compareRatioWithBasisPoints(ratio(98_500, 100_000), 9850)).toBe(0)
  })

  it('agrees with exact rational comparison (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: 1, max: 1e12 }), fc.integer({ min: -20_000, max: 20_000 }), (n, d, bps) => {
        const c = compareRatioWithBasisPoints(ratio(n, d), bps)
        const exact = BigInt(n) * 10_000n - BigInt(bps) * BigInt(d)
        return c === (exact < 0n ? -1 : exact > 0n ? 1 : 0)
      }),
    )
  })
})

describe('sumRatios', () => {
  it('is the ratio of the totals, not the average of the rates', () => {
    // 50% of £100 and 100% of £300: together £350 of £400 = 87.5%, not 75%.
    const total = sumRatios([ratio(50, 100), ratio(300, 300)])
    expect(total).toEqual({ numerator: 350, denominator: 400 })
    expect(formatRatio(total)).toBe('87.50%')
  })

  it('never loses a penny: the parts sum to the whole (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 1e9 })), { maxLength: 50 }), (parts) => {
        const total = sumRatios(parts.map(([n, d]) => ratio(n, d)))
        return total.numerator === parts.reduce((s, [n]) => s + n, 0) && total.denominator === parts.reduce((s, [, d]) => s + d, 0)
      }),
    )
  })
})
