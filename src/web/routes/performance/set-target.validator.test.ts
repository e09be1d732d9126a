import { describe, expect, it } from 'vitest'
import { validateSetTarget } from './set-target.validator.ts'

const form = (over: Record<string, string>) => ({
  measure: 'collection_rate',
  patch: '',
  'effectiveFrom-day': '6',
  'effectiveFrom-month': '4',
  'effectiveFrom-year': '2026',
  value: '98.5',
  reason: '',
  ...over,
})

describe('validateSetTarget', () => {
  it('reads the target in the measure’s unit', () => {
    expect(validateSetTarget(form({}), [1])).toMatchObject({ ok: true, measure: 'collection_rate', patchId: null, effectiveFrom: '2026-04-06', value: 9850, reason: null })
    expect(validateSetTarget(form({ measure: 'former_tenant_arrears', patch: '1', value: '£12,500' }), [1])).toMatchObject({ ok: true, patchId: 1, value: 1_250_000 })
    expect(validateSetTarget(form({ measure: 'evictions', value: '3' }), [1])).toMatchObject({ ok: true, value: 3 })
  })

  it.each([
    [{ measure: '' }, 'Choose the measure', '#measure'],
    [{ measure: 'notices_served' }, 'Choose a measure from the list', '#measure'],
    [{ patch: '9' }, 'Choose a patch from the list, or overall', '#patch'],
    [{ 'effectiveFrom-day': '' }, 'Date the target applies from must include a day', '#effectiveFrom-day'],
    [{ value: '' }, 'Enter the target', '#value'],
    [{ measure: 'evictions', value: '1.5' }, 'Target must be a whole number, like 12', '#value'],
    [{ reason: 'x'.repeat(501) }, 'Reason must be 500 characters or fewer', '#reason'],
  ])('%j: %s', (over, text, href) => {
    const r = validateSetTarget(form(over), [1])
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.errors).toContainEqual({ text, href })
  })
})
