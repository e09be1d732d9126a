import { describe, expect, it } from 'vitest'
import { emptyFigures, measureById, measureValue } from './measures.ts'
import { parseTargetValue, targetInForce, targetStatus, type Target } from './targets.ts'

const m = (id: string) => measureById(id)!

describe('targetStatus', () => {
  const collection = m('collection_rate')
  const value = (collected: number, debit: number) => measureValue(collection, { ...emptyFigures(), rent_collected: collected, rent_debit: debit })

  it('higher is better: met at or above the target, exactly', () => {
    expect(targetStatus(collection, value(98_500, 100_000), 9850)).toBe('met')
    expect(targetStatus(collection, value(98_499, 100_000), 9850)).toBe('not_met')
    expect(targetStatus(collection, value(1, 0), 9850)).toBe('no_figure')
  })

  it('lower is better for arrears: met at or below the target', () => {
    const arrears = m('current_tenant_arrears')
    const v = measureValue(arrears, { ...emptyFigures(), current_tenant_arrears: 250_000 })
    expect(targetStatus(arrears, v, 250_000)).toBe('met')
    expect(targetStatus(arrears, v, 249_999)).toBe('not_met')
  })

  it('refuses a measure that takes no target', () => {
    expect(() => targetStatus(m('notices_served'), { unit: 'count', count: 3 }, 2)).toThrow(RangeError)
  })
})

describe('targetInForce', () => {
  const t = (id: number, patchId: number | null, effectiveFrom: string, value: number, measure = 'collection_rate'): Target => ({ id, measure, patchId, effectiveFrom, value })
  const targets = [t(1, null, '2026-04-06', 9800), t(2, null, '2026-10-05', 9850), t(3, 7, '2026-04-06', 9700), t(4, null, '2026-10-05', 9900), t(5, null, '2026-04-06', 300_000, 'current_tenant_arrears')]

  it('is the latest on or before the date; a correction set for the same day (a later row) wins', () => {
    expect(targetInForce(targets, 'collection_rate', null, '2026-10-04')?.value).toBe(9800)
    expect(targetInForce(targets, 'collection_rate', null, '2026-10-05')?.value).toBe(9900)
    expect(targetInForce(targets, 'collection_rate', null, '2026-04-05')).toBeNull()
  })

  it('a patch takes its own target, else the overall one', () => {
    expect(targetInForce(targets, 'collection_rate', 7, '2026-11-01')?.value).toBe(9700)
    expect(targetInForce(targets, 'collection_rate', 8, '2026-11-01')?.value).toBe(9900)
  })
})

describe('parseTargetValue', () => {
  it.each([
    ['collection_rate', '98.5', 9850],
    ['collection_rate', '98.75%', 9875],
    ['current_tenant_arrears', '£25,000', 2_500_000],
    ['current_tenant_arrears', '1234.5', 123_450],
    ['evictions', '12', 12],
  ])('%s "%s" is %i', (id, text, value) => expect(parseTargetValue(m(id), text)).toEqual({ ok: true, value }))

  it.each([
    ['collection_rate', '', 'Enter the target'],
    ['collection_rate', 'lots', 'Target must be a percentage with at most 2 decimal places, like 98.5'],
    ['collection_rate', '-1', 'Target must be a percentage from 0 to 1000, like 98.5'],
    ['current_tenant_arrears', '£12.345', 'Target must be an amount of money, like 25000 or 25,000.00'],
    ['evictions', '2.5', 'Target must be a whole number, like 12'],
  ])('%s "%s": %s', (id, text, message) => expect(parseTargetValue(m(id), text)).toEqual({ ok: false, message }))
})
