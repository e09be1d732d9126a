import { describe, expect, it } from 'vitest'
import { validateAmend } from './arrangement-amend.validator.ts'

const good = {
  frequency: 'monthly',
  instalment: '25.50',
  paymentMethod: 'dwp_deduction',
  'effectiveFrom-day': '1',
  'effectiveFrom-month': '12',
  'effectiveFrom-year': '2026',
  accounts: ['7', '9', '7'],
  'priority-rent': '1',
  'priority-council_tax': '2',
  toleranceAmount: '0',
  toleranceDays: '14',
  reason: 'Moved to UC',
}

describe('validateAmend', () => {
  it('reads a valid amendment: accounts once each, the priority as tiers, a £0.00 tolerance', () => {
    const r = validateAmend(good, ['rent', 'council_tax'])
    expect(r.ok && r.form).toEqual({
      frequency: 'monthly',
      instalmentPence: 2550,
      paymentMethod: 'dwp_deduction',
      effectiveFrom: '2026-12-01',
      accountIds: [7, 9],
      priorityOrder: [['rent'], ['council_tax']],
      tolerance: { amountPence: 0, days: 14 },
      reason: 'Moved to UC',
      expectedVersion: null,
    })
    const versioned = validateAmend({ ...good, version: '3' }, ['rent', 'council_tax'])
    expect(versioned.ok && versioned.form.expectedVersion).toBe(3)
    const tampered = validateAmend({ ...good, version: 'latest' }, ['rent', 'council_tax'])
    expect(tampered.ok && tampered.form.expectedVersion).toBeNull()
  })

  it.each([
    ['no account', { accounts: [] }, 'Select at least one account to include', '#accounts'],
    ['a tier out of range', { 'priority-council_tax': '3' }, 'Select the priority of council tax debts', '#priority-council_tax'],
    ['a negative tolerance', { toleranceAmount: '-1' }, 'Tolerance amount must be', '#toleranceAmount'],
    ['tolerance days over 60', { toleranceDays: '61' }, 'Tolerance in days must be a whole number from 0 to 60', '#toleranceDays'],
    ['no tolerance days', { toleranceDays: '' }, 'Tolerance in days must be a whole number from 0 to 60', '#toleranceDays'],
    ['an unknown method', { paymentMethod: 'bitcoin' }, 'Select how the instalments will be paid', '#paymentMethod'],
    ['no date', { 'effectiveFrom-day': '', 'effectiveFrom-month': '', 'effectiveFrom-year': '' }, 'Enter the date the change takes effect', '#effectiveFrom-day'],
    ['no reason', { reason: ' ' }, 'Enter why the arrangement is being changed', '#reason'],
  ])('%s', (_name, change, text, href) => {
    const r = validateAmend({ ...good, ...change }, ['rent', 'council_tax'])
    expect(r.ok).toBe(false)
    expect(!r.ok && r.errors).toContainEqual({ text: expect.stringContaining(text) as string, href })
  })
})
