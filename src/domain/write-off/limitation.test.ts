import { describe, expect, it } from 'vitest'
import { limitationOn } from './limitation.ts'

// Write-off reads limitation through the debt recovery rule (its own tests: src/domain/debt-recovery/limitation.test.ts);
// these check what write-off relies on.
describe('limitationOn (write-off)', () => {
  it('bars a balance six years after the last payment, not a day sooner', () => {
    // Payment Sunday 1 March 2020; six years run to 1 March 2026; barred from Monday 2 March 2026.
    const facts = { causeOfActionOn: '2019-12-02', payments: ['2020-03-01'], acknowledgements: [] }
    expect(limitationOn(facts, '2026-03-01')).toMatchObject({ clockFrom: '2020-03-01', clockEvent: 'payment', barredFrom: '2026-03-02', barred: false })
    expect(limitationOn(facts, '2026-03-02')).toMatchObject({ barred: true, statuteBarred: true })
  })

  it('restarts the clock on a written acknowledgement or a later charge', () => {
    expect(limitationOn({ causeOfActionOn: '2017-11-06', payments: ['2018-01-01'], acknowledgements: ['2021-05-10'] }, '2026-11-22')).toMatchObject({
      clockFrom: '2021-05-10',
      clockEvent: 'acknowledgement',
      barred: false,
    })
    expect(limitationOn({ causeOfActionOn: '2020-12-07', payments: ['2018-01-01'] }, '2026-11-22').barred).toBe(false)
    expect(limitationOn({ causeOfActionOn: '2020-11-09', payments: ['2018-01-01'] }, '2026-11-22').barred).toBe(true)
  })

  it('is not revived by a payment after the bar (Limitation Act 1980 s29(7))', () => {
    // Charged 4 June 2018, nothing paid until 1 July 2025: barred from 5 June 2024, and the late payment does not restart it.
    const late = limitationOn({ causeOfActionOn: '2018-06-04', payments: ['2025-07-01'] }, '2026-11-22')
    expect(late).toMatchObject({ barred: true, barredFrom: '2024-06-05', clockFrom: '2018-06-04', ignored: [{ on: '2025-07-01', event: 'payment' }] })
    expect(late.text).toContain('the payment on 2025-07-01 came after and does not revive it (s29(7))')
  })

  it('is never barred while a claim issued in time is running', () => {
    expect(limitationOn({ causeOfActionOn: '2018-06-04', claimIssuedOn: '2024-05-01' }, '2026-11-22')).toMatchObject({ barred: false, stoppedByClaimOn: '2024-05-01' })
  })

  it('cannot say when no date the debt fell due is known', () => {
    expect(limitationOn({ causeOfActionOn: null, payments: ['2018-01-01'] }, '2026-11-22')).toMatchObject({ clockFrom: null, barredFrom: null, barred: null })
  })
})
