/**
 * Everything about one account's recovery, for the account's recovery page and `reeve recovery show`: the pathway
 * and stage, the stages that may come next (with their checks), the latest recommendation with its reason and
 * priority, holds, notices, the Pre-Action Protocol checklist, court records and the case history.
 */
import type { Queryable } from '../../db/client.ts'
import type { IsoDate } from '../../domain/calendar/dates.ts'
import { isLegalAction, type Check, type Role } from '../../domain/recovery/index.ts'
import { getAccountSummary, type AccountSummary } from '../statements/get-account-statement.ts'
import { AppError } from '../../errors.ts'
import { loadCaseContext } from './case-context.ts'
import { listAccountHolds, type HoldRecord } from './holds.ts'
import { NOTICE_LABELS } from './notices.ts'
import { PAP_ITEM_LABELS, papStatus, readPapChecklist, type PapStatus, type PapChecklistState } from './pap.ts'
import type { PriorityFactor } from './priority.ts'

export interface StageOption {
  id: string
  name: string
  actionType: string
  checks: readonly Check[]
  authorisedBy: readonly Role[]
  legal: boolean
  noticeKind: string | null
}

export interface RecoveryView {
  account: AccountSummary
  today: IsoDate
  pathway: { id: string; version: string; name: string } | null
  pathwayError: string | null
  stage: { id: string; name: string; enteredOn: IsoDate | null } | null
  candidates: StageOption[]
  noticeKinds: { kind: string; label: string }[]
  recommendation: {
    runDate: IsoDate
    kind: string
    stage: string | null
    actionType: string | null
    reason: string
    requiredChecks: string[]
    cautions: string[]
    blockedBy: string[]
    arrearsPence: number
    arrearsWeeksHundredths: number | null
    trend: string
    priority: number
    priorityFactors: PriorityFactor[]
    applied: boolean
  } | null
  holds: HoldRecord[]
  notices: {
    id: number
    kind: string
    label: string
    grounds: string[]
    servedOn: IsoDate
    method: string
    allTenantsServed: boolean
    dateInNotice: IsoDate
    validUntil: IsoDate | null
    reviewRequestBy: IsoDate | null
    withdrawnOn: IsoDate | null
    inForce: boolean
    review: { requestedOn: IsoDate; decidedOn: IsoDate | null; outcome: string | null } | null
  }[]
  pap: { state: PapChecklistState; status: PapStatus; items: { item: string; label: string; doneOn: IsoDate | null }[]; minContactAttempts: number }
  claims: {
    id: number
    claimType: string
    court: string
    claimNumber: string | null
    issuedOn: IsoDate
    feePence: number
    hearings: { id: number; hearingOn: IsoDate; outcome: string | null }[]
  }[]
  orders: { id: number; orderType: string; madeOn: IsoDate; possessionOn: IsoDate | null; termsWeeklyPence: number | null; termsStartOn: IsoDate | null; dischargedOn: IsoDate | null }[]
  warrants: { id: number; orderId: number; appliedOn: IsoDate; warrantNumber: string | null; expiresOn: IsoDate }[]
  evictions: { id: number; warrantId: number; scheduledOn: IsoDate; outcome: string | null; outcomeOn: IsoDate | null }[]
  history: { enteredOn: IsoDate; fromStage: string | null; toStage: string | null; reason: string; actor: string }[]
  actions: { takenOn: IsoDate; actionType: string; stage: string | null; outcome: string; actor: string; contactMade: boolean }[]
}

export async function getRecoveryView(db: Queryable, accountKey: string | number, today: IsoDate): Promise<RecoveryView> {
  const account = await getAccountSummary(db, accountKey)
  if (account.paymentReference === null) throw new AppError('not_found', `No account ${accountKey}`)
  const ctx = await loadCaseContext(db, account.id, today)
  const id = account.id
  const [rec] = await db.query<{
    run_date: string
    kind: string
    stage: string | null
    action_type: string | null
    reason: string
    required_checks: string[]
    cautions: string[]
    blocked_by: string[]
    arrears_pence: number
    arrears_weeks_hundredths: number | null
    trend: string
    priority: number
    priority_factors: PriorityFactor[]
    applied: boolean
  }>(
    `select t.run_date, r.kind, r.stage, r.action_type, r.reason, r.required_checks, r.cautions, r.blocked_by, r.arrears_pence,
       r.arrears_weeks_hundredths, r.trend, r.priority, r.priority_factors, r.applied
     from (select id, run_date from trawl_runs where status = 'completed' order by run_date desc) t
     cross join lateral (select * from recommendations x where x.run_id = t.id and x.account_id = $1) r
     limit 1`,
    [id],
  )
  const notices = await db.query<{
    id: number
    notice_kind: string
    grounds: string[]
    served_on: string
    service_method: string
    all_tenants_served: boolean
    date_in_notice: string
    valid_until: string | null
    review_request_by: string | null
    withdrawn_on: string | null
    requested_on: string | null
    decided_on: string | null
    outcome: string | null
  }>(
    `select n.id, n.notice_kind, n.grounds, n.served_on, n.service_method, n.all_tenants_served, n.date_in_notice, n.valid_until,
       n.review_request_by, n.withdrawn_on, r.requested_on, r.decided_on, r.outcome
     from legal_notices n left join notice_reviews r on r.notice_id = n.id
     where n.account_id = $1 order by n.served_on desc, n.id desc`,
    [id],
  )
  const claims = await db.query<{ id: number; claim_type: string; court: string; claim_number: string | null; issued_on: string; fee_pence: number; hearings: { id: number; hearingOn: string; outcome: string | null }[] }>(
    `select c.id, c.claim_type, c.court, c.claim_number, c.issued_on, c.fee_pence,
       coalesce((select jsonb_agg(jsonb_build_object('id', h.id, 'hearingOn', h.hearing_on, 'outcome', h.outcome) order by h.hearing_on, h.id)
         from court_hearings h where h.claim_id = c.id), '[]') as hearings
     from court_claims c where c.account_id = $1 order by c.issued_on desc, c.id desc`,
    [id],
  )
  const orders = await db.query<{ id: number; order_type: string; made_on: string; possession_on: string | null; terms_weekly_pence: number | null; terms_start_on: string | null; discharged_on: string | null }>(
    'select id, order_type, made_on, possession_on, terms_weekly_pence, terms_start_on, discharged_on from court_orders where account_id = $1 order by made_on desc, id desc',
    [id],
  )
  const warrants = await db.query<{ id: number; order_id: number; applied_on: string; warrant_number: string | null; expires_on: string }>(
    'select id, order_id, applied_on, warrant_number, expires_on from warrants where account_id = $1 order by applied_on desc, id desc',
    [id],
  )
  const evictions = await db.query<{ id: number; warrant_id: number; scheduled_on: string; outcome: string | null; outcome_on: string | null }>(
    'select id, warrant_id, scheduled_on, outcome, outcome_on from evictions where account_id = $1 order by scheduled_on desc, id desc',
    [id],
  )
  const history = await db.query<{ entered_on: string; from_stage: string | null; to_stage: string | null; reason: string; actor: string }>(
    'select entered_on, from_stage, to_stage, reason, actor from recovery_stage_history where account_id = $1 order by id desc limit 50',
    [id],
  )
  const actions = await db.query<{ taken_on: string; action_type: string; stage: string | null; outcome: string; actor: string; contact_made: boolean }>(
    'select taken_on, action_type, stage, outcome, actor, contact_made from recovery_actions where account_id = $1 order by taken_on desc, id desc limit 50',
    [id],
  )
  const papState = await readPapChecklist(db, id, today)
  const stageName = (s: string | null) => (s ? (ctx.pathway?.stages.find((x) => x.id === s)?.name ?? s) : null)
  const noticeKinds = [...new Set(ctx.pathway?.stages.flatMap((s) => (s.action.notice ? [s.action.notice.kind] : [])) ?? [])]
  return {
    account,
    today,
    pathway: ctx.pathway ? { id: ctx.pathway.id, version: ctx.pathway.version, name: ctx.pathway.name } : null,
    pathwayError: ctx.pathwayError,
    stage: ctx.currentStage ? { id: ctx.currentStage.id, name: ctx.currentStage.name, enteredOn: ctx.case?.stageEnteredOn ?? null } : null,
    candidates: ctx.candidates.map((s) => ({
      id: s.id,
      name: s.name,
      actionType: s.action.type,
      checks: s.checks,
      authorisedBy: s.authorisedBy,
      legal: isLegalAction(s.action.type),
      noticeKind: s.action.notice?.kind ?? null,
    })),
    noticeKinds: noticeKinds.map((k) => ({ kind: k, label: NOTICE_LABELS[k] })),
    recommendation: rec
      ? {
          runDate: rec.run_date,
          kind: rec.kind,
          stage: stageName(rec.stage),
          actionType: rec.action_type,
          reason: rec.reason,
          requiredChecks: rec.required_checks,
          cautions: rec.cautions,
          blockedBy: rec.blocked_by,
          arrearsPence: rec.arrears_pence,
          arrearsWeeksHundredths: rec.arrears_weeks_hundredths,
          trend: rec.trend,
          priority: rec.priority,
          priorityFactors: rec.priority_factors,
          applied: rec.applied,
        }
      : null,
    holds: await listAccountHolds(db, id, today),
    notices: notices.map((n) => ({
      id: n.id,
      kind: n.notice_kind,
      label: NOTICE_LABELS[n.notice_kind as keyof typeof NOTICE_LABELS] ?? n.notice_kind,
      grounds: n.grounds,
      servedOn: n.served_on,
      method: n.service_method,
      allTenantsServed: n.all_tenants_served,
      dateInNotice: n.date_in_notice,
      validUntil: n.valid_until,
      reviewRequestBy: n.review_request_by,
      withdrawnOn: n.withdrawn_on,
      inForce: n.withdrawn_on === null && (n.valid_until === null || today <= n.valid_until),
      review: n.requested_on ? { requestedOn: n.requested_on, decidedOn: n.decided_on, outcome: n.outcome } : null,
    })),
    pap: {
      state: papState,
      status: papStatus(papState, ctx.settings.minContactAttempts),
      minContactAttempts: ctx.settings.minContactAttempts,
      items: Object.entries(papState.done).map(([item, doneOn]) => ({ item, label: PAP_ITEM_LABELS[item as keyof typeof PAP_ITEM_LABELS], doneOn })),
    },
    claims: claims.map((c) => ({ id: c.id, claimType: c.claim_type, court: c.court, claimNumber: c.claim_number, issuedOn: c.issued_on, feePence: c.fee_pence, hearings: c.hearings })),
    orders: orders.map((o) => ({ id: o.id, orderType: o.order_type, madeOn: o.made_on, possessionOn: o.possession_on, termsWeeklyPence: o.terms_weekly_pence, termsStartOn: o.terms_start_on, dischargedOn: o.discharged_on })),
    warrants: warrants.map((w) => ({ id: w.id, orderId: w.order_id, appliedOn: w.applied_on, warrantNumber: w.warrant_number, expiresOn: w.expires_on })),
    evictions: evictions.map((e) => ({ id: e.id, warrantId: e.warrant_id, scheduledOn: e.scheduled_on, outcome: e.outcome, outcomeOn: e.outcome_on })),
    history: history.map((h) => ({ enteredOn: h.entered_on, fromStage: stageName(h.from_stage), toStage: stageName(h.to_stage), reason: h.reason, actor: h.actor })),
    actions: actions.map((a) => ({ takenOn: a.taken_on, actionType: a.action_type, stage: stageName(a.stage), outcome: a.outcome, actor: a.actor, contactMade: a.contact_made })),
  }
}
