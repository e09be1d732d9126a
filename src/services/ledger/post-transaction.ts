import type { Queryable } from '../../db/client.ts'
import { assertBalanced, UnbalancedTransactionError, type Leg } from '../../domain/ledger/legs.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'

export type TxnType =
  | 'charge'
  | 'payment'
  | 'payment_reversal'
  | 'reallocation'
  | 'reversal'
  | 'transfer'
  | 'adjustment'
  | 'write_off'
  | 'write_on'
  | 'refund'
  | 'opening_balance'

export interface PostTransactionOptions {
  type: TxnType
  /** Unique per business event, e.g. `tenancy-end:123`. A replay with the same key returns the original. */
  idempotencyKey: string
  effectiveDate: string
  postingDate: string
  source: 'batch' | 'file' | 'user' | 'system'
  actor: Actor
  description: string
  legs: readonly Leg[]
  reversesTransactionId?: number
  jobRunId?: number
}

export interface PostedTransaction {
  transactionId: number
  postingIds: number[]
  replayed: boolean
}

/**
 * Posts one balanced transaction: a ledger_transactions row and all its legs in a single statement
 * (the database checks the balance per statement). Idempotent on the key: the same key with the same
 * legs returns the original; the same key with different legs is a conflict.
 */
export async function postTransaction(tx: Queryable, opts: PostTransactionOptions): Promise<PostedTransaction> {
  try {
    assertBalanced(opts.legs)
  } catch (e) {
    if (e instanceof UnbalancedTransactionError) throw new AppError('validation', `Cannot post: ${e.message}`)
    throw e
  }
  const existing = await tx.query<{ id: number }>('select id from ledger_transactions where idempotency_key = $1', [
    opts.idempotencyKey,
  ])
  if (existing[0]) return replay(tx, existing[0].id, opts)

  const [txn] = await tx.query<{ id: number }>(
    `insert into ledger_transactions (txn_type, idempotency_key, effective_date, posting_date, source, job_run_id, user_id,
       reverses_transaction_id, description)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id`,
    [
      opts.type,
      opts.idempotencyKey,
      opts.effectiveDate,
      opts.postingDate,
      opts.source,
      opts.jobRunId ?? null,
      opts.actor.userId,
      opts.reversesTransactionId ?? null,
      opts.description,
    ],
  )
  const transactionId = txn!.id
  const legs = opts.legs
  const rows = await tx.query<{ id: number }>(
    `insert into postings (transaction_id, account_id, amount_pence, effective_date, posting_type, period_start, charge_key, description)
     select $1, l.account_id, l.amount_pence, $2, l.posting_type, l.period_start, l.charge_key, l.description
     from unnest($3::int[], $4::bigint[], $5::text[], $6::date[], $7::text[], $8::text[])
       with ordinality as l(account_id, amount_pence, posting_type, period_start, charge_key, description, ord)
     order by l.ord
     returning id`,
    [
      transactionId,
      opts.effectiveDate,
      legs.map((l) => l.accountId),
      legs.map((l) => l.amountPence),
      legs.map((l) => l.postingType),
      legs.map((l) => l.periodStart ?? null),
      legs.map((l) => l.chargeKey ?? null),
      legs.map((l) => l.description ?? null),
    ],
  )
  return { transactionId, postingIds: rows.map((r) => r.id), replayed: false }
}

async function replay(tx: Queryable, transactionId: number, opts: PostTransactionOptions): Promise<PostedTransaction> {
  const stored = await tx.query<{ id: number; account_id: number; amount_pence: number }>(
    'select id, account_id, amount_pence from postings where transaction_id = $1 order by id',
    [transactionId],
  )
  const same =
    stored.length === opts.legs.length &&
    stored.every((p, i) => p.account_id === opts.legs[i]!.accountId && p.amount_pence === opts.legs[i]!.amountPence)
  if (!same) {
    throw new AppError('conflict', `A different transaction was already posted with key ${opts.idempotencyKey}`)
  }
  return { transactionId, postingIds: stored.map((p) => p.id), replayed: true }
}
