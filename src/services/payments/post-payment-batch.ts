import type { Queryable } from '../../db/client.ts'
import type { Actor } from '../actor.ts'
import type { PaymentMethod } from './record-payment.ts'

export interface BatchPayment {
  /** The customer account (or suspense) credited with the whole payment. */
  accountId: number
  amountPence: number
  method: PaymentMethod
  receivedOn: string
  reference: string | null
  /** Text on the credit posting (e.g. why it went to suspense); null for none. */
  postingDescription?: string | null
  importLine?: number | null
  payerName?: string | null
  externalId?: string | null
  matchRule?: string | null
}

export interface PostPaymentBatchOptions {
  /** Unique per batch: a payment file's content hash, a collection run's date. */
  idempotencyKey: string
  effectiveDate: string
  postingDate: string
  source: 'batch' | 'file'
  actor: Actor
  description: string
  jobRunId?: number | null
  payments: readonly BatchPayment[]
  /**
   * Called once the ledger transaction exists and before the payments are written, for a caller whose payments
   * must point at a record that itself points at the transaction (a payment import); returns that record's id.
   */
  importIdFor?: (transactionId: number) => Promise<number>
}

export interface PostedPaymentBatch {
  transactionId: number
  /** In the order of `payments`. */
  paymentIds: number[]
  /** Each payment's credit posting, in the order of `payments`. */
  postingIds: number[]
}

/**
 * Posts many payments as ONE ledger transaction, set-based (a few statements whatever the count): a credit per
 * payment to its account, one debit per method and day to the receipts accounts (so the daily cash
 * reconciliation ties each to the ledger), and each payment with its allocation to its own credit posting.
 * Posting ids are reserved up front so each allocation can point at its posting. The caller owns the database
 * transaction and the idempotency of the batch (the key is unique: a second post with it fails).
 */
export async function postPaymentBatch(tx: Queryable, opts: PostPaymentBatchOptions): Promise<PostedPaymentBatch> {
  const { payments } = opts
  const receipts = new Map<string, { method: string; date: string; total: number }>()
  for (const p of payments) {
    const key = `${p.method}|${p.receivedOn}`
    const r = receipts.get(key) ?? { method: p.method, date: p.receivedOn, total: 0 }
    r.total += p.amountPence
    receipts.set(key, r)
  }
  const receiptLegs = [...receipts.values()]
  const [txn] = await tx.query<{ id: number }>(
    `insert into ledger_transactions (txn_type, idempotency_key, effective_date, posting_date, source, job_run_id, user_id, description)
     values ('payment', $1, $2, $3, $4, $5, $6, $7) returning id`,
    [opts.idempotencyKey, opts.effectiveDate, opts.postingDate, opts.source, opts.jobRunId ?? null, opts.actor.userId, opts.description],
  )
  const transactionId = txn!.id
  const n = payments.length
  const postingIds = (await tx.query<{ id: number }>(`select nextval('postings_id_seq')::bigint as id from generate_series(1, $1)`, [n])).map((r) => r.id)
  await tx.query(
    `insert into postings (id, transaction_id, account_id, amount_pence, effective_date, posting_type, description)
     select u.id, $1::bigint, u.account_id, u.amount, u.d, u.method, u.descr
     from unnest($2::bigint[], $3::int[], $4::bigint[], $5::date[], $6::text[], $7::text[]) as u(id, account_id, amount, d, method, descr)
     union all
     select nextval('postings_id_seq'), $1::bigint, a.id, r.total, r.d, r.method, null
     from unnest($8::text[], $9::date[], $10::bigint[]) as r(method, d, total)
     join accounts a on a.account_number = 'GL-RECEIPTS-' || upper(r.method)`,
    [
      transactionId,
      postingIds,
      payments.map((p) => p.accountId),
      payments.map((p) => -p.amountPence),
      payments.map((p) => p.receivedOn),
      payments.map((p) => p.method),
      payments.map((p) => p.postingDescription ?? null),
      receiptLegs.map((r) => r.method),
      receiptLegs.map((r) => r.date),
      receiptLegs.map((r) => r.total),
    ],
  )
  const importId = opts.importIdFor ? await opts.importIdFor(transactionId) : null
  const paymentIds = (await tx.query<{ id: number }>(`select nextval('payments_id_seq')::bigint as id from generate_series(1, $1)`, [n])).map((r) => r.id)
  await tx.query(
    `insert into payments (id, method, amount_pence, received_on, reference, source, transaction_id, user_id, import_id, import_line, payer_name, external_id, match_rule)
     select u.id, u.method, u.amount, u.d, u.ref, $2, $1::bigint, $3::int, $4::bigint, u.line, u.payer, u.ext, u.rule
     from unnest($5::bigint[], $6::text[], $7::bigint[], $8::date[], $9::text[], $10::int[], $11::text[], $12::text[], $13::text[])
       as u(id, method, amount, d, ref, line, payer, ext, rule)`,
    [
      transactionId,
      opts.source,
      opts.actor.userId,
      importId,
      paymentIds,
      payments.map((p) => p.method),
      payments.map((p) => p.amountPence),
      payments.map((p) => p.receivedOn),
      payments.map((p) => p.reference),
      payments.map((p) => p.importLine ?? null),
      payments.map((p) => p.payerName ?? null),
      payments.map((p) => p.externalId ?? null),
      payments.map((p) => p.matchRule ?? null),
    ],
  )
  await tx.query(
    `insert into payment_allocations (payment_id, account_id, amount_pence, posting_id)
     select * from unnest($1::bigint[], $2::int[], $3::bigint[], $4::bigint[])`,
    [paymentIds, payments.map((p) => p.accountId), payments.map((p) => p.amountPence), postingIds],
  )
  return { transactionId, paymentIds, postingIds }
}
