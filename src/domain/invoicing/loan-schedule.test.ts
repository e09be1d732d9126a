import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { dueByDate, loanSchedule, MAX_LOAN_INSTALMENTS } from './loan-schedule.ts'

const isoDate = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10))

describe('loanSchedule', () => {
  it('spreads the odd pence over the first instalments', () => {
    const s = loanSchedule({ principalPence: 100000, instalments: 3, firstDueOn: '2026-12-07', frequency: 'weekly' })
    expect(s).toEqual([
      { instalmentNo: 1, dueOn: '2026-12-07', amountPence: 33334 },
      { instalmentNo: 2, dueOn: '2026-12-14', amountPence: 33333 },
      { instalmentNo: 3, dueOn: '2026-12-21', amountPence: 33333 },
    ])
  })

  it('with an instalment amount, leaves only what is left for the last; monthly dates never drift', () => {
    const s = loanSchedule({ principalPence: 50000, instalmentPence: 20000, firstDueOn: '2027-01-31', frequency: 'monthly' })
    expect(s.map((i) => [i.dueOn, i.amountPence])).toEqual([['2027-01-31', 20000], ['2027-02-28', 20000], ['2027-03-31', 10000]])
    expect(dueByDate(s, '2027-02-28')).toBe(40000)
  })

  it('refuses impossible schedules', () => {
    expect(() => loanSchedule({ principalPence: 0, instalments: 1, firstDueOn: '2027-01-01', frequency: 'weekly' })).toThrow(/more than £0.00/)
    expect(() => loanSchedule({ principalPence: 5, instalments: 6, firstDueOn: '2027-01-01', frequency: 'weekly' })).toThrow(/less than a penny/)
    expect(() => loanSchedule({ principalPence: 1_000_000, instalmentPence: 1, firstDueOn: '2027-01-01', frequency: 'weekly' })).toThrow(/smallest instalment is £19.24/)
  })

  it('always sums exactly to the principal, in positive instalments on rising dates', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.oneof(fc.record({ instalments: fc.integer({ min: 1, max: MAX_LOAN_INSTALMENTS }) }), fc.record({ instalmentPence: fc.integer({ min: 1, max: 10_000_000 }) })),
        isoDate,
        fc.constantFrom('weekly' as const, 'four_weekly' as const, 'monthly' as const),
        (principal, how, first, frequency) => {
          let s
          try {
            s = loanSchedule({ principalPence: principal, firstDueOn: first, frequency, ...how })
          } catch (e) {
            expect((e as Error).name).toBe('LoanScheduleError')
            return
          }
          expect(s.reduce((t, i) => t + i.amountPence, 0)).toBe(principal)
          expect(s.every((i) => Number.isSafeInteger(i.amountPence) && i.amountPence > 0)).toBe(true)
          expect(s[0]!.dueOn).toBe(first)
          for (let k = 1; k < s.length; k++) expect(s[k]!.dueOn > s[k - 1]!.dueOn).toBe(true)
          if ('instalments' in how) expect(Math.max(...s.map((i) => i.amountPence)) - Math.min(...s.map((i) => i.amountPence))).toBeLessThanOrEqual(1)
          expect(dueByDate(s, s[s.length - 1]!.dueOn)).toBe(principal)
        },
      ),
    )
  })
})
