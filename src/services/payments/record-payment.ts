import type { Queryable } from '../../db/client.ts'
import { isIsoDate } from '../../domain/calendar/dates.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'
import { postTransaction } from '../ledger/post-transaction.ts'

export type PaymentMethod =
  | 'direct_debit'
  | 'standing_order'
  | 'card'
  | 'cheque'
  | 'postal_order'
  | 'cash'
  | 'bank_transfer'
  | 'allpay'
  | 'paypoint'
  | 'post_office'
  | 'housing_benefit'
  | 'universal_credit'
  | 'dwp_deduction'
  | 'employer_deduction'

export interface RecordPaymentOptions {
  accountId: number
  method: PaymentMethod
  amountPence: number
  receivedOn: string
  postingDate: string
  reference?: string | null
  receiptNumber?: string | null
  /** Where cash was collected, e.g. a traveller site office. */
  collectedAt?: string | null
  /** Unique per real-world payment, e.g. the receipt number or file line; a replay posts nothing. */
  idempotencyKey: string
  source: 'batch' | 'file' | 'user' | 'system'
  actor: Actor
}

/**
 * Receipts one payment to one account: Dr receipts (per method), Cr the customer account, with the
 * payment and its allocation recorded against the credit posting. Allocation rules, suspense and
 * multi-account splits build on this (Money-in issue).
 */
export async function recordPayment(tx: Queryable, opts: RecordPaymentOptions): Promise<{ paymentId: number; transactionId: number }> {
  if (!Number.isSafeInteger(opts.amountPence) || opts.amountPence <= 0) {
    throw new AppError('validation', 'A payment must be a positive whole number of pence', [{ field: 'amount', message: 'Enter an amount more than £0.00' }])
  }
  if (!isIsoDate(opts.receivedOn)) throw new AppError('validation', 'Enter the date received as YYYY-MM-DD', [{ field: 'receivedOn', message: 'Enter a real date' }])
  const [receipts] = await tx.query<{ id: number }>('select id from accounts where account_number = $1', [
    `GL-RECEIPTS-${opts.method.toUpperCase()}`,
  ])
  if (!receipts) throw new AppError('validation', `Unknown payment method ${opts.method}`)
  const posted = await postTransaction(tx, {
    type: 'payment',
    idempotencyKey: `payment:${opts.idempotencyKey}`,
    effectiveDate: opts.receivedOn,
    postingDate: opts.postingDate,
    source: opts.source,
    actor: opts.actor,
    description: 'Payment received',
    legs: [
      { accountId: receipts.id, amountPence: opts.amountPence, postingType: opts.method },
      { accountId: opts.accountId, amountPence: -opts.amountPence, postingType: opts.method },
    ],
  })
  if (posted.replayed) {
    const [p] = await tx.query<{ id: number }>('select id from payments where transaction_id = $1', [posted.transactionId])
    return { paymentId: p!.id, transactionId: posted.transactionId }
  }
  const [payment] = await tx.query<{ id: number }>(
    `insert into payments (method, amount_pence, received_on, reference, receipt_number, source, transaction_id, user_id, collected_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id`,
    [
      opts.method,
      opts.amountPence,
      opts.receivedOn,
      opts.reference ?? null,
      opts.receiptNumber ?? null,
      opts.source,
      posted.transactionId,
      opts.actor.userId,
      opts.collectedAt ?? null,
    ],
  )
  await tx.query(
    'insert into payment_allocations (payment_id, account_id, amount_pence, posting_id) values ($1, $2, $3, $4)',
    [payment!.id, opts.accountId, opts.amountPence, posted.postingIds[1]],
  )
  await recordAuditEvent(tx, opts.actor, {
    action: 'payment.recorded',
    entityType: 'payment',
    entityId: payment!.id,
    after: { accountId: opts.accountId, method: opts.method, amountPence: opts.amountPence, receivedOn: opts.receivedOn },
  })
  return { paymentId: payment!.id, transactionId: posted.transactionId }
}
