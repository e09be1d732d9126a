import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { assertBalanced, netByAccount, reversalLegs, UnbalancedTransactionError, type Leg } from './legs.ts'
import { buildStatement } from './statement.ts'

const amount = fc.integer({ min: -10_000_000, max: 10_000_000 }).filter((n) => n !== 0)

/** Any balanced transaction: random legs plus one balancing leg. */
const balancedLegs = fc
  .array(fc.record({ accountId: fc.integer({ min: 1, max: 20 }), amountPence: amount }), { minLength: 1, maxLength: 12 })
  .filter((legs) => legs.reduce((s, l) => s + l.amountPence, 0) !== 0)
  .map((legs): Leg[] => {
    const total = legs.reduce((s, l) => s + l.amountPence, 0)
    return [...legs, { accountId: 99, amountPence: -total }].map((l) => ({ ...l, postingType: 'test' }))
  })

describe('assertBalanced', () => {
  it('accepts any set of legs that sums to zero', () => {
    fc.assert(
      fc.property(balancedLegs, (legs) => {
        expect(assertBalanced(legs)).toBe(legs)
      }),
    )
  })

  it('rejects legs that do not sum to zero, naming the difference', () => {
    const legs: Leg[] = [
      { accountId: 1, amountPence: 1000, postingType: 'rent' },
      { accountId: 2, amountPence: -999, postingType: 'rent' },
    ]
    expect(() => assertBalanced(legs)).toThrow('legs sum to 1 pence, not zero')
  })

  it('rejects fractional pence and zero legs', () => {
    expect(() =>
      assertBalanced([
        { accountId: 1, amountPence: 0.5, postingType: 'x' },
        { accountId: 2, amountPence: -0.5, postingType: 'x' },
      ]),
    ).toThrow(UnbalancedTransactionError)
    expect(() =>
      assertBalanced([
        { accountId: 1, amountPence: 0, postingType: 'x' },
        { accountId: 2, amountPence: 0, postingType: 'x' },
      ]),
    ).toThrow('zero pence')
  })
})

describe('reversalLegs', () => {
  it('nets the original to zero on every account', () => {
    fc.assert(
      fc.property(balancedLegs, (legs) => {
        const reversal = reversalLegs(legs)
        expect(() => assertBalanced(reversal)).not.toThrow()
        expect(netByAccount([...legs, ...reversal]).size).toBe(0)
      }),
    )
  })
})

describe('buildStatement', () => {
  it('ends on the opening balance plus the sum of its lines, and debits minus credits', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.array(amount, { maxLength: 200 }), (opening, amounts) => {
        const entries = amounts.map((a, i) => ({
          postingId: i + 1,
          effectiveDate: '2026-04-06',
          postingDate: '2026-04-06',
          description: 'x',
          postingType: 'x',
          txnType: 'charge',
          amountPence: a,
        }))
        const s = buildStatement('2026-04-06', '2026-04-12', opening, entries)
        const sum = amounts.reduce((t, a) => t + a, 0)
        expect(s.closingBalancePence).toBe(opening + sum)
        expect(s.totalDebitsPence - s.totalCreditsPence).toBe(sum)
        expect(s.lines.at(-1)?.balancePence ?? opening).toBe(s.closingBalancePence)
      }),
    )
  })

  it('shows a running balance after each line', () => {
    const mk = (id: number, amountPence: number) => ({
      postingId: id,
      effectiveDate: '2026-04-06',
      postingDate: '2026-04-06',
      description: 'x',
      postingType: 'x',
      txnType: 'charge',
      amountPence,
    })
    const s = buildStatement('2026-04-06', '2026-04-30', 500, [mk(1, 10000), mk(2, -2500), mk(3, -8000)])
    expect(s.lines.map((l) => l.balancePence)).toEqual([10500, 8000, 0])
    expect(s.lines.map((l) => [l.debitPence, l.creditPence])).toEqual([
      [10000, 0],
      [0, 2500],
      [0, 8000],
    ])
  })
})
