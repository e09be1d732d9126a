import { describe, expect, it } from 'vitest'
import { addYears, limitationOn } from './limitation.ts'

describe('limitationOn', () => {
  it('bars a balance six years after the last payment, not a day sooner', () => {
    // Payment Sunday 1 March 2020; six years run to 1 March 2026; barred from Monday 2 March 2026.
    const facts = { lastPaymentOn: '2020-03-01', lastAcknowledgementOn: null, lastChargeOn: '2019-12-02' }
    expect(limitationOn(facts, '2026-03-01')).toEqual({ clockFrom: '2020-03-01', barredFrom: '2026-03-02', barred: false })
    expect(limitationOn(facts, '2026-03-02').barred).toBe(true)
  })

  it('restarts the clock on a written acknowledgement or a later charge', () => {
    expect(limitationOn({ lastPaymentOn: '2018-01-01', lastAcknowledgementOn: '2021-05-10', lastChargeOn: null }, '2026-11-22')).toMatchObject({
      clockFrom: '2021-05-10',
      barred: false,
    })
    expect(limitationOn({ lastPaymentOn: '2018-01-01', lastAcknowledgementOn: null, lastChargeOn: '2020-12-07' }, '2026-11-22').barred).toBe(false)
    expect(limitationOn({ lastPaymentOn: '2018-01-01', lastAcknowledgementOn: null, lastChargeOn: '2020-11-09' }, '2026-11-22').barred).toBe(true)
  })

  it('cannot say when nothing is recorded', () => {
    expect(limitationOn({ lastPaymentOn: null, lastAcknowledgementOn: null, lastChargeOn: null }, '2026-11-22')).toEqual({
      clockFrom: null,
      barredFrom: null,
      barred: null,
    })
  })

  it('adds years to 29 February', () => {
    expect(addYears('2020-02-29', 6)).toBe('2026-02-28')
    expect(addYears('2020-02-29', 4)).toBe('2024-02-29')
  })
})
