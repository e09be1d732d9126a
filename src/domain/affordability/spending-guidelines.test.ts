import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { isMonday } from '../calendar/index.ts'
import { parseSpendingGuidelines, selectSpendingGuidelines, triggerFigure, triggerFigures, type SpendingGuidelines } from './spending-guidelines.ts'

const FILE = join(dirname(fileURLToPath(import.meta.url)), '../../../policies/sfs/spending-guidelines-2026.json')
const raw: unknown = JSON.parse(readFileSync(FILE, 'utf8'))

function load(input: unknown): SpendingGuidelines {
  const r = parseSpendingGuidelines(input)
  if (!r.ok) throw new Error(JSON.stringify(r.problems))
  return r.guidelines
}

describe('policies/sfs/spending-guidelines-2026.json', () => {
  const g = load(raw)

  it('is valid and says it is a placeholder for the licensed SFS figures [U]', () => {
    expect(g.illustrative).toBe(true)
    expect(g.source).toMatch(/PLACEHOLDER/)
    expect(g.source).toMatch(/NOT the Standard Financial Statement spending guidelines/)
  })

  it('takes effect on the first Monday in April 2026, when SFS guidelines change', () => {
    expect(g.effectiveFrom).toBe('2026-04-06')
    expect(isMonday(g.effectiveFrom)).toBe(true)
  })

  it.each([
    ['one adult', { adults: 1, children: 0, vehicles: 0 }, { communications_leisure: 10_000, food_housekeeping: 30_000, personal: 7_000 }],
    ['a couple with two children', { adults: 2, children: 2, vehicles: 1 }, { communications_leisure: 21_000, food_housekeeping: 74_000, personal: 20_000 }],
    ['three adults', { adults: 3, children: 0, vehicles: 0 }, { communications_leisure: 20_000, food_housekeeping: 70_000, personal: 17_000 }],
  ])('gives the trigger figures for %s', (_, household, figures) => {
    expect(triggerFigures(g, household)).toEqual(figures)
  })
})

describe('parseSpendingGuidelines', () => {
  const valid = raw as Record<string, unknown>

  it('names every problem with its path', () => {
    const bad = {
      ...valid,
      effectiveFrom: '2026-02-30',
      guidelines: { communications_leisure: { oneAdultPence: -1, twoAdultsPence: 1, eachFurtherAdultPence: 1, eachChildPence: 1.5, eachVehiclePence: 0 } },
    }
    const r = parseSpendingGuidelines(bad)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.problems).toEqual(
      expect.arrayContaining([
        { path: 'effectiveFrom', message: 'Must be a real date written YYYY-MM-DD' },
        { path: 'guidelines.communications_leisure.oneAdultPence', message: 'Must be 0 or more' },
        { path: 'guidelines.communications_leisure.eachChildPence', message: 'Must be whole pence' },
        { path: 'guidelines.food_housekeeping', message: 'The SFS guideline category "food_housekeeping" is required' },
        { path: 'guidelines.personal', message: 'The SFS guideline category "personal" is required' },
      ]),
    )
  })

  it('accepts a council’s own guideline for another SFS category, with vehicles', () => {
    const g = load({ ...valid, guidelines: { ...(valid.guidelines as object), transport_travel: { oneAdultPence: 5_000, twoAdultsPence: 8_000, eachFurtherAdultPence: 2_000, eachChildPence: 1_000, eachVehiclePence: 15_000 } } })
    expect(triggerFigures(g, { adults: 1, children: 1, vehicles: 2 }).transport_travel).toBe(5_000 + 1_000 + 30_000)
  })

  it('refuses an unknown category', () => {
    expect(parseSpendingGuidelines({ ...valid, guidelines: { ...(valid.guidelines as object), yachts: {} } }).ok).toBe(false)
  })
})

describe('selectSpendingGuidelines', () => {
  const v = (version: string, effectiveFrom: string) => ({ ...load(raw), version, effectiveFrom })
  const versions = [v('2025', '2025-04-07'), v('2026', '2026-04-06')]

  it('picks the version in force on the date', () => {
    expect(selectSpendingGuidelines(versions, '2026-04-05')!.version).toBe('2025')
    expect(selectSpendingGuidelines(versions, '2026-04-06')!.version).toBe('2026')
    expect(selectSpendingGuidelines(versions, '2025-01-01')).toBeNull()
  })
})

describe('triggerFigure', () => {
  it('refuses a household without an adult', () => {
    expect(() => triggerFigure({ oneAdultPence: 1, twoAdultsPence: 1, eachFurtherAdultPence: 1, eachChildPence: 1, eachVehiclePence: 1 }, { adults: 0, children: 1, vehicles: 0 })).toThrow(RangeError)
  })
})
