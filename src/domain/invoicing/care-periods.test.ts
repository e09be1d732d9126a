import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addDays, diffDays } from '../calendar/index.ts'
import { carePeriodsDue, contributionFor, cyclePeriodStart, type CarePeriod } from './care-periods.ts'

// Anchor: Monday 6 April 2026. Cycle periods: 6 Apr–3 May, 4 May–31 May, 1 Jun–28 Jun, …
const ANCHOR = '2026-04-06'

describe('carePeriodsDue', () => {
  it('invoices complete periods in arrears, the first part period from the plan start', () => {
    const due = carePeriodsDue(ANCHOR, { startsOn: '2026-04-20', endsOn: null }, '2026-06-01')
    expect(due).toEqual<CarePeriod[]>([
      { start: '2026-04-20', end: '2026-05-03', cycleStart: '2026-04-06', days: 14 },
      { start: '2026-05-04', end: '2026-05-31', cycleStart: '2026-05-04', days: 28 },
    ])
  })

  it('bills the last part period once the plan has ended, and skips periods already invoiced', () => {
    const due = carePeriodsDue(ANCHOR, { startsOn: '2026-04-06', endsOn: '2026-05-10' }, '2026-05-10', new Set(['2026-04-06']))
    expect(due).toEqual([{ start: '2026-05-04', end: '2026-05-10', cycleStart: '2026-05-04', days: 7 }])
  })

  it('finds periods before the anchor on the same cycle', () => {
    expect(cyclePeriodStart(ANCHOR, '2026-04-05')).toBe('2026-03-09')
  })

  it('over any sequence of runs, covers the plan without gaps or overlaps up to the last complete period', () => {
    const plan = fc
      .tuple(fc.integer({ min: -400, max: 400 }), fc.option(fc.integer({ min: 0, max: 500 }), { nil: null }))
      .map(([s, len]) => ({ startsOn: addDays(ANCHOR, s), endsOn: len === null ? null : addDays(ANCHOR, s + len) }))
    fc.assert(
      fc.property(plan, fc.array(fc.integer({ min: -50, max: 900 }), { minLength: 1, maxLength: 8 }), (p, offsets) => {
        const runs = offsets.map((o) => addDays(p.startsOn, o)).sort()
        const invoiced = new Set<string>()
        const billed: CarePeriod[] = []
        for (const run of runs) {
          for (const period of carePeriodsDue(ANCHOR, p, run, invoiced)) {
            expect(period.end <= run).toBe(true)
            invoiced.add(period.cycleStart)
            billed.push(period)
          }
        }
        billed.sort((a, b) => (a.start < b.start ? -1 : 1))
        if (billed.length === 0) return
        expect(billed[0]!.start).toBe(p.startsOn)
        for (let i = 1; i < billed.length; i++) expect(billed[i]!.start).toBe(addDays(billed[i - 1]!.end, 1))
        for (const b of billed) {
          expect(b.days).toBe(diffDays(b.start, b.end) + 1)
          expect(b.days).toBeGreaterThanOrEqual(1)
          expect(b.days).toBeLessThanOrEqual(28)
        }
        // Nothing billable is left once the last run has happened.
        expect(carePeriodsDue(ANCHOR, p, runs[runs.length - 1]!, invoiced)).toEqual([])
        const lastEnd = billed[billed.length - 1]!.end
        if (p.endsOn && p.endsOn <= runs[runs.length - 1]!) expect(lastEnd).toBe(p.endsOn)
      }),
    )
  })
})

describe('contributionFor', () => {
  it('is the 4-weekly amount for a whole period, pro rata for part of one, and follows rate changes day by day', () => {
    const rates = [{ effectiveFrom: '2026-04-06', fourWeeklyPence: 28000 }]
    expect(contributionFor(rates, '2026-04-06', '2026-05-03')).toBe(28000)
    expect(contributionFor(rates, '2026-04-20', '2026-05-03')).toBe(14000)
    const changed = [...rates, { effectiveFrom: '2026-04-13', fourWeeklyPence: 14000 }]
    expect(contributionFor(changed, '2026-04-06', '2026-05-03')).toBe(7000 + 10500) // 7 days at £280, 21 at £140
    expect(contributionFor([{ effectiveFrom: '2026-04-06', fourWeeklyPence: 100 }], '2026-04-06', '2026-04-08')).toBe(11) // 10.7p
    expect(contributionFor(rates, '2026-03-01', '2026-03-28')).toBe(0)
  })

  it('adds up over split periods to within a penny per split of the whole', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 1, max: 27 }), (amount, split) => {
        const rates = [{ effectiveFrom: ANCHOR, fourWeeklyPence: amount }]
        const whole = contributionFor(rates, ANCHOR, addDays(ANCHOR, 27))
        const a = contributionFor(rates, ANCHOR, addDays(ANCHOR, split - 1))
        const b = contributionFor(rates, addDays(ANCHOR, split), addDays(ANCHOR, 27))
        expect(whole).toBe(amount)
        expect(Math.abs(a + b - whole)).toBeLessThanOrEqual(1)
      }),
    )
  })
})
