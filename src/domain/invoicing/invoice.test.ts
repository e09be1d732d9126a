import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { assertBalanced } from '../ledger/legs.ts'
import { allocateCredit, invoiceLegs, invoiceStatus, priceLines, remainingToCredit, totalsOf, type CreditableLine } from './invoice.ts'
import { repairInvoiceability } from './repair.ts'
import { VatPolicySchema } from './vat.ts'

const policy = VatPolicySchema.parse({ default: { treatment: 'outside_scope' }, byChargeType: { storage: { treatment: 'standard', rateBps: 2000 } } })
const accounts = { customerAccountId: 1, incomeAccountFor: (t: string) => (t === 'storage' ? 10 : t === 'removals' ? 11 : 12), vatAccountId: 99 }

describe('priceLines', () => {
  it('charges VAT only where the charge type is standard-rated', () => {
    const lines = priceLines(
      [
        { chargeType: 'storage', description: 'Storage of furniture, 4 weeks', netPence: 12345 },
        { chargeType: 'removals', description: 'Removal to storage', netPence: 25000 },
      ],
      policy,
    )
    expect(lines.map((l) => [l.lineNo, l.vatTreatment, l.vatRateBps, l.vatPence, l.totalPence])).toEqual([
      [1, 'standard', 2000, 2469, 14814],
      [2, 'outside_scope', 0, 0, 25000],
    ])
    expect(totalsOf(lines)).toEqual({ netPence: 37345, vatPence: 2469, totalPence: 39814 })
  })

  it('refuses no lines, a zero amount and an empty description, naming the field', () => {
    expect(() => priceLines([], policy)).toThrow(/at least one line/)
    expect(() => priceLines([{ chargeType: 'sundry', description: 'x', netPence: 0 }], policy)).toThrow(/more than £0.00/)
    expect(() => priceLines([{ chargeType: 'sundry', description: '  ', netPence: 5 }], policy)).toThrow(/what the charge is for/)
  })
})

describe('invoiceLegs', () => {
  it('debits the customer with the total and credits income and VAT; the credit note legs are the exact opposite', () => {
    const lines = priceLines([{ chargeType: 'storage', description: 'Storage', netPence: 10000 }], policy)
    const legs = invoiceLegs(lines, accounts, { postingType: 'storage', description: 'Invoice INV-000001' })
    expect(legs.map((l) => [l.accountId, l.amountPence])).toEqual([[1, 12000], [10, -10000], [99, -2000]])
    const back = invoiceLegs(lines, accounts, { postingType: 'storage', description: 'Credit note', sign: -1 })
    expect(back.map((l) => [l.accountId, l.amountPence])).toEqual([[1, -12000], [10, 10000], [99, 2000]])
  })

  it('always balances, whatever the lines', () => {
    const line = fc.record({ chargeType: fc.constantFrom('storage', 'removals', 'sundry'), description: fc.constant('x'), netPence: fc.integer({ min: 1, max: 1_000_000 }) })
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 10 }), (ls) => {
        const priced = priceLines(ls, policy)
        const legs = invoiceLegs(priced, accounts, { postingType: 'x', description: 'x' })
        expect(() => assertBalanced(legs)).not.toThrow()
        expect(legs[0]!.amountPence).toBe(totalsOf(priced).totalPence)
      }),
    )
  })
})

describe('allocateCredit', () => {
  const creditable = (ls: { net: number; rate: number }[]): CreditableLine[] =>
    priceLines(ls.map((l) => ({ chargeType: l.rate ? 'storage' : 'sundry', description: 'x', netPence: l.net })), policy).map((p, i) => ({
      invoiceLineId: i + 1,
      netPence: p.netPence,
      vatPence: p.vatPence,
      vatRateBps: p.vatRateBps,
      creditedNetPence: 0,
      creditedVatPence: 0,
    }))

  it('cancels what is left of every line for a whole credit', () => {
    const lines = creditable([{ net: 10000, rate: 2000 }, { net: 500, rate: 0 }])
    lines[1]!.creditedNetPence = 200
    expect(allocateCredit(lines, 'whole')).toEqual([
      { invoiceLineId: 1, netPence: 10000, vatPence: 2000 },
      { invoiceLineId: 2, netPence: 300, vatPence: 0 },
    ])
  })

  it('splits a partial credit of a standard-rated line into net and VAT', () => {
    expect(allocateCredit(creditable([{ net: 10000, rate: 2000 }]), 6000)).toEqual([{ invoiceLineId: 1, netPence: 5000, vatPence: 1000 }])
  })

  it('refuses more than is left, and an invoice already cancelled', () => {
    const lines = creditable([{ net: 1000, rate: 0 }])
    expect(() => allocateCredit(lines, 1001)).toThrow(/£10.00 or less/)
    lines[0]!.creditedNetPence = 1000
    expect(() => allocateCredit(lines, 'whole')).toThrow(/already been cancelled/)
  })

  it('credits exactly the amount asked, never more than any line has left, and credits in turn never exceed the invoice', () => {
    const lineArb = fc.record({ net: fc.integer({ min: 1, max: 500_000 }), rate: fc.constantFrom(0, 2000) })
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 6 }), fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 6 }), (ls, fractions) => {
        const lines = creditable(ls)
        const total = remainingToCredit(lines)
        for (const f of fractions) {
          const left = remainingToCredit(lines)
          if (left === 0) break
          const amount = Math.max(1, Math.floor((left * f) / 1000))
          const credit = allocateCredit(lines, amount)
          expect(credit.reduce((s, c) => s + c.netPence + c.vatPence, 0)).toBe(amount)
          for (const c of credit) {
            const l = lines.find((x) => x.invoiceLineId === c.invoiceLineId)!
            expect(c.netPence).toBeGreaterThanOrEqual(0)
            expect(c.vatPence).toBeGreaterThanOrEqual(0)
            l.creditedNetPence += c.netPence
            l.creditedVatPence += c.vatPence
            expect(l.creditedNetPence).toBeLessThanOrEqual(l.netPence)
            expect(l.creditedVatPence).toBeLessThanOrEqual(l.vatPence)
          }
          expect(remainingToCredit(lines)).toBe(left - amount)
        }
        const rest = remainingToCredit(lines)
        if (rest > 0) allocateCredit(lines, 'whole').forEach((c) => {
          const l = lines.find((x) => x.invoiceLineId === c.invoiceLineId)!
          l.creditedNetPence += c.netPence
          l.creditedVatPence += c.vatPence
        })
        expect(lines.every((l) => l.creditedNetPence === l.netPence && l.creditedVatPence === l.vatPence)).toBe(true)
        expect(total).toBe(lines.reduce((s, l) => s + l.netPence + l.vatPence, 0))
      }),
    )
  })
})

describe('invoiceStatus', () => {
  it('is issued, part cancelled or cancelled', () => {
    expect(invoiceStatus(1000, 0)).toBe('outstanding')
    expect(invoiceStatus(1000, 1)).toBe('part_credited')
    expect(invoiceStatus(1000, 1000)).toBe('credited')
  })
})

describe('repairInvoiceability', () => {
  const base = { tenantResponsible: true, disputed: false, disputeOutcome: null, invoiced: false }
  it.each([
    [base, true, ''],
    [{ ...base, tenantResponsible: false }, false, 'not responsible'],
    [{ ...base, disputed: true, disputeOutcome: 'pending' as const }, false, 'held'],
    [{ ...base, disputed: true, disputeOutcome: 'recharge_cancelled' as const }, false, 'cancelled'],
    [{ ...base, disputed: true, disputeOutcome: 'recharge_confirmed' as const }, true, ''],
    [{ ...base, invoiced: true }, false, 'already been invoiced'],
  ])('%o → %s', (r, ok, reason) => {
    const res = repairInvoiceability(r)
    expect(res.ok).toBe(ok)
    if (!res.ok) expect(res.reason).toContain(reason)
  })
})
