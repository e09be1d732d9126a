/**
 * An officer records a recovery action: a pathway stage taken (a call, a visit, a notice, a claim…), which moves the
 * case on, or contact outside the pathway (an extra call), which does not.
 *
 * For a stage, before anything is written:
 * - it must be one of the stages that may come next (or, for court records, any stage doing that thing: the court's
 *   decisions are facts, recorded even when the case was elsewhere, and the history says so);
 * - no hold in force on the day may block it (the domain's hold rules plus the stage's own `blockedByHolds`);
 * - the officer must hold a role that may authorise it (a team leader may authorise any officer's step); a step
 *   only `system` may take is for the trawl; legal steps always need a named officer;
 * - the stage's checks must be confirmed, the proportionality and Equality Act ones by a written record.
 */
import type { Queryable } from '../../db/client.ts'
import { isIsoDate } from '../../domain/calendar/dates.ts'
import { activeHolds, ACTION_TYPES, describeHold, holdCautions, holdsBlocking, isLegalAction, type ActionType, type Check, type Role, type Stage } from '../../domain/recovery/index.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'
import type { Role as UserRole } from '../users/create-user.ts'
import { loadCaseContext, type CaseContext } from './case-context.ts'
import { insertActions, moveCases } from './case-writes.ts'

export const CHANNELS = ['phone', 'visit', 'letter', 'sms', 'email', 'in_person', 'court'] as const
export type Channel = (typeof CHANNELS)[number]

export interface RecordActionOptions {
  accountId: number
  /** The pathway stage taken; null for contact outside the pathway (then `actionType` says what it was). */
  stageId: string | null
  actionType?: ActionType
  takenOn: string
  outcome: string
  contactMade?: boolean
  channel?: Channel | null
  writtenAcknowledgement?: boolean
  documentRef?: string | null
  notes?: string | null
  checksConfirmed?: readonly Check[]
  proportionalityNote?: string | null
  equalityNote?: string | null
  recommendationId?: number | null
  actor: Actor
  /** For facts recorded from the court (a hearing outcome): any stage of the right kind, checks not asked again. */
  courtRecord?: boolean
}

export interface RecordedAction {
  actionId: number
  stage: Stage | null
  inSequence: boolean
  cautions: string[]
}

const OFFICER_ROLES: readonly Role[] = ['income_officer', 'debt_recovery_officer']

async function userRole(tx: Queryable, actor: Actor): Promise<UserRole | null> {
  if (actor.userId === null) return null
  const [u] = await tx.query<{ role: UserRole; active: boolean }>('select role, active from users where id = $1', [actor.userId])
  if (!u || !u.active) throw new AppError('forbidden', `User ${actor.label} cannot record recovery actions`)
  return u.role
}

/** Whether the actor may authorise the stage. */
async function checkAuthority(tx: Queryable, actor: Actor, stage: Stage): Promise<void> {
  const role = await userRole(tx, actor)
  const named = stage.authorisedBy.filter((r) => r !== 'system').map((r) => r.replaceAll('_', ' '))
  if (role === null) {
    if (!stage.authorisedBy.includes('system') || isLegalAction(stage.action.type)) {
      throw new AppError('forbidden', `Stage "${stage.name}" must be authorised by a named ${named.join(' or ')} (use --user with the CLI)`)
    }
    return
  }
  const mayAuthorise = (stage.authorisedBy as readonly string[]).includes(role) || (role === 'team_leader' && stage.authorisedBy.some((r) => OFFICER_ROLES.includes(r)))
  if (!mayAuthorise) throw new AppError('forbidden', `Stage "${stage.name}" may be authorised by ${named.join(' or ')}, not ${role.replaceAll('_', ' ')}`)
}

/** Checks the stage needs that are not confirmed (proportionality and equality by a written note). */
export function missingChecks(stage: Stage, opts: Pick<RecordActionOptions, 'checksConfirmed' | 'proportionalityNote' | 'equalityNote'>): Check[] {
  const confirmed = new Set(opts.checksConfirmed ?? [])
  if (opts.proportionalityNote?.trim()) confirmed.add('proportionality_recorded')
  if (opts.equalityNote?.trim()) confirmed.add('equality_act_considered')
  return stage.checks.filter((c) => !confirmed.has(c))
}

function resolveStage(ctx: CaseContext, opts: RecordActionOptions): { stage: Stage; inSequence: boolean } {
  if (!ctx.pathway) throw new AppError('invalid_state', `No recovery pathway applies to account ${ctx.account.accountNumber}: ${ctx.pathwayError}`)
  const stage = ctx.pathway.stages.find((s) => s.id === opts.stageId)
  if (!stage) throw new AppError('validation', `Pathway "${ctx.pathway.name}" has no stage "${opts.stageId}"`, [{ field: 'stage', message: 'Choose a stage of the pathway' }])
  const inSequence = ctx.candidates.some((c) => c.id === stage.id)
  if (!inSequence && !opts.courtRecord) {
    const from = ctx.currentStage ? `after "${ctx.currentStage.name}"` : 'first'
    throw new AppError('invalid_state', `"${stage.name}" is not the next stage: ${from} the pathway allows ${ctx.candidates.map((c) => `"${c.name}"`).join(', ') || 'no further stage'}`, [
      { field: 'stage', message: 'Choose a stage that may come next' },
    ])
  }
  return { stage, inSequence }
}

export async function recordRecoveryAction(tx: Queryable, opts: RecordActionOptions): Promise<RecordedAction> {
  if (!isIsoDate(opts.takenOn)) throw new AppError('validation', 'Enter the date of the action', [{ field: 'takenOn', message: 'Enter a real date' }])
  if (!opts.outcome.trim() || opts.outcome.length > 500) throw new AppError('validation', 'Enter what happened (500 characters or fewer)', [{ field: 'outcome', message: 'Enter what happened' }])
  const ctx = await loadCaseContext(tx, opts.accountId, opts.takenOn)
  const inForce = activeHolds(ctx.holds, opts.takenOn)

  if (opts.stageId === null) {
    const type = opts.actionType
    if (!type || !(ACTION_TYPES as readonly string[]).includes(type)) throw new AppError('validation', 'Say what kind of action it was', [{ field: 'actionType', message: 'Choose the kind of action' }])
    if (isLegalAction(type) || type === 'hearing') throw new AppError('validation', 'A legal step is recorded as the pathway stage it takes', [{ field: 'actionType', message: 'Choose the pathway stage instead' }])
    const [actionId] = await insertActions(tx, opts.actor, [{ ...opts, actionType: type, pathwayId: null, pathwayVersion: null, stage: null }])
    await recordAuditEvent(tx, opts.actor, { action: 'recovery.contact_recorded', entityType: 'account', entityId: opts.accountId, after: { actionId, type, takenOn: opts.takenOn, outcome: opts.outcome, contactMade: opts.contactMade ?? false } })
    return { actionId: actionId!, stage: null, inSequence: true, cautions: holdCautions(type, inForce) }
  }

  const { stage, inSequence } = resolveStage(ctx, opts)
  if (!opts.courtRecord) {
    const blockers = holdsBlocking(stage.action.type, inForce, stage.blockedByHolds)
    if (blockers.length) throw new AppError('invalid_state', `"${stage.name}" cannot be taken: it is blocked by ${blockers.map(describeHold).join('; ')}`)
    const missing = missingChecks(stage, opts)
    if (missing.length) {
      throw new AppError('validation', `Confirm the checks "${stage.name}" needs: ${missing.map((c) => c.replaceAll('_', ' ')).join(', ')}`, missing.map((c) => ({ field: c === 'proportionality_recorded' ? 'proportionalityNote' : c === 'equality_act_considered' ? 'equalityNote' : 'checks', message: `Confirm: ${c.replaceAll('_', ' ')}` })))
    }
  }
  await checkAuthority(tx, opts.actor, stage)
  const pathway = ctx.pathway!
  const [actionId] = await insertActions(tx, opts.actor, [{ ...opts, actionType: stage.action.type, pathwayId: pathway.id, pathwayVersion: pathway.version, stage: stage.id }])
  const reason = `${opts.courtRecord ? 'Court record' : 'Recorded by an officer'}: ${opts.outcome.trim()}${inSequence ? '' : ` (out of sequence: the case was at ${ctx.currentStage ? `"${ctx.currentStage.name}"` : 'the start'})`}`
  await moveCases(tx, opts.actor, [
    { accountId: opts.accountId, pathwayId: pathway.id, pathwayVersion: pathway.version, fromStage: ctx.currentStage?.id ?? null, toStage: stage.id, enteredOn: opts.takenOn, reason, actionId: actionId!, recommendationId: opts.recommendationId ?? null },
  ])
  await recordAuditEvent(tx, opts.actor, {
    action: 'recovery.stage_taken',
    entityType: 'account',
    entityId: opts.accountId,
    before: { stage: ctx.currentStage?.id ?? null },
    after: { actionId, stage: stage.id, takenOn: opts.takenOn, outcome: opts.outcome, checks: opts.checksConfirmed ?? [] },
  })
  return { actionId: actionId!, stage, inSequence, cautions: holdCautions(stage.action.type, inForce) }
}
