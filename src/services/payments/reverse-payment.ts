import type { Queryable } from '../../db/client.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'
import { postTransaction } from '../ledger/post-transaction.ts'

export type PaymentReversalReason = 'cheque_dishonoured' | 'card_recalled' | 'direct_debit_unpaid' | 'paid_in_error' | 'other'

const REASON_TEXT: Record<PaymentReversalReason, string> = {
  cheque_dishonoured: 'Cheque dishonoured',
  card_recalled: 'Card payment recalled',
  direct_debit_unpaid: 'Direct Debit unpaid',
  paid_in_error: 'Payment returned: paid in error',
  other: 'Payment reversed',
}

export interface ReversePaymentOptions {
  paymentId: number
  reason: PaymentReversalReason
  note?: string | null
  effectiveDate: string
  postingDate: string
  actor: Actor
}

/**
 * Takes a payment back (dishonoured cheque, recalled card payment, unpaid DD): one transaction that debits every
 * account the payment is now allocated to and credits the receipts account of its method. The payment's own
 * postings stand, so the statement shows the payment and its reversal. A payment is reversed at most once.
 */
export async function reversePayment(tx: Queryable, opts: ReversePaymentOptions): Promise<{ transactionId: number }> {
  const [payment] = await tx.query<{ id: number; method: string; amount_pence: number; received_on: string }>(
    'select id, method, amount_pence, received_on from payments where id = $1 for update',
    [opts.paymentId],
  )
  if (!payment) throw new AppError('not_found', `Payment ${opts.paymentId} does not exist`)
  const [done] = await tx.query<{ id: number }>('select id from payment_reversals where payment_id = $1', [payment.id])
  if (done) throw new AppError('conflict', `Payment ${payment.id} has already been reversed`)
  if (opts.effectiveDate < payment.received_on) throw new AppError('validation', 'A payment cannot be reversed before the date it was received')

  const held = await tx.query<{ account_id: number; net: number }>(
    `select account_id, sum(amount_pence)::bigint as net from payment_allocations where payment_id = $1
     group by account_id having sum(amount_pence) <> 0 order by account_id`,
    [payment.id],
  )
  const [receipts] = await tx.query<{ id: number }>('select id from accounts where account_number = $1', [`GL-RECEIPTS-${payment.method.toUpperCase()}`])
  const text = REASON_TEXT[opts.reason]
  const posted = await postTransaction(tx, {
    type: 'payment_reversal',
    idempotencyKey: `payment-reversal:${payment.id}`,
    effectiveDate: opts.effectiveDate,
    postingDate: opts.postingDate,
    source: 'user',
    actor: opts.actor,
    description: text,
    legs: [
      ...held.map((h) => ({ accountId: h.account_id, amountPence: h.net, postingType: payment.method, description: `${text} (payment of ${payment.received_on})` })),
      { accountId: receipts!.id, amountPence: -payment.amount_pence, postingType: payment.method },
    ],
  })
  await tx.query(
    `insert into payment_reversals (payment_id, reason, note, transaction_id, actor, user_id) values ($1, $2, $3, $4, $5, $6)`,
    [payment.id, opts.reason, opts.note ?? null, posted.transactionId, opts.actor.label, opts.actor.userId],
  )
  await recordAuditEvent(tx, opts.actor, {
    action: 'payment.reversed',
    entityType: 'payment',
    entityId: payment.id,
    after: { reason: opts.reason, transactionId: posted.transactionId },
    reason: opts.note ?? text,
  })
  return { transactionId: posted.transactionId }
}
