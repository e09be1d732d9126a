import type { Queryable } from '../../db/client.ts'
import { reversalLegs } from '../../domain/ledger/legs.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'
import { postTransaction, type PostedTransaction } from './post-transaction.ts'

export interface ReverseTransactionOptions {
  transactionId: number
  effectiveDate: string
  postingDate: string
  reason: string
  actor: Actor
}

/** Corrects a transaction the only way the ledger allows: a new transaction with every leg negated. */
export async function reverseTransaction(tx: Queryable, opts: ReverseTransactionOptions): Promise<PostedTransaction> {
  const [original] = await tx.query<{ id: number; txn_type: string; description: string }>(
    'select id, txn_type, description from ledger_transactions where id = $1',
    [opts.transactionId],
  )
  if (!original) throw new AppError('not_found', `Transaction ${opts.transactionId} does not exist`)
  if (original.txn_type === 'reversal') throw new AppError('invalid_state', 'A reversal cannot itself be reversed; post a new transaction')
  const [already] = await tx.query<{ id: number }>('select id from ledger_transactions where reverses_transaction_id = $1', [
    original.id,
  ])
  if (already) throw new AppError('conflict', `Transaction ${original.id} was already reversed by transaction ${already.id}`)
  if (!opts.reason.trim()) throw new AppError('validation', 'Give a reason for the reversal')

  const legs = await tx.query<{ account_id: number; amount_pence: number; posting_type: string; period_start: string | null; description: string | null }>(
    'select account_id, amount_pence, posting_type, period_start, description from postings where transaction_id = $1 order by id',
    [original.id],
  )
  const posted = await postTransaction(tx, {
    type: 'reversal',
    idempotencyKey: `reversal:${original.id}`,
    effectiveDate: opts.effectiveDate,
    postingDate: opts.postingDate,
    source: 'user',
    actor: opts.actor,
    description: `Reversal: ${original.description}`,
    reversesTransactionId: original.id,
    legs: reversalLegs(
      legs.map((l) => ({
        accountId: l.account_id,
        amountPence: l.amount_pence,
        postingType: l.posting_type,
        periodStart: l.period_start,
        description: l.description,
      })),
    ),
  })
  await recordAuditEvent(tx, opts.actor, {
    action: 'transaction.reversed',
    entityType: 'ledger_transaction',
    entityId: original.id,
    after: { reversalTransactionId: posted.transactionId },
    reason: opts.reason,
  })
  return posted
}
