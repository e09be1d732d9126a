import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { accountNumberFor, isValidLuhn, luhnCheckDigit, paymentReferenceFor } from './payment-reference.ts'

describe('payment references', () => {
  it('uses the standard Luhn check digit', () => {
    // Worked example from ISO/IEC 7812: 7992739871 has check digit 3.
    expect(luhnCheckDigit('7992739871')).toBe('3')
    expect(isValidLuhn('79927398713')).toBe(true)
    expect(isValidLuhn('79927398710')).toBe(false)
  })

  it('formats account numbers and references from the serial', () => {
    expect(accountNumberFor('rent', 100001)).toBe('RNT0100001')
    expect(paymentReferenceFor('rent', 100001)).toMatch(/^10100001\d$/)
  })

  it('catches any single mistyped digit in a reference', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9_999_999 }), fc.integer({ min: 0, max: 8 }), fc.integer({ min: 1, max: 9 }), (serial, pos, delta) => {
        const ref = paymentReferenceFor('rent', serial)
        const wrong = ref.slice(0, pos) + String((Number(ref[pos]) + delta) % 10) + ref.slice(pos + 1)
        expect(isValidLuhn(ref)).toBe(true)
        expect(isValidLuhn(wrong)).toBe(false)
      }),
    )
  })
})
