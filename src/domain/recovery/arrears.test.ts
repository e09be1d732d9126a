import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatWeeks, measureArrears, weeksHundredths, type ArrearsInput } from './arrears.ts'

// 2026-04-15 is a Wednesday, in the rent week commencing Monday 2026-04-13.
const TODAY = '2026-04-15'

function input(overrides: Partial<ArrearsInput> = {}): ArrearsInput {
  return {
    today: TODAY,
    balancePence: 0,
    grossWeeklyChargePence: 10_000,
    currentWeekDebitPence: 10_000,
    lastPaymentOn: '2026-04-06',
    ...overrides,
  }
}

describe('measureArrears', () => {
  it.each([
    // balance, this week's debit, expected benefit not late, collectable, technical, allowance, weeks (hundredths)
    { name: 'a clear account', balance: 0, week: 10_000, benefit: 0, collectable: 0, technical: 0, allowance: 0, weeks: 0 },
    { name: 'only this week owed (due in advance, not late)', balance: 10_000, week: 10_000, benefit: 0, collectable: 0, technical: 0, allowance: 10_000, weeks: 0 },
    { name: 'three weeks owed', balance: 30_000, week: 10_000, benefit: 0, collectable: 20_000, technical: 0, allowance: 10_000, weeks: 200 },
    { name: 'HB for two weeks due but not yet paid', balance: 30_000, week: 10_000, benefit: 20_000, collectable: 0, technical: 20_000, allowance: 10_000, weeks: 0 },
    { name: 'HB expected is more than the balance allows', balance: 15_000, week: 10_000, benefit: 20_000, collectable: 0, technical: 5_000, allowance: 10_000, weeks: 0 },
    { name: 'a credit balance', balance: -2_500, week: 10_000, benefit: 0, collectable: 0, technical: 0, allowance: 0, weeks: 0 },
    { name: 'a rent-free week (nothing debited this week)', balance: 25_000, week: 0, benefit: 0, collectable: 25_000, technical: 0, allowance: 0, weeks: 250 },
    { name: 'part weeks round down', balance: 49_999 + 10_000, week: 10_000, benefit: 0, collectable: 49_999, technical: 0, allowance: 10_000, weeks: 499 },
  ])('$name', ({ balance, week, benefit, collectable, technical, allowance, weeks }) => {
    const m = measureArrears(
      input({
        balancePence: balance,
        currentWeekDebitPence: week,
        expectedBenefit: benefit ? [{ amountPence: benefit, expectedOn: '2026-04-20' }] : [],
      }),
    )
    expect(m.collectableArrearsPence).toBe(collectable)
    expect(m.technicalArrearsPence).toBe(technical)
    expect(m.currentWeekAllowancePence).toBe(allowance)
    expect(m.arrearsWeeksHundredths).toBe(weeks)
  })

  it('reports the day of the rent week (Wednesday = 3)', () => {
    expect(measureArrears(input()).dayOfRentWeek).toBe(3)
  })

  it('stops allowing a benefit credit 7 days after it was expected, and reports it as overdue', () => {
    const expected = (expectedOn: string) =>
      measureArrears(input({ balancePence: 30_000, expectedBenefit: [{ amountPence: 20_000, expectedOn }] }))
    // Expected 2026-04-08, exactly 7 days ago: still technical.
    expect(expected('2026-04-08')).toMatchObject({ technicalArrearsPence: 20_000, overdueBenefitPence: 0, collectableArrearsPence: 0 })
    // Expected 2026-04-07, 8 days ago: overdue, so collectable.
    expect(expected('2026-04-07')).toMatchObject({ technicalArrearsPence: 0, overdueBenefitPence: 20_000, collectableArrearsPence: 20_000 })
  })

  it('takes the grace period as an option', () => {
    const m = measureArrears(input({ balancePence: 30_000, benefitGraceDays: 0, expectedBenefit: [{ amountPence: 20_000, expectedOn: '2026-04-14' }] }))
    expect(m.technicalArrearsPence).toBe(0)
  })

  it('has no weeks figure without a weekly charge (former tenant and sundry accounts)', () => {
    const m = measureArrears(input({ balancePence: 50_000, grossWeeklyChargePence: 0, currentWeekDebitPence: 0 }))
    expect(m.collectableArrearsPence).toBe(50_000)
    expect(m.arrearsWeeksHundredths).toBeNull()
  })

  it('counts days since the last payment, or null if there was none', () => {
    expect(measureArrears(input({ lastPaymentOn: '2026-03-16' })).daysSinceLastPayment).toBe(30)
    expect(measureArrears(input({ lastPaymentOn: null })).daysSinceLastPayment).toBeNull()
  })

  describe('trend (threshold: half a week of the gross charge, here £50.00)', () => {
    // 28 days before 2026-04-15 is 2026-03-18; 91 days before is 2026-01-14.
    it.each([
      { name: 'rising by more than half a week', then: 20_000, now: 25_001, trend: 'rising' },
      { name: 'exactly half a week up is steady', then: 20_000, now: 25_000, trend: 'steady' },
      { name: 'falling by more than half a week', then: 20_000, now: 14_999, trend: 'falling' },
      { name: 'little change', then: 20_000, now: 21_000, trend: 'steady' },
    ])('$name', ({ then, now, trend }) => {
      const m = measureArrears(input({ balancePence: now, history: [{ on: '2026-03-18', balancePence: then }] }))
      expect(m.trend).toBe(trend)
      expect(m.trendBasis).toEqual({ from: '2026-03-18', fromBalancePence: then, changePence: now - then, thresholdPence: 5_000 })
    })

    it('compares with the point nearest 4 weeks ago for the trend and nearest 13 weeks ago for the long trend', () => {
      const m = measureArrears(
        input({
          balancePence: 30_000,
          history: [
            { on: '2026-01-14', balancePence: 60_000 }, // 13 weeks ago: falling since
            { on: '2026-03-18', balancePence: 20_000 }, // 4 weeks ago: rising since
            { on: '2026-04-13', balancePence: 29_000 }, // 2 days ago: too recent
          ],
        }),
      )
      expect(m.trend).toBe('rising')
      expect(m.longTrend).toBe('falling')
      expect(m.longTrendBasis?.from).toBe('2026-01-14')
    })

    it('is steady with no basis when there is no history old enough', () => {
      const m = measureArrears(input({ balancePence: 90_000, history: [{ on: '2026-04-12', balancePence: 0 }] }))
      expect(m.trend).toBe('steady')
      expect(m.trendBasis).toBeNull()
    })
  })

  it.each([
    ['a fractional balance', { balancePence: 10.5 }],
    ['a negative weekly charge', { grossWeeklyChargePence: -1 }],
    ['a last payment after today', { lastPaymentOn: '2026-04-16' }],
    ['a history point after today', { history: [{ on: '2026-04-16', balancePence: 0 }] }],
    ['a negative benefit credit', { expectedBenefit: [{ amountPence: -5, expectedOn: TODAY }] }],
  ])('rejects %s', (_name, overrides) => {
    expect(() => measureArrears(input(overrides as Partial<ArrearsInput>))).toThrow(RangeError)
  })

  describe('properties', () => {
    const pence = fc.integer({ min: -5_000_000, max: 50_000_000 })
    const charge = fc.integer({ min: 0, max: 100_000 })
    const credits = fc.array(
      fc.record({ amountPence: fc.integer({ min: 0, max: 200_000 }), expectedOn: fc.constantFrom('2026-03-01', '2026-04-10', '2026-04-20', '2026-05-10') }),
      { maxLength: 4 },
    )

    it('collectable arrears are never more than max(0, balance) and the parts add up', () => {
      fc.assert(
        fc.property(pence, charge, charge, credits, (balance, weekly, week, expected) => {
          const m = measureArrears(input({ balancePence: balance, grossWeeklyChargePence: weekly, currentWeekDebitPence: week, expectedBenefit: expected }))
          expect(m.collectableArrearsPence).toBeGreaterThanOrEqual(0)
          expect(m.collectableArrearsPence).toBeLessThanOrEqual(Math.max(0, balance))
          expect(m.collectableArrearsPence + m.technicalArrearsPence + m.currentWeekAllowancePence).toBe(Math.max(0, balance))
        }),
      )
    })

    it('arrears in weeks never go down as collectable arrears go up', () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 50_000_000 }), fc.integer({ min: 0, max: 50_000_000 }), fc.integer({ min: 1, max: 100_000 }), (a, b, weekly) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a]
          const at = (balance: number) =>
            measureArrears(input({ balancePence: balance, grossWeeklyChargePence: weekly, currentWeekDebitPence: 0 })).arrearsWeeksHundredths!
          expect(at(lo)).toBeLessThanOrEqual(at(hi))
        }),
      )
    })

    it('a weeks threshold is met exactly when the pence threshold is (no rounding across it)', () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 0, max: 20 }), (amount, weekly, weeks) => {
          expect(weeksHundredths(amount, weekly)! >= weeks * 100).toBe(amount >= weeks * weekly)
        }),
      )
    })
  })
})

describe('formatWeeks', () => {
  it.each([
    [0, '0.00'],
    [5, '0.05'],
    [621, '6.21'],
    [1300, '13.00'],
  ])('%i hundredths is %s', (h, text) => {
    expect(formatWeeks(h)).toBe(text)
  })
})
