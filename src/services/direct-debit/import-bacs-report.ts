/**
 * Imports a Bacs report (`reeve import bacs-report FILE`): ARUDD unpaid Direct Debits, ADDACS amendments and
 * cancellations from payers' banks, AUDDIS instructions the banks rejected. The report is read whole, every item
 * is matched to its mandate (and an unpaid to its collection) before anything changes, and it is applied in one
 * database transaction: a malformed report, an unknown reference or an unmatched unpaid applies nothing. The
 * same report (by its Bacs identity or its content) is refused a second time.
 */
import crypto from 'node:crypto'
import type { Db, Queryable } from '../../db/client.ts'
import { maxDate } from '../../domain/calendar/dates.ts'
import type { WorkingDayCalendar } from '../../domain/calendar/working-days.ts'
import { validateBankDetails, type BankDetails } from '../../domain/direct-debit/bank-details.ts'
import { checkRepresentation } from '../../domain/direct-debit/reason-codes.ts'
import { formatPounds } from '../../domain/money/pence.ts'
import {
  BacsReportError,
  parseBacsReport,
  type AddacsItem,
  type AruddItem,
  type AuddisItem,
  type BacsReport,
} from '../../formats/bacs/bacs-reports.ts'
import { AppError, type FieldProblem } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'
import { reversePayment } from '../payments/reverse-payment.ts'
import { produceAdvanceNotice } from './advance-notice.ts'
import { changeBankDetails } from './change-bank-details.ts'
import { ddCalendar, getDdSettings, maskAccountNumber, type DdSettings } from './dd-settings.ts'
import { COLLECTING_STATUSES, LIVE_STATUSES, mandatesByReference, stopMandate, type EventContext, type Mandate } from './mandates.ts'
import { createOfficerTasks, type NewOfficerTask, type OfficerTaskKind } from './officer-tasks.ts'
import { restartCollecting } from './resume-mandate.ts'

export interface ImportBacsReportOptions {
  /** The report file as read (bytes, so the XML declaration's encoding is honoured), or its text. */
  content: string | Uint8Array
  fileName: string
  today: string
  actor: Actor
  calendar?: WorkingDayCalendar
}

export interface BacsReportSummary {
  items: number
  reversed: number
  reversedPence: number
  representations: number
  cancelled: number
  suspended: number
  failed: number
  bankDetailsUpdated: number
  relodged: number
  reinstated: number
  tasks: number
}

export interface ImportBacsReportResult {
  id: number
  kind: BacsReport['kind']
  reportId: string
  generated: string
  summary: BacsReportSummary
}

interface Ctx {
  tx: Queryable
  report: BacsReport
  reportRowId: number
  today: string
  settings: DdSettings
  calendar: WorkingDayCalendar
  actor: Actor
  event: EventContext
  summary: BacsReportSummary
  tasks: NewOfficerTask[]
  /** The mandates the report is about, by reference, kept current as items change them. */
  mandates: Map<string, Mandate>
}

/** The payer's bank details as the report gives them, in the form Reeve stores (or why they cannot be used). */
function newDetails(m: Mandate, account: { sortCode: string; accountNumber: string; name?: string | null }): { value: BankDetails } | { problem: string } {
  const r = validateBankDetails({ sortCode: account.sortCode, accountNumber: account.accountNumber, accountName: account.name ?? m.account_name })
  return r.ok ? { value: r.value } : { problem: `The new bank details cannot be used: ${r.problems.map((p) => p.message).join('; ')}` }
}

export async function importBacsReport(db: Db, o: ImportBacsReportOptions): Promise<ImportBacsReportResult> {
  const calendar = ddCalendar(o.calendar)
  const bytes = typeof o.content === 'string' ? Buffer.from(o.content, 'utf8') : o.content
  const sha = crypto.createHash('sha256').update(bytes).digest('hex')
  const settings = await getDdSettings(db, o.today)
  let report: BacsReport
  try {
    report = parseBacsReport(o.content, { expectedServiceUserNumber: settings.serviceUserNumber, returnCodeMap: settings.returnCodeMap })
  } catch (e) {
    if (e instanceof BacsReportError) throw e.toAppError()
    throw e
  }

  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock(hashtext($1))', [`bacs-report:${sha}`])
    const [dup] = await tx.query<{ id: number; file_name: string; processed_at: Date; same_content: boolean }>(
      `select id, file_name, processed_at, content_sha256 = $1 as same_content from bacs_reports where content_sha256 = $1 or report_id = $2 limit 1`,
      [sha, report.reportId],
    )
    if (dup) {
      throw new AppError(
        'conflict',
        `This ${report.kind} report was already imported (report ${dup.id}, ${dup.file_name}, ${new Date(dup.processed_at).toISOString().slice(0, 10)}): ` +
          (dup.same_content ? 'same content' : `same report ${report.reportId}`) + '. Nothing was applied.',
      )
    }
    const mandates = await mandatesByReference(tx, (report.items as readonly { reference: string }[]).map((i) => i.reference))
    const problems: FieldProblem[] = []
    report.items.forEach((item) => {
      if (!mandates.has(item.reference)) {
        problems.push({ field: `items[${item.index - 1}].reference`, message: `Item ${item.index}: no Direct Debit has the reference "${item.reference}"` })
      }
    })
    const plans = problems.length === 0 ? await resolve(tx, report, mandates, problems) : null
    if (problems.length > 0 || !plans) {
      throw new AppError(
        'validation',
        `The ${report.kind} report cannot be applied: ${problems[0]!.message}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}. Nothing was applied.`,
        problems,
      )
    }
    // The report's row is written last, with its summary (it is append-only); its id is reserved now for the
    // collections and events that point at it (that foreign key is checked at commit).
    const [seq] = await tx.query<{ id: number }>(`select nextval('bacs_reports_id_seq')::bigint as id`)
    const id = seq!.id
    const c: Ctx = {
      tx,
      report,
      reportRowId: id,
      today: o.today,
      settings,
      calendar,
      actor: o.actor,
      event: { occurredOn: o.today, source: `bacs_report:${id}`, actor: o.actor },
      summary: { items: report.items.length, reversed: 0, reversedPence: 0, representations: 0, cancelled: 0, suspended: 0, failed: 0, bankDetailsUpdated: 0, relodged: 0, reinstated: 0, tasks: 0 },
      tasks: [],
      mandates,
    }
    await plans(c)
    await createOfficerTasks(tx, c.tasks, o.today, calendar)
    c.summary.tasks = c.tasks.length
    await tx.query(
      `insert into bacs_reports (id, kind, report_id, content_sha256, generated_on, file_name, item_count, summary, actor, user_id)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [id, report.kind, report.reportId, sha, report.generated, o.fileName, report.items.length, JSON.stringify(c.summary), o.actor.label, o.actor.userId],
    )
    await recordAuditEvent(tx, o.actor, {
      action: 'direct_debit.bacs_report_imported',
      entityType: 'bacs_report',
      entityId: id,
      after: { kind: report.kind, reportId: report.reportId, fileName: o.fileName, ...c.summary },
    })
    return { id, kind: report.kind, reportId: report.reportId, generated: report.generated, summary: c.summary }
  })
}

type Apply = (c: Ctx) => Promise<void>

/** Checks every item can be applied (collections found, details usable) and returns what applying it does. */
async function resolve(tx: Queryable, report: BacsReport, mandates: Map<string, Mandate>, problems: FieldProblem[]): Promise<Apply | null> {
  const problem = (index: number, field: string, message: string) => problems.push({ field: `items[${index - 1}].${field}`, message: `Item ${index}: ${message}` })
  const steps: Apply[] = []
  if (report.kind === 'ARUDD') {
    const seen = new Set<number>()
    for (const item of report.items) {
      const m = mandates.get(item.reference)!
      const [col] = await tx.query<{ id: number; status: string; payment_id: number; transaction_code: string; collection_date: string; processing_date: string; represented: boolean }>(
        `select c.id, c.status, c.payment_id, c.transaction_code, c.collection_date, r.processing_date,
           exists (select 1 from dd_collections x where x.represented_from_id = c.id) as represented
         from dd_collections c join dd_runs r on r.id = c.run_id
         where c.mandate_id = $1 and c.amount_pence = $2 and r.processing_date = $3 and c.transaction_code = $4 and c.status in ('collected', 'unpaid')
         order by (c.status = 'collected') desc, c.id limit 1`,
        [m.id, item.amountPence, item.originalProcessingDate, item.transactionCode],
      )
      if (!col) {
        problem(item.index, 'reference', `no ${item.transactionCode} collection of ${formatPounds(item.amountPence)} processed on ${item.originalProcessingDate} for ${item.reference}`)
      } else if (col.status === 'unpaid' || seen.has(col.id)) {
        problem(item.index, 'reference', `the collection of ${formatPounds(item.amountPence)} processed on ${item.originalProcessingDate} for ${item.reference} has already been returned unpaid`)
      } else {
        seen.add(col.id)
        steps.push((c) => applyUnpaid(c, item, col))
      }
    }
  } else if (report.kind === 'ADDACS') {
    for (const item of report.items) {
      const m = mandates.get(item.reference)!
      if (item.newAccount && (item.reason.code === '3' || item.reason.code === 'C' || item.reason.code === 'E')) {
        const d = newDetails(m, item.newAccount)
        if ('problem' in d) {
          problem(item.index, 'newAccount', d.problem)
          continue
        }
        steps.push((c) => applyAddacs(c, item, d.value))
      } else {
        steps.push((c) => applyAddacs(c, item, null))
      }
    }
  } else {
    for (const file of report.files.filter((f) => f.recordType === 'R')) {
      steps.push((c) => applyRejectedFile(c, file))
    }
    for (const item of report.items) {
      const m = mandates.get(item.reference)!
      const [instr] = await tx.query<{ id: number; code: string }>(
        `select id, code from dd_instructions where mandate_id = $1 and status = 'submitted' and ($2::text is null or code = $2) order by id desc limit 1`,
        [m.id, item.transactionCode],
      )
      if (!instr) {
        problem(item.index, 'reference', `no ${item.transactionCode ?? 'AUDDIS'} instruction awaiting a reply was sent for ${item.reference}`)
        continue
      }
      let details: BankDetails | null = null
      if (item.reason.code === 'C' && item.newAccount) {
        const d = newDetails(m, item.newAccount)
        if ('problem' in d) {
          problem(item.index, 'newAccount', d.problem)
          continue
        }
        details = d.value
      }
      steps.push((c) => applyAuddis(c, item, instr, details))
    }
  }
  if (problems.length > 0) return null
  return async (c) => {
    for (const step of steps) await step(c)
  }
}

function task(c: Ctx, m: Mandate, kind: OfficerTaskKind, summary: string, details: Record<string, unknown>): void {
  c.tasks.push({
    accountId: m.account_id,
    mandateId: m.id,
    kind,
    summary,
    details: { report: c.report.reportId, reference: m.ddi_reference, ...details },
    source: c.event.source,
  })
}

async function stop(c: Ctx, m: Mandate, status: 'cancelled' | 'suspended' | 'failed', reason: string): Promise<Mandate> {
  if (!LIVE_STATUSES.includes(m.status) || (status === 'suspended' && m.status === 'suspended')) return m
  const r = await stopMandate(c.tx, m, { ...c.event, status, reason, sendCancel: false })
  c.summary[status === 'cancelled' ? 'cancelled' : status === 'suspended' ? 'suspended' : 'failed'] += 1
  c.mandates.set(m.ddi_reference, r.mandate)
  return r.mandate
}

const ARUDD_TASK: Record<string, OfficerTaskKind> = { '1': 'dd_cancelled', B: 'dd_cancelled', '2': 'payer_deceased', '3': 'dd_account_transferred', '4': 'dd_notice_disputed' }

async function applyUnpaid(
  c: Ctx,
  item: AruddItem,
  col: { id: number; payment_id: number; transaction_code: string; collection_date: string; processing_date: string; represented: boolean },
): Promise<void> {
  const m = c.mandates.get(item.reference)!
  const reason = item.reason
  await reversePayment(c.tx, {
    paymentId: col.payment_id,
    reason: 'direct_debit_unpaid',
    note: `ARUDD ${reason.code} ${reason.meaning} (${c.report.reportId})`,
    effectiveDate: maxDate(c.report.generated, col.collection_date),
    postingDate: c.today,
    actor: c.actor,
  })
  await c.tx.query(`update dd_collections set status = 'unpaid', unpaid_reason_code = $2, bacs_report_id = $3, updated_at = now() where id = $1`, [
    col.id,
    reason.code,
    c.reportRowId,
  ])
  c.summary.reversed += 1
  c.summary.reversedPence += item.amountPence

  let next: Record<string, unknown>
  let mandate = m
  if (reason.mayRepresent) {
    next = await planRepresentation(c, m, item, col)
  } else if (reason.action === 'cancel-mandate' || reason.action === 'deceased') {
    mandate = await stop(c, m, 'cancelled', `ARUDD ${reason.code}: ${reason.meaning}`)
    next = { mandate: 'cancelled' }
  } else {
    mandate = await stop(c, m, 'suspended', `ARUDD ${reason.code}: ${reason.meaning}`)
    next = { mandate: 'suspended until an officer resumes it' }
  }
  const then =
    'representationDate' in next
      ? `It will be re-presented on ${String(next.representationDate)}.`
      : 'representationRefused' in next
        ? `It cannot be re-presented: ${String(next.representationRefused)}`
        : `The Direct Debit is ${mandate.status}.`
  task(c, mandate, ARUDD_TASK[reason.code] ?? 'dd_unpaid', `Direct Debit of ${formatPounds(item.amountPence)} collected ${col.collection_date} returned unpaid: ARUDD ${reason.code} (${reason.meaning}). ${then}`, {
    collectionId: col.id,
    amountPence: item.amountPence,
    collectionDate: col.collection_date,
    reasonCode: reason.code,
    meaning: reason.meaning,
    guidance: reason.guidance,
    ...next,
  })
}

/** ARUDD 0: once, within a month of the original processing day, after a short notice to the payer. */
async function planRepresentation(
  c: Ctx,
  m: Mandate,
  item: AruddItem,
  col: { id: number; transaction_code: string; collection_date: string; processing_date: string; represented: boolean },
): Promise<Record<string, unknown>> {
  if (!COLLECTING_STATUSES.includes(m.status)) return { representationRefused: `the Direct Debit is ${m.status}` }
  const earliest = c.calendar.addWorkingDays(c.today, c.settings.representationNoticeWorkingDays)
  let date = earliest
  // Two returned collections of one mandate are never re-presented on the same day.
  while ((await c.tx.query(`select 1 from dd_collections where mandate_id = $1 and collection_date = $2 and represented_from_id is not null and status <> 'cancelled'`, [m.id, date])).length > 0) {
    date = c.calendar.addWorkingDays(date, 1)
  }
  const check = checkRepresentation({
    reasonCode: item.reason.code,
    originalProcessingDate: col.processing_date,
    collectionDate: date,
    originalWasRepresentation: col.transaction_code === '18',
    alreadyRepresented: col.represented,
  })
  if (!check.ok) return { representationRefused: check.reason }
  const noticeId = await produceAdvanceNotice(c.tx, {
    mandate: m,
    kind: 'representation',
    producedOn: c.today,
    earliestCollection: earliest,
    collections: [{ date, amountPence: item.amountPence }],
    frequency: 'once',
    representation: { originalDate: col.collection_date, reason: item.reason.meaning.toLowerCase() },
    settings: c.settings,
    actor: c.actor,
  })
  await c.tx.query(
    `insert into dd_collections (mandate_id, notice_id, collection_date, nominal_date, amount_pence, transaction_code, represented_from_id)
     values ($1, $2, $3, $3, $4, '18', $5)`,
    [m.id, noticeId, date, item.amountPence, col.id],
  )
  c.summary.representations += 1
  return { representationDate: date, representationNoticeId: noticeId, representationDeadline: check.deadline }
}

const ADDACS_TASK: Record<string, OfficerTaskKind> = {
  '0': 'dd_cancelled',
  '1': 'dd_cancelled',
  B: 'dd_cancelled',
  '2': 'payer_deceased',
  '3': 'dd_account_transferred',
  C: 'dd_amended',
  E: 'dd_amended',
  D: 'dd_notice_disputed',
  R: 'dd_reinstated',
}

async function applyAddacs(c: Ctx, item: AddacsItem, details: BankDetails | null): Promise<void> {
  let m = c.mandates.get(item.reference)!
  const reason = item.reason
  const why = `ADDACS ${reason.code}: ${reason.meaning}`
  let outcome: string
  switch (reason.code) {
    case '0':
    case '1':
    case '2':
    case 'B':
      m = await stop(c, m, 'cancelled', why)
      outcome = 'The Direct Debit is cancelled; no 0C is sent (the bank has cancelled it).'
      break
    case 'D':
      m = await stop(c, m, 'suspended', why)
      outcome = 'Collections are suspended until the dispute is resolved (resume the Direct Debit, or a reinstatement R follows).'
      break
    case '3':
      if (details && LIVE_STATUSES.includes(m.status)) {
        const r = await changeBankDetails(c.tx, m, { ...c.event, details, mode: 'relodge', cancelOld: false, calendar: c.calendar, reason: why })
        m = r.mandate
        c.mandates.set(m.ddi_reference, m)
        c.summary.relodged += 1
        outcome = `The new bank details (account ${maskAccountNumber(details.accountNumber)}) are recorded and a 0N is queued for the new bank; ${r.collectionsCancelled} collection(s) too soon for the new lodgement were cancelled.`
      } else if (LIVE_STATUSES.includes(m.status)) {
        m = await stop(c, m, 'suspended', why)
        outcome = 'No new bank details were given: collections are suspended; get a new Direct Debit Instruction.'
      } else {
        outcome = `The Direct Debit is already ${m.status}: nothing to change.`
      }
      break
    case 'C':
    case 'E':
      if (details) {
        const r = await changeBankDetails(c.tx, m, { ...c.event, details, mode: 'update', cancelOld: false, calendar: c.calendar, reason: why })
        m = r.mandate
        c.mandates.set(m.ddi_reference, m)
        c.summary.bankDetailsUpdated += 1
        outcome = `The bank details are updated (account ${maskAccountNumber(details.accountNumber)}); collections carry on.`
      } else {
        outcome = 'The bank amended the instruction without new details; collections carry on.'
      }
      break
    case 'R': {
      const [other] = await c.tx.query<{ ddi_reference: string }>(
        'select ddi_reference from dd_mandates where account_id = $1 and id <> $2 and status = any($3::text[])',
        [m.account_id, m.id, LIVE_STATUSES],
      )
      if (m.status === 'active' || m.status === 'lodged' || m.status === 'pending_lodgement') {
        outcome = 'The Direct Debit is already collecting.'
      } else if (other) {
        outcome = `Not restarted: the account now has another Direct Debit (${other.ddi_reference}). Cancel one of them.`
      } else {
        const r = await restartCollecting(c.tx, m, { ...c.event, event: 'reinstated', reason: why, calendar: c.calendar, settings: c.settings })
        m = r.mandate
        c.mandates.set(m.ddi_reference, m)
        c.summary.reinstated += 1
        outcome = `Collections restart on ${r.started.collections[0]!.date} after a new advance notice.`
      }
      break
    }
    default:
      outcome = reason.guidance
  }
  task(c, m, ADDACS_TASK[reason.code] ?? 'dd_amended', `${why} (${item.reference}). ${outcome}`, {
    reasonCode: reason.code,
    meaning: reason.meaning,
    guidance: reason.guidance,
    effectiveDate: item.effectiveDate,
    aosn: item.aosn,
    mandateStatus: m.status,
  })
}

async function applyAuddis(c: Ctx, item: AuddisItem, instr: { id: number; code: string }, details: BankDetails | null): Promise<void> {
  let m = c.mandates.get(item.reference)!
  const reason = item.reason
  const why = `AUDDIS ${reason.code}: ${reason.meaning}`
  await c.tx.query(`update dd_instructions set status = 'rejected', rejected_reason_code = $2 where id = $1`, [instr.id, reason.code])
  let outcome: string
  if (details) {
    const r = await changeBankDetails(c.tx, m, { ...c.event, details, mode: 'update', cancelOld: false, calendar: c.calendar, reason: why })
    m = r.mandate
    c.mandates.set(m.ddi_reference, m)
    c.summary.bankDetailsUpdated += 1
    outcome = 'The bank details are updated; carry on (no 0C/0N pair).'
  } else if (instr.code === '0C') {
    outcome = 'The cancellation (0C) was rejected: check the instruction with the payer\'s bank.'
  } else {
    m = await stop(c, m, 'failed', why)
    outcome = 'The instruction was not lodged: the Direct Debit has failed and nothing will be collected. Agree another way to pay or a new instruction.'
  }
  task(c, m, reason.action === 'deceased' ? 'payer_deceased' : reason.code === 'C' ? 'dd_amended' : 'dd_instruction_rejected', `${instr.code} rejected, ${why} (${item.reference}). ${outcome}`, {
    instruction: instr.code,
    reasonCode: reason.code,
    meaning: reason.meaning,
    guidance: reason.guidance,
    mandateStatus: m.status,
  })
}

async function applyRejectedFile(c: Ctx, file: { volumeSerialNumber: string | null; errors: string[] }): Promise<void> {
  const [run] = await c.tx.query<{ collection_date: string }>('select collection_date from dd_runs where file_serial = $1', [file.volumeSerialNumber])
  c.tasks.push({
    accountId: null,
    kind: 'dd_file_rejected',
    summary: `Bacs rejected the AUDDIS file ${file.volumeSerialNumber ?? '(no serial)'}${run ? ` (collection run ${run.collection_date})` : ''}: ${file.errors.join(' ') || 'no reason given'}`,
    details: { report: c.report.reportId, volumeSerialNumber: file.volumeSerialNumber, errors: file.errors, runDate: run?.collection_date ?? null },
    source: c.event.source,
  })
}
