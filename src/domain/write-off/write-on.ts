/**
 * Write-on: reinstating written-off debt. A payment on an account first clears what is still owed; only when it
 * leaves the account in credit does it reach debt that was written off, and then the write-on brings that debt back
 * (Dr customer, Cr GL-WRITE-OFF) so the payment clears it instead of sitting as a credit. Debt reinstated without a
 * payment (the debtor is traced and will be pursued) is a write-on in full by choice. Pure.
 */
export interface WrittenOffCase {
  caseId: number
  postedOn: string
  /** What the case wrote off less what was already written back on. */
  outstandingPence: number
}

export interface WriteOnAllocation {
  caseId: number
  amountPence: number
}

/**
 * Spreads a write-on over an account's written-off cases, oldest first (as payments are appropriated to the
 * oldest debt when the payer does not say): never more than a case still has written off, and never more in all
 * than `amountPence` (or everything outstanding when it is null: in full by choice).
 */
export function allocateWriteOn(cases: readonly WrittenOffCase[], amountPence: number | null): WriteOnAllocation[] {
  if (amountPence !== null && (!Number.isSafeInteger(amountPence) || amountPence <= 0)) {
    throw new RangeError(`A write-on must be a positive whole number of pence: ${amountPence}`)
  }
  const ordered = [...cases].filter((c) => c.outstandingPence > 0).sort((a, b) => a.postedOn.localeCompare(b.postedOn) || a.caseId - b.caseId)
  let left = amountPence ?? Number.POSITIVE_INFINITY
  const out: WriteOnAllocation[] = []
  for (const c of ordered) {
    if (left <= 0) break
    const amount = Math.min(left, c.outstandingPence)
    out.push({ caseId: c.caseId, amountPence: amount })
    left -= amount
  }
  return out
}

/**
 * The write-on a payment calls for: the account's credit, up to what is still written off. Zero when the account
 * is not in credit (the payment went to debt not written off) or nothing is written off.
 */
export function proposedWriteOnPence(balancePence: number, outstandingWrittenOffPence: number): number {
  if (balancePence >= 0 || outstandingWrittenOffPence <= 0) return 0
  return Math.min(-balancePence, outstandingWrittenOffPence)
}
