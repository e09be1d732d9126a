import { describe, expect, it } from 'vitest'
import { GUIDELINE_CATEGORIES, SFS_CATEGORIES, SFS_SECTIONS, SUB_CATEGORY_IDS, category, isSubCategoryId, subCategory } from './categories.ts'

describe('SFS categories', () => {
  it('has every sub-category id once', () => {
    expect(new Set(SUB_CATEGORY_IDS).size).toBe(SUB_CATEGORY_IDS.length)
    expect(new Set(SFS_CATEGORIES.map((c) => c.id)).size).toBe(SFS_CATEGORIES.length)
  })

  it('follows the SFS layout: income, fixed costs, flexible costs', () => {
    const bySection = Object.fromEntries(SFS_SECTIONS.map((s) => [s, SFS_CATEGORIES.filter((c) => c.section === s).map((c) => c.id)]))
    expect(bySection).toEqual({
      income: ['earnings', 'benefits', 'pensions', 'other_income'],
      fixed_costs: ['home_contents', 'utilities', 'water', 'care_health', 'transport_travel', 'school', 'pensions_insurances', 'professional', 'other_essential'],
      flexible_costs: ['communications_leisure', 'food_housekeeping', 'personal'],
    })
  })

  it('has spending guidelines only for the three flexible categories, each with an "other" line', () => {
    for (const id of GUIDELINE_CATEGORIES) {
      expect(category(id).section).toBe('flexible_costs')
      expect(category(id).subCategories.some((s) => s.id.startsWith('other_'))).toBe(true)
    }
  })

  it('knows where rent, council tax, the TV licence and childcare belong', () => {
    expect(subCategory('rent')).toMatchObject({ category: 'home_contents', section: 'fixed_costs' })
    expect(subCategory('council_tax')).toMatchObject({ category: 'home_contents', section: 'fixed_costs' })
    expect(subCategory('tv_licence')).toMatchObject({ category: 'home_contents' })
    expect(subCategory('childcare')).toMatchObject({ category: 'care_health' })
    expect(subCategory('mobile_phone')).toMatchObject({ category: 'communications_leisure', section: 'flexible_costs' })
    expect(isSubCategoryId('rent')).toBe(true)
    expect(isSubCategoryId('yacht')).toBe(false)
  })
})
