import type { Db } from '../../db/client.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'
import { requireUserRole } from '../users/require-role.ts'
import { recordAuditEvents, WRITE_OFF_ROLES } from './write-off-common.ts'

export interface WithdrawOptions {
  reason: string
  actor: Actor
}

function requireReason(reason: string) {
  if (!reason.trim()) throw new AppError('validation', 'Give a reason for withdrawing it', [{ field: 'withdrawReason', message: 'Enter the reason for withdrawing it' }])
}

/**
 * Withdraws a case not yet posted (the debtor paid, the evidence was wrong…). A case on a bulk list leaves the list,
 * whose total falls (an approval stays good: the list only got smaller); a list left with no cases is withdrawn too.
 */
export async function withdrawWriteOff(db: Db, opts: WithdrawOptions & { caseId: number }): Promise<{ listWithdrawn: boolean }> {
  requireReason(opts.reason)
  return db.transaction(async (tx) => {
    await requireUserRole(tx, opts.actor, WRITE_OFF_ROLES, 'withdraw write-offs')
    const [c] = await tx.query<{ id: number; status: string; list_id: number | null }>('select id, status, list_id from write_off_cases where id = $1 for update', [
      opts.caseId,
    ])
    if (!c) throw new AppError('not_found', `Write-off case ${opts.caseId} does not exist`)
    if (c.status !== 'prepared' && c.status !== 'approved') throw new AppError('invalid_state', `Write-off case ${c.id} is ${c.status} and cannot be withdrawn`)
    await tx.query(`update write_off_cases set status = 'withdrawn', withdrawn_by = $2, withdrawn_reason = $3 where id = $1`, [c.id, opts.actor.label, opts.reason.trim()])
    await recordAuditEvent(tx, opts.actor, {
      action: 'write_off.withdrawn',
      entityType: 'write_off_case',
      entityId: c.id,
      before: { status: c.status },
      after: { status: 'withdrawn', listId: c.list_id },
      reason: opts.reason.trim(),
    })
    let listWithdrawn = false
    if (c.list_id !== null) {
      const [left] = await tx.query<{ n: number }>(`select count(*)::int as n from write_off_cases where list_id = $1 and status in ('prepared', 'approved')`, [c.list_id])
      if (left!.n === 0) {
        const [l] = await tx.query<{ status: string }>(
          `update write_off_lists set status = 'withdrawn', withdrawn_by = $2, withdrawn_reason = 'Every case on the list was withdrawn'
           where id = $1 and status in ('prepared', 'approved') returning status`,
          [c.list_id, opts.actor.label],
        )
        listWithdrawn = Boolean(l)
        if (l) await recordAuditEvent(tx, opts.actor, { action: 'write_off_list.withdrawn', entityType: 'write_off_list', entityId: c.list_id, after: { status: 'withdrawn' }, reason: 'Every case on the list was withdrawn' })
      }
    }
    return { listWithdrawn }
  })
}

/** Withdraws a whole bulk list not yet posted, with every open case on it. */
export async function withdrawWriteOffList(db: Db, opts: WithdrawOptions & { listId: number }): Promise<{ caseCount: number }> {
  requireReason(opts.reason)
  return db.transaction(async (tx) => {
    await requireUserRole(tx, opts.actor, WRITE_OFF_ROLES, 'withdraw write-offs')
    const [l] = await tx.query<{ id: number; status: string }>('select id, status from write_off_lists where id = $1 for update', [opts.listId])
    if (!l) throw new AppError('not_found', `Write-off list ${opts.listId} does not exist`)
    if (l.status !== 'prepared' && l.status !== 'approved') throw new AppError('invalid_state', `Write-off list ${l.id} is ${l.status} and cannot be withdrawn`)
    const cases = await tx.query<{ id: number }>(
      `update write_off_cases set status = 'withdrawn', withdrawn_by = $2, withdrawn_reason = $3
       where list_id = $1 and status in ('prepared', 'approved') returning id`,
      [l.id, opts.actor.label, opts.reason.trim()],
    )
    await tx.query(`update write_off_lists set status = 'withdrawn', withdrawn_by = $2, withdrawn_reason = $3 where id = $1`, [l.id, opts.actor.label, opts.reason.trim()])
    await recordAuditEvent(tx, opts.actor, {
      action: 'write_off_list.withdrawn',
      entityType: 'write_off_list',
      entityId: l.id,
      before: { status: l.status },
      after: { status: 'withdrawn', caseCount: cases.length },
      reason: opts.reason.trim(),
    })
    await recordAuditEvents(tx, opts.actor, 'write_off.withdrawn', 'write_off_case', cases.map((c) => ({ entityId: c.id, after: { status: 'withdrawn', listId: l.id } })), opts.reason.trim())
    return { caseCount: cases.length }
  })
}
