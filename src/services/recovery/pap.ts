/**
 * The Pre-Action Protocol for Possession Claims by Social Landlords checklist (DOMAIN.md §1.1): what must be done
 * and recorded before a possession claim is recommended. Entries are recorded one item at a time
 * (`pap_checklists`, append-only); the checklist counts entries made since the case last started, plus contact
 * attempts recorded as recovery actions (SMS, letters, calls, visits).
 */
import type { Queryable } from '../../db/client.ts'
import { isIsoDate } from '../../domain/calendar/dates.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'

export const PAP_ITEMS = ['contact_attempt', 'rent_statement_sent', 'benefits_checked', 'arrangement_offered', 'vulnerability_recorded', 'equality_impact_recorded'] as const
export type PapItem = (typeof PAP_ITEMS)[number]

export const PAP_ITEM_LABELS: Record<PapItem, string> = {
  contact_attempt: 'Contact attempted',
  rent_statement_sent: 'Rent statement sent',
  benefits_checked: 'Benefits checked and help offered with any HB/UC claim',
  arrangement_offered: 'Affordable arrangement offered',
  vulnerability_recorded: 'Vulnerability and capacity considered and recorded',
  equality_impact_recorded: 'Equality Act 2010 impact recorded',
}

/** The contact types that count as contact attempts under the protocol. */
export const CONTACT_ACTIONS = ['sms', 'letter', 'call', 'visit'] as const

export interface PapChecklistState {
  /** The latest date each item was done (null: not done this cycle). */
  done: Record<Exclude<PapItem, 'contact_attempt'>, string | null>
  contactAttempts: number
}

export interface PapStatus {
  complete: boolean
  missing: string[]
}

/** Pure: is the checklist complete, and if not, what is missing (in the officer's words). */
export function papStatus(state: PapChecklistState, minContactAttempts: number): PapStatus {
  const missing: string[] = []
  if (state.contactAttempts < minContactAttempts) {
    missing.push(`contact attempts (${state.contactAttempts} of ${minContactAttempts})`)
  }
  for (const [item, on] of Object.entries(state.done) as [keyof PapChecklistState['done'], string | null][]) {
    if (!on) missing.push(PAP_ITEM_LABELS[item].toLowerCase())
  }
  return { complete: missing.length === 0, missing }
}

/** The PAP checklist for a set of accounts (claim candidates only), as of a date, since each case last started. */
export const PAP_CHECKLISTS_SQL = `
with ids as (select unnest($1::int[]) as account_id),
since as (
  select ids.account_id, coalesce(rc.cycle_started_on, date '0001-01-01') as d
  from ids left join recovery_cases rc on rc.account_id = ids.account_id
),
items as (
  select s.account_id,
    max(k.done_on) filter (where k.item = 'rent_statement_sent') as rent_statement_sent,
    max(k.done_on) filter (where k.item = 'benefits_checked') as benefits_checked,
    max(k.done_on) filter (where k.item = 'arrangement_offered') as arrangement_offered,
    max(k.done_on) filter (where k.item = 'vulnerability_recorded') as vulnerability_recorded,
    max(k.done_on) filter (where k.item = 'equality_impact_recorded') as equality_impact_recorded,
    count(k.id) filter (where k.item = 'contact_attempt')::int as contact_items
  from since s
  left join pap_checklists k on k.account_id = s.account_id and k.done_on between s.d and $2::date
  group by s.account_id
),
attempts as (
  select s.account_id, count(a.id)::int as contact_actions
  from since s
  left join recovery_actions a on a.account_id = s.account_id and a.taken_on between s.d and $2::date
    and a.action_type in ('sms', 'letter', 'call', 'visit')
  group by s.account_id
)
select i.*, (i.contact_items + a.contact_actions)::int as contact_attempts
from items i join attempts a on a.account_id = i.account_id`

interface PapRow {
  account_id: number
  rent_statement_sent: string | null
  benefits_checked: string | null
  arrangement_offered: string | null
  vulnerability_recorded: string | null
  equality_impact_recorded: string | null
  contact_attempts: number
}

/** The checklists of some accounts as of a date, counting from when each case last started (set-based). */
export async function readPapChecklists(db: Queryable, accountIds: readonly number[], onDate: string): Promise<Map<number, PapChecklistState>> {
  const out = new Map<number, PapChecklistState>()
  if (accountIds.length === 0) return out
  const rows = await db.query<PapRow>(PAP_CHECKLISTS_SQL, [accountIds, onDate])
  for (const r of rows) {
    out.set(r.account_id, {
      done: {
        rent_statement_sent: r.rent_statement_sent,
        benefits_checked: r.benefits_checked,
        arrangement_offered: r.arrangement_offered,
        vulnerability_recorded: r.vulnerability_recorded,
        equality_impact_recorded: r.equality_impact_recorded,
      },
      contactAttempts: r.contact_attempts,
    })
  }
  return out
}

export async function readPapChecklist(db: Queryable, accountId: number, onDate: string): Promise<PapChecklistState> {
  return (await readPapChecklists(db, [accountId], onDate)).get(accountId)!
}

export interface RecordPapItemOptions {
  accountId: number
  item: PapItem
  doneOn: string
  detail?: string | null
  actor: Actor
}

export async function recordPapItem(tx: Queryable, opts: RecordPapItemOptions): Promise<number> {
  if (!(PAP_ITEMS as readonly string[]).includes(opts.item)) throw new AppError('validation', `Unknown Pre-Action Protocol item ${opts.item}`, [{ field: 'item', message: 'Choose a checklist item' }])
  if (!isIsoDate(opts.doneOn)) throw new AppError('validation', 'Enter the date it was done', [{ field: 'doneOn', message: 'Enter a real date' }])
  const [row] = await tx.query<{ id: number }>(
    `insert into pap_checklists (account_id, item, done_on, detail, actor, user_id) values ($1, $2, $3, $4, $5, $6) returning id`,
    [opts.accountId, opts.item, opts.doneOn, opts.detail ?? null, opts.actor.label, opts.actor.userId],
  )
  await recordAuditEvent(tx, opts.actor, { action: 'pap.item_recorded', entityType: 'account', entityId: opts.accountId, after: { item: opts.item, doneOn: opts.doneOn, detail: opts.detail ?? null } })
  return row!.id
}
