/** A statement of account: opening balance, dated lines with a running balance, closing balance. */
export interface StatementEntry {
  postingId: number
  effectiveDate: string
  postingDate: string
  description: string
  postingType: string
  txnType: string
  amountPence: number
}

export interface StatementLine extends StatementEntry {
  debitPence: number
  creditPence: number
  balancePence: number
}

export interface Statement {
  from: string
  to: string
  openingBalancePence: number
  lines: StatementLine[]
  totalDebitsPence: number
  totalCreditsPence: number
  closingBalancePence: number
}

/** Entries must already be in statement order (effective date, then posting id). */
export function buildStatement(from: string, to: string, openingBalancePence: number, entries: readonly StatementEntry[]): Statement {
  let balance = openingBalancePence
  let debits = 0
  let credits = 0
  const lines = entries.map((e) => {
    balance += e.amountPence
    const debitPence = e.amountPence > 0 ? e.amountPence : 0
    const creditPence = e.amountPence < 0 ? -e.amountPence : 0
    debits += debitPence
    credits += creditPence
    return { ...e, debitPence, creditPence, balancePence: balance }
  })
  return {
    from,
    to,
    openingBalancePence,
    lines,
    totalDebitsPence: debits,
    totalCreditsPence: credits,
    closingBalancePence: balance,
  }
}
