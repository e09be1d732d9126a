/**
 * Apportioning one payment (an instalment, a lump sum, an offer) across several debts of the same
 * person by a stated priority (DESIGN.md §5 "Arrangements": rent and council tax first).
 *
 * Rules (each one a decision, recorded here so it can be checked):
 *
 * - **Tiers.** `priorityOrder` is a list of tiers, each a list of account types. Tier 1 is paid
 *   first; a later tier gets money only once every debt in the earlier tiers is paid in full. Account
 *   types not named in any tier form one last tier together. The default is
 *   `DEFAULT_PRIORITY_ORDER`: the home and council tax first (rent, temporary accommodation, pitch,
 *   council tax: the debts where non-payment risks the home or committal, the SFS "priority debts",
 *   DOMAIN.md §7), then everything else.
 * - **Within a tier**, either
 *   - `pro_rata` (the default): in proportion to the balances, the Standard Financial Statement's
 *     pro-rata rule (DOMAIN.md §7: offer_i = debt_i × available ÷ total), split in whole pence by the
 *     largest remainder method (`allocateProportionally`), ties to the debt listed first; or
 *   - `oldest_first`: the debt whose oldest unpaid charge is oldest is paid in full first, then the
 *     next (debts with no `oldestDebtOn` go after the dated ones, in the order given).
 * - **Never more than owed.** No debt receives more than its balance. Pro rata never needs a cap: a
 *   tier is given at most its total balance, and then each exact share is at most the balance, so
 *   the rounded-up share is too. Debts with a zero or credit balance receive nothing.
 * - **Exact.** The allocations plus `unallocatedPence` always equal the amount. Money left after
 *   every debt is paid in full is returned as `unallocatedPence`: the caller decides (a credit on the
 *   rent account, a refund after offsetting, DESIGN.md §5 "Payments").
 */
import { compareDates, parseIsoDate, type IsoDate } from '../calendar/index.ts'
import { allocateProportionally, assertPence, type Pence } from '../money/pence.ts'
import { ACCOUNT_TYPES, type AccountType } from '../recovery/index.ts'

export type AccountId = string | number

export interface ApportionAccount {
  accountId: AccountId
  type: AccountType
  /** What is owed on the account, positive when owed. */
  balancePence: Pence
  /** The due date of the oldest unpaid charge (for `oldest_first`). */
  oldestDebtOn?: IsoDate | null
}

/** Tiers of account types, highest priority first. */
export type PriorityOrder = readonly (readonly AccountType[])[]

export type WithinTier = 'pro_rata' | 'oldest_first'

export interface ApportionOptions {
  priorityOrder?: PriorityOrder
  withinTier?: WithinTier
}

/**
 * Rent (and the other homes: temporary accommodation, pitches) and council tax first; everything
 * else after, pro rata. A council can state its own order.
 */
export const DEFAULT_PRIORITY_ORDER: PriorityOrder = [['rent', 'temporary_accommodation', 'pitch', 'council_tax']]

export interface Allocation {
  accountId: AccountId
  type: AccountType
  /** 1-based tier the account fell in (the implicit last tier is `priorityOrder.length + 1`). */
  tier: number
  pence: Pence
}

export interface Apportionment {
  /** One per account, in the order the accounts were given. */
  allocations: Allocation[]
  unallocatedPence: Pence
}

export class ApportionError extends Error {
  override name = 'ApportionError'
}

/** Checks a priority order: known account types, none named twice. */
export function validatePriorityOrder(order: PriorityOrder): void {
  const seen = new Set<string>()
  for (const [i, tier] of order.entries()) {
    if (tier.length === 0) throw new ApportionError(`Priority tier ${i + 1} is empty`)
    for (const type of tier) {
      if (!(ACCOUNT_TYPES as readonly string[]).includes(type)) throw new ApportionError(`Priority tier ${i + 1} names an unknown account type "${type}"`)
      if (seen.has(type)) throw new ApportionError(`Account type "${type}" is named in more than one priority tier`)
      seen.add(type)
    }
  }
}

/** The 1-based tier of an account type under `order`. */
export function tierOf(type: AccountType, order: PriorityOrder): number {
  const index = order.findIndex((tier) => tier.includes(type))
  return index === -1 ? order.length + 1 : index + 1
}

function checkAccounts(accounts: readonly ApportionAccount[]): void {
  const ids = new Set<string>()
  for (const a of accounts) {
    assertPence(a.balancePence)
    const key = `${typeof a.accountId}:${String(a.accountId)}`
    if (ids.has(key)) throw new ApportionError(`Account ${String(a.accountId)} is listed twice`)
    ids.add(key)
    if (a.oldestDebtOn != null) parseIsoDate(a.oldestDebtOn)
  }
}

/** Splits `amountPence` across the accounts by priority tier, then pro rata or oldest first within a tier. */
export function apportionPayment(amountPence: Pence, accounts: readonly ApportionAccount[], options: ApportionOptions = {}): Apportionment {
  assertPence(amountPence)
  if (amountPence < 0) throw new ApportionError(`Cannot apportion a negative amount: ${amountPence}`)
  const order = options.priorityOrder ?? DEFAULT_PRIORITY_ORDER
  validatePriorityOrder(order)
  checkAccounts(accounts)
  const within = options.withinTier ?? 'pro_rata'

  const owed = accounts.map((a) => Math.max(0, a.balancePence))
  const pence = accounts.map(() => 0)
  const tiers = accounts.map((a) => tierOf(a.type, order))
  let remaining = amountPence

  for (let tier = 1; tier <= order.length + 1 && remaining > 0; tier++) {
    const members = accounts.map((_, i) => i).filter((i) => tiers[i] === tier && owed[i]! > 0)
    if (members.length === 0) continue
    const tierOwed = members.reduce((sum, i) => sum + owed[i]!, 0)
    const tierAmount = Math.min(remaining, tierOwed)
    if (within === 'pro_rata') {
      const parts = allocateProportionally(tierAmount, members.map((i) => owed[i]!))
      members.forEach((i, k) => (pence[i] = parts[k]!))
    } else {
      const byAge = [...members].sort((a, b) => {
        const da = accounts[a]!.oldestDebtOn
        const db = accounts[b]!.oldestDebtOn
        if (da && db) return compareDates(da, db) || a - b
        if (da) return -1
        if (db) return 1
        return a - b
      })
      let left = tierAmount
      for (const i of byAge) {
        const take = Math.min(left, owed[i]!)
        pence[i] = take
        left -= take
      }
    }
    remaining -= tierAmount
  }

  return {
    allocations: accounts.map((a, i) => ({ accountId: a.accountId, type: a.type, tier: tiers[i]!, pence: pence[i]! })),
    unallocatedPence: remaining,
  }
}
