import { describe, expect, it } from 'vitest'
import { validatePerformanceFilters } from './performance-filters.validator.ts'

const TODAY = '2026-11-22'
const known = { patchIds: [1, 2], officerIds: [7] }

describe('validatePerformanceFilters', () => {
  it('defaults to this rent year to date, by patch, everything in scope', () => {
    const r = validatePerformanceFilters({}, TODAY, known)
    expect(r).toMatchObject({ ok: true, by: 'patch', filters: { patchId: null, officerUserId: null, tenure: null, accountType: null } })
    if (!r.ok) return
    expect([r.period.from, r.period.to, r.period.partial]).toEqual(['2026-04-06', '2026-11-22', true])
    expect(r.query).toBe('period=rent-year%3A2026&by=patch')
  })

  it('reads a custom period from GOV.UK date inputs or from ISO dates, and each filter', () => {
    const r = validatePerformanceFilters(
      { period: 'custom', 'from-day': '1', 'from-month': '6', 'from-year': '2026', to: '2026-09-30', by: 'officer', patch: '2', officer: '7', tenure: 'secure', type: 'rent' },
      TODAY,
      known,
    )
    expect(r).toMatchObject({ ok: true, by: 'officer', filters: { patchId: 2, officerUserId: 7, tenure: 'secure', accountType: 'rent' } })
    if (r.ok) expect([r.period.from, r.period.to]).toEqual(['2026-06-01', '2026-09-30'])
  })

  it.each([
    [{ period: 'month:2026-13' }, 'Choose a period from the list', '#period'],
    [{ period: 'month:2027-01' }, 'The period must start on or before today', '#period'],
    [{ period: 'custom', 'from-day': '31', 'from-month': '2', 'from-year': '2026', to: '2026-09-30' }, 'Start date must be a real date', '#from-day'],
    [{ period: 'custom', from: '2026-09-30', to: '2026-06-01' }, 'Start date must be on or before the end date', '#from-day'],
    [{ by: 'colour' }, 'Choose how to break the figures down', '#by'],
    [{ patch: '3' }, 'Choose a patch from the list', '#patch'],
    [{ officer: 'x' }, 'Choose an officer from the list', '#officer'],
    [{ tenure: 'freehold' }, 'Choose a tenure from the list', '#tenure'],
    [{ type: 'income' }, 'Choose an account type from the list', '#type'],
  ])('%j: %s', (query, text, href) => {
    const r = validatePerformanceFilters(query, TODAY, known)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.errors).toContainEqual({ text, href })
  })
})
