/**
 * Enforcing a money judgment whose terms are broken: an attachment of earnings order (N337, with the employer and,
 * once made, the normal deduction rate and protected earnings), a warrant of control, transfer to the High Court for
 * a writ, a charging order or a third party debt order (DOMAIN.md §2). Applying is a legal step on the pathway
 * (`attachment_of_earnings` or `enforcement`: a team leader with the proportionality and Equality Act records); the
 * order made and how it ended are court records. One at a time: a second application waits until the first ends.
 * A judgment more than six years old needs the court's permission to enforce (CPR 83.2) [P]: refused here.
 */
import type { Queryable } from '../../db/client.ts'
import { addYears, ENFORCEMENT_KINDS, type EnforcementKind } from '../../domain/debt-recovery/index.ts'
import type { Check } from '../../domain/recovery/index.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'
import { recordRecoveryAction } from '../recovery/record-action.ts'
import { readEnforcementFees } from './debt-settings.ts'
import { DEBT_RECOVERY_ROLES, requireDate, requireRole, stageFor } from './guards.ts'

export interface ApplyForEnforcementOptions {
  judgmentId: number
  kind: EnforcementKind
  appliedOn: string
  reference?: string | null
  employerName?: string | null
  employerAddress?: string | null
  propertyAddress?: string | null
  /** Default: the fee in the dated table (unconfirmed [U]). */
  feePence?: number | null
  checksConfirmed?: readonly Check[]
  proportionalityNote?: string | null
  equalityNote?: string | null
  actor: Actor
}

const KIND_WORDS: Record<EnforcementKind, string> = {
  attachment_of_earnings: 'Attachment of earnings order applied for (N337)',
  warrant_of_control: 'Warrant of control requested',
  high_court_writ: 'Transfer to the High Court for a writ of control requested (N293A)',
  charging_order: 'Charging order applied for (N379)',
  third_party_debt_order: 'Third party debt order applied for (N349)',
}

export async function applyForEnforcement(tx: Queryable, opts: ApplyForEnforcementOptions): Promise<{ enforcementId: number; actionId: number; feePence: number; feeConfirmed: boolean }> {
  requireDate(opts.appliedOn, 'appliedOn', 'date of the application')
  if (!(ENFORCEMENT_KINDS as readonly string[]).includes(opts.kind)) throw new AppError('validation', 'Choose the kind of enforcement', [{ field: 'kind', message: 'Choose the kind of enforcement' }])
  if (opts.employerName && opts.kind !== 'attachment_of_earnings') throw new AppError('validation', 'An employer is only for an attachment of earnings', [{ field: 'employerName', message: 'Leave the employer empty' }])
  if (opts.propertyAddress && opts.kind !== 'charging_order') throw new AppError('validation', 'A property is only for a charging order', [{ field: 'propertyAddress', message: 'Leave the property empty' }])
  const [j] = await tx.query<{ account_id: number; entered_on: string; set_aside_on: string | null }>('select account_id, entered_on, set_aside_on from money_judgments where id = $1', [opts.judgmentId])
  if (!j) throw new AppError('not_found', `No judgment ${opts.judgmentId}`)
  if (j.set_aside_on && j.set_aside_on <= opts.appliedOn) throw new AppError('invalid_state', `The judgment was set aside on ${j.set_aside_on}`)
  if (opts.appliedOn < j.entered_on) throw new AppError('validation', `The judgment was entered on ${j.entered_on}`, [{ field: 'appliedOn', message: 'Enter a date on or after the judgment' }])
  if (opts.appliedOn > addYears(j.entered_on, 6)) throw new AppError('invalid_state', `The judgment of ${j.entered_on} is more than six years old: enforcing it needs the court's permission (CPR 83.2)`)
  const [pending] = await tx.query<{ kind: string; applied_on: string }>('select kind, applied_on from enforcement_actions where account_id = $1 and ended_on is null order by applied_on desc limit 1', [j.account_id])
  if (pending) throw new AppError('invalid_state', `The ${pending.kind.replaceAll('_', ' ')} applied for on ${pending.applied_on} has not ended: record how it ended first`)
  await requireRole(tx, opts.actor, DEBT_RECOVERY_ROLES, 'apply for enforcement')
  const fees = await readEnforcementFees(tx, opts.appliedOn)
  const fee = opts.feePence ?? fees[opts.kind]
  if (!Number.isSafeInteger(fee) || fee < 0) throw new AppError('validation', 'Enter the court fee', [{ field: 'fee', message: 'Enter the fee' }])
  const stage = await stageFor(tx, j.account_id, opts.appliedOn, opts.kind === 'attachment_of_earnings' ? 'attachment_of_earnings' : 'enforcement')
  const action = await recordRecoveryAction(tx, {
    accountId: j.account_id,
    stageId: stage.id,
    takenOn: opts.appliedOn,
    outcome: `${KIND_WORDS[opts.kind]}${opts.reference ? ` (${opts.reference.trim()})` : ''}`,
    channel: 'court',
    checksConfirmed: opts.checksConfirmed ?? [],
    proportionalityNote: opts.proportionalityNote ?? null,
    equalityNote: opts.equalityNote ?? null,
    actor: opts.actor,
  })
  const feeConfirmed = opts.feePence != null ? true : fees.confirmed
  const [row] = await tx.query<{ id: number }>(
    `insert into enforcement_actions (account_id, judgment_id, kind, applied_on, fee_pence, fee_confirmed, reference, employer_name, employer_address, property_address, action_id, actor, user_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) returning id`,
    [j.account_id, opts.judgmentId, opts.kind, opts.appliedOn, fee, feeConfirmed, opts.reference?.trim() || null, opts.employerName?.trim() || null, opts.employerAddress?.trim() || null, opts.propertyAddress?.trim() || null, action.actionId, opts.actor.label, opts.actor.userId],
  )
  await recordAuditEvent(tx, opts.actor, { action: 'debt.enforcement_applied', entityType: 'account', entityId: j.account_id, after: { enforcementId: row!.id, judgmentId: opts.judgmentId, kind: opts.kind, appliedOn: opts.appliedOn, feePence: fee, feeConfirmed } })
  return { enforcementId: row!.id, actionId: action.actionId, feePence: fee, feeConfirmed }
}

export interface EnforcementOrderOptions {
  enforcementId: number
  orderMadeOn: string
  /** Attachment of earnings: the normal deduction rate and protected earnings rate in the order. */
  normalDeductionPence?: number | null
  deductionFrequency?: 'weekly' | 'monthly' | null
  protectedEarningsPence?: number | null
  reference?: string | null
  actor: Actor
}

async function lockEnforcement(tx: Queryable, id: number) {
  const [e] = await tx.query<{ account_id: number; kind: EnforcementKind; applied_on: string; order_made_on: string | null; ended_on: string | null; reference: string | null }>(
    'select account_id, kind, applied_on, order_made_on, ended_on, reference from enforcement_actions where id = $1 for update',
    [id],
  )
  if (!e) throw new AppError('not_found', `No enforcement ${id}`)
  return e
}

export async function recordEnforcementOrder(tx: Queryable, opts: EnforcementOrderOptions): Promise<void> {
  requireDate(opts.orderMadeOn, 'orderMadeOn', 'date the order was made')
  const e = await lockEnforcement(tx, opts.enforcementId)
  if (e.order_made_on) throw new AppError('invalid_state', `The order was already recorded as made on ${e.order_made_on}`)
  if (e.ended_on) throw new AppError('invalid_state', `This enforcement ended on ${e.ended_on}`)
  if (opts.orderMadeOn < e.applied_on) throw new AppError('validation', `The application was made on ${e.applied_on}`, [{ field: 'orderMadeOn', message: 'Enter a date on or after the application' }])
  const aoe = e.kind === 'attachment_of_earnings'
  if (aoe) {
    if (!(opts.normalDeductionPence && opts.normalDeductionPence > 0)) throw new AppError('validation', 'Enter the normal deduction rate in the order', [{ field: 'normalDeduction', message: 'Enter the normal deduction rate' }])
    if (opts.deductionFrequency !== 'weekly' && opts.deductionFrequency !== 'monthly') throw new AppError('validation', 'Say whether the deduction is weekly or monthly', [{ field: 'deductionFrequency', message: 'Choose weekly or monthly' }])
  } else if (opts.normalDeductionPence || opts.protectedEarningsPence) {
    throw new AppError('validation', 'Deduction rates are only for an attachment of earnings order', [{ field: 'normalDeduction', message: 'Leave the rates empty' }])
  }
  await requireRole(tx, opts.actor, DEBT_RECOVERY_ROLES, 'record an enforcement order')
  await tx.query(
    'update enforcement_actions set order_made_on = $2, normal_deduction_pence = $3, deduction_frequency = $4, protected_earnings_pence = $5, reference = coalesce(reference, $6) where id = $1',
    [opts.enforcementId, opts.orderMadeOn, aoe ? opts.normalDeductionPence : null, aoe ? opts.deductionFrequency : null, aoe ? (opts.protectedEarningsPence ?? null) : null, opts.reference?.trim() || null],
  )
  await recordAuditEvent(tx, opts.actor, { action: 'debt.enforcement_order', entityType: 'account', entityId: e.account_id, after: { enforcementId: opts.enforcementId, orderMadeOn: opts.orderMadeOn, normalDeductionPence: opts.normalDeductionPence ?? null, deductionFrequency: opts.deductionFrequency ?? null } })
}

export const ENFORCEMENT_OUTCOMES = ['paid_in_full', 'unsuccessful', 'withdrawn'] as const
export type EnforcementOutcome = (typeof ENFORCEMENT_OUTCOMES)[number]

export async function recordEnforcementEnd(tx: Queryable, opts: { enforcementId: number; endedOn: string; outcome: EnforcementOutcome; note?: string | null; actor: Actor }): Promise<void> {
  requireDate(opts.endedOn, 'endedOn', 'date it ended')
  if (!(ENFORCEMENT_OUTCOMES as readonly string[]).includes(opts.outcome)) throw new AppError('validation', 'Say how it ended', [{ field: 'outcome', message: 'Choose paid in full, unsuccessful or withdrawn' }])
  const e = await lockEnforcement(tx, opts.enforcementId)
  if (e.ended_on) throw new AppError('invalid_state', `This enforcement already ended on ${e.ended_on}`)
  if (opts.endedOn < e.applied_on) throw new AppError('validation', `The application was made on ${e.applied_on}`, [{ field: 'endedOn', message: 'Enter a date on or after the application' }])
  await requireRole(tx, opts.actor, DEBT_RECOVERY_ROLES, 'record how enforcement ended')
  await tx.query('update enforcement_actions set ended_on = $2, outcome = $3, outcome_note = $4 where id = $1', [opts.enforcementId, opts.endedOn, opts.outcome, opts.note?.trim() || null])
  await recordAuditEvent(tx, opts.actor, { action: 'debt.enforcement_ended', entityType: 'account', entityId: e.account_id, after: { enforcementId: opts.enforcementId, endedOn: opts.endedOn, outcome: opts.outcome } })
}
