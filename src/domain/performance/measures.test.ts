import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addFigures, emptyFigures, FIGURES, MEASURES, measureById, measureValue, TARGETABLE_MEASURES, type Figures } from './measures.ts'
import { formatRatio, sumRatios, type Ratio } from './ratio.ts'

const figures = (over: Partial<Figures>): Figures => ({ ...emptyFigures(), ...over })
const rate = (id: string, f: Figures): Ratio => {
  const v = measureValue(measureById(id)!, f)
  if (v.unit !== 'percent') throw new Error(`${id} is not a percentage`)
  return v.ratio
}

describe('measures', () => {
  it('every measure reads figures that exist, and ids are unique', () => {
    const ids = new Set(MEASURES.map((m) => m.id))
    expect(ids.size).toBe(MEASURES.length)
    for (const m of MEASURES) {
      expect(FIGURES).toContain(m.numerator)
      const den = m.denominator === undefined ? [] : typeof m.denominator === 'string' ? [m.denominator] : m.denominator
      for (const d of den) expect(FIGURES).toContain(d)
      expect(m.unit === 'percent').toBe(den.length > 0)
    }
    expect(TARGETABLE_MEASURES.every((m) => m.direction !== 'none')).toBe(true)
  })

  it('collection rate is collected ÷ debit; with arrears brought forward the arrears join the denominator', () => {
    // £9,800 collected of £10,000 due, £2,000 arrears brought forward.
    const f = figures({ rent_collected: 980_000, rent_debit: 1_000_000, arrears_brought_forward: 200_000 })
    expect(formatRatio(rate('collection_rate', f))).toBe('98.00%')
    expect(rate('collection_rate_with_arrears', f)).toEqual({ numerator: 980_000, denominator: 1_200_000 })
    expect(formatRatio(rate('collection_rate_with_arrears', f))).toBe('81.67%')
  })

  it('current tenant arrears are measured against the annual rent debit', () => {
    const f = figures({ current_tenant_arrears: 4_500_000, annual_rent_debit: 100_000_000 })
    expect(formatRatio(rate('current_tenant_arrears_rate', f))).toBe('4.50%')
  })

  it('a rate with nothing (or less than nothing) to divide by is undefined, not zero or infinite', () => {
    expect(formatRatio(rate('collection_rate', figures({ rent_collected: 500 })))).toBe('n/a')
    expect(formatRatio(rate('collection_rate', figures({ rent_collected: 500, rent_debit: -100 })))).toBe('n/a')
  })

  it('the rate of a whole is the ratio of the summed figures of its parts (property)', () => {
    const part = fc.record({ rent_collected: fc.integer({ min: 0, max: 1e9 }), rent_debit: fc.integer({ min: 1, max: 1e9 }) })
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 20 }), (parts) => {
        const groups = parts.map((p) => figures(p))
        const whole = groups.reduce(addFigures, emptyFigures())
        const summed = sumRatios(groups.map((g) => rate('collection_rate', g)))
        const direct = rate('collection_rate', whole)
        return summed.numerator === direct.numerator && summed.denominator === direct.denominator
      }),
    )
  })
})
