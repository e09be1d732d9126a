import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addDays, diffDays, dayOfWeek } from '../calendar/dates.ts'
import { annualWindowStart, lastCompleteRentWeek, parsePeriod, PeriodError, presetPeriods, rentWeekOf, rentYearToDate, resolvePeriod, upToToday } from './periods.ts'

describe('resolvePeriod', () => {
  it('a rent week runs Monday to Sunday', () => {
    const p = resolvePeriod({ kind: 'rent-week', monday: '2026-11-16' })
    expect([p.from, p.to, p.key]).toEqual(['2026-11-16', '2026-11-22', 'rent-week:2026-11-16'])
  })

  it('refuses a rent week that does not start on a Monday', () => {
    expect(() => resolvePeriod({ kind: 'rent-week', monday: '2026-11-17' })).toThrow(PeriodError)
  })

  it('a rent year runs from the first Monday in April to the day before the next (2024/25 has 53 weeks)', () => {
    // Calendar: 1 April 2024 and 7 April 2025 are Mondays, so 2024/25 runs 1 April 2024 to 6 April 2025.
    const p = resolvePeriod({ kind: 'rent-year', startYear: 2024 })
    expect([p.from, p.to, p.label]).toEqual(['2024-04-01', '2025-04-06', 'Rent year 2024/25 (53 weeks)'])
    const q = resolvePeriod({ kind: 'rent-year', startYear: 2026 })
    expect([q.from, q.to, q.label]).toEqual(['2026-04-06', '2027-04-04', 'Rent year 2026/27 (52 weeks)'])
  })

  it('months and financial quarters (Q1 is April to June; Q4 is January to March of the next year)', () => {
    expect(resolvePeriod({ kind: 'month', year: 2028, month: 2 })).toMatchObject({ from: '2028-02-01', to: '2028-02-29', label: 'February 2028' })
    expect(resolvePeriod({ kind: 'quarter', startYear: 2026, quarter: 1 })).toMatchObject({ from: '2026-04-01', to: '2026-06-30' })
    expect(resolvePeriod({ kind: 'quarter', startYear: 2026, quarter: 3 })).toMatchObject({ from: '2026-10-01', to: '2026-12-31' })
    expect(resolvePeriod({ kind: 'quarter', startYear: 2026, quarter: 4 })).toMatchObject({
      from: '2027-01-01',
      to: '2027-03-31',
      label: 'Q4 2026/27 (January to March 2027)',
    })
  })

  it('a custom period must start on or before it ends', () => {
    expect(() => resolvePeriod({ kind: 'custom', from: '2026-05-02', to: '2026-05-01' })).toThrow(PeriodError)
    expect(resolvePeriod({ kind: 'custom', from: '2026-05-01', to: '2026-05-01' }).label).toBe('1 May 2026 to 1 May 2026')
  })
})

describe('parsePeriod', () => {
  it.each(['rent-week:2026-11-16', 'rent-year:2026', 'month:2026-11', 'quarter:2026-Q3', 'custom:2026-04-06..2026-11-22'])(
    '%s reads back to the same key',
    (text) => expect(parsePeriod(text).key).toBe(text),
  )

  it.each(['', 'year:2026', 'month:2026-13', 'quarter:2026-Q5', 'custom:2026-04-06', 'rent-week:2026-02-30'])('refuses %s', (text) => {
    expect(() => parsePeriod(text)).toThrow(PeriodError)
  })

  it('round-trips every month and quarter (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1990, max: 2100 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 4 }), (y, m, q) => {
        const month = resolvePeriod({ kind: 'month', year: y, month: m })
        const quarter = resolvePeriod({ kind: 'quarter', startYear: y, quarter: q as 1 | 2 | 3 | 4 })
        return parsePeriod(month.key).from === month.from && parsePeriod(quarter.key).to === quarter.to
      }),
    )
  })
})

describe('rent weeks and years', () => {
  it('every day belongs to one rent week, and the weeks tile the calendar (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40_000 }), (offset) => {
        const d = addDays('1990-01-01', offset)
        const w = rentWeekOf(d)
        return dayOfWeek(w.from) === 1 && w.from <= d && d <= w.to && diffDays(w.from, w.to) === 6 && rentWeekOf(addDays(w.to, 1)).from === addDays(w.to, 1)
      }),
    )
  })

  it('the rent year to date starts on the rent year’s first Monday (days before it belong to the last year)', () => {
    // 5 April 2026 is a Sunday, the last day of rent year 2025/26 (which started on Monday 7 April 2025).
    expect(rentYearToDate('2026-04-05')).toMatchObject({ from: '2025-04-07', to: '2026-04-05' })
    expect(rentYearToDate('2026-04-06')).toMatchObject({ from: '2026-04-06', to: '2026-04-06' })
  })

  it('the last complete rent week is the one before the week containing today', () => {
    // Sunday 22 November 2026: the week of 16 November has not ended until the day is over.
    expect(lastCompleteRentWeek('2026-11-22').from).toBe('2026-11-09')
    expect(lastCompleteRentWeek('2026-11-23').from).toBe('2026-11-16')
  })

  it('the annual window is 52 rent weeks, 364 days ending on the day', () => {
    expect(diffDays(annualWindowStart('2026-11-22'), '2026-11-22')).toBe(363)
  })
})

describe('upToToday and presets', () => {
  it('cuts a period off at today and says so', () => {
    const p = upToToday(resolvePeriod({ kind: 'rent-year', startYear: 2026 }), '2026-11-22')
    expect([p.from, p.to, p.partial]).toEqual(['2026-04-06', '2026-11-22', true])
    expect(p.label).toBe('Rent year 2026/27 (52 weeks), to 22 November 2026')
    expect(() => upToToday(resolvePeriod({ kind: 'month', year: 2027, month: 1 }), '2026-11-22')).toThrow(PeriodError)
  })

  it('offers this and last rent year, month and quarter, and the last complete week', () => {
    expect(presetPeriods('2026-11-22').map((p) => p.key)).toEqual([
      'rent-year:2026',
      'rent-year:2025',
      'month:2026-11',
      'month:2026-10',
      'quarter:2026-Q3',
      'quarter:2026-Q2',
      'rent-week:2026-11-09',
    ])
    // In January the last month is December of the year before, and the quarter is Q4 of the year that began in April.
    expect(presetPeriods('2027-01-10').map((p) => p.key).slice(2, 6)).toEqual(['month:2027-01', 'month:2026-12', 'quarter:2026-Q4', 'quarter:2026-Q3'])
  })
})
