import type { Queryable } from '../../db/client.ts'
import type { WorkingDayCalendar } from '../../domain/calendar/working-days.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'

export type OfficerTaskKind =
  | 'dd_unpaid'
  | 'dd_cancelled'
  | 'payer_deceased'
  | 'dd_account_transferred'
  | 'dd_amended'
  | 'dd_notice_disputed'
  | 'dd_reinstated'
  | 'dd_instruction_rejected'
  | 'dd_collection_missed'
  | 'dd_file_rejected'

/**
 * Working days an officer has for each kind of task. A death or a returned payment needs contact soon; an
 * amendment the bank has already applied is for information. (Team practice, not law: change here.)
 */
const DUE_WORKING_DAYS: Record<OfficerTaskKind, number> = {
  dd_unpaid: 2,
  dd_cancelled: 2,
  payer_deceased: 1,
  dd_account_transferred: 2,
  dd_amended: 5,
  dd_notice_disputed: 1,
  dd_reinstated: 2,
  dd_instruction_rejected: 2,
  dd_collection_missed: 1,
  dd_file_rejected: 1,
}

export interface NewOfficerTask {
  accountId: number | null
  mandateId?: number | null
  kind: OfficerTaskKind
  summary: string
  /** Never bank account numbers: mask them. */
  details?: Record<string, unknown>
  /** What raised it, e.g. `bacs_report:12`, `dd_run:2027-01-04`. */
  source: string
}

/**
 * Raises a task for the officer of the account's patch (null when the patch has no officer: the team's queue),
 * due a set number of working days from `today`. Written in the caller's transaction.
 */
export async function createOfficerTasks(tx: Queryable, tasks: readonly NewOfficerTask[], today: string, calendar: WorkingDayCalendar): Promise<number[]> {
  if (tasks.length === 0) return []
  const rows = await tx.query<{ id: number }>(
    `insert into officer_tasks (account_id, mandate_id, kind, due_on, assigned_user_id, summary, details, source)
     select u.account_id, u.mandate_id, u.kind, u.due_on,
       (select pa.officer_user_id from accounts a join patches pa on pa.id = a.patch_id where a.id = u.account_id),
       u.summary, u.details, u.source
     from unnest($1::int[], $2::int[], $3::text[], $4::date[], $5::text[], $6::jsonb[], $7::text[]) with ordinality
       as u(account_id, mandate_id, kind, due_on, summary, details, source, ord)
     order by u.ord
     returning id`,
    [
      tasks.map((t) => t.accountId),
      tasks.map((t) => t.mandateId ?? null),
      tasks.map((t) => t.kind),
      tasks.map((t) => calendar.addWorkingDays(today, DUE_WORKING_DAYS[t.kind])),
      tasks.map((t) => t.summary),
      tasks.map((t) => JSON.stringify(t.details ?? {})),
      tasks.map((t) => t.source),
    ],
  )
  return rows.map((r) => r.id)
}

export interface OfficerTask {
  id: number
  accountId: number | null
  accountNumber: string | null
  mandateId: number | null
  kind: OfficerTaskKind
  dueOn: string
  status: 'open' | 'done'
  assignedTo: string | null
  summary: string
  details: Record<string, unknown>
  source: string
}

export async function listOfficerTasks(db: Queryable, filter: { status?: 'open' | 'done'; accountId?: number } = {}): Promise<OfficerTask[]> {
  const rows = await db.query<{
    id: number
    account_id: number | null
    account_number: string | null
    mandate_id: number | null
    kind: OfficerTaskKind
    due_on: string
    status: 'open' | 'done'
    username: string | null
    summary: string
    details: Record<string, unknown>
    source: string
  }>(
    `select t.id, t.account_id, a.account_number, t.mandate_id, t.kind, t.due_on, t.status, u.username, t.summary, t.details, t.source
     from officer_tasks t left join accounts a on a.id = t.account_id left join users u on u.id = t.assigned_user_id
     where ($1::text is null or t.status = $1) and ($2::int is null or t.account_id = $2)
     order by t.due_on, t.id`,
    [filter.status ?? null, filter.accountId ?? null],
  )
  return rows.map((r) => ({
    id: r.id,
    accountId: r.account_id,
    accountNumber: r.account_number,
    mandateId: r.mandate_id,
    kind: r.kind,
    dueOn: r.due_on,
    status: r.status,
    assignedTo: r.username,
    summary: r.summary,
    details: r.details,
    source: r.source,
  }))
}

/** Marks a task done (who and when), audited. */
export async function completeOfficerTask(db: Queryable, taskId: number, actor: Actor): Promise<void> {
  const [t] = await db.query<{ id: number }>(
    `update officer_tasks set status = 'done', completed_at = now(), completed_by = $2 where id = $1 and status = 'open' returning id`,
    [taskId, actor.label],
  )
  if (!t) throw new AppError('not_found', `No open task ${taskId}`)
  await recordAuditEvent(db, actor, { action: 'officer_task.completed', entityType: 'officer_task', entityId: taskId })
}
