import { z } from 'zod'
import type { Db, Queryable } from '../../db/client.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'
import { getPolicyValue } from '../policy/get-policy-value.ts'
import { requireUserRole } from '../users/require-role.ts'
import { reallocatePayment } from './reallocate-payment.ts'

export interface SuspenseItem {
  id: number
  paymentId: number
  amountPence: number
  reason: string
  status: 'open' | 'pending_approval' | 'cleared'
  receivedOn: string
  method: string
  reference: string | null
  payerName: string | null
  targetAccountNumber: string | null
  requestedBy: string | null
}

export async function listSuspenseItems(db: Queryable, status: SuspenseItem['status'] | 'outstanding' = 'outstanding'): Promise<SuspenseItem[]> {
  const rows = await db.query<{
    id: number
    payment_id: number
    amount_pence: number
    reason: string
    status: SuspenseItem['status']
    received_on: string
    method: string
    reference: string | null
    payer_name: string | null
    target: string | null
    requested_by: string | null
  }>(
    `select s.id, s.payment_id, s.amount_pence, s.reason, s.status, p.received_on, p.method, p.reference, p.payer_name,
       a.account_number as target, s.requested_by
     from suspense_items s join payments p on p.id = s.payment_id left join accounts a on a.id = s.target_account_id
     where case when $1 = 'outstanding' then s.status <> 'cleared' else s.status = $1 end
     order by p.received_on, s.id`,
    [status],
  )
  return rows.map((r) => ({
    id: r.id,
    paymentId: r.payment_id,
    amountPence: r.amount_pence,
    reason: r.reason,
    status: r.status,
    receivedOn: r.received_on,
    method: r.method,
    reference: r.reference,
    payerName: r.payer_name,
    targetAccountNumber: r.target,
    requestedBy: r.requested_by,
  }))
}

async function lockItem(tx: Queryable, id: number) {
  const [item] = await tx.query<{ id: number; payment_id: number; amount_pence: number; status: string; target_account_id: number | null; requested_by: string | null }>(
    'select id, payment_id, amount_pence, status, target_account_id, requested_by from suspense_items where id = $1 for update',
    [id],
  )
  if (!item) throw new AppError('not_found', `Suspense item ${id} does not exist`)
  return item
}

async function clear(tx: Queryable, item: { id: number; payment_id: number }, targetAccountId: number, today: string, actor: Actor, note: string) {
  const [suspense] = await tx.query<{ id: number }>(`select id from accounts where account_number = 'GL-SUSPENSE'`)
  const moved = await reallocatePayment(tx, {
    paymentId: item.payment_id,
    fromAccountId: suspense!.id,
    toAccountId: targetAccountId,
    reason: `Cleared from suspense: ${note}`,
    effectiveDate: today,
    postingDate: today,
    actor,
    idempotencyKey: `suspense-${item.id}`,
  })
  await tx.query(`update suspense_items set status = 'cleared', cleared_transaction_id = $2 where id = $1`, [item.id, moved.transactionId])
}

export interface ClearSuspenseOptions {
  suspenseId: number
  targetAccountNumber: string
  note: string
  today: string
  actor: Actor
}

/**
 * An officer clears a suspense item to the right account. At or under the approval limit (dated policy) it
 * clears at once; above it, it waits for a second person's approval. Every step is audited.
 */
export async function requestSuspenseClearance(db: Db, opts: ClearSuspenseOptions): Promise<{ status: 'cleared' | 'pending_approval'; limitPence: number }> {
  if (!opts.note.trim()) throw new AppError('validation', 'Say why the payment belongs to this account', [{ field: 'note', message: 'Enter a note' }])
  return db.transaction(async (tx) => {
    const item = await lockItem(tx, opts.suspenseId)
    if (item.status !== 'open') throw new AppError('invalid_state', `Suspense item ${item.id} is ${item.status.replace('_', ' ')}, not open`)
    const [target] = await tx.query<{ id: number; account_class: string }>(
      'select id, account_class from accounts where account_number = $1 or payment_reference = $1',
      [opts.targetAccountNumber],
    )
    if (!target || target.account_class !== 'customer') {
      throw new AppError('validation', `No customer account ${opts.targetAccountNumber}`, [{ field: 'account', message: 'Enter an account number or payment reference' }])
    }
    const limitPence = await getPolicyValue(tx, 'payments.suspense_clear_approval_limit_pence', opts.today, z.number().int().min(0))
    const needsApproval = item.amount_pence > limitPence
    await tx.query(
      `update suspense_items set target_account_id = $2, request_note = $3, requested_by = $4, requested_user_id = $5, requested_at = now(),
         status = $6 where id = $1`,
      [item.id, target.id, opts.note, opts.actor.label, opts.actor.userId, needsApproval ? 'pending_approval' : 'open'],
    )
    await recordAuditEvent(tx, opts.actor, {
      action: needsApproval ? 'suspense.clearance_requested' : 'suspense.cleared',
      entityType: 'suspense_item',
      entityId: item.id,
      before: { status: item.status },
      after: { targetAccountId: target.id, amountPence: item.amount_pence, limitPence },
      reason: opts.note,
    })
    if (!needsApproval) await clear(tx, item, target.id, opts.today, opts.actor, opts.note)
    return { status: needsApproval ? 'pending_approval' : 'cleared', limitPence }
  })
}

/** A team leader or finance officer — not the person who asked — approves or rejects a clearance. */
export async function decideSuspenseClearance(
  db: Db,
  opts: { suspenseId: number; approve: boolean; note?: string; today: string; actor: Actor },
): Promise<{ status: 'cleared' | 'open' }> {
  return db.transaction(async (tx) => {
    await requireUserRole(tx, opts.actor, ['team_leader', 'finance'], 'approve suspense clearances')
    const item = await lockItem(tx, opts.suspenseId)
    if (item.status !== 'pending_approval') throw new AppError('invalid_state', `Suspense item ${item.id} is not waiting for approval`)
    if (item.requested_by === opts.actor.label) throw new AppError('forbidden', 'You cannot approve a clearance you asked for; another person must')
    await recordAuditEvent(tx, opts.actor, {
      action: opts.approve ? 'suspense.clearance_approved' : 'suspense.clearance_rejected',
      entityType: 'suspense_item',
      entityId: item.id,
      before: { status: item.status, requestedBy: item.requested_by },
      after: { status: opts.approve ? 'cleared' : 'open' },
      reason: opts.note ?? null,
    })
    if (!opts.approve) {
      await tx.query(
        `update suspense_items set status = 'open', target_account_id = null, requested_by = null, requested_user_id = null, requested_at = null where id = $1`,
        [item.id],
      )
      return { status: 'open' }
    }
    await tx.query(`update suspense_items set approved_by = $2, approved_user_id = $3, approved_at = now() where id = $1`, [
      item.id,
      opts.actor.label,
      opts.actor.userId,
    ])
    await clear(tx, item, item.target_account_id!, opts.today, opts.actor, `approved by ${opts.actor.label}`)
    return { status: 'cleared' }
  })
}
