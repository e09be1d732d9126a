import { describe, expect, it } from 'vitest'
import { retentionCutoff } from './retention-cutoff.ts'

describe('retentionCutoff', () => {
  it.each([
    ['2032-11-22', 6, '2026-11-22'],
    ['2030-02-28', 6, '2024-02-28'],
    // 2024-02-29 + 6 years has no 29 February: 28 February 2030 is the anniversary that exists.
    ['2030-02-28', 6, '2024-02-28'],
    ['2028-02-29', 6, '2022-02-28'],
    ['2026-01-01', 1, '2025-01-01'],
  ])('on %s with %i years, accounts closed on or before %s may be anonymised', (onDate, years, cutoff) => {
    expect(retentionCutoff(onDate, years)).toBe(cutoff)
  })
})
