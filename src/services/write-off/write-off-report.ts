import { stringify } from 'csv-stringify/sync'
import type { Queryable } from '../../db/client.ts'
import { compareDates, isIsoDate } from '../../domain/calendar/dates.ts'
import { formatPoundsPlain } from '../../domain/money/pence.ts'
import { AppError } from '../../errors.ts'
import { WRITE_OFF_CONTROL_ACCOUNT } from './write-off-common.ts'

export interface ReportLine {
  key: string
  count: number
  totalPence: number
}

export interface WriteOffReport {
  from: string
  to: string
  writeOffs: { byReason: ReportLine[]; byAccountType: ReportLine[]; byApprover: ReportLine[]; byMonth: ReportLine[]; count: number; totalPence: number }
  writeOns: { byReason: ReportLine[]; count: number; totalPence: number }
  netPence: number
  /** The ledger's own figure: the net movement on GL-WRITE-OFF in the period (should equal netPence). */
  ledgerMovementPence: number
}

export interface ReportRow {
  kind: 'write_off' | 'write_on'
  caseId: number
  listId: number | null
  accountNumber: string
  accountType: string
  reason: string
  insolvencyKind: string | null
  amountPence: number
  effectiveDate: string
  preparedBy: string
  approvedBy: string | null
  postedBy: string
  transactionId: number
}

function checkPeriod(from: string, to: string) {
  const problems = []
  if (!isIsoDate(from)) problems.push({ field: 'from', message: 'Enter the start of the period as a real date' })
  if (!isIsoDate(to)) problems.push({ field: 'to', message: 'Enter the end of the period as a real date' })
  if (problems.length === 0 && compareDates(from, to) > 0) problems.push({ field: 'to', message: 'The end of the period must be the same as or after the start' })
  if (problems.length) throw new AppError('validation', problems.map((p) => p.message).join('; '), problems)
}

/**
 * Every write-off and write-on whose ledger transaction's effective date falls in the period (inclusive), one row
 * each, from the ledger joined to the cases: the report and the CSV are both built from these rows.
 */
export async function writeOffReportRows(db: Queryable, from: string, to: string): Promise<ReportRow[]> {
  checkPeriod(from, to)
  const rows = await db.query<{
    kind: 'write_off' | 'write_on'
    case_id: number
    list_id: number | null
    account_number: string
    account_type: string
    reason: string
    insolvency_kind: string | null
    amount_pence: number
    effective_date: string
    prepared_by: string
    approved_by: string | null
    posted_by: string
    transaction_id: number
  }>(
    `select 'write_off' as kind, c.id as case_id, c.list_id, a.account_number, a.account_type, c.reason, c.insolvency_kind, c.amount_pence,
       t.effective_date, c.prepared_by, c.decided_by as approved_by, c.posted_by, t.id as transaction_id
     from write_off_cases c join ledger_transactions t on t.id = c.transaction_id join accounts a on a.id = c.account_id
     where t.effective_date between $1::date and $2::date
     union all
     select 'write_on', c.id, c.list_id, a.account_number, a.account_type, c.reason, c.insolvency_kind, w.amount_pence,
       t.effective_date, c.prepared_by, c.decided_by, w.actor, t.id
     from write_ons w join write_off_cases c on c.id = w.case_id join ledger_transactions t on t.id = w.transaction_id join accounts a on a.id = w.account_id
     where t.effective_date between $1::date and $2::date
     order by effective_date, kind, case_id, transaction_id`,
    [from, to],
  )
  return rows.map((r) => ({
    kind: r.kind,
    caseId: r.case_id,
    listId: r.list_id,
    accountNumber: r.account_number,
    accountType: r.account_type,
    reason: r.reason,
    insolvencyKind: r.insolvency_kind,
    amountPence: r.amount_pence,
    effectiveDate: r.effective_date,
    preparedBy: r.prepared_by,
    approvedBy: r.approved_by,
    postedBy: r.posted_by,
    transactionId: r.transaction_id,
  }))
}

function group(rows: ReportRow[], keyOf: (r: ReportRow) => string): ReportLine[] {
  const m = new Map<string, ReportLine>()
  for (const r of rows) {
    const key = keyOf(r)
    const line = m.get(key) ?? { key, count: 0, totalPence: 0 }
    line.count += 1
    line.totalPence += r.amountPence
    m.set(key, line)
  }
  return [...m.values()].sort((a, b) => b.totalPence - a.totalPence || a.key.localeCompare(b.key))
}

/** Write-offs by reason, account type, approver and month, and write-ons, for a period, checked against the ledger. */
export async function writeOffReport(db: Queryable, from: string, to: string): Promise<WriteOffReport> {
  const rows = await writeOffReportRows(db, from, to)
  const offs = rows.filter((r) => r.kind === 'write_off')
  const ons = rows.filter((r) => r.kind === 'write_on')
  const [ledger] = await db.query<{ movement: number }>(
    `select coalesce(sum(p.amount_pence), 0)::bigint as movement
     from postings p join accounts a on a.id = p.account_id
     where a.account_number = $3 and p.effective_date between $1::date and $2::date`,
    [from, to, WRITE_OFF_CONTROL_ACCOUNT],
  )
  const sum = (rs: ReportRow[]) => rs.reduce((s, r) => s + r.amountPence, 0)
  return {
    from,
    to,
    writeOffs: {
      byReason: group(offs, (r) => r.reason),
      byAccountType: group(offs, (r) => r.accountType),
      byApprover: group(offs, (r) => r.approvedBy ?? ''),
      byMonth: group(offs, (r) => r.effectiveDate.slice(0, 7)).sort((a, b) => a.key.localeCompare(b.key)),
      count: offs.length,
      totalPence: sum(offs),
    },
    writeOns: { byReason: group(ons, (r) => r.reason), count: ons.length, totalPence: sum(ons) },
    netPence: sum(offs) - sum(ons),
    ledgerMovementPence: ledger!.movement,
  }
}

/** The report's rows as CSV, one line per write-off or write-on (amounts in pounds, write-ons negative). */
export function writeOffReportCsv(rows: ReportRow[]): string {
  return stringify(
    rows.map((r) => [
      r.effectiveDate,
      r.kind === 'write_off' ? 'write-off' : 'write-on',
      r.caseId,
      r.listId ?? '',
      r.accountNumber,
      r.accountType,
      r.reason,
      r.insolvencyKind ?? '',
      formatPoundsPlain(r.kind === 'write_off' ? r.amountPence : -r.amountPence),
      r.preparedBy,
      r.approvedBy ?? '',
      r.postedBy,
      r.transactionId,
    ]),
    {
      header: true,
      columns: ['date', 'kind', 'case', 'list', 'account', 'account_type', 'reason', 'insolvency_kind', 'amount', 'prepared_by', 'approved_by', 'posted_by', 'transaction'],
    },
  )
}
