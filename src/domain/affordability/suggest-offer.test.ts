import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ARRANGEMENT_FREQUENCIES } from '../arrangements/vocabulary.ts'
import { ACCOUNT_TYPES } from '../recovery/index.ts'
import { suggestOffer, type OfferDebt } from './suggest-offer.ts'

const rent: OfferDebt = { accountId: 'RNT1', type: 'rent', balancePence: 85_000 }
const councilTax: OfferDebt = { accountId: 'CT1', type: 'council_tax', balancePence: 15_000 }
const garage: OfferDebt = { accountId: 'GAR1', type: 'garage', balancePence: 5_000 }

describe('suggestOffer', () => {
  it('offers the surplus to rent and council tax first, pro rata, with an explanation', () => {
    const o = suggestOffer({ surplusPence: 31_084, debts: [rent, councilTax, garage], minimumInstalmentPence: 500 })
    expect(o.kind).toBe('offer')
    // 31,084 × 85/100 = 26,421.4 and × 15/100 = 4,662.6: the odd penny to the larger remainder.
    expect(o.instalments.map((i) => [i.accountId, i.perInstalmentPence, i.instalmentsToClear])).toEqual([
      ['RNT1', 26_421, 4],
      ['CT1', 4_663, 4],
      ['GAR1', 0, null],
    ])
    expect(o.totalPerInstalmentPence).toBe(31_084)
    expect(o.explanation).toEqual([
      'Surplus £310.84 a month; offering 100% of it: £310.84 a month',
      'Priority: 1. rent, temporary accommodation, pitch, council tax; 2. everything else; pro rata by balance within each',
      'Rent (RNT1): £264.21 a month, clearing £850.00 in 4 instalments',
      'Council tax (CT1): £46.63 a month, clearing £150.00 in 4 instalments',
      'Garage (GAR1): nothing for now: the offer is taken by higher-priority debts; review once they are cleared',
    ])
  })

  it('offers only the stated share of the surplus, converted to weekly rounding down', () => {
    // 80% of £310.84 = £248.672 → £248.67 a month → × 12 ÷ 52 = £57.385 → £57.38 a week.
    const o = suggestOffer({ surplusPence: 31_084, debts: [rent], minimumInstalmentPence: 100, offerShareBps: 8_000, frequency: 'weekly' })
    expect(o.offerableMonthlyPence).toBe(24_867)
    expect(o.offerablePerInstalmentPence).toBe(5_738)
    expect(o.instalments[0]).toMatchObject({ perInstalmentPence: 5_738, monthlyPence: 24_865, instalmentsToClear: 15 })
    expect(o.explanation[0]).toBe('Surplus £310.84 a month; offering 80% of it: £248.67 a month, £57.38 a week')
  })

  it('drops a debt whose share is below the minimum instalment and gives its share to the others', () => {
    // £20 a month over rent £1,000 and council tax £10: council tax's share would be 20p.
    const o = suggestOffer({ surplusPence: 2_000, debts: [{ ...rent, balancePence: 100_000 }, { ...councilTax, balancePence: 1_000 }], minimumInstalmentPence: 500 })
    expect(o.instalments.map((i) => i.perInstalmentPence)).toEqual([2_000, 0])
    expect(o.explanation).toContain('Council tax (CT1): nothing for now: its share of £0.20 a month would be below the minimum instalment of £5.00')
  })

  it('clears a small balance in one go even when it is below the minimum', () => {
    const o = suggestOffer({ surplusPence: 100_000, debts: [{ ...rent, balancePence: 50_000 }, { ...garage, balancePence: 300 }], minimumInstalmentPence: 500 })
    expect(o.instalments.map((i) => [i.perInstalmentPence, i.instalmentsToClear])).toEqual([
      [50_000, 1],
      [300, 1],
    ])
    expect(o.unusedPerInstalmentPence).toBe(49_700)
    expect(o.explanation.at(-1)).toBe('£497.00 a month of the surplus is not needed: every debt is covered')
  })

  it('suggests a token payment when the surplus is below the minimum instalment', () => {
    const o = suggestOffer({ surplusPence: 300, debts: [garage, rent, councilTax], minimumInstalmentPence: 500 })
    expect(o.kind).toBe('token')
    expect(o.instalments.map((i) => i.perInstalmentPence)).toEqual([0, 100, 0])
    expect(o.explanation).toEqual([
      'Surplus £3.00 a month; offering 100% of it: £3.00 a month',
      '£3.00 a month is below the minimum instalment of £5.00: no sustainable offer can be made',
      'Suggest a token payment of £1.00 a month to Rent (RNT1), refer for free money advice and a benefits check, and review the statement within 3 months',
    ])
  })

  it('suggests a token payment when there is a deficit', () => {
    const o = suggestOffer({ surplusPence: -8_916, debts: [councilTax], minimumInstalmentPence: 100 })
    expect(o.kind).toBe('token')
    expect(o.explanation[0]).toBe('Deficit of £89.16 a month: there is no surplus to offer')
  })

  it('says when nothing is owed', () => {
    expect(suggestOffer({ surplusPence: 10_000, debts: [{ ...rent, balancePence: -500 }], minimumInstalmentPence: 100 }).kind).toBe('nothing_owed')
  })

  it('never offers more than can be afforded, nor more than a debt owes, nor below the minimum unless clearing it (property)', () => {
    const debt = fc.record({ type: fc.constantFrom(...ACCOUNT_TYPES), balancePence: fc.integer({ min: -1_000, max: 2_000_000 }) })
    fc.assert(
      fc.property(
        fc.integer({ min: -50_000, max: 500_000 }),
        fc.array(debt, { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 5_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.constantFrom(...ARRANGEMENT_FREQUENCIES),
        (surplus, debts, minimum, share, frequency) => {
          const list = debts.map((d, i) => ({ ...d, accountId: i }))
          const o = suggestOffer({ surplusPence: surplus, debts: list, minimumInstalmentPence: minimum, offerShareBps: share, frequency })
          if (o.kind !== 'offer') return
          expect(o.totalPerInstalmentPence + o.unusedPerInstalmentPence).toBe(o.offerablePerInstalmentPence)
          o.instalments.forEach((inst, i) => {
            expect(inst.perInstalmentPence).toBeLessThanOrEqual(Math.max(0, list[i]!.balancePence))
            if (inst.perInstalmentPence > 0 && inst.perInstalmentPence < minimum) expect(inst.perInstalmentPence).toBe(list[i]!.balancePence)
          })
        },
      ),
    )
  })
})
