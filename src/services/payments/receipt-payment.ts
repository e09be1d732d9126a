import type { Db } from '../../db/client.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { recordPayment, type PaymentMethod } from './record-payment.ts'

/** Methods an officer can take in person or by phone; file-only methods (HB schedules, allpay…) come by import. */
export const RECEIPTABLE_METHODS = ['cash', 'cheque', 'postal_order', 'card', 'bank_transfer', 'standing_order'] as const satisfies readonly PaymentMethod[]
export type ReceiptableMethod = (typeof RECEIPTABLE_METHODS)[number]

export interface ReceiptPaymentOptions {
  accountId: number
  method: ReceiptableMethod
  amountPence: number
  receivedOn: string
  postingDate: string
  reference?: string | null
  /** Where cash was collected, e.g. a traveller site office. */
  collectedAt?: string | null
  actor: Actor
}

export interface Receipt {
  paymentId: number
  receiptNumber: string
  accountNumber: string
  paymentReference: string | null
  accountName: string
  payerNames: string[]
  method: ReceiptableMethod
  amountPence: number
  receivedOn: string
  reference: string | null
  collectedAt: string | null
  takenBy: string
  balanceAfterPence: number
}

/** Receipts one payment taken by an officer, with a receipt number from the council's sequence. */
export async function receiptPayment(db: Db, opts: ReceiptPaymentOptions): Promise<Receipt> {
  if (!(RECEIPTABLE_METHODS as readonly string[]).includes(opts.method)) {
    throw new AppError('validation', `Payments by ${opts.method} arrive by file, not at the counter`, [{ field: 'method', message: 'Choose how the payment was made' }])
  }
  return db.transaction(async (tx) => {
    const [account] = await tx.query<{ id: number; account_number: string; payment_reference: string | null; name: string; account_class: string }>(
      'select id, account_number, payment_reference, name, account_class from accounts where id = $1',
      [opts.accountId],
    )
    if (!account || account.account_class !== 'customer') throw new AppError('not_found', `No customer account ${opts.accountId}`)
    const [seq] = await tx.query<{ n: number }>(`select nextval('receipt_number_seq')::bigint as n`)
    const receiptNumber = `RC${opts.receivedOn.slice(2, 4)}${String(seq!.n).padStart(7, '0')}`
    const { paymentId } = await recordPayment(tx, {
      accountId: account.id,
      method: opts.method,
      amountPence: opts.amountPence,
      receivedOn: opts.receivedOn,
      postingDate: opts.postingDate,
      reference: opts.reference ?? null,
      receiptNumber,
      collectedAt: opts.collectedAt ?? null,
      idempotencyKey: `receipt:${receiptNumber}`,
      source: 'user',
      actor: opts.actor,
    })
    const names = await tx.query<{ name: string }>(
      `select concat_ws(' ', p.title, p.forename, p.surname) as name from account_parties ap join parties p on p.id = ap.party_id
       where ap.account_id = $1 order by p.id`,
      [account.id],
    )
    const [bal] = await tx.query<{ b: number }>('select coalesce(sum(amount_pence), 0)::bigint as b from postings where account_id = $1', [account.id])
    return {
      paymentId,
      receiptNumber,
      accountNumber: account.account_number,
      paymentReference: account.payment_reference,
      accountName: account.name,
      payerNames: names.map((n) => n.name),
      method: opts.method,
      amountPence: opts.amountPence,
      receivedOn: opts.receivedOn,
      reference: opts.reference ?? null,
      collectedAt: opts.collectedAt ?? null,
      takenBy: opts.actor.label,
      balanceAfterPence: bal!.b,
    }
  })
}
