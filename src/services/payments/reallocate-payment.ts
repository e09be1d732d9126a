import type { Queryable } from '../../db/client.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'
import { postTransaction } from '../ledger/post-transaction.ts'

export interface ReallocatePaymentOptions {
  paymentId: number
  fromAccountId: number
  toAccountId: number
  /** Defaults to everything of the payment now allocated to the from-account. */
  amountPence?: number
  reason: string
  effectiveDate: string
  postingDate: string
  actor: Actor
  /** Distinguishes repeated moves of the same payment (e.g. the suspense item id). */
  idempotencyKey: string
}

/**
 * Moves (part of) a payment from one account to another — a misposted payment, or one cleared out of suspense.
 * The original posting stands; a reallocation transaction debits the wrong account and credits the right one,
 * so both statements show what happened. The payment's allocations move with it and still sum to the payment.
 */
export async function reallocatePayment(tx: Queryable, opts: ReallocatePaymentOptions): Promise<{ reallocationId: number; transactionId: number }> {
  if (opts.fromAccountId === opts.toAccountId) throw new AppError('validation', 'Choose a different account to move the payment to')
  if (!opts.reason.trim()) throw new AppError('validation', 'Give a reason for moving the payment', [{ field: 'reason', message: 'Enter a reason' }])
  const [payment] = await tx.query<{ id: number; method: string; amount_pence: number; reversed: boolean }>(
    `select p.id, p.method, p.amount_pence, exists (select 1 from payment_reversals r where r.payment_id = p.id) as reversed
     from payments p where p.id = $1 for update`,
    [opts.paymentId],
  )
  if (!payment) throw new AppError('not_found', `Payment ${opts.paymentId} does not exist`)
  if (payment.reversed) throw new AppError('invalid_state', `Payment ${payment.id} has been reversed and cannot be moved`)
  const [target] = await tx.query<{ id: number; account_number: string }>('select id, account_number from accounts where id = $1', [opts.toAccountId])
  if (!target) throw new AppError('not_found', `Account ${opts.toAccountId} does not exist`)
  const [held] = await tx.query<{ net: number; account_number: string }>(
    `select coalesce(sum(a.amount_pence), 0)::bigint as net, max(acc.account_number) as account_number
     from payment_allocations a join accounts acc on acc.id = a.account_id
     where a.payment_id = $1 and a.account_id = $2`,
    [payment.id, opts.fromAccountId],
  )
  const amount = opts.amountPence ?? held!.net
  if (!Number.isSafeInteger(amount) || amount <= 0 || amount > held!.net) {
    throw new AppError('validation', `Only ${held!.net} pence of payment ${payment.id} is on that account; cannot move ${amount}`)
  }
  const posted = await postTransaction(tx, {
    type: 'reallocation',
    idempotencyKey: `reallocation:${opts.idempotencyKey}`,
    effectiveDate: opts.effectiveDate,
    postingDate: opts.postingDate,
    source: 'user',
    actor: opts.actor,
    description: `Payment moved: ${opts.reason}`,
    legs: [
      { accountId: opts.fromAccountId, amountPence: amount, postingType: payment.method, description: `Payment moved to account ${target.account_number}` },
      { accountId: opts.toAccountId, amountPence: -amount, postingType: payment.method, description: `Payment moved from account ${held!.account_number}` },
    ],
  })
  // Both allocation rows in one statement: the per-statement check sees the payment still fully allocated.
  await tx.query(
    `insert into payment_allocations (payment_id, account_id, amount_pence, posting_id)
     values ($1, $2, $3, $4), ($1, $5, $6, $7)`,
    [payment.id, opts.fromAccountId, -amount, posted.postingIds[0], opts.toAccountId, amount, posted.postingIds[1]],
  )
  const [row] = await tx.query<{ id: number }>(
    `insert into payment_reallocations (payment_id, from_account_id, to_account_id, amount_pence, reason, transaction_id, actor, user_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
    [payment.id, opts.fromAccountId, opts.toAccountId, amount, opts.reason, posted.transactionId, opts.actor.label, opts.actor.userId],
  )
  await recordAuditEvent(tx, opts.actor, {
    action: 'payment.reallocated',
    entityType: 'payment',
    entityId: payment.id,
    before: { accountId: opts.fromAccountId },
    after: { accountId: opts.toAccountId, amountPence: amount },
    reason: opts.reason,
  })
  return { reallocationId: row!.id, transactionId: posted.transactionId }
}
