import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { documentNumber, parseDocumentNumber } from './document-number.ts'

describe('document numbers', () => {
  it('pads to six digits and grows past them', () => {
    expect(documentNumber('INV', 123)).toBe('INV-000123')
    expect(documentNumber('CRN', 1)).toBe('CRN-000001')
    expect(documentNumber('INV', 1234567)).toBe('INV-1234567')
    expect(() => documentNumber('INV', 0)).toThrow(RangeError)
  })

  it('reads back what it writes, and nothing else', () => {
    fc.assert(fc.property(fc.constantFrom('INV' as const, 'CRN' as const), fc.integer({ min: 1, max: 1e12 }), (s, n) => {
      expect(parseDocumentNumber(documentNumber(s, n))).toEqual({ series: s, n })
    }))
    expect(parseDocumentNumber(' inv-000042 ')).toEqual({ series: 'INV', n: 42 })
    for (const bad of ['INV-42', 'INV-000000', 'INV-0000042', 'XYZ-000001', 'INV000001', '']) expect(parseDocumentNumber(bad)).toBeNull()
  })
})
