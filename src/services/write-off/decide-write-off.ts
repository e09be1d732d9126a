import type { Db, Queryable } from '../../db/client.ts'
import { checkApprovalAuthority, authorityOf, type Authority } from '../../domain/write-off/approval-authority.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'
import { recordAuditEvents, approvalLimitsOn } from './write-off-common.ts'

export interface DecideWriteOffOptions {
  approve: boolean
  /** Why: required to reject, optional to approve. */
  reason?: string | null
  today: string
  actor: Actor
}

interface Approver {
  id: number
  username: string
  role: string
}

async function approverOf(tx: Queryable, actor: Actor): Promise<Approver> {
  if (actor.userId === null) throw new AppError('forbidden', 'Only a named user can decide a write-off (use --user with the CLI)')
  const [u] = await tx.query<{ id: number; username: string; role: string; active: boolean }>('select id, username, role, active from users where id = $1', [
    actor.userId,
  ])
  if (!u || !u.active) throw new AppError('forbidden', `User ${actor.label} cannot decide write-offs`)
  return u
}

/**
 * The authority for this decision: approving needs the amounts within the approver's delegated limits in force
 * today; rejecting needs only that the approver holds some write-off authority.
 */
async function authorityFor(tx: Queryable, approver: Approver, amounts: number[], kind: 'case' | 'list', opts: DecideWriteOffOptions) {
  const { limits, effectiveFrom } = await approvalLimitsOn(tx, opts.today)
  let authority: Authority | null
  if (opts.approve) {
    const check = checkApprovalAuthority(limits, approver, amounts, kind)
    if (!check.ok) throw new AppError('forbidden', check.message)
    authority = check.authority
  } else {
    authority = authorityOf(limits, approver)
    if (!authority) throw new AppError('forbidden', `A ${approver.role.replaceAll('_', ' ')} may prepare write-offs but not decide them`)
    if (!opts.reason?.trim()) throw new AppError('validation', 'Give a reason for rejecting the write-off', [{ field: 'reason', message: 'Enter the reason for rejecting it' }])
  }
  return { authority, effectiveFrom }
}

async function recordDecision(
  tx: Queryable,
  target: { caseId: number | null; listId: number | null },
  approver: Approver,
  actor: Actor,
  amounts: number[],
  auth: { authority: Authority; effectiveFrom: string },
  opts: DecideWriteOffOptions,
): Promise<number> {
  const [row] = await tx.query<{ id: number }>(
    `insert into write_off_approvals (case_id, list_id, decision, reason, decided_by, user_id, role, decided_on, total_pence, largest_case_pence,
       case_count, authority, limit_case_pence, limit_total_pence, policy_effective_from)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) returning id`,
    [
      target.caseId,
      target.listId,
      opts.approve ? 'approved' : 'rejected',
      opts.reason?.trim() || null,
      actor.label,
      approver.id,
      approver.role,
      opts.today,
      amounts.reduce((s, a) => s + a, 0),
      Math.max(...amounts),
      amounts.length,
      auth.authority.basis,
      auth.authority.casePence,
      auth.authority.listTotalPence,
      auth.effectiveFrom,
    ],
  )
  return row!.id
}

/** Approve or reject one write-off case (not one on a bulk list: a list is decided as one). Nobody decides their own. */
export async function decideWriteOffCase(db: Db, opts: DecideWriteOffOptions & { caseId: number }): Promise<{ status: 'approved' | 'rejected'; approvalId: number }> {
  return db.transaction(async (tx) => {
    const approver = await approverOf(tx, opts.actor)
    const [c] = await tx.query<{ id: number; amount_pence: number; status: string; prepared_by: string; list_id: number | null }>(
      'select id, amount_pence, status, prepared_by, list_id from write_off_cases where id = $1 for update',
      [opts.caseId],
    )
    if (!c) throw new AppError('not_found', `Write-off case ${opts.caseId} does not exist`)
    if (c.prepared_by === opts.actor.label) throw new AppError('forbidden', 'You cannot approve or reject a write-off you prepared; another person must')
    if (c.list_id !== null) throw new AppError('invalid_state', `Write-off case ${c.id} is on bulk list ${c.list_id}: decide the list`)
    if (c.status !== 'prepared') throw new AppError('invalid_state', `Write-off case ${c.id} is ${c.status}, not waiting for a decision`)
    const auth = await authorityFor(tx, approver, [c.amount_pence], 'case', opts)
    const approvalId = await recordDecision(tx, { caseId: c.id, listId: null }, approver, opts.actor, [c.amount_pence], auth, opts)
    const status = opts.approve ? 'approved' : 'rejected'
    await tx.query('update write_off_cases set status = $2, decided_by = $3, decided_at = now() where id = $1', [c.id, status, opts.actor.label])
    await recordAuditEvent(tx, opts.actor, {
      action: `write_off.${status}`,
      entityType: 'write_off_case',
      entityId: c.id,
      before: { status: c.status },
      after: { status, approvalId, authority: auth.authority, limitsFrom: auth.effectiveFrom },
      reason: opts.reason?.trim() || null,
    })
    return { status, approvalId }
  })
}

/**
 * Approve or reject a bulk list as one decision: each case within the approver's per-case limit and the list's
 * total within their list limit. Whoever prepared the list or any case on it cannot decide it.
 */
export async function decideWriteOffList(
  db: Db,
  opts: DecideWriteOffOptions & { listId: number },
): Promise<{ status: 'approved' | 'rejected'; approvalId: number; caseCount: number; totalPence: number }> {
  return db.transaction(async (tx) => {
    const approver = await approverOf(tx, opts.actor)
    const [list] = await tx.query<{ id: number; status: string; prepared_by: string }>('select id, status, prepared_by from write_off_lists where id = $1 for update', [
      opts.listId,
    ])
    if (!list) throw new AppError('not_found', `Write-off list ${opts.listId} does not exist`)
    const cases = await tx.query<{ id: number; amount_pence: number; prepared_by: string }>(
      `select id, amount_pence, prepared_by from write_off_cases where list_id = $1 and status = 'prepared' order by id for update`,
      [list.id],
    )
    if (list.prepared_by === opts.actor.label || cases.some((c) => c.prepared_by === opts.actor.label)) {
      throw new AppError('forbidden', 'You cannot approve or reject a write-off list you prepared; another person must')
    }
    if (list.status !== 'prepared') throw new AppError('invalid_state', `Write-off list ${list.id} is ${list.status}, not waiting for a decision`)
    if (cases.length === 0) throw new AppError('invalid_state', `Write-off list ${list.id} has no cases left to decide`)
    const amounts = cases.map((c) => c.amount_pence)
    const auth = await authorityFor(tx, approver, amounts, 'list', opts)
    const approvalId = await recordDecision(tx, { caseId: null, listId: list.id }, approver, opts.actor, amounts, auth, opts)
    const status = opts.approve ? 'approved' : 'rejected'
    await tx.query('update write_off_lists set status = $2, decided_by = $3, decided_at = now() where id = $1', [list.id, status, opts.actor.label])
    await tx.query(`update write_off_cases set status = $2, decided_by = $3, decided_at = now() where list_id = $1 and status = 'prepared'`, [
      list.id,
      status,
      opts.actor.label,
    ])
    const totalPence = amounts.reduce((s, a) => s + a, 0)
    await recordAuditEvent(tx, opts.actor, {
      action: `write_off_list.${status}`,
      entityType: 'write_off_list',
      entityId: list.id,
      before: { status: list.status },
      after: { status, approvalId, caseCount: cases.length, totalPence, authority: auth.authority, limitsFrom: auth.effectiveFrom },
      reason: opts.reason?.trim() || null,
    })
    await recordAuditEvents(
      tx,
      opts.actor,
      `write_off.${status}`,
      'write_off_case',
      cases.map((c) => ({ entityId: c.id, before: { status: 'prepared' }, after: { status, approvalId, listId: list.id } })),
      opts.reason?.trim() || null,
    )
    return { status, approvalId, caseCount: cases.length, totalPence }
  })
}
