/**
 * Holds: periods in which recovery actions stop (DESIGN.md principle 5), recorded per account or per person. The
 * end is worked out by the domain (`holdEnd`: 60 days for a standard Breathing Space, treatment end + 30 days for a
 * mental health crisis one, a year for a Debt Relief Order) or given (the end date notified); holds end by
 * themselves on that day. An officer can end a hold early (once), or record the end of crisis treatment; both are
 * audited, and the row keeps what was first recorded (fill-once trigger).
 */
import type { Queryable } from '../../db/client.ts'
import { addDays, isIsoDate, type IsoDate } from '../../domain/calendar/dates.ts'
import { describeHold, HOLD_RULES, HOLD_TYPES, holdEnd, isHoldActive, type Hold, type HoldType } from '../../domain/recovery/index.ts'
import { AppError, type FieldProblem } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'

export interface AddHoldOptions {
  /** Exactly one of accountId (this debt) and partyId (every debt of the person). */
  accountId?: number | null
  partyId?: number | null
  type: HoldType
  startsOn: IsoDate
  /** The end date when known (e.g. the one in the Insolvency Service's notification). */
  endsOn?: IsoDate | null
  treatmentEndsOn?: IsoDate | null
  reason: string
  reference?: string | null
  actor: Actor
}

export interface HoldRecord {
  id: number
  scope: 'account' | 'party'
  accountId: number | null
  partyId: number | null
  partyName: string | null
  type: HoldType
  label: string
  startsOn: IsoDate
  /** The last day in force as recorded (null: open-ended); an early end is in endedOn. */
  endsOn: IsoDate | null
  treatmentEndsOn: IsoDate | null
  reason: string
  reference: string | null
  createdBy: string
  endedOn: IsoDate | null
  endReason: string | null
  endedBy: string | null
  /** The last day in force, all things considered (null: open-ended). */
  lastDay: IsoDate | null
  activeOn: boolean
  description: string
}

function check(problems: FieldProblem[], ok: boolean, field: string, message: string) {
  if (!ok) problems.push({ field, message })
}

/** As the domain sees it: an early end is the hold's explicit end. */
export function toDomainHold(h: { id: number; hold_type: string; starts_on: string; ends_on: string | null; ended_on: string | null; treatment_ends_on: string | null; reason: string }): Hold {
  const ends = [h.ends_on, h.ended_on].filter((d): d is string => d !== null).sort()[0] ?? null
  return { id: h.id, type: h.hold_type as HoldType, startsOn: h.starts_on, endsOn: ends, treatmentEndsOn: h.treatment_ends_on, reason: h.reason }
}

export async function addHold(tx: Queryable, opts: AddHoldOptions): Promise<{ id: number; endsOn: IsoDate | null }> {
  const problems: FieldProblem[] = []
  const accountId = opts.accountId ?? null
  const partyId = opts.partyId ?? null
  check(problems, (accountId === null) !== (partyId === null), 'scope', 'Say whether the hold is for this account or for every account of one person')
  check(problems, (HOLD_TYPES as readonly string[]).includes(opts.type), 'type', 'Choose the type of hold')
  check(problems, isIsoDate(opts.startsOn), 'startsOn', 'Enter the start date as a real date')
  check(problems, opts.endsOn == null || (isIsoDate(opts.endsOn) && opts.endsOn >= opts.startsOn), 'endsOn', 'The end date must be a real date on or after the start')
  check(problems, opts.treatmentEndsOn == null || opts.type === 'breathing_space_mental_health', 'treatmentEndsOn', 'A treatment end date is only for a mental health crisis Breathing Space')
  check(problems, opts.treatmentEndsOn == null || (isIsoDate(opts.treatmentEndsOn) && opts.treatmentEndsOn >= opts.startsOn), 'treatmentEndsOn', 'The treatment end must be a real date on or after the start')
  check(problems, opts.reason.trim().length > 0 && opts.reason.length <= 500, 'reason', 'Enter the reason for the hold (500 characters or fewer)')
  if (problems.length) throw new AppError('validation', problems.map((p) => p.message).join('. '), problems)

  if (accountId !== null) {
    const [a] = await tx.query(`select 1 from accounts where id = $1 and account_class = 'customer'`, [accountId])
    if (!a) throw new AppError('not_found', `No customer account ${accountId}`)
  } else {
    const [p] = await tx.query('select 1 from parties where id = $1', [partyId])
    if (!p) throw new AppError('not_found', `No party ${partyId}`)
  }
  const hold: Hold = { type: opts.type, startsOn: opts.startsOn, endsOn: opts.endsOn ?? null, treatmentEndsOn: opts.treatmentEndsOn ?? null, reason: opts.reason.trim() }
  const endsOn = holdEnd(hold)
  const [row] = await tx.query<{ id: number }>(
    `insert into holds (account_id, party_id, hold_type, starts_on, ends_on, treatment_ends_on, reason, reference, created_by, created_user_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning id`,
    [accountId, partyId, opts.type, opts.startsOn, endsOn, opts.treatmentEndsOn ?? null, hold.reason, opts.reference?.trim() || null, opts.actor.label, opts.actor.userId],
  )
  await recordAuditEvent(tx, opts.actor, {
    action: 'hold.added',
    entityType: accountId !== null ? 'account' : 'party',
    entityId: accountId ?? partyId!,
    after: { holdId: row!.id, type: opts.type, startsOn: opts.startsOn, endsOn, treatmentEndsOn: opts.treatmentEndsOn ?? null, reference: opts.reference ?? null },
    reason: hold.reason,
  })
  return { id: row!.id, endsOn }
}

async function lockHold(tx: Queryable, holdId: number) {
  const [h] = await tx.query<{ id: number; hold_type: string; starts_on: string; ends_on: string | null; ended_on: string | null; treatment_ends_on: string | null; reason: string; account_id: number | null; party_id: number | null }>(
    'select id, hold_type, starts_on, ends_on, ended_on, treatment_ends_on, reason, account_id, party_id from holds where id = $1 for update',
    [holdId],
  )
  if (!h) throw new AppError('not_found', `No hold ${holdId}`)
  return h
}

/** Ends a hold early: `endedOn` is its last day in force (the day before a dispute was decided, say). */
export async function endHold(tx: Queryable, opts: { holdId: number; endedOn: IsoDate; reason: string; actor: Actor }): Promise<void> {
  const h = await lockHold(tx, opts.holdId)
  if (h.ended_on) throw new AppError('invalid_state', `Hold ${h.id} was already ended on ${h.ended_on}`)
  const problems: FieldProblem[] = []
  check(problems, isIsoDate(opts.endedOn), 'endedOn', 'Enter the last day of the hold as a real date')
  check(problems, !isIsoDate(opts.endedOn) || opts.endedOn >= addDays(h.starts_on, -1), 'endedOn', `The hold started on ${h.starts_on}: its last day cannot be earlier than the day before`)
  check(problems, !h.ends_on || !isIsoDate(opts.endedOn) || opts.endedOn <= h.ends_on, 'endedOn', `The hold already ends on ${h.ends_on}`)
  check(problems, opts.reason.trim().length > 0, 'endReason', 'Enter why the hold is ending')
  if (problems.length) throw new AppError('validation', problems.map((p) => p.message).join('. '), problems)
  await tx.query(`update holds set ended_on = $2, end_reason = $3, ended_by = $4, ended_user_id = $5, ended_at = now() where id = $1`, [
    h.id,
    opts.endedOn,
    opts.reason.trim(),
    opts.actor.label,
    opts.actor.userId,
  ])
  await recordAuditEvent(tx, opts.actor, {
    action: 'hold.ended',
    entityType: 'hold',
    entityId: h.id,
    before: { endsOn: h.ends_on, endedOn: null },
    after: { endedOn: opts.endedOn },
    reason: opts.reason.trim(),
  })
}

/** A mental health crisis Breathing Space: the crisis treatment has ended; the hold lasts 30 days more. */
export async function recordTreatmentEnd(tx: Queryable, opts: { holdId: number; treatmentEndsOn: IsoDate; actor: Actor }): Promise<{ endsOn: IsoDate | null }> {
  const h = await lockHold(tx, opts.holdId)
  if (h.hold_type !== 'breathing_space_mental_health') throw new AppError('invalid_state', 'Only a mental health crisis Breathing Space has a treatment end')
  if (h.treatment_ends_on) throw new AppError('invalid_state', `The treatment end was already recorded as ${h.treatment_ends_on}`)
  if (!isIsoDate(opts.treatmentEndsOn) || opts.treatmentEndsOn < h.starts_on) {
    throw new AppError('validation', 'Enter the treatment end as a real date on or after the start', [{ field: 'treatmentEndsOn', message: 'Enter a real date on or after the start' }])
  }
  const endsOn = holdEnd({ type: 'breathing_space_mental_health', startsOn: h.starts_on, endsOn: h.ends_on, treatmentEndsOn: opts.treatmentEndsOn, reason: h.reason })
  await tx.query('update holds set treatment_ends_on = $2, ends_on = coalesce(ends_on, $3) where id = $1', [h.id, opts.treatmentEndsOn, endsOn])
  await recordAuditEvent(tx, opts.actor, { action: 'hold.treatment_ended', entityType: 'hold', entityId: h.id, after: { treatmentEndsOn: opts.treatmentEndsOn, endsOn } })
  return { endsOn }
}

/** Every hold covering an account (its own, and its people's), newest first, with its state on `onDate`. */
export async function listAccountHolds(db: Queryable, accountId: number, onDate: IsoDate): Promise<HoldRecord[]> {
  const rows = await db.query<{
    id: number
    account_id: number | null
    party_id: number | null
    party_name: string | null
    hold_type: string
    starts_on: string
    ends_on: string | null
    treatment_ends_on: string | null
    reason: string
    reference: string | null
    created_by: string
    ended_on: string | null
    end_reason: string | null
    ended_by: string | null
  }>(
    `select h.id, h.account_id, h.party_id,
       case when p.id is null then null else coalesce(p.organisation_name, concat_ws(' ', p.title, p.forename, p.surname)) end as party_name,
       h.hold_type, h.starts_on, h.ends_on, h.treatment_ends_on, h.reason, h.reference, h.created_by, h.ended_on, h.end_reason, h.ended_by
     from holds h
     left join parties p on p.id = h.party_id
     where h.account_id = $1 or h.party_id in (select party_id from account_parties where account_id = $1)
     order by h.starts_on desc, h.id desc`,
    [accountId],
  )
  return rows.map((r) => {
    const domain = toDomainHold(r)
    return {
      id: r.id,
      scope: r.account_id !== null ? 'account' : 'party',
      accountId: r.account_id,
      partyId: r.party_id,
      partyName: r.party_name,
      type: r.hold_type as HoldType,
      label: HOLD_RULES[r.hold_type as HoldType].label,
      startsOn: r.starts_on,
      endsOn: r.ends_on,
      treatmentEndsOn: r.treatment_ends_on,
      reason: r.reason,
      reference: r.reference,
      createdBy: r.created_by,
      endedOn: r.ended_on,
      endReason: r.end_reason,
      endedBy: r.ended_by,
      lastDay: holdEnd(domain),
      activeOn: isHoldActive(domain, onDate),
      description: describeHold(domain),
    }
  })
}
