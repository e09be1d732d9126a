import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addDays } from '../calendar/dates.ts'
import { addYears, limitationPosition } from './limitation.ts'

// Calendar: the day of the event is excluded, so six years from 1 March 2020 ends on 1 March 2026 (the last day a
// claim may be issued) and the debt is statute-barred from Monday 2 March 2026.
describe('limitationPosition', () => {
  it('runs six years from the date the debt fell due, the day itself excluded', () => {
    const p = limitationPosition({ today: '2026-03-01', causeOfActionOn: '2020-03-01' })
    expect(p).toMatchObject({ lastDayToIssue: '2026-03-01', barredFrom: '2026-03-02', statuteBarred: false, clockEvent: 'cause_of_action' })
    expect(limitationPosition({ today: '2026-03-02', causeOfActionOn: '2020-03-01' })).toMatchObject({ statuteBarred: true })
    expect(limitationPosition({ today: '2026-03-02', causeOfActionOn: '2020-03-01' }).text).toBe('statute-barred since 2026-03-02 (six years from the debt fell due on 2020-03-01)')
  })

  it('restarts on a part payment and on a signed written acknowledgement (s29(5))', () => {
    expect(limitationPosition({ today: '2027-01-01', causeOfActionOn: '2020-03-01', payments: ['2021-05-10'] })).toMatchObject({
      lastDayToIssue: '2027-05-10',
      clockEvent: 'payment',
      statuteBarred: false,
    })
    expect(limitationPosition({ today: '2027-01-01', causeOfActionOn: '2020-03-01', payments: ['2021-05-10'], acknowledgements: ['2022-02-01'] })).toMatchObject({
      lastDayToIssue: '2028-02-01',
      clockEvent: 'acknowledgement',
    })
  })

  it('is six years from the latest of the cause of action, the last payment and the last acknowledgement', () => {
    const p = limitationPosition({ today: '2030-01-01', causeOfActionOn: '2022-01-01', payments: ['2023-01-01', '2022-06-01'], acknowledgements: ['2024-03-03'] })
    expect(p.lastDayToIssue).toBe('2030-03-03')
  })

  it('does not revive a debt already barred (s29(7))', () => {
    const p = limitationPosition({ today: '2027-01-01', causeOfActionOn: '2019-01-01', payments: ['2026-06-01'] })
    expect(p).toMatchObject({ statuteBarred: true, lastDayToIssue: '2025-01-01', ignored: [{ on: '2026-06-01', event: 'payment' }] })
    expect(p.text).toContain('the payment on 2026-06-01 came after and does not revive it (s29(7))')
  })

  it('a claim issued in time stops the clock; one issued late does not', () => {
    expect(limitationPosition({ today: '2030-01-01', causeOfActionOn: '2020-03-01', claimIssuedOn: '2025-12-01' })).toMatchObject({ statuteBarred: false, stoppedByClaimOn: '2025-12-01' })
    expect(limitationPosition({ today: '2030-01-01', causeOfActionOn: '2020-03-01', claimIssuedOn: '2026-04-01' })).toMatchObject({ statuteBarred: true, stoppedByClaimOn: null })
  })

  it('ignores events before the debt fell due or after today, and is unknown without a cause of action', () => {
    expect(limitationPosition({ today: '2026-01-01', causeOfActionOn: '2020-03-01', payments: ['2019-01-01', '2027-01-01'] }).lastDayToIssue).toBe('2026-03-01')
    expect(limitationPosition({ today: '2026-01-01', causeOfActionOn: null, payments: ['2025-01-01'] })).toMatchObject({ known: false, statuteBarred: null })
  })

  it('ends a 29 February event on 28 February six years on (never a day late) [P]', () => {
    expect(addYears('2024-02-29', 6)).toBe('2030-02-28')
    expect(limitationPosition({ today: '2030-03-01', causeOfActionOn: '2024-02-29' })).toMatchObject({ lastDayToIssue: '2030-02-28', statuteBarred: true })
  })
})

// Property tests over arbitrary histories between 2000 and 2040.
const day = fc.integer({ min: 0, max: 40 * 366 }).map((n) => addDays('2000-01-01', n))
const history = fc.record({ cause: day, payments: fc.array(day, { maxLength: 8 }), acks: fc.array(day, { maxLength: 4 }), today: day })

describe('limitationPosition (properties)', () => {
  it('barred exactly when today is after the limitation date, which is six years after an event on or after the cause', () => {
    fc.assert(
      fc.property(history, (h) => {
        const p = limitationPosition({ today: h.today, causeOfActionOn: h.cause, payments: h.payments, acknowledgements: h.acks })
        expect(p.statuteBarred).toBe(h.today > p.lastDayToIssue!)
        expect(p.lastDayToIssue).toBe(addYears(p.clockFrom!, 6))
        expect(p.clockFrom! >= h.cause).toBe(true)
        expect(p.barredFrom).toBe(addDays(p.lastDayToIssue!, 1))
      }),
    )
  })

  it('when no gap between events exceeds six years, the date is six years from the latest of them (the brief rule)', () => {
    fc.assert(
      fc.property(history, (h) => {
        const events = [...h.payments, ...h.acks].filter((d) => d >= h.cause && d <= h.today).sort()
        const chain = [h.cause, ...events]
        const unbroken = chain.every((d, i) => i === 0 || d <= addYears(chain[i - 1]!, 6))
        fc.pre(unbroken)
        const p = limitationPosition({ today: h.today, causeOfActionOn: h.cause, payments: h.payments, acknowledgements: h.acks })
        expect(p.lastDayToIssue).toBe(addYears(chain.at(-1)!, 6))
      }),
    )
  })

  it('a further payment never brings the limitation date forward, and one after the bar changes nothing', () => {
    fc.assert(
      fc.property(history, day, (h, extra) => {
        const before = limitationPosition({ today: h.today, causeOfActionOn: h.cause, payments: h.payments, acknowledgements: h.acks })
        const after = limitationPosition({ today: h.today, causeOfActionOn: h.cause, payments: [...h.payments, extra], acknowledgements: h.acks })
        expect(after.lastDayToIssue! >= before.lastDayToIssue!).toBe(true)
        if (extra > before.lastDayToIssue!) expect(after.lastDayToIssue).toBe(before.lastDayToIssue)
        // A debt barred today stays barred whatever is paid afterwards.
        if (before.statuteBarred && extra > before.lastDayToIssue!) expect(after.statuteBarred).toBe(true)
      }),
    )
  })
})
