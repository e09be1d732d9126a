import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { percentOf, thirdPartyDeduction, type ThirdPartyDeductionInput } from './third-party-deduction.ts'
import { deductionLimitsOn, parseDeductionLimits, parseStandardAllowance, standardAllowanceOn, type DeductionLimitsTable, type StandardAllowanceTable } from './uc-rates.ts'

const POLICIES = join(dirname(fileURLToPath(import.meta.url)), '../../../policies/benefits')
const read = (file: string): unknown => JSON.parse(readFileSync(join(POLICIES, file), 'utf8'))

function allowanceTable(): StandardAllowanceTable {
  const r = parseStandardAllowance(read('uc-standard-allowance.json'))
  if (!r.ok) throw new Error(JSON.stringify(r.problems))
  return r.table
}
function limitsTable(): DeductionLimitsTable {
  const r = parseDeductionLimits(read('uc-deduction-limits.json'))
  if (!r.ok) throw new Error(JSON.stringify(r.problems))
  return r.table
}

const allowances = allowanceTable()
const limits = deductionLimitsOn(limitsTable(), '2026-05-01')

describe('policies/benefits/uc-standard-allowance.json', () => {
  it.each([
    ['2025-04-07', 'single_25_or_over', 40_014],
    ['2025-04-07', 'single_under_25', 31_698],
    ['2025-04-07', 'couple_one_or_both_25_or_over', 62_810],
    ['2026-04-05', 'single_25_or_over', 40_014],
    ['2026-04-06', 'single_25_or_over', 42_490],
    ['2026-04-06', 'single_under_25', 33_858],
    ['2026-04-06', 'couple_one_or_both_25_or_over', 66_690],
  ] as const)('on %s, %s is %ip a month (DOMAIN.md §6.1)', (on, claimant, pence) => {
    expect(standardAllowanceOn(allowances, on, claimant).monthlyPence).toBe(pence)
  })

  it('cites a source for every rate', () => {
    for (const rate of allowances.rates) expect(rate.source.length).toBeGreaterThan(30)
  })

  it('refuses a figure that is not recorded rather than guessing', () => {
    expect(() => standardAllowanceOn(allowances, '2026-05-01', 'couple_both_under_25')).toThrow(/No confirmed UC standard allowance for couple both under 25 in 2026\/27/)
    expect(() => standardAllowanceOn(allowances, '2025-04-06', 'single_25_or_over')).toThrow(/No UC standard allowance is recorded for 2025-04-06/)
  })

  it('refuses a malformed table, naming the problem', () => {
    const bad = { ...allowances, rates: [{ ...allowances.rates[1]!, monthlyPence: { ...allowances.rates[1]!.monthlyPence, single_25_or_over: 424.9 } }, allowances.rates[0]] }
    const r = parseStandardAllowance(bad)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.problems.map((p) => `${p.path}: ${p.message}`)).toEqual(['rates.0.monthlyPence.single_25_or_over: Must be whole pence'])
  })
})

describe('policies/benefits/uc-deduction-limits.json', () => {
  it('holds the rules from 7 April 2025: 10–20%, 15% cap, 3 deductions, last resort over the cap', () => {
    expect(limits).toMatchObject({ effectiveFrom: '2025-04-07', rentArrearsMinPercent: 10, rentArrearsMaxPercent: 20, overallCapPercent: 15, lastResortMayExceedCap: true, maxThirdPartyDeductions: 3 })
    expect(() => deductionLimitsOn(limitsTable(), '2025-04-06')).toThrow(RangeError)
  })
})

describe('thirdPartyDeduction', () => {
  const single25 = 42_490 // 2026/27
  const run = (extra: Partial<ThirdPartyDeductionInput>) => thirdPartyDeduction({ standardAllowancePence: single25, otherDeductionsPence: 0, requestedPercent: 10, limits, ...extra })

  it('gives £42.49 to £84.98 a month for a single claimant aged 25 or over in 2026/27 (DOMAIN.md §6.1)', () => {
    const r = run({})
    expect([r.minimumPence, r.maximumPence, r.overallCapPence]).toEqual([4_249, 8_498, 6_374]) // 15% = £63.735 → £63.74
  })

  it.each([
    ['10% with nothing else deducted', { requestedPercent: 10 }, 'deduct', 4_249, false],
    ['12% with £10 of other deductions: fits under the cap', { requestedPercent: 12, otherDeductionsPence: 1_000 }, 'deduct', 5_099, false],
    ['20%: reduced to the 15% cap', { requestedPercent: 20 }, 'deduct', 6_374, false],
    ['20% with £15 of other deductions: reduced pound for pound', { requestedPercent: 20, otherDeductionsPence: 1_500 }, 'deduct', 4_874, false],
    ['10% when other deductions leave less than the minimum: none', { requestedPercent: 10, otherDeductionsPence: 3_000 }, 'none', 0, false],
    ['the same as a last resort: the 10% minimum, over the cap', { requestedPercent: 10, otherDeductionsPence: 3_000, lastResort: true }, 'deduct', 4_249, true],
    ['a last resort that fits under the cap does not go over it', { requestedPercent: 15, otherDeductionsPence: 1_000, lastResort: true }, 'deduct', 5_374, false],
    ['a fourth third-party deduction: none', { otherThirdPartyDeductions: 3 }, 'none', 0, false],
  ] as const)('%s', (_, extra, outcome, amount, over) => {
    const r = run(extra)
    expect([r.outcome, r.amountPence, r.exceedsOverallCap]).toEqual([outcome, amount, over])
  })

  it('explains a reduced deduction', () => {
    expect(run({ requestedPercent: 20 }).explanation).toEqual([
      'Standard allowance £424.90 a month: a rent arrears deduction is £42.49 (10%) to £84.98 (20%); all deductions together are capped at £63.74 (15%), £0.00 already taken, £63.74 left',
      'Deduct £63.74 a month: the 20% asked for (£84.98) is reduced to keep all deductions within the cap',
    ])
  })

  it('explains when nothing can be deducted', () => {
    expect(run({ otherDeductionsPence: 3_000 }).explanation[1]).toBe(
      'No deduction: the 10% minimum of £42.49 does not fit in the £33.74 left under the cap; it can be asked for as a last resort if the tenancy is at risk',
    )
  })

  it.each([9.99, 20.01, 25, 12.345])('refuses a request of %s%%', (requestedPercent) => {
    expect(() => run({ requestedPercent })).toThrow(RangeError)
  })

  it('rounds percentages to the nearest penny', () => {
    expect(percentOf(40_014, 10)).toBe(4_001) // £40.014
    expect(percentOf(40_014, 15)).toBe(6_002) // £60.021
    expect(percentOf(100, 0.5)).toBe(1) // 0.5p rounds up
  })
})
