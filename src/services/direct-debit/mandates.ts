/**
 * The mandate record and the state changes every Direct Debit operation shares: each change bumps the mandate's
 * version and appends a dd_mandate_events row (bank details masked), in the caller's transaction.
 */
import type { Queryable } from '../../db/client.ts'
import type { CollectionFrequency, CollectionPattern } from '../../domain/direct-debit/schedule.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { maskAccountNumber } from './dd-settings.ts'

export type MandateStatus = 'pending_lodgement' | 'lodged' | 'active' | 'suspended' | 'cancelled' | 'failed'
/** Statuses in which a mandate belongs to its account (one at a time). */
export const LIVE_STATUSES: readonly MandateStatus[] = ['pending_lodgement', 'lodged', 'active', 'suspended']
/** Statuses in which collections are planned (a suspended mandate has none until it is resumed). */
export const COLLECTING_STATUSES: readonly MandateStatus[] = ['pending_lodgement', 'lodged', 'active']

export interface Mandate {
  id: number
  account_id: number
  ddi_reference: string
  payer_name: string
  account_name: string
  sort_code: string
  account_number: string
  source: 'paper' | 'paperless'
  lodgement: 'new' | 'conversion'
  status: MandateStatus
  frequency: CollectionFrequency
  day_of_month: number | null
  weekday: number | null
  notice_working_days: number
  instalment_pence: number
  benefit_weekly_pence: number
  set_up_on: string
  lodged_on: string | null
  lodgement_instruction_id: number | null
  final_collection_on: string | null
  cancelled_on: string | null
  cancel_reason: string | null
  version: number
}

export const MANDATE_COLUMNS = `m.id, m.account_id, m.ddi_reference, m.payer_name, m.account_name, m.sort_code, m.account_number, m.source,
  m.lodgement, m.status, m.frequency, m.day_of_month, m.weekday, m.notice_working_days, m.instalment_pence, m.benefit_weekly_pence,
  m.set_up_on, m.lodged_on, m.lodgement_instruction_id, m.final_collection_on, m.cancelled_on, m.cancel_reason, m.version`

export function patternOf(m: Pick<Mandate, 'frequency' | 'day_of_month' | 'weekday'>): CollectionPattern {
  return m.frequency === 'monthly' ? { frequency: m.frequency, dayOfMonth: m.day_of_month! } : { frequency: m.frequency, weekday: m.weekday! }
}

/** The customer account an officer names (account number or payment reference). */
export async function findCustomerAccount(db: Queryable, key: string): Promise<{ id: number; account_number: string; payment_reference: string; status: string; name: string }> {
  const [a] = await db.query<{ id: number; account_number: string; payment_reference: string; status: string; name: string }>(
    `select id, account_number, payment_reference, status, name from accounts
     where (account_number = $1 or payment_reference = $1) and account_class = 'customer'`,
    [key.trim().toUpperCase()],
  )
  if (!a) throw new AppError('not_found', `No customer account ${key}`)
  return a
}

/** The account's live mandate (locked for the change), or a clear error. */
export async function liveMandateOf(tx: Queryable, accountId: number, accountLabel: string): Promise<Mandate> {
  const [m] = await tx.query<Mandate>(
    `select ${MANDATE_COLUMNS} from dd_mandates m where m.account_id = $1 and m.status = any($2::text[]) for update`,
    [accountId, LIVE_STATUSES],
  )
  if (!m) throw new AppError('not_found', `Account ${accountLabel} has no Direct Debit in place`)
  return m
}

export async function mandatesByReference(tx: Queryable, references: readonly string[]): Promise<Map<string, Mandate>> {
  const rows = await tx.query<Mandate>(`select ${MANDATE_COLUMNS} from dd_mandates m where m.ddi_reference = any($1::text[]) for update`, [
    [...new Set(references)],
  ])
  return new Map(rows.map((r) => [r.ddi_reference, r]))
}

export type MandateEvent =
  | 'created'
  | 'lodged'
  | 'activated'
  | 'amended'
  | 'bank_details_changed'
  | 'suspended'
  | 'resumed'
  | 'cancelled'
  | 'failed'
  | 'reinstated'
  | 'final_collection_set'

export interface EventContext {
  occurredOn: string
  /** What caused it: `cli`, `web`, `bacs_report:12`, `dd_run:2027-01-04`… */
  source: string
  actor: Actor
}

type MandateChange = Partial<
  Pick<
    Mandate,
    | 'payer_name'
    | 'account_name'
    | 'sort_code'
    | 'account_number'
    | 'status'
    | 'frequency'
    | 'day_of_month'
    | 'weekday'
    | 'notice_working_days'
    | 'instalment_pence'
    | 'benefit_weekly_pence'
    | 'lodged_on'
    | 'lodgement_instruction_id'
    | 'final_collection_on'
    | 'cancelled_on'
    | 'cancel_reason'
  >
>

/** What an event records of a change: bank details masked, everything else as is. */
function describeChange(before: Mandate, change: MandateChange): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(change)) {
    const was = before[k as keyof Mandate]
    if (was === v) continue
    if (k === 'account_number') {
      out[k] = { from: maskAccountNumber(String(was)), to: maskAccountNumber(String(v)) }
    } else {
      out[k] = { from: was, to: v }
    }
  }
  return out
}

/** Applies a change to a mandate, bumps its version and appends the event. Returns the mandate as it now is. */
export async function changeMandate(
  tx: Queryable,
  mandate: Mandate,
  change: MandateChange,
  event: MandateEvent,
  ctx: EventContext,
  extra: Record<string, unknown> = {},
): Promise<Mandate> {
  const entries = Object.entries(change).filter(([, v]) => v !== undefined)
  const sets = entries.map(([k], i) => `${k} = $${i + 2}`)
  const [updated] = await tx.query<Mandate>(
    `update dd_mandates m set ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')} where m.id = $1 returning ${MANDATE_COLUMNS}`,
    [mandate.id, ...entries.map(([, v]) => v)],
  )
  await appendMandateEvents(tx, [{ mandate: updated!, event, details: { ...describeChange(mandate, change), ...extra } }], ctx)
  return updated!
}

export async function appendMandateEvents(
  tx: Queryable,
  events: readonly { mandate: Pick<Mandate, 'id' | 'version' | 'status'>; event: MandateEvent; details: Record<string, unknown> }[],
  ctx: EventContext,
): Promise<void> {
  if (events.length === 0) return
  await tx.query(
    `insert into dd_mandate_events (mandate_id, version, event, occurred_on, status, details, source, actor, user_id)
     select u.mandate_id, u.version, u.event, $1, u.status, u.details, $2, $3, $4
     from unnest($5::int[], $6::int[], $7::text[], $8::text[], $9::jsonb[]) as u(mandate_id, version, event, status, details)`,
    [
      ctx.occurredOn,
      ctx.source,
      ctx.actor.label,
      ctx.actor.userId,
      events.map((e) => e.mandate.id),
      events.map((e) => e.mandate.version),
      events.map((e) => e.event),
      events.map((e) => e.mandate.status),
      events.map((e) => JSON.stringify(e.details)),
    ],
  )
}

/** Cancels a mandate's planned collections (all, or those on or after a date; regular ones only if asked). */
export async function cancelPlannedCollections(
  tx: Queryable,
  mandateId: number,
  reason: string,
  opts: { from?: string; before?: string; regularOnly?: boolean } = {},
): Promise<number> {
  const rows = await tx.query<{ id: number }>(
    `update dd_collections set status = 'cancelled', cancel_reason = $2, updated_at = now()
     where mandate_id = $1 and status = 'planned'
       and ($3::date is null or collection_date >= $3) and ($4::date is null or collection_date < $4)
       and (not $5 or represented_from_id is null)
     returning id`,
    [mandateId, reason, opts.from ?? null, opts.before ?? null, opts.regularOnly ?? false],
  )
  return rows.length
}

/** Queues an AUDDIS instruction carrying the mandate's current details (or the details given: a 0C names the old account). */
export async function queueInstruction(
  tx: Queryable,
  mandate: Pick<Mandate, 'id' | 'ddi_reference' | 'sort_code' | 'account_number' | 'account_name'>,
  code: '0N' | '0C' | '0S',
  requestedOn: string,
): Promise<number> {
  const [row] = await tx.query<{ id: number }>(
    `insert into dd_instructions (mandate_id, code, ddi_reference, sort_code, account_number, account_name, requested_on)
     values ($1, $2, $3, $4, $5, $6, $7) returning id`,
    [mandate.id, code, mandate.ddi_reference, mandate.sort_code, mandate.account_number, mandate.account_name, requestedOn],
  )
  return row!.id
}

/** Withdraws instructions not yet sent (e.g. the 0N of a mandate cancelled before it was lodged). */
export async function withdrawPendingInstructions(tx: Queryable, mandateId: number, codes: readonly string[]): Promise<number> {
  const rows = await tx.query<{ id: number }>(
    `update dd_instructions set status = 'withdrawn' where mandate_id = $1 and status = 'pending' and code = any($2::text[]) returning id`,
    [mandateId, codes],
  )
  return rows.length
}

export interface StopMandateOptions extends EventContext {
  status: 'cancelled' | 'suspended' | 'failed'
  reason: string
  /**
   * Send a 0C to the payer's bank. Only when the council ends an instruction the bank still holds: never after an
   * ADDACS or ARUDD cancellation (the bank has already cancelled it) or for one never lodged.
   */
  sendCancel: boolean
}

/**
 * Stops collecting on a mandate: every planned collection cancelled, an unsent lodgement withdrawn, a 0C queued if
 * asked and the instruction was lodged, and the status changed with its event.
 */
export async function stopMandate(tx: Queryable, mandate: Mandate, opts: StopMandateOptions): Promise<{ mandate: Mandate; collectionsCancelled: number; cancelInstructionId: number | null }> {
  const collectionsCancelled = await cancelPlannedCollections(tx, mandate.id, `Mandate ${opts.status}: ${opts.reason}`)
  // A zero schedule from today, so nothing the earlier schedules would plan is planned again if the mandate is
  // resumed or reinstated: collecting starts again only under a new schedule with its own advance notice.
  await tx.query(
    `insert into dd_schedules (mandate_id, frequency, day_of_month, weekday, anchor, starts_on, weekly_charge_pence, benefit_weekly_pence,
       charge_pence, instalment_pence, amount_pence, notice_id, reason)
     select mandate_id, frequency, day_of_month, weekday, anchor, $2, 0, 0, 0, 0, 0, null, 'stopped'
     from dd_schedules where mandate_id = $1 order by id desc limit 1`,
    [mandate.id, opts.occurredOn],
  )
  let cancelInstructionId: number | null = null
  if (opts.status !== 'suspended') {
    const withdrawn = await withdrawPendingInstructions(tx, mandate.id, ['0N', '0S'])
    const lodgedAtBank = mandate.lodgement_instruction_id !== null && withdrawn === 0
    if (opts.sendCancel && lodgedAtBank) cancelInstructionId = await queueInstruction(tx, mandate, '0C', opts.occurredOn)
  }
  const updated = await changeMandate(
    tx,
    mandate,
    opts.status === 'cancelled' ? { status: 'cancelled', cancelled_on: opts.occurredOn, cancel_reason: opts.reason } : { status: opts.status },
    opts.status === 'cancelled' ? 'cancelled' : opts.status,
    opts,
    { reason: opts.reason, collectionsCancelled, ...(cancelInstructionId ? { instruction: '0C' } : {}) },
  )
  return { mandate: updated, collectionsCancelled, cancelInstructionId }
}
