/**
 * Tracing a debtor who has gone away or not been in touch: the request to a tracing agent (a pathway stage) and,
 * later, the result: traced (with a forwarding address) or not traced.
 */
import type { Queryable } from '../../db/client.ts'
import type { Check } from '../../domain/recovery/index.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'
import { recordRecoveryAction } from '../recovery/record-action.ts'
import { DEBT_RECOVERY_ROLES, requireCustomerAccount, requireDate, requireRole, stageFor } from './guards.ts'

export const TRACE_REASONS = ['no_contact', 'gone_away', 'mail_returned', 'other'] as const
export type TraceReason = (typeof TRACE_REASONS)[number]

export interface RequestTraceOptions {
  accountId: number
  agent: string
  reason: TraceReason
  requestedOn: string
  checksConfirmed?: readonly Check[]
  notes?: string | null
  actor: Actor
}

export async function requestTrace(tx: Queryable, opts: RequestTraceOptions): Promise<{ traceId: number; actionId: number }> {
  requireDate(opts.requestedOn, 'requestedOn', 'date of the request')
  if (!opts.agent.trim()) throw new AppError('validation', 'Enter the tracing agent', [{ field: 'agent', message: 'Enter the tracing agent' }])
  if (!(TRACE_REASONS as readonly string[]).includes(opts.reason)) throw new AppError('validation', 'Choose why the debtor is being traced', [{ field: 'reason', message: 'Choose a reason' }])
  await requireCustomerAccount(tx, opts.accountId)
  await requireRole(tx, opts.actor, DEBT_RECOVERY_ROLES, 'request a trace')
  const stage = await stageFor(tx, opts.accountId, opts.requestedOn, 'tracing')
  const action = await recordRecoveryAction(tx, {
    accountId: opts.accountId,
    stageId: stage.id,
    takenOn: opts.requestedOn,
    outcome: `Trace requested from ${opts.agent.trim()} (${opts.reason.replaceAll('_', ' ')})`,
    checksConfirmed: opts.checksConfirmed ?? [],
    notes: opts.notes ?? null,
    actor: opts.actor,
  })
  const [row] = await tx.query<{ id: number }>(
    `insert into tracing_requests (account_id, agent, reason, requested_on, action_id, actor, user_id) values ($1, $2, $3, $4, $5, $6, $7) returning id`,
    [opts.accountId, opts.agent.trim(), opts.reason, opts.requestedOn, action.actionId, opts.actor.label, opts.actor.userId],
  )
  await recordAuditEvent(tx, opts.actor, { action: 'debt.trace_requested', entityType: 'account', entityId: opts.accountId, after: { traceId: row!.id, agent: opts.agent.trim(), reason: opts.reason, requestedOn: opts.requestedOn } })
  return { traceId: row!.id, actionId: action.actionId }
}

export interface TraceResultOptions {
  traceId: number
  returnedOn: string
  result: 'traced' | 'not_traced'
  forwardingAddress?: string | null
  note?: string | null
  actor: Actor
}

export async function recordTraceResult(tx: Queryable, opts: TraceResultOptions): Promise<void> {
  requireDate(opts.returnedOn, 'returnedOn', 'date the result came back')
  if (opts.result !== 'traced' && opts.result !== 'not_traced') throw new AppError('validation', 'Say whether the debtor was traced', [{ field: 'result', message: 'Choose traced or not traced' }])
  const address = opts.forwardingAddress?.trim() || null
  if (address && opts.result !== 'traced') throw new AppError('validation', 'A forwarding address is only for a debtor who was traced', [{ field: 'forwardingAddress', message: 'Leave the address empty, or choose traced' }])
  const [t] = await tx.query<{ account_id: number; requested_on: string; result: string | null }>('select account_id, requested_on, result from tracing_requests where id = $1 for update', [opts.traceId])
  if (!t) throw new AppError('not_found', `No trace request ${opts.traceId}`)
  if (t.result) throw new AppError('invalid_state', `The result of this trace was already recorded: ${t.result.replaceAll('_', ' ')}`)
  if (opts.returnedOn < t.requested_on) throw new AppError('validation', `The result cannot come back before the request (${t.requested_on})`, [{ field: 'returnedOn', message: 'Enter a date on or after the request' }])
  await requireRole(tx, opts.actor, DEBT_RECOVERY_ROLES, 'record a trace result')
  await tx.query('update tracing_requests set returned_on = $2, result = $3, forwarding_address = $4, result_note = $5, result_recorded_by = $6 where id = $1', [
    opts.traceId,
    opts.returnedOn,
    opts.result,
    address,
    opts.note?.trim() || null,
    opts.actor.label,
  ])
  await recordAuditEvent(tx, opts.actor, { action: 'debt.trace_result', entityType: 'account', entityId: t.account_id, after: { traceId: opts.traceId, result: opts.result, returnedOn: opts.returnedOn, forwardingAddress: address !== null } })
}
