import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { FREQUENCIES, fromMonthlyPence, toMonthlyPence } from './frequency.ts'

describe('toMonthlyPence', () => {
  it.each([
    ['weekly', 10_000, 43_333], // £100 × 52 ÷ 12 = £433.333…
    ['fortnightly', 10_000, 21_667], // × 26 ÷ 12 = £216.666…
    ['four_weekly', 10_000, 10_833], // × 13 ÷ 12 = £108.333…
    ['monthly', 10_000, 10_000],
    ['quarterly', 30_000, 10_000],
    ['annual', 17_450, 1_454], // a £174.50 TV licence: £14.541… a month
    ['weekly', 2_605, 11_288], // £26.05 a week: 11,288.33p
    // Halves round up: 3p a fortnight = 6.5p a month; 6p a year = 0.5p; 6p every 4 weeks = 6.5p.
    ['fortnightly', 3, 7],
    ['annual', 6, 1],
    ['four_weekly', 6, 7],
    ['weekly', 0, 0],
  ] as const)('%s %ip is %ip a month', (frequency, amount, monthly) => {
    expect(toMonthlyPence(amount, frequency)).toBe(monthly)
  })

  it('refuses negative and fractional amounts', () => {
    expect(() => toMonthlyPence(-1, 'weekly')).toThrow(RangeError)
    expect(() => toMonthlyPence(1.5, 'weekly')).toThrow(RangeError)
  })
})

describe('fromMonthlyPence', () => {
  it('rounds down, so an instalment never asks for more than the monthly figure', () => {
    expect(fromMonthlyPence(43_333, 'weekly')).toBe(9_999) // 43,333 × 12 ÷ 52 = 9,999.92
    expect(fromMonthlyPence(10_000, 'fortnightly')).toBe(4_615) // 4,615.38
    expect(fromMonthlyPence(10_000, 'four_weekly')).toBe(9_230) // 9,230.77
    expect(fromMonthlyPence(10_000, 'monthly')).toBe(10_000)
  })

  it('never gives back more than it started with (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000 }), fc.constantFrom(...FREQUENCIES), (monthly, frequency) => {
        expect(toMonthlyPence(fromMonthlyPence(monthly, frequency), frequency)).toBeLessThanOrEqual(monthly)
      }),
    )
  })
})
