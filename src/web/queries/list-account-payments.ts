import type { Queryable } from '../../db/client.ts'

export interface AccountPayment {
  id: number
  receivedOn: string
  method: string
  amountPence: number
  receiptNumber: string | null
  reference: string | null
  importId: number | null
  importFileName: string | null
  importLine: number | null
  /** What of the payment is on this account now (0 once moved away). */
  heldPence: number
  reversed: boolean
  reversalReason: string | null
  /** Accounts it was moved to from this one, and from which it came to this one. */
  movedTo: string[]
  movedFrom: string[]
}

export interface AccountPayments {
  payments: AccountPayment[]
  /** More payments than are shown. */
  truncated: boolean
}

export const ACCOUNT_PAYMENTS_LIMIT = 100

/** Payments ever credited to the account (by receipt, file, or moved in), newest first. */
export async function listAccountPayments(db: Queryable, accountId: number): Promise<AccountPayments> {
  const rows = await db.query<{
    id: number
    received_on: string
    method: string
    amount_pence: number
    receipt_number: string | null
    reference: string | null
    import_id: number | null
    file_name: string | null
    import_line: number | null
    held: number
    reversal_reason: string | null
    moved_to: string[] | null
    moved_from: string[] | null
  }>(
    `with mine as (
       select payment_id, sum(amount_pence)::bigint as held from payment_allocations where account_id = $1 group by payment_id
     )
     select p.id, p.received_on, p.method, p.amount_pence, p.receipt_number, p.reference, p.import_id, i.file_name, p.import_line,
       m.held, r.reason as reversal_reason,
       array(select a.account_number from payment_reallocations pr join accounts a on a.id = pr.to_account_id
             where pr.payment_id = p.id and pr.from_account_id = $1 order by pr.id) as moved_to,
       array(select a.account_number from payment_reallocations pr join accounts a on a.id = pr.from_account_id
             where pr.payment_id = p.id and pr.to_account_id = $1 order by pr.id) as moved_from
     from mine m
     join payments p on p.id = m.payment_id
     left join payment_imports i on i.id = p.import_id
     left join payment_reversals r on r.payment_id = p.id
     order by p.received_on desc, p.id desc
     limit $2`,
    [accountId, ACCOUNT_PAYMENTS_LIMIT + 1],
  )
  return {
    truncated: rows.length > ACCOUNT_PAYMENTS_LIMIT,
    payments: rows.slice(0, ACCOUNT_PAYMENTS_LIMIT).map((r) => ({
      id: r.id,
      receivedOn: r.received_on,
      method: r.method,
      amountPence: r.amount_pence,
      receiptNumber: r.receipt_number,
      reference: r.reference,
      importId: r.import_id,
      importFileName: r.file_name,
      importLine: r.import_line,
      heldPence: r.held,
      reversed: r.reversal_reason !== null,
      reversalReason: r.reversal_reason,
      movedTo: r.moved_to ?? [],
      movedFrom: r.moved_from ?? [],
    })),
  }
}
