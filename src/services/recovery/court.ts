/**
 * Court records: the claim, the hearing and its outcome (with the order and its terms), the warrant and the
 * eviction. Issuing a claim, requesting a warrant and booking an eviction are pathway stages (checked like any
 * other); a hearing's outcome is a fact from the court and is recorded as such.
 *
 * A possession claim after a notice must rely on a notice in force on the day of issue: its date has passed and it
 * has not lapsed (HA 1985 s83; HA 1988 s8(3)) [C]/[P]; it must have been served on every named tenant when the
 * stage requires it; and the Pre-Action Protocol checklist must be complete (DOMAIN.md §1.1).
 */
import type { Queryable } from '../../db/client.ts'
import { addDays, isIsoDate, type IsoDate } from '../../domain/calendar/dates.ts'
import { addMonths, type Check, type ConditionNode, type Stage } from '../../domain/recovery/index.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'
import { loadCaseContext, stageForAction, type CaseContext } from './case-context.ts'
import { papStatus, readPapChecklist } from './pap.ts'
import { recordRecoveryAction } from './record-action.ts'
import { readCourtFees } from './recovery-settings.ts'

interface LegalStepNotes {
  checksConfirmed?: readonly Check[]
  proportionalityNote?: string | null
  equalityNote?: string | null
  notes?: string | null
  recommendationId?: number | null
  actor: Actor
}

export type ClaimType = 'possession' | 'money' | 'fix_date'

export interface RecordClaimOptions extends LegalStepNotes {
  accountId: number
  claimType: ClaimType
  court: string
  claimNumber?: string | null
  issuedOn: IsoDate
  /** Default: the fee in the dated fee table (policy `recovery.court_fees`) for a possession claim or an N244. */
  feePence?: number | null
}

/** The notice kind a claim stage relies on (its `noticeValid` condition), if any. */
function noticeKindRequired(stage: Stage): string | null {
  const walk = (nodes: readonly ConditionNode[]): string | null => {
    for (const n of nodes) {
      if ('field' in n) {
        if (n.field === 'noticeValid' && n.value === true) return n.noticeKind ?? 'any'
      } else {
        const inner = walk('all' in n ? n.all : n.any)
        if (inner) return inner
      }
    }
    return null
  }
  return walk('all' in stage.entry ? stage.entry.all : stage.entry.any)
}

function requirePathway(ctx: CaseContext) {
  if (!ctx.pathway) throw new AppError('invalid_state', `No recovery pathway applies to account ${ctx.account.accountNumber}: ${ctx.pathwayError}`)
  return ctx.pathway
}

export async function recordClaim(tx: Queryable, opts: RecordClaimOptions): Promise<{ claimId: number; actionId: number }> {
  if (!isIsoDate(opts.issuedOn)) throw new AppError('validation', 'Enter the date the claim was issued', [{ field: 'issuedOn', message: 'Enter a real date' }])
  if (!opts.court.trim()) throw new AppError('validation', 'Enter the court', [{ field: 'court', message: 'Enter the court' }])
  const ctx = await loadCaseContext(tx, opts.accountId, opts.issuedOn)
  const pathway = requirePathway(ctx)
  const actionType = opts.claimType === 'money' ? 'money_claim' : 'claim'
  const wantsFixDate = opts.claimType === 'fix_date'
  const found = stageForAction(ctx, (s) => s.action.type === actionType && (actionType !== 'claim' || (noticeKindRequired(s) === null) === wantsFixDate))
  if (!found) throw new AppError('validation', `"${pathway.name}" has no stage for a ${opts.claimType.replaceAll('_', ' ')} claim`, [{ field: 'claimType', message: 'Choose a claim this pathway uses' }])
  const stage = found.stage

  let noticeId: number | null = null
  const kind = noticeKindRequired(stage)
  if (kind) {
    const [notice] = await tx.query<{ id: number; notice_kind: string; served_on: string; date_in_notice: string; valid_until: string | null; all_tenants_served: boolean }>(
      `select id, notice_kind, served_on, date_in_notice, valid_until, all_tenants_served from legal_notices
       where account_id = $1 and ($2 = 'any' or notice_kind = $2) and served_on <= $3 and (withdrawn_on is null or withdrawn_on > $3)
       order by served_on desc, id desc limit 1`,
      [opts.accountId, kind, opts.issuedOn],
    )
    if (!notice) throw new AppError('invalid_state', `A claim at "${stage.name}" relies on a ${kind.replaceAll('_', ' ')} notice, and none is in force: serve one first`)
    if (opts.issuedOn < notice.date_in_notice) throw new AppError('invalid_state', `The notice served on ${notice.served_on} allows proceedings only from ${notice.date_in_notice}`)
    if (notice.valid_until && opts.issuedOn > notice.valid_until) {
      throw new AppError('invalid_state', `The notice served on ${notice.served_on} ceased to be in force after ${notice.valid_until}: a claim cannot rely on it. Serve a fresh notice`)
    }
    if (stage.checks.includes('notice_served_all_tenants') && !notice.all_tenants_served) {
      throw new AppError('invalid_state', `The notice served on ${notice.served_on} was not served on every named tenant: serve a fresh notice on all of them`)
    }
    noticeId = notice.id
  }
  // The possession Pre-Action Protocol checklist; for a money claim `pap_complied` is the Debt Claims protocol
  // (letter of claim, 30 days to reply), which the officer confirms.
  const possessionPap = actionType === 'claim' && stage.checks.includes('pap_complied')
  if (possessionPap) {
    const pap = papStatus(await readPapChecklist(tx, opts.accountId, opts.issuedOn), ctx.settings.minContactAttempts)
    if (!pap.complete) throw new AppError('invalid_state', `The Pre-Action Protocol checklist is not complete: ${pap.missing.join(', ')}`, [{ field: 'pap', message: 'Complete the Pre-Action Protocol checklist' }])
  }
  const confirmed = new Set<Check>(opts.checksConfirmed ?? [])
  if (noticeId !== null) confirmed.add('notice_served_all_tenants')
  if (possessionPap) confirmed.add('pap_complied')

  let fee = opts.feePence ?? null
  if (fee === null) {
    if (opts.claimType === 'money') throw new AppError('validation', 'Enter the court fee for a money claim (it depends on the amount claimed)', [{ field: 'feePence', message: 'Enter the fee' }])
    const fees = await readCourtFees(tx, opts.issuedOn)
    fee = opts.claimType === 'possession' ? fees.possessionClaim : fees.n244OnNotice
  }
  const action = await recordRecoveryAction(tx, {
    ...opts,
    stageId: stage.id,
    takenOn: opts.issuedOn,
    outcome: `${opts.claimType === 'money' ? 'Money claim' : opts.claimType === 'fix_date' ? 'Application to fix a date for possession' : 'Possession claim'} issued at ${opts.court.trim()}${opts.claimNumber ? ` (${opts.claimNumber})` : ''}`,
    channel: 'court',
    checksConfirmed: [...confirmed],
  })
  const [balance] = await tx.query<{ b: number }>('select coalesce(sum(amount_pence), 0)::bigint as b from postings where account_id = $1 and effective_date <= $2', [opts.accountId, opts.issuedOn])
  const [row] = await tx.query<{ id: number }>(
    `insert into court_claims (account_id, claim_type, notice_id, court, claim_number, issued_on, fee_pence, arrears_at_issue_pence, action_id, actor, user_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning id`,
    [opts.accountId, opts.claimType, noticeId, opts.court.trim(), opts.claimNumber?.trim() || null, opts.issuedOn, fee, balance!.b, action.actionId, opts.actor.label, opts.actor.userId],
  )
  await recordAuditEvent(tx, opts.actor, { action: 'court.claim_issued', entityType: 'account', entityId: opts.accountId, after: { claimId: row!.id, claimType: opts.claimType, noticeId, feePence: fee } })
  return { claimId: row!.id, actionId: action.actionId }
}

/** A hearing listed by the court for a claim. */
export async function recordHearing(tx: Queryable, opts: { claimId: number; hearingOn: IsoDate; actor: Actor }): Promise<number> {
  const [c] = await tx.query<{ account_id: number; issued_on: string }>('select account_id, issued_on from court_claims where id = $1', [opts.claimId])
  if (!c) throw new AppError('not_found', `No claim ${opts.claimId}`)
  if (!isIsoDate(opts.hearingOn) || opts.hearingOn < c.issued_on) throw new AppError('validation', 'Enter the hearing date, on or after the claim was issued', [{ field: 'hearingOn', message: 'Enter a real date' }])
  const [row] = await tx.query<{ id: number }>('insert into court_hearings (claim_id, hearing_on, actor, user_id) values ($1, $2, $3, $4) returning id', [
    opts.claimId,
    opts.hearingOn,
    opts.actor.label,
    opts.actor.userId,
  ])
  await recordAuditEvent(tx, opts.actor, { action: 'court.hearing_listed', entityType: 'account', entityId: c.account_id, after: { claimId: opts.claimId, hearingId: row!.id, hearingOn: opts.hearingOn } })
  return row!.id
}

export type HearingOutcomeValue = 'adjourned' | 'adjourned_on_terms' | 'suspended_order' | 'postponed_order' | 'outright_order' | 'dismissed' | 'money_judgment'

const ORDER_TYPE: Partial<Record<HearingOutcomeValue, string>> = {
  adjourned_on_terms: 'adjourned_on_terms',
  suspended_order: 'suspended',
  postponed_order: 'postponed',
  outright_order: 'outright',
  money_judgment: 'money_judgment',
}

export interface HearingOutcomeOptions {
  hearingId: number
  outcome: HearingOutcomeValue
  /** Outright and suspended orders: the date for possession. */
  possessionOn?: IsoDate | null
  /** The terms: a weekly amount on top of the current rent, from a date. */
  termsWeeklyPence?: number | null
  termsStartOn?: IsoDate | null
  judgmentPence?: number | null
  costsPence?: number | null
  note?: string | null
  actor: Actor
}

export async function recordHearingOutcome(tx: Queryable, opts: HearingOutcomeOptions): Promise<{ orderId: number | null }> {
  const [h] = await tx.query<{ id: number; hearing_on: string; outcome: string | null; claim_id: number; account_id: number }>(
    'select h.id, h.hearing_on, h.outcome, h.claim_id, c.account_id from court_hearings h join court_claims c on c.id = h.claim_id where h.id = $1 for update of h',
    [opts.hearingId],
  )
  if (!h) throw new AppError('not_found', `No hearing ${opts.hearingId}`)
  if (h.outcome) throw new AppError('invalid_state', `The outcome of this hearing was already recorded: ${h.outcome.replaceAll('_', ' ')}`)
  const orderType = ORDER_TYPE[opts.outcome]
  const problems = []
  if ((orderType === 'outright' || orderType === 'suspended') && !(opts.possessionOn && isIsoDate(opts.possessionOn))) problems.push({ field: 'possessionOn', message: 'Enter the date for possession in the order' })
  const needsTerms = orderType === 'suspended' || orderType === 'postponed' || orderType === 'adjourned_on_terms'
  if (needsTerms && !(opts.termsWeeklyPence && opts.termsWeeklyPence > 0)) problems.push({ field: 'termsWeeklyPence', message: 'Enter the weekly amount the order requires on top of the rent' })
  if ((needsTerms || opts.termsWeeklyPence) && !(opts.termsStartOn && isIsoDate(opts.termsStartOn))) problems.push({ field: 'termsStartOn', message: 'Enter the date the terms start' })
  if (problems.length) throw new AppError('validation', problems.map((p) => p.message).join('. '), problems)

  await tx.query('update court_hearings set outcome = $2, outcome_note = $3, outcome_recorded_by = $4 where id = $1', [h.id, opts.outcome, opts.note ?? null, opts.actor.label])
  let orderId: number | null = null
  if (orderType) {
    const [o] = await tx.query<{ id: number }>(
      `insert into court_orders (account_id, claim_id, hearing_id, order_type, made_on, possession_on, terms_weekly_pence, terms_start_on, judgment_pence, costs_pence, actor, user_id)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) returning id`,
      [h.account_id, h.claim_id, h.id, orderType, h.hearing_on, opts.possessionOn ?? null, opts.termsWeeklyPence ?? null, opts.termsWeeklyPence ? opts.termsStartOn : null, opts.judgmentPence ?? null, opts.costsPence ?? null, opts.actor.label, opts.actor.userId],
    )
    orderId = o!.id
  }
  // The case moves to the pathway's hearing stage (if it has one), entered on the hearing date.
  const ctx = await loadCaseContext(tx, h.account_id, h.hearing_on)
  const hearingStage = ctx.pathway ? stageForAction(ctx, (s) => s.action.type === 'hearing') : null
  if (hearingStage && ctx.currentStage?.id !== hearingStage.stage.id) {
    await recordRecoveryAction(tx, {
      accountId: h.account_id,
      stageId: hearingStage.stage.id,
      takenOn: h.hearing_on,
      outcome: `Hearing: ${opts.outcome.replaceAll('_', ' ')}${opts.note ? ` (${opts.note})` : ''}`,
      channel: 'court',
      courtRecord: true,
      actor: opts.actor,
    })
  }
  await recordAuditEvent(tx, opts.actor, { action: 'court.hearing_outcome', entityType: 'account', entityId: h.account_id, after: { hearingId: h.id, outcome: opts.outcome, orderId } })
  return { orderId }
}

export interface RecordWarrantOptions extends LegalStepNotes {
  orderId: number
  appliedOn: IsoDate
  warrantNumber?: string | null
  feePence?: number | null
}

export async function recordWarrant(tx: Queryable, opts: RecordWarrantOptions): Promise<{ warrantId: number; actionId: number; expiresOn: IsoDate }> {
  const [o] = await tx.query<{ account_id: number; order_type: string; possession_on: string | null; discharged_on: string | null }>(
    'select account_id, order_type, possession_on, discharged_on from court_orders where id = $1',
    [opts.orderId],
  )
  if (!o) throw new AppError('not_found', `No order ${opts.orderId}`)
  if (!isIsoDate(opts.appliedOn)) throw new AppError('validation', 'Enter the date the warrant was requested', [{ field: 'appliedOn', message: 'Enter a real date' }])
  if (o.discharged_on) throw new AppError('invalid_state', `The order was discharged on ${o.discharged_on}`)
  if (o.order_type === 'money_judgment') throw new AppError('invalid_state', 'A money judgment is enforced by other means, not a warrant of possession')
  if (o.possession_on && opts.appliedOn < o.possession_on) throw new AppError('invalid_state', `The date for possession in the order is ${o.possession_on}: a warrant cannot be requested before it`)
  const ctx = await loadCaseContext(tx, o.account_id, opts.appliedOn)
  requirePathway(ctx)
  const found = stageForAction(ctx, (s) => s.action.type === 'warrant')
  if (!found) throw new AppError('invalid_state', 'The pathway has no warrant stage')
  const fee = opts.feePence ?? (await readCourtFees(tx, opts.appliedOn)).warrantOfPossession
  const action = await recordRecoveryAction(tx, {
    ...opts,
    accountId: o.account_id,
    stageId: found.stage.id,
    takenOn: opts.appliedOn,
    outcome: `Warrant of possession requested (N325)${opts.warrantNumber ? `, ${opts.warrantNumber}` : ''}`,
    channel: 'court',
  })
  const expiresOn = addDays(addMonths(opts.appliedOn, 12), -1)
  const [row] = await tx.query<{ id: number }>(
    `insert into warrants (account_id, order_id, applied_on, warrant_number, fee_pence, expires_on, action_id, actor, user_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id`,
    [o.account_id, opts.orderId, opts.appliedOn, opts.warrantNumber?.trim() || null, fee, expiresOn, action.actionId, opts.actor.label, opts.actor.userId],
  )
  await recordAuditEvent(tx, opts.actor, { action: 'court.warrant_requested', entityType: 'account', entityId: o.account_id, after: { warrantId: row!.id, orderId: opts.orderId, feePence: fee, expiresOn } })
  return { warrantId: row!.id, actionId: action.actionId, expiresOn }
}

export interface RecordEvictionOptions extends LegalStepNotes {
  warrantId: number
  scheduledOn: IsoDate
  n54ReceivedOn?: IsoDate | null
}

export async function recordEviction(tx: Queryable, opts: RecordEvictionOptions): Promise<{ evictionId: number; actionId: number }> {
  const [w] = await tx.query<{ account_id: number; expires_on: string }>('select account_id, expires_on from warrants where id = $1', [opts.warrantId])
  if (!w) throw new AppError('not_found', `No warrant ${opts.warrantId}`)
  if (!isIsoDate(opts.scheduledOn)) throw new AppError('validation', 'Enter the eviction date', [{ field: 'scheduledOn', message: 'Enter a real date' }])
  if (opts.scheduledOn > w.expires_on) throw new AppError('invalid_state', `The warrant expires on ${w.expires_on}, before the eviction date`)
  if (opts.n54ReceivedOn && isIsoDate(opts.n54ReceivedOn) && addDays(opts.n54ReceivedOn, 14) > opts.scheduledOn) {
    throw new AppError('invalid_state', 'The notice of eviction (N54) must be delivered at least 14 days before the eviction (CPR 83.8A)')
  }
  const ctx = await loadCaseContext(tx, w.account_id, opts.scheduledOn)
  requirePathway(ctx)
  const found = stageForAction(ctx, (s) => s.action.type === 'eviction')
  if (!found) throw new AppError('invalid_state', 'The pathway has no eviction stage')
  const takenOn = opts.n54ReceivedOn && isIsoDate(opts.n54ReceivedOn) ? opts.n54ReceivedOn : opts.scheduledOn
  const action = await recordRecoveryAction(tx, { ...opts, accountId: w.account_id, stageId: found.stage.id, takenOn, outcome: `Eviction booked for ${opts.scheduledOn}`, channel: 'court' })
  const [row] = await tx.query<{ id: number }>(
    `insert into evictions (account_id, warrant_id, scheduled_on, n54_received_on, action_id, actor, user_id) values ($1, $2, $3, $4, $5, $6, $7) returning id`,
    [w.account_id, opts.warrantId, opts.scheduledOn, opts.n54ReceivedOn ?? null, action.actionId, opts.actor.label, opts.actor.userId],
  )
  await recordAuditEvent(tx, opts.actor, { action: 'court.eviction_booked', entityType: 'account', entityId: w.account_id, after: { evictionId: row!.id, scheduledOn: opts.scheduledOn } })
  return { evictionId: row!.id, actionId: action.actionId }
}

export const EVICTION_OUTCOMES = ['evicted', 'tenant_left', 'stayed_by_court', 'cancelled', 'postponed'] as const
export type EvictionOutcome = (typeof EVICTION_OUTCOMES)[number]

export async function recordEvictionOutcome(tx: Queryable, opts: { evictionId: number; outcome: EvictionOutcome; outcomeOn: IsoDate; note?: string | null; actor: Actor }): Promise<void> {
  const [e] = await tx.query<{ account_id: number; outcome: string | null }>('select account_id, outcome from evictions where id = $1 for update', [opts.evictionId])
  if (!e) throw new AppError('not_found', `No eviction ${opts.evictionId}`)
  if (e.outcome) throw new AppError('invalid_state', `The outcome was already recorded: ${e.outcome.replaceAll('_', ' ')}`)
  if (!(EVICTION_OUTCOMES as readonly string[]).includes(opts.outcome)) throw new AppError('validation', 'Choose what happened', [{ field: 'outcome', message: 'Choose what happened' }])
  if (!isIsoDate(opts.outcomeOn)) throw new AppError('validation', 'Enter the date', [{ field: 'outcomeOn', message: 'Enter a real date' }])
  await tx.query('update evictions set outcome = $2, outcome_on = $3, outcome_note = $4 where id = $1', [opts.evictionId, opts.outcome, opts.outcomeOn, opts.note ?? null])
  await recordAuditEvent(tx, opts.actor, { action: 'court.eviction_outcome', entityType: 'account', entityId: e.account_id, after: { evictionId: opts.evictionId, outcome: opts.outcome, outcomeOn: opts.outcomeOn } })
}
