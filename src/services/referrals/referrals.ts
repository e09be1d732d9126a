/**
 * Referrals and signposting to support services, with their outcome; and safeguarding concerns, which are
 * special-category data: only team leaders and administrators may read them, the check is here (the service layer,
 * with the reader's role) so every caller — page, API, CLI — gets it, and every read is audited.
 */
import type { Db, Queryable } from '../../db/client.ts'
import { isIsoDate, type IsoDate } from '../../domain/calendar/index.ts'
import { AppError, type FieldProblem } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'
import type { Role } from '../users/create-user.ts'

export const REFERRAL_SERVICES = ['tenancy_sustainment', 'money_advice', 'citizens_advice', 'age_uk', 'credit_union', 'dwp', 'other'] as const
export type ReferralService = (typeof REFERRAL_SERVICES)[number]
export const REFERRAL_SERVICE_LABELS: Record<ReferralService, string> = {
  tenancy_sustainment: 'Tenancy sustainment team',
  money_advice: 'Money advice',
  citizens_advice: 'Citizens Advice',
  age_uk: 'Age UK',
  credit_union: 'Credit union',
  dwp: 'Department for Work and Pensions',
  other: 'Other service',
}
export const REFERRAL_OUTCOMES = ['engaged', 'declined', 'no_contact', 'support_in_place', 'closed', 'other'] as const
export type ReferralOutcome = (typeof REFERRAL_OUTCOMES)[number]
export const REFERRAL_OUTCOME_LABELS: Record<ReferralOutcome, string> = {
  engaged: 'Engaged with the service',
  declined: 'Declined',
  no_contact: 'Service could not make contact',
  support_in_place: 'Support in place',
  closed: 'Closed by the service',
  other: 'Other',
}

/** Who may read safeguarding concerns. */
export const SAFEGUARDING_ROLES = ['team_leader', 'administrator'] as const satisfies readonly Role[]
export const canReadSafeguarding = (role: Role | null | undefined): boolean => role != null && (SAFEGUARDING_ROLES as readonly Role[]).includes(role)

function invalid(problems: FieldProblem[]): never {
  throw new AppError('validation', problems.map((p) => p.message).join('. '), problems)
}

async function checkPartyAccount(tx: Queryable, partyId: number, accountId: number | null): Promise<void> {
  const [p] = await tx.query('select 1 from parties where id = $1', [partyId])
  if (!p) throw new AppError('not_found', `No party ${partyId}`)
  if (accountId !== null) {
    const [a] = await tx.query('select 1 from account_parties where account_id = $1 and party_id = $2', [accountId, partyId])
    if (!a) invalid([{ field: 'accountId', message: 'The account is not one of this person’s' }])
  }
}

export interface ReferralView {
  id: number
  partyId: number
  accountId: number | null
  service: ReferralService
  serviceDetail: string | null
  reason: string
  referredOn: string
  referredBy: string
  outcome: ReferralOutcome | null
  outcomeOn: string | null
  outcomeNote: string | null
}

export async function makeReferral(
  db: Db,
  opts: { partyId: number; accountId?: number | null; service: string; serviceDetail?: string | null; reason: string; referredOn: IsoDate; today: IsoDate; actor: Actor },
): Promise<number> {
  const problems: FieldProblem[] = []
  if (!(REFERRAL_SERVICES as readonly string[]).includes(opts.service)) problems.push({ field: 'service', message: 'Select the service referred to' })
  if (opts.service === 'other' && !opts.serviceDetail?.trim()) problems.push({ field: 'serviceDetail', message: 'Enter the name of the service' })
  if (!opts.reason.trim()) problems.push({ field: 'reason', message: 'Enter the reason for the referral' })
  else if (opts.reason.length > 1000) problems.push({ field: 'reason', message: 'Reason must be 1000 characters or fewer' })
  if (!isIsoDate(opts.referredOn)) problems.push({ field: 'referredOn', message: 'Date referred must be a real date' })
  else if (opts.referredOn > opts.today) problems.push({ field: 'referredOn', message: 'Date referred must be today or in the past' })
  if (problems.length) invalid(problems)
  return db.transaction(async (tx) => {
    await checkPartyAccount(tx, opts.partyId, opts.accountId ?? null)
    const [r] = await tx.query<{ id: number }>(
      `insert into referrals (party_id, account_id, service, service_detail, reason, referred_on, referred_by, referred_user_id)
       values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
      [opts.partyId, opts.accountId ?? null, opts.service, opts.serviceDetail?.trim() || null, opts.reason.trim(), opts.referredOn, opts.actor.label, opts.actor.userId],
    )
    await recordAuditEvent(tx, opts.actor, { action: 'referral.made', entityType: 'party', entityId: opts.partyId, after: { referralId: r!.id, service: opts.service, referredOn: opts.referredOn } })
    return r!.id
  })
}

export async function recordReferralOutcome(db: Db, opts: { referralId: number; outcome: string; outcomeOn: IsoDate; note?: string | null; actor: Actor }): Promise<void> {
  const problems: FieldProblem[] = []
  if (!(REFERRAL_OUTCOMES as readonly string[]).includes(opts.outcome)) problems.push({ field: 'outcome', message: 'Select the outcome' })
  if (!isIsoDate(opts.outcomeOn)) problems.push({ field: 'outcomeOn', message: 'Date of the outcome must be a real date' })
  if (problems.length) invalid(problems)
  await db.transaction(async (tx) => {
    const [r] = await tx.query<{ id: number; party_id: number; referred_on: string; outcome: string | null }>('select id, party_id, referred_on, outcome from referrals where id = $1 for update', [opts.referralId])
    if (!r) throw new AppError('not_found', `No referral ${opts.referralId}`)
    if (r.outcome) throw new AppError('invalid_state', 'The outcome of this referral is already recorded')
    if (opts.outcomeOn < r.referred_on) invalid([{ field: 'outcomeOn', message: `Date of the outcome must be on or after the referral on ${r.referred_on}` }])
    await tx.query('update referrals set outcome = $2, outcome_on = $3, outcome_note = $4, outcome_by = $5, outcome_user_id = $6 where id = $1', [
      r.id,
      opts.outcome,
      opts.outcomeOn,
      opts.note?.trim() || null,
      opts.actor.label,
      opts.actor.userId,
    ])
    await recordAuditEvent(tx, opts.actor, { action: 'referral.outcome', entityType: 'referral', entityId: r.id, after: { outcome: opts.outcome, outcomeOn: opts.outcomeOn } })
  })
}

export async function listReferrals(db: Queryable, partyIds: readonly number[]): Promise<ReferralView[]> {
  const rows = await db.query<{
    id: number
    party_id: number
    account_id: number | null
    service: ReferralService
    service_detail: string | null
    reason: string
    referred_on: string
    referred_by: string
    outcome: ReferralOutcome | null
    outcome_on: string | null
    outcome_note: string | null
  }>(
    'select id, party_id, account_id, service, service_detail, reason, referred_on, referred_by, outcome, outcome_on, outcome_note from referrals where party_id = any($1::int[]) order by referred_on desc, id desc',
    [partyIds],
  )
  return rows.map((r) => ({
    id: r.id,
    partyId: r.party_id,
    accountId: r.account_id,
    service: r.service,
    serviceDetail: r.service_detail,
    reason: r.reason,
    referredOn: r.referred_on,
    referredBy: r.referred_by,
    outcome: r.outcome,
    outcomeOn: r.outcome_on,
    outcomeNote: r.outcome_note,
  }))
}

/** Anyone dealing with the person may raise a concern; only the restricted roles may read them back. */
export async function raiseSafeguardingConcern(db: Db, opts: { partyId: number; accountId?: number | null; concern: string; raisedOn: IsoDate; actor: Actor }): Promise<number> {
  const problems: FieldProblem[] = []
  if (!opts.concern.trim()) problems.push({ field: 'concern', message: 'Describe the safeguarding concern' })
  else if (opts.concern.length > 4000) problems.push({ field: 'concern', message: 'Concern must be 4000 characters or fewer' })
  if (!isIsoDate(opts.raisedOn)) problems.push({ field: 'raisedOn', message: 'Date must be a real date' })
  if (problems.length) invalid(problems)
  return db.transaction(async (tx) => {
    await checkPartyAccount(tx, opts.partyId, opts.accountId ?? null)
    const [r] = await tx.query<{ id: number }>(
      `insert into safeguarding_concerns (party_id, account_id, concern, raised_on, raised_by, raised_user_id) values ($1, $2, $3, $4, $5, $6) returning id`,
      [opts.partyId, opts.accountId ?? null, opts.concern.trim(), opts.raisedOn, opts.actor.label, opts.actor.userId],
    )
    // The audit names the concern, never its content (special-category data stays in the restricted table).
    await recordAuditEvent(tx, opts.actor, { action: 'safeguarding.raised', entityType: 'party', entityId: opts.partyId, after: { concernId: r!.id, raisedOn: opts.raisedOn } })
    return r!.id
  })
}

export interface SafeguardingView {
  /** Whether the reader may see the concerns; when false `concerns` is empty and only `count` is given. */
  visible: boolean
  /** How many concerns there are, so others know to ask a team leader (a flag, not the content). */
  count: number
  concerns: { id: number; concern: string; raisedOn: string; raisedBy: string }[]
}

/** The person's safeguarding concerns for a reader with `role`; a read of the content is audited. */
export async function readSafeguardingConcerns(db: Db, opts: { partyId: number; role: Role | null; actor: Actor }): Promise<SafeguardingView> {
  const [{ n } = { n: 0 }] = await db.query<{ n: number }>('select count(*)::int as n from safeguarding_concerns where party_id = $1', [opts.partyId])
  if (!canReadSafeguarding(opts.role)) return { visible: false, count: n, concerns: [] }
  return db.transaction(async (tx) => {
    const rows = await tx.query<{ id: number; concern: string; raised_on: string; raised_by: string }>(
      'select id, concern, raised_on, raised_by from safeguarding_concerns where party_id = $1 order by raised_on desc, id desc',
      [opts.partyId],
    )
    if (rows.length) await recordAuditEvent(tx, opts.actor, { action: 'safeguarding.read', entityType: 'party', entityId: opts.partyId, after: { concernIds: rows.map((r) => r.id) } })
    return { visible: true, count: rows.length, concerns: rows.map((r) => ({ id: r.id, concern: r.concern, raisedOn: r.raised_on, raisedBy: r.raised_by })) }
  })
}
