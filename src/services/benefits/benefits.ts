/**
 * Benefits as stored: Housing Benefit and Universal Credit claims and DHP applications on an account. Each change
 * goes through the domain's state machine (a move it does not allow is refused with its message), is stored as the
 * current record plus an append-only event, re-evaluates the benefit-claim hold, and is audited — one transaction.
 *
 * The hold: `pendingClaimHold` over every claim and DHP of the account, with the council's policy
 * (`benefits.pending_claim_hold`). When it applies and no `benefit_claim_pending` hold is open on the account, one is
 * added (recovery's `addHold`, in the `holds` table of migration 0006); when it stops applying, the open hold is
 * ended the day before the change.
 */
import { z } from 'zod'
import type { Db, Queryable } from '../../db/client.ts'
import {
  applyForDhp as applyForDhpDomain,
  BenefitTransitionError,
  benefitPaymentSchedule,
  changeDhpApplication,
  changeHousingBenefitClaim as changeHbDomain,
  changeUniversalCreditClaim as changeUcDomain,
  missingBenefitPayments,
  openHousingBenefitClaim,
  openUniversalCreditClaim,
  pendingClaimHold,
  type BenefitRecord,
  type DhpApplication,
  type DhpChange,
  type DhpReason,
  type HbChange,
  type HousingBenefitClaim,
  type MissingBenefitPayment,
  type PendingClaimHoldResult,
  type ReceivedBenefitPayment,
  type UcChange,
  type UniversalCreditClaim,
} from '../../domain/benefits/index.ts'
import { addDays, isIsoDate, maxDate, type IsoDate } from '../../domain/calendar/index.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'
import { getPolicyValue } from '../policy/get-policy-value.ts'
import { addHold, endHold } from '../recovery/holds.ts'

const holdPolicySchema = z.object({ holdWhileHbSuspended: z.boolean(), holdWhileDhpApplied: z.boolean() })

/** Runs a domain move, turning its refusals into validation errors for the form. */
function domain<T>(fn: () => T, field = 'to'): T {
  try {
    return fn()
  } catch (e) {
    if (e instanceof BenefitTransitionError || e instanceof RangeError) throw new AppError('validation', e.message, [{ field, message: e.message }])
    throw e
  }
}

async function customerAccount(tx: Queryable, accountId: number): Promise<{ partyId: number | null }> {
  const [a] = await tx.query<{ party_id: number | null }>(
    `select (select min(party_id) from account_parties ap where ap.account_id = a.id) as party_id from accounts a where a.id = $1 and a.account_class = 'customer'`,
    [accountId],
  )
  if (!a) throw new AppError('not_found', `No customer account ${accountId}`)
  return { partyId: a.party_id }
}

/** Every benefit record of the account, as the domain sees them (ids are the table ids). */
export async function benefitRecords(db: Queryable, accountId: number): Promise<BenefitRecord[]> {
  const claims = await db.query<{ record: HousingBenefitClaim | UniversalCreditClaim }>('select record from benefit_claims where account_id = $1 order by id', [accountId])
  const dhps = await db.query<{ record: DhpApplication }>('select record from dhp_applications where account_id = $1 order by id', [accountId])
  return [...claims.map((c) => c.record), ...dhps.map((d) => d.record)]
}

/** Re-evaluates the benefit-claim hold on the account as at `on` (inside the caller's transaction). */
export async function syncBenefitHold(tx: Queryable, accountId: number, on: IsoDate, actor: Actor): Promise<PendingClaimHoldResult> {
  const policy = await getPolicyValue(tx, 'benefits.pending_claim_hold', on, holdPolicySchema)
  const result = pendingClaimHold(await benefitRecords(tx, accountId), on, policy)
  const [open] = await tx.query<{ id: number; starts_on: string }>(
    `select id, starts_on from holds where account_id = $1 and hold_type = 'benefit_claim_pending' and ended_on is null
       and (ends_on is null or ends_on >= $2) order by id desc limit 1`,
    [accountId, on],
  )
  if (result.applies && !open && result.hold) {
    await addHold(tx, { accountId, type: 'benefit_claim_pending', startsOn: result.hold.startsOn, reason: result.hold.reason.slice(0, 500), actor })
  } else if (!result.applies && open) {
    await endHold(tx, { holdId: open.id, endedOn: maxDate(addDays(on, -1), addDays(open.starts_on, -1)), reason: 'No benefit claim is pending any more', actor })
  }
  return result
}

export interface ClaimRecorded {
  claimId: number
  hold: PendingClaimHoldResult
}

/** Records a new HB or UC claim (pending / claim made) on the account. */
export async function recordBenefitClaim(
  db: Db,
  opts: { accountId: number; kind: 'housing_benefit' | 'universal_credit'; claimedOn: IsoDate; reference?: string | null; tenantCooperating?: boolean; actor: Actor },
): Promise<ClaimRecorded> {
  if (!isIsoDate(opts.claimedOn)) throw new AppError('validation', 'Enter the date of the claim as a real date', [{ field: 'claimedOn', message: 'Enter the date of the claim as a real date' }])
  return db.transaction(async (tx) => {
    const { partyId } = await customerAccount(tx, opts.accountId)
    const [{ id } = { id: 0 }] = await tx.query<{ id: number }>(`select nextval(pg_get_serial_sequence('benefit_claims', 'id'))::bigint as id`)
    const cooperating = opts.tenantCooperating ?? true
    const record =
      opts.kind === 'housing_benefit'
        ? domain(() => openHousingBenefitClaim({ id, claimedOn: opts.claimedOn, accountId: opts.accountId, tenantCooperating: cooperating }), 'claimedOn')
        : domain(() => openUniversalCreditClaim({ id, claimedOn: opts.claimedOn, accountId: opts.accountId, tenantCooperating: cooperating }), 'claimedOn')
    const state = record.kind === 'housing_benefit' ? record.state : record.claim.state
    await tx.query(
      `insert into benefit_claims (id, account_id, party_id, kind, claim_reference, claimed_on, state, state_since, tenant_cooperating, record, created_by, created_user_id)
       values ($1, $2, $3, $4, $5, $6, $7, $6, $8, $9, $10, $11)`,
      [id, opts.accountId, partyId, opts.kind, opts.reference?.trim() || null, opts.claimedOn, state, cooperating, JSON.stringify(record), opts.actor.label, opts.actor.userId],
    )
    await tx.query(
      `insert into benefit_claim_events (claim_id, track, from_state, to_state, occurred_on, change, note, actor, user_id) values ($1, 'claim', null, $2, $3, '{}', 'Claim made', $4, $5)`,
      [id, state, opts.claimedOn, opts.actor.label, opts.actor.userId],
    )
    await recordAuditEvent(tx, opts.actor, { action: 'benefit_claim.recorded', entityType: 'account', entityId: opts.accountId, after: { claimId: id, kind: opts.kind, claimedOn: opts.claimedOn, state } })
    const hold = await syncBenefitHold(tx, opts.accountId, opts.claimedOn, opts.actor)
    return { claimId: id, hold }
  })
}

export type BenefitClaimChange = { kind: 'housing_benefit'; change: HbChange } | { kind: 'universal_credit'; change: UcChange } | { kind: 'cooperation'; tenantCooperating: boolean; on: IsoDate }

/** Moves a claim (an HB decision, a UC track change, or the officer's record of cooperation). */
export async function changeBenefitClaim(db: Db, opts: { claimId: number; change: BenefitClaimChange; actor: Actor }): Promise<ClaimRecorded> {
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ id: number; account_id: number; kind: 'housing_benefit' | 'universal_credit'; record: HousingBenefitClaim | UniversalCreditClaim }>(
      'select id, account_id, kind, record from benefit_claims where id = $1 for update',
      [opts.claimId],
    )
    if (!row) throw new AppError('not_found', `No benefit claim ${opts.claimId}`)
    const c = opts.change
    let next: HousingBenefitClaim | UniversalCreditClaim
    let track: string
    let from: string
    let to: string
    let on: IsoDate
    if (c.kind === 'cooperation') {
      next = { ...row.record, tenantCooperating: c.tenantCooperating }
      track = 'cooperation'
      from = String(row.record.tenantCooperating)
      to = String(c.tenantCooperating)
      on = c.on
    } else if (c.kind === 'housing_benefit') {
      if (row.record.kind !== 'housing_benefit') throw new AppError('validation', 'This is not a Housing Benefit claim')
      const before = row.record
      next = domain(() => changeHbDomain(before, c.change))
      track = 'claim'
      from = before.state
      to = c.change.to
      on = c.change.on
    } else {
      if (row.record.kind !== 'universal_credit') throw new AppError('validation', 'This is not a Universal Credit claim')
      const before = row.record
      next = domain(() => changeUcDomain(before, c.change))
      track = c.change.track
      from = before[c.change.track].state
      to = c.change.to
      on = c.change.on
    }
    const state = next.kind === 'housing_benefit' ? next.state : next.claim.state
    const since = next.kind === 'housing_benefit' ? next.since : next.claim.since
    await tx.query('update benefit_claims set state = $2, state_since = $3, tenant_cooperating = $4, record = $5, updated_at = now() where id = $1', [
      row.id,
      state,
      since,
      next.tenantCooperating,
      JSON.stringify(next),
    ])
    const note = c.kind === 'cooperation' ? null : 'note' in c.change && typeof c.change.note === 'string' ? c.change.note : 'reason' in c.change ? c.change.reason : null
    await tx.query(
      `insert into benefit_claim_events (claim_id, track, from_state, to_state, occurred_on, change, note, actor, user_id) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [row.id, track, from, to, on, JSON.stringify(c), note, opts.actor.label, opts.actor.userId],
    )
    await recordAuditEvent(tx, opts.actor, { action: 'benefit_claim.changed', entityType: 'benefit_claim', entityId: row.id, before: { track, state: from }, after: { track, state: to, on } })
    const hold = await syncBenefitHold(tx, row.account_id, on, opts.actor)
    return { claimId: row.id, hold }
  })
}

/** A Discretionary Housing Payment application on the account. */
export async function applyForDhp(db: Db, opts: { accountId: number; appliedOn: IsoDate; reason: DhpReason; tenantCooperating?: boolean; actor: Actor }): Promise<ClaimRecorded> {
  return db.transaction(async (tx) => {
    const { partyId } = await customerAccount(tx, opts.accountId)
    const [{ id } = { id: 0 }] = await tx.query<{ id: number }>(`select nextval(pg_get_serial_sequence('dhp_applications', 'id'))::bigint as id`)
    const record = domain(() => applyForDhpDomain({ id, appliedOn: opts.appliedOn, reason: opts.reason, accountId: opts.accountId, tenantCooperating: opts.tenantCooperating ?? true }), 'reason')
    await tx.query(
      `insert into dhp_applications (id, account_id, party_id, applied_on, reason, state, state_since, tenant_cooperating, record, created_by, created_user_id)
       values ($1, $2, $3, $4, $5, 'applied', $4, $6, $7, $8, $9)`,
      [id, opts.accountId, partyId, opts.appliedOn, opts.reason, record.tenantCooperating, JSON.stringify(record), opts.actor.label, opts.actor.userId],
    )
    await tx.query(`insert into dhp_application_events (application_id, from_state, to_state, occurred_on, actor, user_id) values ($1, null, 'applied', $2, $3, $4)`, [
      id,
      opts.appliedOn,
      opts.actor.label,
      opts.actor.userId,
    ])
    await recordAuditEvent(tx, opts.actor, { action: 'dhp.applied', entityType: 'account', entityId: opts.accountId, after: { applicationId: id, reason: opts.reason, appliedOn: opts.appliedOn } })
    const hold = await syncBenefitHold(tx, opts.accountId, opts.appliedOn, opts.actor)
    return { claimId: id, hold }
  })
}

export async function changeDhp(db: Db, opts: { applicationId: number; change: DhpChange; actor: Actor }): Promise<ClaimRecorded> {
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ id: number; account_id: number; record: DhpApplication }>('select id, account_id, record from dhp_applications where id = $1 for update', [opts.applicationId])
    if (!row) throw new AppError('not_found', `No DHP application ${opts.applicationId}`)
    const next = domain(() => changeDhpApplication(row.record, opts.change))
    await tx.query('update dhp_applications set state = $2, state_since = $3, award_pence = $4, record = $5, updated_at = now() where id = $1', [
      row.id,
      next.state,
      next.since,
      next.award?.amountPence ?? null,
      JSON.stringify(next),
    ])
    await tx.query(`insert into dhp_application_events (application_id, from_state, to_state, occurred_on, change, actor, user_id) values ($1, $2, $3, $4, $5, $6, $7)`, [
      row.id,
      row.record.state,
      next.state,
      opts.change.on,
      JSON.stringify(opts.change),
      opts.actor.label,
      opts.actor.userId,
    ])
    await recordAuditEvent(tx, opts.actor, { action: 'dhp.changed', entityType: 'dhp_application', entityId: row.id, before: { state: row.record.state }, after: { state: next.state, on: opts.change.on } })
    const hold = await syncBenefitHold(tx, row.account_id, opts.change.on, opts.actor)
    return { claimId: row.id, hold }
  })
}

export interface BenefitsView {
  claims: { id: number; kind: string; reference: string | null; claimedOn: string; state: string; stateSince: string; tenantCooperating: boolean; record: HousingBenefitClaim | UniversalCreditClaim }[]
  dhps: { id: number; appliedOn: string; reason: string; state: string; stateSince: string; awardPence: number | null; award: DhpApplication['award']; refusalReason: string | null }[]
  events: { claimId: number; track: string; from: string | null; to: string; on: string; actor: string }[]
  hold: PendingClaimHoldResult
  /** Benefit payments expected and not received (after the grace days). */
  missing: MissingBenefitPayment[]
}

/** The account's claims, DHP applications, the hold position and missing benefit payments on `today`. */
export async function getAccountBenefits(db: Queryable, accountId: number, today: IsoDate): Promise<BenefitsView> {
  const claims = await db.query<{ id: number; kind: string; claim_reference: string | null; claimed_on: string; state: string; state_since: string; tenant_cooperating: boolean; record: HousingBenefitClaim | UniversalCreditClaim }>(
    'select id, kind, claim_reference, claimed_on, state, state_since, tenant_cooperating, record from benefit_claims where account_id = $1 order by claimed_on desc, id desc',
    [accountId],
  )
  const dhps = await db.query<{ id: number; applied_on: string; reason: string; state: string; state_since: string; award_pence: number | null; record: DhpApplication }>(
    'select id, applied_on, reason, state, state_since, award_pence, record from dhp_applications where account_id = $1 order by applied_on desc, id desc',
    [accountId],
  )
  const events = await db.query<{ claim_id: number; track: string; from_state: string | null; to_state: string; occurred_on: string; actor: string }>(
    `select e.claim_id, e.track, e.from_state, e.to_state, e.occurred_on, e.actor from benefit_claim_events e join benefit_claims c on c.id = e.claim_id
     where c.account_id = $1 order by e.occurred_on desc, e.id desc`,
    [accountId],
  )
  const policy = await getPolicyValue(db, 'benefits.pending_claim_hold', today, holdPolicySchema)
  const records = await benefitRecords(db, accountId)
  const received = await db.query<{ method: string; received_on: string; amount: number }>(
    `select p.method, p.received_on, sum(pa.amount_pence)::bigint as amount from payment_allocations pa join payments p on p.id = pa.payment_id
     where pa.account_id = $1 and p.method in ('housing_benefit', 'universal_credit') group by p.id, p.method, p.received_on order by p.received_on`,
    [accountId],
  )
  const receivedPayments: ReceivedBenefitPayment[] = received.map((r) => ({
    kind: r.method === 'housing_benefit' ? 'housing_benefit' : 'uc_managed_payment',
    receivedOn: r.received_on,
    amountPence: r.amount,
  }))
  const missing = missingBenefitPayments(benefitPaymentSchedule(records, today), receivedPayments, today)
  return {
    claims: claims.map((c) => ({ id: c.id, kind: c.kind, reference: c.claim_reference, claimedOn: c.claimed_on, state: c.state, stateSince: c.state_since, tenantCooperating: c.tenant_cooperating, record: c.record })),
    dhps: dhps.map((d) => ({
      id: d.id,
      appliedOn: d.applied_on,
      reason: d.reason,
      state: d.state,
      stateSince: d.state_since,
      awardPence: d.award_pence,
      award: d.record.award,
      refusalReason: d.record.refusalReason,
    })),
    events: events.map((e) => ({ claimId: e.claim_id, track: e.track, from: e.from_state, to: e.to_state, on: e.occurred_on, actor: e.actor })),
    hold: pendingClaimHold(records, today, policy),
    missing,
  }
}
