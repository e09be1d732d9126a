import type { Queryable } from '../../db/client.ts'
import type { InsolvencyKind, WriteOffReason } from '../../domain/write-off/reasons.ts'
import { AppError } from '../../errors.ts'

export type WriteOffStatus = 'prepared' | 'approved' | 'rejected' | 'posted' | 'withdrawn'

export interface WriteOffCaseView {
  id: number
  accountId: number
  accountNumber: string
  accountType: string
  accountName: string
  listId: number | null
  amountPence: number
  balanceWhenPreparedPence: number
  wholeBalance: boolean
  reason: WriteOffReason
  insolvencyKind: InsolvencyKind | null
  reasonText: string | null
  evidenceNote: string
  status: WriteOffStatus
  preparedBy: string
  preparedOn: string
  decidedBy: string | null
  postedOn: string | null
  postedBy: string | null
  transactionId: number | null
  withdrawnBy: string | null
  withdrawnReason: string | null
  writtenOnPence: number
}

export interface ApprovalView {
  id: number
  decision: 'approved' | 'rejected'
  reason: string | null
  decidedBy: string
  role: string
  decidedOn: string
  decidedAt: Date
  totalPence: number
  caseCount: number
  authority: 'role' | 'named'
  limitCasePence: number | null
  limitTotalPence: number | null
  policyEffectiveFrom: string
}

export interface WriteOnView {
  id: number
  caseId: number
  amountPence: number
  basis: 'payment_received' | 'full_by_choice'
  reason: string
  effectiveDate: string
  actor: string
  transactionId: number
}

const CASE_SQL = `
  select c.*, a.account_number, a.account_type, a.name as account_name,
    coalesce((select sum(w.amount_pence) from write_ons w where w.case_id = c.id), 0)::bigint as written_on
  from write_off_cases c join accounts a on a.id = c.account_id`

interface CaseRow {
  id: number
  account_id: number
  account_number: string
  account_type: string
  account_name: string
  list_id: number | null
  amount_pence: number
  balance_when_prepared_pence: number
  whole_balance: boolean
  reason: WriteOffReason
  insolvency_kind: InsolvencyKind | null
  reason_text: string | null
  evidence_note: string
  status: WriteOffStatus
  prepared_by: string
  prepared_on: string
  decided_by: string | null
  posted_on: string | null
  posted_by: string | null
  transaction_id: number | null
  withdrawn_by: string | null
  withdrawn_reason: string | null
  written_on: number
}

const toCase = (r: CaseRow): WriteOffCaseView => ({
  id: r.id,
  accountId: r.account_id,
  accountNumber: r.account_number,
  accountType: r.account_type,
  accountName: r.account_name,
  listId: r.list_id,
  amountPence: r.amount_pence,
  balanceWhenPreparedPence: r.balance_when_prepared_pence,
  wholeBalance: r.whole_balance,
  reason: r.reason,
  insolvencyKind: r.insolvency_kind,
  reasonText: r.reason_text,
  evidenceNote: r.evidence_note,
  status: r.status,
  preparedBy: r.prepared_by,
  preparedOn: r.prepared_on,
  decidedBy: r.decided_by,
  postedOn: r.posted_on,
  postedBy: r.posted_by,
  transactionId: r.transaction_id,
  withdrawnBy: r.withdrawn_by,
  withdrawnReason: r.withdrawn_reason,
  writtenOnPence: r.written_on,
})

export async function getWriteOffCase(db: Queryable, caseId: number): Promise<{ writeOffCase: WriteOffCaseView; approvals: ApprovalView[]; writeOns: WriteOnView[] }> {
  const [row] = await db.query<CaseRow>(`${CASE_SQL} where c.id = $1`, [caseId])
  if (!row) throw new AppError('not_found', `Write-off case ${caseId} does not exist`)
  const writeOffCase = toCase(row)
  const approvals = await approvalsOf(db, writeOffCase.listId === null ? { caseId } : { listId: writeOffCase.listId })
  const writeOns = (
    await db.query<{ id: number; case_id: number; amount_pence: number; basis: WriteOnView['basis']; reason: string; effective_date: string; actor: string; transaction_id: number }>(
      'select id, case_id, amount_pence, basis, reason, effective_date, actor, transaction_id from write_ons where case_id = $1 order by id',
      [caseId],
    )
  ).map((w) => ({ id: w.id, caseId: w.case_id, amountPence: w.amount_pence, basis: w.basis, reason: w.reason, effectiveDate: w.effective_date, actor: w.actor, transactionId: w.transaction_id }))
  return { writeOffCase, approvals, writeOns }
}

async function approvalsOf(db: Queryable, target: { caseId: number } | { listId: number }): Promise<ApprovalView[]> {
  const rows = await db.query<{
    id: number
    decision: 'approved' | 'rejected'
    reason: string | null
    decided_by: string
    role: string
    decided_on: string
    decided_at: Date
    total_pence: number
    case_count: number
    authority: 'role' | 'named'
    limit_case_pence: number | null
    limit_total_pence: number | null
    policy_effective_from: string
  }>(`select * from write_off_approvals where ${'caseId' in target ? 'case_id' : 'list_id'} = $1 order by id`, ['caseId' in target ? target.caseId : target.listId])
  return rows.map((r) => ({
    id: r.id,
    decision: r.decision,
    reason: r.reason,
    decidedBy: r.decided_by,
    role: r.role,
    decidedOn: r.decided_on,
    decidedAt: r.decided_at,
    totalPence: r.total_pence,
    caseCount: r.case_count,
    authority: r.authority,
    limitCasePence: r.limit_case_pence,
    limitTotalPence: r.limit_total_pence,
    policyEffectiveFrom: r.policy_effective_from,
  }))
}

/** Cases, newest first: by status, for one account, or (singleOnly) only those not on a bulk list. */
export async function listWriteOffCases(
  db: Queryable,
  filter: { statuses?: WriteOffStatus[]; accountId?: number; singleOnly?: boolean; limit?: number } = {},
): Promise<WriteOffCaseView[]> {
  const rows = await db.query<CaseRow>(
    `${CASE_SQL}
     where ($1::text[] is null or c.status = any($1::text[])) and ($2::int is null or c.account_id = $2) and ($3::boolean = false or c.list_id is null)
     order by c.id desc limit $4`,
    [filter.statuses ?? null, filter.accountId ?? null, filter.singleOnly ?? false, filter.limit ?? 200],
  )
  return rows.map(toCase)
}

export interface WriteOffListView {
  id: number
  name: string
  reason: WriteOffReason
  criteria: Record<string, unknown>
  evidenceNote: string
  status: WriteOffStatus
  preparedBy: string
  preparedOn: string
  decidedBy: string | null
  postedOn: string | null
  /** Cases still on the list (not withdrawn), and their total. */
  caseCount: number
  totalPence: number
  largestPence: number
}

const LIST_SQL = `
  select l.*, coalesce(s.n, 0)::int as case_count, coalesce(s.total, 0)::bigint as total, coalesce(s.largest, 0)::bigint as largest
  from write_off_lists l
  left join lateral (select count(*) as n, sum(amount_pence) as total, max(amount_pence) as largest
                     from write_off_cases c where c.list_id = l.id and c.status <> 'withdrawn') s on true`

interface ListRow {
  id: number
  name: string
  reason: WriteOffReason
  criteria: Record<string, unknown>
  evidence_note: string
  status: WriteOffStatus
  prepared_by: string
  prepared_on: string
  decided_by: string | null
  posted_on: string | null
  case_count: number
  total: number
  largest: number
}

const toList = (r: ListRow): WriteOffListView => ({
  id: r.id,
  name: r.name,
  reason: r.reason,
  criteria: r.criteria,
  evidenceNote: r.evidence_note,
  status: r.status,
  preparedBy: r.prepared_by,
  preparedOn: r.prepared_on,
  decidedBy: r.decided_by,
  postedOn: r.posted_on,
  caseCount: r.case_count,
  totalPence: r.total,
  largestPence: r.largest,
})

export async function listWriteOffLists(db: Queryable, statuses?: WriteOffStatus[]): Promise<WriteOffListView[]> {
  const rows = await db.query<ListRow>(`${LIST_SQL} where ($1::text[] is null or l.status = any($1::text[])) order by l.id desc limit 200`, [statuses ?? null])
  return rows.map(toList)
}

export async function getWriteOffList(db: Queryable, listId: number): Promise<{ list: WriteOffListView; cases: WriteOffCaseView[]; approvals: ApprovalView[] }> {
  const [row] = await db.query<ListRow>(`${LIST_SQL} where l.id = $1`, [listId])
  if (!row) throw new AppError('not_found', `Write-off list ${listId} does not exist`)
  const cases = (await db.query<CaseRow>(`${CASE_SQL} where c.list_id = $1 order by a.account_number`, [listId])).map(toCase)
  return { list: toList(row), cases, approvals: await approvalsOf(db, { listId }) }
}

/** Single cases and bulk lists waiting for a decision (for the approvals queue and its count). */
export async function countWriteOffsWaiting(db: Queryable): Promise<number> {
  const [r] = await db.query<{ n: number }>(
    `select ((select count(*) from write_off_cases where status = 'prepared' and list_id is null)
           + (select count(*) from write_off_lists where status = 'prepared'))::int as n`,
  )
  return r?.n ?? 0
}
