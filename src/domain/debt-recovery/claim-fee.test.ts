import { describe, expect, it } from 'vitest'
import { feeTableProblems, moneyClaimFee, type FeeTable } from './claim-fee.ts'

// The EX50 money claim bands as shipped in migration 0010 (gov.uk, as at 16 Sep 2021; 2024-2026 changes [U]).
const EX50: FeeTable = {
  confirmed: false,
  bands: [
    { upToPence: 30000, feePence: 3500 },
    { upToPence: 50000, feePence: 5000 },
    { upToPence: 100000, feePence: 7000 },
    { upToPence: 150000, feePence: 8000 },
    { upToPence: 300000, feePence: 11500 },
    { upToPence: 500000, feePence: 20500 },
    { upToPence: 1000000, feePence: 45500 },
    { upToPence: 20000000, basisPoints: 500 },
    { upToPence: null, feePence: 1000000 },
  ],
}

describe('moneyClaimFee', () => {
  it.each([
    [1, 3500, 'up to £300.00'],
    [30000, 3500, 'up to £300.00'],
    [30001, 5000, '£300.01 to £500.00'],
    [45000, 5000, '£300.01 to £500.00'],
    [100001, 8000, '£1,000.01 to £1,500.00'],
    [300000, 11500, '£1,500.01 to £3,000.00'],
    [1000000, 45500, '£5,000.01 to £10,000.00'],
    [1000001, 50000, '£10,000.01 to £200,000.00 (5% of the claim)'],
    [1234567, 61728, '£10,000.01 to £200,000.00 (5% of the claim)'],
    [20000001, 1000000, 'over £200,000.00'],
  ])('a claim of %i pence costs %i pence (%s)', (claim, fee, band) => {
    expect(moneyClaimFee(claim, EX50)).toEqual({ feePence: fee, band, confirmed: false })
  })

  it('refuses a claim of nothing and a malformed table', () => {
    expect(() => moneyClaimFee(0, EX50)).toThrow(RangeError)
    expect(feeTableProblems({ confirmed: true, bands: [{ upToPence: 100, feePence: 1 }] })).toEqual(['the last band must have no upper limit (upToPence null)'])
    expect(feeTableProblems({ confirmed: true, bands: [{ upToPence: 100, feePence: 1, basisPoints: 5 }, { upToPence: null, feePence: 2 }] })).toEqual(['band 1 needs exactly one of feePence or basisPoints'])
  })
})
