import { describe, expect, it } from 'vitest'
import { AUDIT_PERSONAL_KEYS, REDACTED, redactPersonal, STATEMENT_TEXT_KEYS } from './redact-personal.ts'

describe('redactPersonal', () => {
  it('replaces every string under a personal key at any depth, and keeps numbers, booleans, nulls and other keys', () => {
    const before = { accountId: 7, amountPence: 1200, payerName: 'J SMITH', nested: [{ email: 'j@example.com', ok: true }], names: ['A', 'B'], note: null, status: 'open' }
    expect(redactPersonal(before, AUDIT_PERSONAL_KEYS)).toEqual({ accountId: 7, amountPence: 1200, payerName: REDACTED, nested: [{ email: REDACTED, ok: true }], names: [REDACTED, REDACTED], note: null, status: 'open' })
    // The input is not changed.
    expect(before.payerName).toBe('J SMITH')
  })

  it('keeps the shape of a statement: explanations stay a record, amounts stay numbers', () => {
    const statement = { lines: [{ subCategory: 'rent', amountPence: 100, note: 'x' }], explanations: { food: 'why' }, debts: [{ creditor: 'Bank', balancePence: 5, priority: true }] }
    expect(redactPersonal(statement, STATEMENT_TEXT_KEYS)).toEqual({
      lines: [{ subCategory: 'rent', amountPence: 100, note: REDACTED }],
      explanations: { food: REDACTED },
      debts: [{ creditor: REDACTED, balancePence: 5, priority: true }],
    })
  })

  it('leaves null, scalars and objects without personal keys as they were', () => {
    expect(redactPersonal(null, AUDIT_PERSONAL_KEYS)).toBeNull()
    expect(redactPersonal('text', AUDIT_PERSONAL_KEYS)).toBe('text')
    expect(redactPersonal({ status: 'cleared', limitPence: 5 }, AUDIT_PERSONAL_KEYS)).toEqual({ status: 'cleared', limitPence: 5 })
  })
})
