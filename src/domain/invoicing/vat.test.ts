import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { netOfGross, vatOn, vatRuleFor, VatPolicySchema } from './vat.ts'

const policy = VatPolicySchema.parse({ default: { treatment: 'outside_scope' }, byChargeType: { storage: { treatment: 'standard', rateBps: 2000 } } })

describe('vatRuleFor', () => {
  it('uses the charge type’s own rule, else the default', () => {
    expect(vatRuleFor(policy, 'storage')).toEqual({ treatment: 'standard', rateBps: 2000 })
    expect(vatRuleFor(policy, 'social_care')).toEqual({ treatment: 'outside_scope', rateBps: 0 })
  })

  it('refuses a standard rate without a rate, or a rate on an outside-the-scope charge', () => {
    expect(VatPolicySchema.safeParse({ default: { treatment: 'standard' } }).success).toBe(false)
    expect(VatPolicySchema.safeParse({ default: { treatment: 'outside_scope', rateBps: 2000 } }).success).toBe(false)
  })
})

describe('vatOn', () => {
  it('rounds to the nearest penny, half up', () => {
    expect(vatOn(10000, 2000)).toBe(2000)
    expect(vatOn(1, 2000)).toBe(0) // 0.2p
    expect(vatOn(3, 2000)).toBe(1) // 0.6p
    expect(vatOn(1249, 2000)).toBe(250) // 249.8p
    expect(vatOn(1247, 2000)).toBe(249) // 249.4p
    expect(vatOn(25, 2000)).toBe(5)
    expect(vatOn(1234, 500)).toBe(62) // 61.7p
    expect(vatOn(10, 500)).toBe(1) // 0.5p rounds up
  })
})

describe('netOfGross', () => {
  it('finds the net whose net + VAT is the gross where one exists, and never exceeds the gross', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000 }), fc.constantFrom(0, 500, 2000, 1750), (net, rate) => {
        const gross = net + vatOn(net, rate)
        const back = netOfGross(gross, rate)
        expect(back + vatOn(back, rate)).toBe(gross)
      }),
    )
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000 }), fc.constantFrom(500, 2000), (gross, rate) => {
        const net = netOfGross(gross, rate)
        expect(net + vatOn(net, rate)).toBeLessThanOrEqual(gross)
        expect(net + 1 + vatOn(net + 1, rate)).toBeGreaterThan(gross)
      }),
    )
  })
})
