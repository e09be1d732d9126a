/**
 * Serving a notice (NOSP, s8, s128 notice of proceedings, notice to quit, licence termination) and the review of an
 * introductory tenancy notice.
 *
 * The notice stage of the account's pathway gives the notice rules as data (minimum period, validity, rent-week
 * alignment, review right, grounds: domain `noticeDates`), so the dates stored are the ones the pathway's law gives:
 * the earliest date proceedings may begin ("the date in the notice") and the last day the notice stays in force.
 * Serving is a pathway stage, so it is checked like one (holds, checks, proportionality and equality records, role).
 *
 * Service: by hand, the day it is handed over; left at the property, that day if it is a business day, else the
 * next; by first class post, the second business day after posting. These follow CPR 6.26 by analogy [P]: the
 * tenancy agreement may say otherwise, and the officer can always state the date in the notice.
 */
import type { Queryable } from '../../db/client.ts'
import { loadWorkingDayCalendar } from '../../calendar-data.ts'
import { addDays, isIsoDate, type IsoDate } from '../../domain/calendar/dates.ts'
import { addMonths, noticeDates, NOTICE_KINDS, type Check, type NoticeKind } from '../../domain/recovery/index.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'
import { loadCaseContext, stageForAction } from './case-context.ts'
import { recordRecoveryAction } from './record-action.ts'

export const SERVICE_METHODS = ['hand', 'left_at_property', 'first_class_post'] as const
export type ServiceMethod = (typeof SERVICE_METHODS)[number]

export const NOTICE_LABELS: Record<NoticeKind, string> = {
  nosp_secure: 'Notice of Seeking Possession (secure tenancy, s83)',
  s8_assured: 'Section 8 notice (assured tenancy)',
  s128_introductory: 'Notice of proceedings (introductory tenancy, s128)',
  notice_to_quit: 'Notice to quit',
  licence_termination: 'Notice ending a licence',
}

/** The day a notice is treated as served. */
export function deemedServiceDate(method: ServiceMethod, deliveredOn: IsoDate): IsoDate {
  const calendar = loadWorkingDayCalendar()
  switch (method) {
    case 'hand':
      return deliveredOn
    case 'left_at_property':
      return calendar.nextWorkingDay(deliveredOn)
    case 'first_class_post':
      return calendar.addWorkingDays(deliveredOn, 2)
  }
}

export interface ServeNoticeOptions {
  accountId: number
  kind: NoticeKind
  deliveredOn: IsoDate
  method: ServiceMethod
  grounds?: readonly string[]
  /** The named tenants served (default: all of them). */
  servedPartyIds?: readonly number[]
  /** The date the notice actually states, if not the earliest lawful one. */
  dateInNotice?: IsoDate | null
  documentRef?: string | null
  checksConfirmed?: readonly Check[]
  proportionalityNote?: string | null
  equalityNote?: string | null
  notes?: string | null
  recommendationId?: number | null
  actor: Actor
}

export interface ServedNoticeRecord {
  noticeId: number
  actionId: number
  servedOn: IsoDate
  dateInNotice: IsoDate
  validUntil: IsoDate | null
  reviewRequestBy: IsoDate | null
  allTenantsServed: boolean
  inSequence: boolean
}

export async function serveNotice(tx: Queryable, opts: ServeNoticeOptions): Promise<ServedNoticeRecord> {
  if (!(NOTICE_KINDS as readonly string[]).includes(opts.kind)) throw new AppError('validation', `Unknown notice type ${opts.kind}`, [{ field: 'kind', message: 'Choose the type of notice' }])
  if (!(SERVICE_METHODS as readonly string[]).includes(opts.method)) throw new AppError('validation', `Unknown service method ${opts.method}`, [{ field: 'method', message: 'Choose how it was served' }])
  if (!isIsoDate(opts.deliveredOn)) throw new AppError('validation', 'Enter the date the notice was served', [{ field: 'deliveredOn', message: 'Enter a real date' }])
  if (opts.dateInNotice != null && !isIsoDate(opts.dateInNotice)) throw new AppError('validation', 'The date in the notice must be a real date', [{ field: 'dateInNotice', message: 'Enter a real date' }])
  const ctx = await loadCaseContext(tx, opts.accountId, opts.deliveredOn)
  if (!ctx.pathway) throw new AppError('invalid_state', `No recovery pathway applies to account ${ctx.account.accountNumber}: ${ctx.pathwayError}`)
  const found = stageForAction(ctx, (s) => s.action.notice?.kind === opts.kind)
  if (!found) throw new AppError('validation', `"${ctx.pathway.name}" has no ${NOTICE_LABELS[opts.kind]} stage`, [{ field: 'kind', message: 'Choose a notice this pathway uses' }])
  const spec = found.stage.action.notice!

  const servedOn = deemedServiceDate(opts.method, opts.deliveredOn)
  let dates
  try {
    dates = noticeDates(spec, servedOn, opts.dateInNotice ?? undefined)
  } catch (e) {
    throw new AppError('validation', (e as Error).message, [{ field: 'dateInNotice', message: (e as Error).message }])
  }
  // An s128 notice does not lapse by statute, but proceedings must begin before the trial year ends (HA 1996 s127).
  let validUntil = dates.validUntil
  if (opts.kind === 's128_introductory' && validUntil === null && ctx.account.tenancyStartDate) {
    validUntil = addDays(addMonths(ctx.account.tenancyStartDate, 12), -1)
    if (validUntil < dates.expiresOn) throw new AppError('invalid_state', `The introductory trial period ends on ${validUntil}, before the notice's date ${dates.expiresOn}: proceedings could not begin in time`)
  }
  const served = opts.servedPartyIds?.length ? [...new Set(opts.servedPartyIds)] : ctx.account.partyIds
  const strangers = served.filter((p) => !ctx.account.partyIds.includes(p))
  if (strangers.length) throw new AppError('validation', 'Only the named tenants of the account can be served', [{ field: 'servedPartyIds', message: 'Choose named tenants' }])
  const allTenantsServed = ctx.account.partyIds.every((p) => served.includes(p))

  const action = await recordRecoveryAction(tx, {
    accountId: opts.accountId,
    stageId: found.stage.id,
    takenOn: servedOn,
    outcome: `${NOTICE_LABELS[opts.kind]} served (${opts.method.replaceAll('_', ' ')}${allTenantsServed ? ', on every named tenant' : ', NOT on every named tenant'})`,
    channel: opts.method === 'first_class_post' ? 'letter' : 'visit',
    documentRef: opts.documentRef ?? null,
    notes: opts.notes ?? null,
    checksConfirmed: opts.checksConfirmed ?? [],
    proportionalityNote: opts.proportionalityNote ?? null,
    equalityNote: opts.equalityNote ?? null,
    recommendationId: opts.recommendationId ?? null,
    actor: opts.actor,
  })
  const [balance] = await tx.query<{ b: number }>('select coalesce(sum(amount_pence), 0)::bigint as b from postings where account_id = $1 and effective_date <= $2', [opts.accountId, servedOn])
  const [row] = await tx.query<{ id: number }>(
    `insert into legal_notices (account_id, notice_kind, grounds, delivered_on, service_method, served_on, served_party_ids, all_tenants_served,
       earliest_date_in_notice, date_in_notice, valid_until, review_request_by, arrears_at_service_pence, document_ref, action_id, actor, user_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) returning id`,
    [
      opts.accountId,
      opts.kind,
      opts.grounds?.length ? [...opts.grounds] : [...(spec.grounds ?? [])],
      opts.deliveredOn,
      opts.method,
      servedOn,
      served,
      allTenantsServed,
      dates.earliestDateInNotice,
      dates.expiresOn,
      validUntil,
      dates.reviewRequestBy,
      balance!.b,
      opts.documentRef ?? null,
      action.actionId,
      opts.actor.label,
      opts.actor.userId,
    ],
  )
  await recordAuditEvent(tx, opts.actor, {
    action: 'notice.served',
    entityType: 'account',
    entityId: opts.accountId,
    after: { noticeId: row!.id, kind: opts.kind, servedOn, dateInNotice: dates.expiresOn, validUntil, servedPartyIds: served, allTenantsServed },
  })
  return {
    noticeId: row!.id,
    actionId: action.actionId,
    servedOn,
    dateInNotice: dates.expiresOn,
    validUntil,
    reviewRequestBy: dates.reviewRequestBy,
    allTenantsServed,
    inSequence: found.inSequence,
  }
}

/** The tenant asks for a review of an introductory tenancy notice (HA 1996 s129: within 14 days of service). */
export async function requestNoticeReview(tx: Queryable, opts: { noticeId: number; requestedOn: IsoDate; hearingRequested?: boolean; actor: Actor }): Promise<number> {
  const [n] = await tx.query<{ id: number; account_id: number; review_request_by: string | null; served_on: string }>(
    'select id, account_id, review_request_by, served_on from legal_notices where id = $1',
    [opts.noticeId],
  )
  if (!n) throw new AppError('not_found', `No notice ${opts.noticeId}`)
  if (!n.review_request_by) throw new AppError('invalid_state', 'This notice carries no right to a review')
  if (!isIsoDate(opts.requestedOn) || opts.requestedOn < n.served_on) throw new AppError('validation', 'Enter the date the review was asked for, on or after service', [{ field: 'requestedOn', message: 'Enter a real date on or after service' }])
  if (opts.requestedOn > n.review_request_by) throw new AppError('invalid_state', `A review had to be asked for by ${n.review_request_by}`)
  const [row] = await tx.query<{ id: number }>(
    `insert into notice_reviews (notice_id, requested_on, hearing_requested, actor, user_id) values ($1, $2, $3, $4, $5)
     on conflict (notice_id) do nothing returning id`,
    [n.id, opts.requestedOn, opts.hearingRequested ?? false, opts.actor.label, opts.actor.userId],
  )
  if (!row) throw new AppError('conflict', 'A review of this notice was already asked for')
  await recordAuditEvent(tx, opts.actor, { action: 'notice.review_requested', entityType: 'account', entityId: n.account_id, after: { noticeId: n.id, requestedOn: opts.requestedOn } })
  return row.id
}

/**
 * The review's decision, by someone not involved in the original decision (Introductory Tenants (Review)
 * Regulations 1997). Overturned: the notice is withdrawn and can no longer support a claim.
 */
export async function decideNoticeReview(tx: Queryable, opts: { noticeId: number; decidedOn: IsoDate; outcome: 'upheld' | 'overturned'; reviewer: string; note?: string | null; actor: Actor }): Promise<void> {
  const [r] = await tx.query<{ id: number; requested_on: string; outcome: string | null; notice_actor: string; account_id: number }>(
    `select r.id, r.requested_on, r.outcome, n.actor as notice_actor, n.account_id
     from notice_reviews r join legal_notices n on n.id = r.notice_id where r.notice_id = $1 for update of r`,
    [opts.noticeId],
  )
  if (!r) throw new AppError('not_found', `No review was asked for notice ${opts.noticeId}`)
  if (r.outcome) throw new AppError('invalid_state', `The review was already decided: ${r.outcome}`)
  if (!isIsoDate(opts.decidedOn) || opts.decidedOn < r.requested_on) throw new AppError('validation', 'Enter the decision date, on or after the request', [{ field: 'decidedOn', message: 'Enter a real date' }])
  if (opts.actor.label === r.notice_actor) throw new AppError('forbidden', 'The review must be decided by someone who was not involved in serving the notice')
  await tx.query(`update notice_reviews set decided_on = $2, outcome = $3, reviewer = $4, decision_note = $5 where id = $1`, [r.id, opts.decidedOn, opts.outcome, opts.reviewer, opts.note ?? null])
  if (opts.outcome === 'overturned') {
    await tx.query(`update legal_notices set withdrawn_on = $2, withdrawn_reason = 'The review overturned the decision to seek possession' where id = $1 and withdrawn_on is null`, [opts.noticeId, opts.decidedOn])
  }
  await recordAuditEvent(tx, opts.actor, { action: 'notice.review_decided', entityType: 'account', entityId: r.account_id, after: { noticeId: opts.noticeId, outcome: opts.outcome, reviewer: opts.reviewer } })
}

/** Withdraws a notice (served in error, superseded): it no longer supports a claim. */
export async function withdrawNotice(tx: Queryable, opts: { noticeId: number; withdrawnOn: IsoDate; reason: string; actor: Actor }): Promise<void> {
  const [n] = await tx.query<{ account_id: number; withdrawn_on: string | null }>('select account_id, withdrawn_on from legal_notices where id = $1 for update', [opts.noticeId])
  if (!n) throw new AppError('not_found', `No notice ${opts.noticeId}`)
  if (n.withdrawn_on) throw new AppError('invalid_state', `The notice was already withdrawn on ${n.withdrawn_on}`)
  if (!opts.reason.trim()) throw new AppError('validation', 'Enter why the notice is withdrawn', [{ field: 'reason', message: 'Enter a reason' }])
  await tx.query('update legal_notices set withdrawn_on = $2, withdrawn_reason = $3 where id = $1', [opts.noticeId, opts.withdrawnOn, opts.reason.trim()])
  await recordAuditEvent(tx, opts.actor, { action: 'notice.withdrawn', entityType: 'account', entityId: n.account_id, after: { noticeId: opts.noticeId, withdrawnOn: opts.withdrawnOn }, reason: opts.reason })
}
