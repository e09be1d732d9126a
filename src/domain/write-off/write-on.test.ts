import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { allocateWriteOn, proposedWriteOnPence } from './write-on.ts'

describe('allocateWriteOn', () => {
  const cases = [
    { caseId: 7, postedOn: '2025-06-01', outstandingPence: 5_000 },
    { caseId: 3, postedOn: '2024-01-15', outstandingPence: 2_000 },
    { caseId: 9, postedOn: '2026-01-01', outstandingPence: 0 },
  ]

  it('reinstates the oldest write-off first, never more than a case wrote off', () => {
    expect(allocateWriteOn(cases, 3_000)).toEqual([
      { caseId: 3, amountPence: 2_000 },
      { caseId: 7, amountPence: 1_000 },
    ])
  })

  it('reinstates everything outstanding in full by choice', () => {
    expect(allocateWriteOn(cases, null)).toEqual([
      { caseId: 3, amountPence: 2_000 },
      { caseId: 7, amountPence: 5_000 },
    ])
  })

  it('refuses nonsense amounts', () => {
    expect(() => allocateWriteOn(cases, 0)).toThrow(RangeError)
    expect(() => allocateWriteOn(cases, 1.5)).toThrow(RangeError)
  })

  it('allocates exactly min(amount, outstanding), each within its case (property)', () => {
    const arbCases = fc.array(
      fc.record({ caseId: fc.nat(), postedOn: fc.constantFrom('2024-01-01', '2025-01-01', '2026-01-01'), outstandingPence: fc.integer({ min: 0, max: 1e9 }) }),
      { maxLength: 8 },
    )
    fc.assert(
      fc.property(arbCases, fc.option(fc.integer({ min: 1, max: 5e9 }), { nil: null }), (cs, amount) => {
        const out = allocateWriteOn(cs, amount)
        const outstanding = cs.reduce((s, c) => s + c.outstandingPence, 0)
        const total = out.reduce((s, a) => s + a.amountPence, 0)
        expect(total).toBe(amount === null ? outstanding : Math.min(amount, outstanding))
        for (const a of out) {
          expect(a.amountPence).toBeGreaterThan(0)
          expect(Number.isSafeInteger(a.amountPence)).toBe(true)
        }
      }),
    )
  })
})

describe('proposedWriteOnPence', () => {
  it.each([
    ['no write-on while the account still owes', 500, 10_000, 0],
    ['none when nothing is written off', -500, 0, 0],
    ['the credit, when less than what was written off', -2_500, 10_000, 2_500],
    ['what was written off, when the credit is more', -12_000, 10_000, 10_000],
  ])('%s', (_n, balance, outstanding, expected) => {
    expect(proposedWriteOnPence(balance, outstanding)).toBe(expected)
  })
})
