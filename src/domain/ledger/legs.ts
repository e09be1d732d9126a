/**
 * The shape and rules of a ledger transaction, independent of storage.
 * Sign convention: a positive amount debits an account (the customer owes more),
 * a negative amount credits it. Every transaction's legs sum to zero.
 */
export interface Leg {
  accountId: number
  amountPence: number
  postingType: string
  periodStart?: string | null
  chargeKey?: string | null
  description?: string | null
}

export class UnbalancedTransactionError extends Error {}

/** Returns the legs unchanged if they form a valid transaction, otherwise throws with the reason. */
export function assertBalanced(legs: readonly Leg[]): readonly Leg[] {
  if (legs.length < 2) throw new UnbalancedTransactionError('a transaction needs at least two legs')
  let total = 0
  for (const leg of legs) {
    if (!Number.isSafeInteger(leg.amountPence)) {
      throw new UnbalancedTransactionError(`amount ${leg.amountPence} is not a whole number of pence`)
    }
    if (leg.amountPence === 0) throw new UnbalancedTransactionError('a leg of zero pence posts nothing')
    total += leg.amountPence
  }
  if (total !== 0) throw new UnbalancedTransactionError(`legs sum to ${total} pence, not zero`)
  return legs
}

/** The legs of a reversal: each original leg negated, so original + reversal nets to zero on every account. */
export function reversalLegs(original: readonly Leg[]): Leg[] {
  return original.map((leg) => ({
    accountId: leg.accountId,
    amountPence: -leg.amountPence,
    postingType: leg.postingType,
    periodStart: leg.periodStart ?? null,
    chargeKey: null,
    description: leg.description ?? null,
  }))
}

/** Net movement per account of a set of legs (accounts netting to zero are omitted). */
export function netByAccount(legs: readonly Leg[]): Map<number, number> {
  const net = new Map<number, number>()
  for (const leg of legs) net.set(leg.accountId, (net.get(leg.accountId) ?? 0) + leg.amountPence)
  for (const [id, amount] of net) if (amount === 0) net.delete(id)
  return net
}
