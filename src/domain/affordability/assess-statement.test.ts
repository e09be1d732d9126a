import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { assessStatement } from './assess-statement.ts'
import { parseSpendingGuidelines, type SpendingGuidelines } from './spending-guidelines.ts'
import { validateStatement, type IncomeExpenditureStatement } from './statement.ts'

const parsed = parseSpendingGuidelines(JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../../../policies/sfs/spending-guidelines-2026.json'), 'utf8')))
if (!parsed.ok) throw new Error('shipped guidelines invalid')
const guidelines: SpendingGuidelines = parsed.guidelines
const real: SpendingGuidelines = { ...guidelines, illustrative: false, version: 'licensed-2026' }

// A single parent with one child under 16 and no car. Each amount at the frequency given, and its
// monthly equivalent (×52÷12, ×26÷12, ×13÷12, ÷12; halves up).
const statement: IncomeExpenditureStatement = {
  takenOn: '2026-05-01',
  takenBy: 'officer.jones',
  household: { adults: 1, childrenUnder16: 1, children16To18: 0, nonDependants: 0, vehicles: 0 },
  lines: [
    { subCategory: 'client_salary_wages', amountPence: 120_000, frequency: 'monthly' }, //      1,200.00
    { subCategory: 'universal_credit_tax_credits', amountPence: 40_000, frequency: 'monthly' }, // 400.00
    { subCategory: 'child_benefit', amountPence: 2_605, frequency: 'weekly' }, //                  112.88
    { subCategory: 'rent', amountPence: 11_000, frequency: 'weekly' }, //                          476.67
    { subCategory: 'council_tax', amountPence: 150_000, frequency: 'annual' }, //                  125.00
    { subCategory: 'gas', amountPence: 6_000, frequency: 'monthly' }, //                            60.00
    { subCategory: 'electricity', amountPence: 7_000, frequency: 'monthly' }, //                    70.00
    { subCategory: 'tv_licence', amountPence: 17_450, frequency: 'annual' }, //                     14.54
    { subCategory: 'mobile_phone', amountPence: 2_500, frequency: 'monthly' }, //                   25.00
    { subCategory: 'home_phone_internet_tv', amountPence: 4_000, frequency: 'monthly' }, //         40.00
    { subCategory: 'hobbies_leisure_sport', amountPence: 3_000, frequency: 'four_weekly' }, //      32.50
    { subCategory: 'groceries', amountPence: 10_000, frequency: 'weekly' }, //                     433.33
    { subCategory: 'nappies_baby_items', amountPence: 1_000, frequency: 'weekly' }, //              43.33
    { subCategory: 'clothing_footwear', amountPence: 5_000, frequency: 'monthly' }, //              50.00
    { subCategory: 'toiletries', amountPence: 1_000, frequency: 'fortnightly' }, //                 21.67
  ],
  savingsContributionPence: 1_000,
  debts: [
    { creditor: 'Council (rent arrears)', priority: true, balancePence: 85_000, accountId: 'RNT1' },
    { creditor: 'Energy supplier', priority: true, balancePence: 30_000, offerPence: 2_000 },
    { creditor: 'Catalogue', priority: false, balancePence: 40_000 },
  ],
}

describe('assessStatement', () => {
  const a = assessStatement(statement, guidelines)

  it('normalises every amount to monthly pence', () => {
    expect(a.lines.map((l) => l.monthlyPence)).toEqual([
      120_000, 40_000, 11_288, 47_667, 12_500, 6_000, 7_000, 1_454, 2_500, 4_000, 3_250, 43_333, 4_333, 5_000, 2_167,
    ])
  })

  it('totals by category and section', () => {
    const byCategory = Object.fromEntries(a.categories.filter((c) => c.monthlyPence > 0).map((c) => [c.id, c.monthlyPence]))
    expect(byCategory).toEqual({
      earnings: 120_000,
      benefits: 51_288,
      home_contents: 61_621,
      utilities: 13_000,
      communications_leisure: 9_750,
      food_housekeeping: 47_666,
      personal: 7_167,
    })
    expect(a.totals).toEqual({
      incomePence: 171_288,
      fixedCostsPence: 74_621,
      flexibleCostsPence: 64_583,
      outgoingsPence: 139_204,
      savingsContributionPence: 1_000,
      debtAdminFeePence: 0,
    })
  })

  it('gives the disposable income (surplus) and what is left after priority debt offers', () => {
    expect(a.incomeMinusOutgoingsPence).toBe(32_084)
    expect(a.disposableIncomePence).toBe(31_084) // less the £10 savings contribution
    expect(a.position).toBe('surplus')
    expect(a.priorityDebtOffersPence).toBe(2_000)
    expect(a.availableForNonPriorityDebtsPence).toBe(29_084)
  })

  it('flags flexible spending above the trigger figures for the household', () => {
    // 1 adult + 1 child: communications £130, food £420, personal £110 (illustrative figures).
    expect(a.guidelines.figures).toEqual({ communications_leisure: 13_000, food_housekeeping: 42_000, personal: 11_000 })
    expect(a.triggerFlags).toEqual([
      {
        category: 'food_housekeeping',
        label: 'Food and housekeeping',
        spentPence: 47_666,
        triggerPence: 42_000,
        overByPence: 5_666,
        explanation: null,
        text: 'Food and housekeeping: £476.66 a month is £56.66 above the spending guideline of £420.00 (illustrative figure, not the licensed SFS guideline); ask for an explanation or evidence',
      },
    ])
  })

  it('explains the result and warns that the guidelines are placeholders', () => {
    expect(a.explanation).toEqual([
      'Income £1,712.88 a month; fixed costs £746.21; flexible costs £645.83; savings contribution £10.00',
      'Surplus of £310.84 a month available for debts',
      a.triggerFlags[0]!.text,
      'Spending guidelines 2026-illustrative are illustrative placeholders, not the licensed SFS figures: replace them before relying on the flags',
    ])
  })

  it('carries the explanation given for spending above a guideline', () => {
    const explained = assessStatement({ ...statement, explanations: { food_housekeeping: 'Child has a special diet (letter from GP seen)' } }, real)
    expect(explained.triggerFlags[0]!.explanation).toBe('Child has a special diet (letter from GP seen)')
    expect(explained.triggerFlags[0]!.text).toBe(
      'Food and housekeeping: £476.66 a month is £56.66 above the spending guideline of £420.00; explanation given: Child has a special diet (letter from GP seen)',
    )
    expect(explained.explanation.at(-1)).toBe(explained.triggerFlags[0]!.text)
  })

  it('does not flag spending exactly at the guideline', () => {
    const atGuideline = assessStatement({ ...statement, lines: [{ subCategory: 'groceries', amountPence: 42_000, frequency: 'monthly' }] }, real)
    expect(atGuideline.triggerFlags).toEqual([])
  })

  it('reports a deficit and says to refer for money advice', () => {
    const short = assessStatement({ ...statement, lines: [...statement.lines, { subCategory: 'childcare', amountPence: 40_000, frequency: 'monthly' }] }, real)
    expect(short.disposableIncomePence).toBe(31_084 - 40_000)
    expect(short.position).toBe('deficit')
    expect(short.explanation[1]).toBe('Deficit of £89.16 a month: essential costs are more than income; refer for free money advice and check benefit entitlement')
  })

  it('refuses guidelines that were not yet in force when the statement was taken', () => {
    expect(() => assessStatement({ ...statement, takenOn: '2026-04-05' }, guidelines)).toThrow(/apply from 2026-04-06, after the statement was taken on 2026-04-05/)
  })
})

describe('validateStatement', () => {
  it('accepts a complete statement and keeps who took it and when', () => {
    const r = validateStatement(statement, { today: '2026-05-01' })
    expect(r.ok).toBe(true)
    if (r.ok) expect(r.statement).toMatchObject({ takenOn: '2026-05-01', takenBy: 'officer.jones' })
  })

  it.each([
    ['no date', { takenOn: undefined }, [{ field: 'takenOn', href: '#takenOn', text: 'Enter the date the statement was taken' }]],
    ['a date that does not exist', { takenOn: '2026-02-29' }, [{ field: 'takenOn', href: '#takenOn', text: 'Date the statement was taken must be a real date' }]],
    ['nobody taking it', { takenBy: ' ' }, [{ field: 'takenBy', href: '#takenBy', text: 'Enter who took the statement' }]],
    ['no adults', { household: { ...statement.household, adults: 0 } }, [{ field: 'household.adults', href: '#household-adults', text: 'Number of adults must be 1 or more' }]],
    ['half a child', { household: { ...statement.household, childrenUnder16: 1.5 } }, [{ field: 'household.childrenUnder16', href: '#household-childrenUnder16', text: 'Number of children under 16 must be a whole number' }]],
    ['no lines', { lines: [] }, [{ field: 'lines', href: '#lines', text: 'Enter at least one amount of income or spending' }]],
    ['a missing amount', { lines: [{ subCategory: 'rent', frequency: 'weekly' }] }, [{ field: 'lines.0.amountPence', href: '#lines-0-amountPence', text: 'Enter the amount for rent' }]],
    ['a negative amount', { lines: [{ subCategory: 'gas', amountPence: -100, frequency: 'monthly' }] }, [{ field: 'lines.0.amountPence', href: '#lines-0-amountPence', text: 'Amount for gas must be £0.00 or more' }]],
    ['pounds not pence', { lines: [{ subCategory: 'gas', amountPence: 60.5, frequency: 'monthly' }] }, [{ field: 'lines.0.amountPence', href: '#lines-0-amountPence', text: 'Amount for gas must be an amount of money in pence' }]],
    ['no frequency', { lines: [{ subCategory: 'tv_licence', amountPence: 17_450 }] }, [{ field: 'lines.0.frequency', href: '#lines-0-frequency', text: 'Select how often the amount for TV licence is paid' }]],
    ['an unknown category', { lines: [{ subCategory: 'yacht', amountPence: 1, frequency: 'monthly' }] }, [{ field: 'lines.0.subCategory', href: '#lines-0-subCategory', text: 'Select what the amount is for' }]],
    ['a debt of nothing', { debts: [{ creditor: 'X', priority: false, balancePence: 0 }] }, [{ field: 'debts.0.balancePence', href: '#debts-0-balancePence', text: 'Amount owed must be more than £0.00' }]],
  ])('refuses %s', (_, change, errors) => {
    expect(validateStatement({ ...statement, ...change })).toEqual({ ok: false, errors })
  })

  it('refuses a statement dated in the future', () => {
    expect(validateStatement(statement, { today: '2026-04-30' })).toEqual({
      ok: false,
      errors: [{ field: 'takenOn', href: '#takenOn', text: 'Date the statement was taken must be today or in the past' }],
    })
  })
})
