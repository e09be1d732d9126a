import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ACCOUNT_TYPES, type AccountType } from '../recovery/index.ts'
import { apportionPayment, ApportionError, DEFAULT_PRIORITY_ORDER, tierOf, type ApportionAccount, type PriorityOrder } from './apportion.ts'

const acct = (accountId: number, type: AccountType, balancePence: number, oldestDebtOn?: string): ApportionAccount => ({
  accountId,
  type,
  balancePence,
  ...(oldestDebtOn ? { oldestDebtOn } : {}),
})

const pence = (r: ReturnType<typeof apportionPayment>) => r.allocations.map((a) => a.pence)

describe('apportionPayment', () => {
  it('pays rent and council tax first, pro rata between them, before anything else', () => {
    const accounts = [acct(1, 'garage', 10_000), acct(2, 'rent', 30_000), acct(3, 'council_tax', 10_000)]
    // £100: tier 1 owes £400, so it takes it all, 3:1 between rent and council tax.
    expect(pence(apportionPayment(10_000, accounts))).toEqual([0, 7_500, 2_500])
  })

  it('moves on to the next tier only once the earlier tier is paid in full', () => {
    const accounts = [acct(1, 'garage', 10_000), acct(2, 'rent', 3_000), acct(3, 'council_tax', 1_000)]
    expect(pence(apportionPayment(10_000, accounts))).toEqual([6_000, 3_000, 1_000])
  })

  it('splits pro rata in whole pence with the odd penny to the largest remainder', () => {
    // 100p over 1:1:1 → 34, 33, 33 (equal remainders favour the first listed).
    const accounts = [acct(1, 'rent', 500), acct(2, 'council_tax', 500), acct(3, 'pitch', 500)]
    expect(pence(apportionPayment(100, accounts))).toEqual([34, 33, 33])
  })

  it('pays the oldest debt in full first when asked to', () => {
    const accounts = [acct(1, 'garage', 5_000, '2025-06-01'), acct(2, 'rechargeable_repair', 5_000, '2024-01-15'), acct(3, 'sundry', 5_000)]
    const r = apportionPayment(7_000, accounts, { withinTier: 'oldest_first' })
    expect(pence(r)).toEqual([2_000, 5_000, 0])
  })

  it('follows a stated order of several tiers', () => {
    const order: PriorityOrder = [['council_tax'], ['rent'], ['hb_overpayment']]
    const accounts = [acct(1, 'rent', 5_000), acct(2, 'council_tax', 2_000), acct(3, 'hb_overpayment', 5_000), acct(4, 'garage', 1_000)]
    const r = apportionPayment(8_000, accounts, { priorityOrder: order })
    expect(pence(r)).toEqual([5_000, 2_000, 1_000, 0])
    expect(r.allocations.map((a) => a.tier)).toEqual([2, 1, 3, 4])
  })

  it('returns what is left after every debt is paid as unallocated', () => {
    const r = apportionPayment(10_000, [acct(1, 'rent', 2_500), acct(2, 'garage', 1_000)])
    expect(pence(r)).toEqual([2_500, 1_000])
    expect(r.unallocatedPence).toBe(6_500)
  })

  it('gives nothing to accounts in credit', () => {
    expect(pence(apportionPayment(1_000, [acct(1, 'rent', -5_000), acct(2, 'council_tax', 4_000)]))).toEqual([0, 1_000])
  })

  it.each([
    ['a negative amount', () => apportionPayment(-1, [acct(1, 'rent', 100)])],
    ['an account listed twice', () => apportionPayment(1, [acct(1, 'rent', 100), acct(1, 'garage', 100)])],
    ['a type in two tiers', () => apportionPayment(1, [acct(1, 'rent', 100)], { priorityOrder: [['rent'], ['rent']] })],
    ['an empty tier', () => apportionPayment(1, [acct(1, 'rent', 100)], { priorityOrder: [[]] })],
  ])('refuses %s', (_, run) => {
    expect(run).toThrow(ApportionError)
  })

  it('puts unlisted types in one last tier', () => {
    expect(tierOf('rent', DEFAULT_PRIORITY_ORDER)).toBe(1)
    expect(tierOf('garage', DEFAULT_PRIORITY_ORDER)).toBe(2)
    expect(tierOf('former_tenant', DEFAULT_PRIORITY_ORDER)).toBe(2)
  })
})

describe('apportionPayment (properties)', () => {
  const accountsArb = fc
    .array(fc.record({ type: fc.constantFrom(...ACCOUNT_TYPES), balancePence: fc.integer({ min: -50_000, max: 5_000_000 }), age: fc.option(fc.integer({ min: 0, max: 3000 })) }), {
      minLength: 1,
      maxLength: 8,
    })
    .map((list) =>
      list.map((a, i): ApportionAccount => ({
        accountId: i + 1,
        type: a.type,
        balancePence: a.balancePence,
        ...(a.age === null ? {} : { oldestDebtOn: new Date(Date.UTC(2020, 0, 1 + a.age)).toISOString().slice(0, 10) }),
      })),
    )
  const amountArb = fc.integer({ min: 0, max: 10_000_000 })
  const withinArb = fc.constantFrom('pro_rata' as const, 'oldest_first' as const)

  it('allocates every penny exactly: the parts plus what is left equal the amount', () => {
    fc.assert(
      fc.property(amountArb, accountsArb, withinArb, (amount, accounts, withinTier) => {
        const r = apportionPayment(amount, accounts, { withinTier })
        const total = r.allocations.reduce((s, a) => s + a.pence, 0) + r.unallocatedPence
        expect(total).toBe(amount)
        for (const a of r.allocations) expect(Number.isSafeInteger(a.pence)).toBe(true)
      }),
    )
  })

  it('never pays a debt more than it owes, nor less than nothing', () => {
    fc.assert(
      fc.property(amountArb, accountsArb, withinArb, (amount, accounts, withinTier) => {
        const r = apportionPayment(amount, accounts, { withinTier })
        r.allocations.forEach((a, i) => {
          expect(a.pence).toBeGreaterThanOrEqual(0)
          expect(a.pence).toBeLessThanOrEqual(Math.max(0, accounts[i]!.balancePence))
        })
        const owed = accounts.reduce((s, a) => s + Math.max(0, a.balancePence), 0)
        expect(r.unallocatedPence).toBe(Math.max(0, amount - owed))
      }),
    )
  })

  it('pays a later tier only when every earlier tier is paid in full', () => {
    fc.assert(
      fc.property(amountArb, accountsArb, withinArb, (amount, accounts, withinTier) => {
        const r = apportionPayment(amount, accounts, { withinTier })
        for (const later of r.allocations.filter((a) => a.pence > 0)) {
          r.allocations.forEach((earlier, i) => {
            if (earlier.tier < later.tier) expect(earlier.pence).toBe(Math.max(0, accounts[i]!.balancePence))
          })
        }
      }),
    )
  })

  it('splits pro rata within a penny of the exact share of the tier', () => {
    fc.assert(
      fc.property(amountArb, accountsArb, (amount, accounts) => {
        const r = apportionPayment(amount, accounts)
        const tiers = new Set(r.allocations.map((a) => a.tier))
        for (const tier of tiers) {
          const members = r.allocations.map((a, i) => ({ a, owed: Math.max(0, accounts[i]!.balancePence) })).filter((m) => m.a.tier === tier)
          const given = members.reduce((s, m) => s + m.a.pence, 0)
          const owed = members.reduce((s, m) => s + m.owed, 0)
          if (owed === 0) continue
          for (const m of members) expect(Math.abs(m.a.pence - (given * m.owed) / owed)).toBeLessThan(1)
        }
      }),
    )
  })
})
