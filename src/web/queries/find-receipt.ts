import type { Queryable } from '../../db/client.ts'
import { RECEIPTABLE_METHODS, type ReceiptableMethod, type Receipt } from '../../services/payments/receipt-payment.ts'

const isReceiptable = (m: string): m is ReceiptableMethod => (RECEIPTABLE_METHODS as readonly string[]).includes(m)

/**
 * A receipt as it was given: the account the payment was first credited to, and that account's balance just
 * after it (postings up to and including the payment's own), so a reprint says what the original said even
 * if the payment was later moved or reversed.
 */
export async function findReceipt(db: Queryable, receiptNumber: string): Promise<Receipt | null> {
  const [row] = await db.query<{
    payment_id: number
    receipt_number: string
    method: string
    amount_pence: number
    received_on: string
    reference: string | null
    collected_at: string | null
    account_id: number
    account_number: string
    payment_reference: string | null
    account_name: string
    taken_by: string | null
    balance_after: number
  }>(
    `select p.id as payment_id, p.receipt_number, p.method, p.amount_pence, p.received_on, p.reference, p.collected_at,
       a.id as account_id, a.account_number, a.payment_reference, a.name as account_name, u.username as taken_by,
       (select coalesce(sum(po.amount_pence), 0) from postings po where po.account_id = a.id and po.id <= first.posting_id)::bigint as balance_after
     from payments p
     cross join lateral (select pa.account_id, pa.posting_id from payment_allocations pa where pa.payment_id = p.id order by pa.id limit 1) first
     join accounts a on a.id = first.account_id
     left join users u on u.id = p.user_id
     where p.receipt_number = $1`,
    [receiptNumber],
  )
  if (!row || !isReceiptable(row.method)) return null
  const names = await db.query<{ name: string }>(
    `select concat_ws(' ', p.title, p.forename, p.surname) as name from account_parties ap join parties p on p.id = ap.party_id
     where ap.account_id = $1 order by p.id`,
    [row.account_id],
  )
  return {
    paymentId: row.payment_id,
    receiptNumber: row.receipt_number,
    accountNumber: row.account_number,
    paymentReference: row.payment_reference,
    accountName: row.account_name,
    payerNames: names.map((n) => n.name),
    method: row.method,
    amountPence: row.amount_pence,
    receivedOn: row.received_on,
    reference: row.reference,
    collectedAt: row.collected_at,
    takenBy: row.taken_by ? `user:${row.taken_by}` : 'system',
    balanceAfterPence: row.balance_after,
  }
}
