/**
 * The Direct Debit collection run for one collection date (`reeve run dd-collection --date D`), D being the Bacs
 * entry day on which payers are debited. In ONE database transaction it:
 *   1. activates mandates lodged at least 2 working days before D, and tops up planned collections;
 *   2. takes the collections planned for D whose mandate is active and whose advance notice allows D (any other
 *      is cancelled as missed, with a task for the officer: nothing is collected without notice or lodgement);
 *   3. gives each its transaction code (01 first under a lodgement, 17 regular, 18 re-presentation, 19 final);
 *   4. adds the AUDDIS instructions waiting to go (0N, 0C, 0S requested by the input day);
 *   5. writes the Standard 18 file (processing day = the working day before D) and stores it with its sha-256;
 *   6. posts every collection as a payment on D in one ledger transaction, and marks them collected.
 * The same date again returns the stored run and posts nothing. A crash leaves nothing half done; the file is
 * always written from the stored content.
 */
import crypto from 'node:crypto'
import type { Db, Queryable } from '../db/client.ts'
import { addDays } from '../domain/calendar/dates.ts'
import type { WorkingDayCalendar } from '../domain/calendar/working-days.ts'
import { bacsCycle } from '../domain/direct-debit/schedule.ts'
import { TransactionCodeError, transactionCodeFor, type CollectionTransactionCode, type PastCollection } from '../domain/direct-debit/transaction-codes.ts'
import { Standard18Error, writeStandard18File, type Standard18Record } from '../formats/bacs/standard18.ts'
import { AppError } from '../errors.ts'
import { systemActor, type Actor } from '../services/actor.ts'
import { recordAuditEvent } from '../services/audit/record-audit-event.ts'
import { ddCalendar, getDdSettings } from '../services/direct-debit/dd-settings.ts'
import { appendMandateEvents, MANDATE_COLUMNS, stopMandate, type Mandate, type MandateStatus } from '../services/direct-debit/mandates.ts'
import { createOfficerTasks, type NewOfficerTask } from '../services/direct-debit/officer-tasks.ts'
import { extendCollections, PLAN_AHEAD_DAYS } from '../services/direct-debit/plan-collections.ts'
import { postPaymentBatch } from '../services/payments/post-payment-batch.ts'
import { failJobRun, finishJobRun, startJobRun } from './job-runs.ts'

export interface DdCollectionRunOptions {
  /** The collection (entry) day. */
  date: string
  /** The date the postings are recorded (normally today). */
  postingDate: string
  actor?: Actor
  calendar?: WorkingDayCalendar
}

export interface DdRunCounts {
  byCode: Record<string, number>
  instructions: Record<string, number>
  activated: number
  missed: number
}

export interface DdCollectionRunResult {
  /** Null when there was nothing to submit (no file is made; a later run for the date may still make one). */
  runId: number | null
  replayed: boolean
  collectionDate: string
  processingDate: string
  inputDate: string
  fileName: string | null
  content: string | null
  sha256: string | null
  collections: number
  totalPence: number
  counts: DdRunCounts
  /** Planned collections dated before this run's date that were never submitted (a run day was missed). */
  overdue: number
  transactionId: number | null
}

interface StoredRun {
  id: number
  collection_date: string
  processing_date: string
  input_date: string
  file_name: string
  content: string
  content_sha256: string
  collection_count: number
  collection_total_pence: number
  counts: DdRunCounts
  transaction_id: number | null
}

function fromStored(r: StoredRun, replayed: boolean, overdue: number): DdCollectionRunResult {
  return {
    runId: r.id,
    replayed,
    collectionDate: r.collection_date,
    processingDate: r.processing_date,
    inputDate: r.input_date,
    fileName: r.file_name,
    content: r.content,
    sha256: r.content_sha256,
    collections: r.collection_count,
    totalPence: r.collection_total_pence,
    counts: r.counts,
    overdue,
    transactionId: r.transaction_id,
  }
}

async function storedRun(db: Queryable, date: string): Promise<StoredRun | undefined> {
  const [r] = await db.query<StoredRun>(
    `select id, collection_date, processing_date, input_date, file_name, content, content_sha256, collection_count, collection_total_pence, counts,
       transaction_id from dd_runs where collection_date = $1`,
    [date],
  )
  return r
}

async function overdueCount(db: Queryable, date: string): Promise<number> {
  const [r] = await db.query<{ n: number }>(`select count(*)::int as n from dd_collections where status = 'planned' and collection_date < $1`, [date])
  return r!.n
}

/** Volume serial for a run: 6 characters A–Z/0–9, different for every run. */
export const fileSerialFor = (runId: number): string => `R${runId.toString(36).toUpperCase().padStart(5, '0')}`

interface DueRow {
  id: number
  mandate_id: number
  amount_pence: number
  represented_from_id: number | null
  earliest_collection: string
  account_id: number
  customer_account: string
  status: string
  ddi_reference: string
  sort_code: string
  account_number: string
  account_name: string
  lodgement_instruction_id: number | null
  final_collection_on: string | null
}

export async function runDdCollection(db: Db, opts: DdCollectionRunOptions): Promise<DdCollectionRunResult> {
  const calendar = ddCalendar(opts.calendar)
  const actor = opts.actor ?? systemActor('dd-collection')
  let cycle
  try {
    cycle = bacsCycle(opts.date, calendar)
  } catch (e) {
    if (e instanceof RangeError) {
      // DirectDebitSettingError (not a working day) or a malformed date: both RangeErrors.
      throw new AppError('validation', `--date ${opts.date}: ${e.message}. Direct Debits are collected on working days only`, [{ field: '--date', message: e.message }])
    }
    throw e
  }
  const stored = await storedRun(db, opts.date)
  if (stored) return fromStored(stored, true, await overdueCount(db, opts.date))

  const job = await startJobRun(db, 'dd-collection', `dd-collection:${opts.date}`, { date: opts.date })
  try {
    const result = await db.transaction((tx) => collect(tx, { ...opts, actor, calendar, cycle, jobRunId: job.id }))
    await finishJobRun(db, job.id, { collections: result.collections, totalPence: result.totalPence, ...result.counts, replayed: result.replayed })
    return result
  } catch (e) {
    await failJobRun(db, job.id, e).catch(() => {})
    throw e
  }
}

async function collect(
  tx: Queryable,
  o: DdCollectionRunOptions & { actor: Actor; calendar: WorkingDayCalendar; cycle: ReturnType<typeof bacsCycle>; jobRunId: number },
): Promise<DdCollectionRunResult> {
  const D = o.date
  // One run at a time (they top up the same planned collections); a second run for the same date waits, then
  // finds the first's run.
  await tx.query(`select pg_advisory_xact_lock(hashtext('dd-collection'))`)
  const again = await storedRun(tx, D)
  if (again) return fromStored(again, true, await overdueCount(tx, D))
  const settings = await getDdSettings(tx, o.cycle.processingDay)
  const ctx = { occurredOn: D, source: `dd_run:${D}`, actor: o.actor }

  // 1. Mandates whose instruction reached the bank at least 2 working days before D may now be collected.
  const activated = await tx.query<{ id: number; version: number; status: MandateStatus }>(
    `update dd_mandates set status = 'active', version = version + 1, updated_at = now()
     where status = 'lodged' and lodged_on <= $1 returning id, version, status`,
    [o.calendar.addWorkingDays(D, -2)],
  )
  await appendMandateEvents(tx, activated.map((m) => ({ mandate: m, event: 'activated' as const, details: {} })), ctx)
  await extendCollections(tx, { through: addDays(D, PLAN_AHEAD_DAYS), calendar: o.calendar })

  // 2. What is due on D.
  const due = await tx.query<DueRow>(
    `select c.id, c.mandate_id, c.amount_pence, c.represented_from_id, n.earliest_collection, m.account_id, a.account_number as customer_account,
       m.status, m.ddi_reference, m.sort_code, m.account_number, m.account_name, m.lodgement_instruction_id, m.final_collection_on
     from dd_collections c
     join dd_mandates m on m.id = c.mandate_id
     join dd_advance_notices n on n.id = c.notice_id
     join accounts a on a.id = m.account_id
     where c.collection_date = $1 and c.status = 'planned'
     order by m.ddi_reference, c.id
     for update of c`,
    [D],
  )
  const history = await tx.query<{
    id: number
    mandate_id: number
    transaction_code: CollectionTransactionCode
    processing_date: string
    amount_pence: number
    status: 'collected' | 'unpaid'
    unpaid_reason_code: string | null
    represented_from_id: number | null
  }>(
    `select c.id, c.mandate_id, c.transaction_code, r.processing_date, c.amount_pence, c.status, c.unpaid_reason_code, c.represented_from_id
     from dd_collections c join dd_runs r on r.id = c.run_id join dd_mandates m on m.id = c.mandate_id
     where c.mandate_id = any($1::int[]) and c.status in ('collected', 'unpaid') and c.instruction_id = m.lodgement_instruction_id
     order by c.id`,
    [[...new Set(due.map((d) => d.mandate_id))]],
  )
  const pastOf = new Map<number, PastCollection[]>()
  for (const h of history) {
    if (!pastOf.has(h.mandate_id)) pastOf.set(h.mandate_id, [])
    pastOf.get(h.mandate_id)!.push({
      id: String(h.id),
      transactionCode: h.transaction_code,
      processingDate: h.processing_date,
      amountPence: h.amount_pence,
      status: h.status === 'collected' ? 'paid' : 'unpaid',
      ...(h.unpaid_reason_code ? { returnReasonCode: h.unpaid_reason_code } : {}),
      ...(h.represented_from_id ? { representationOf: String(h.represented_from_id) } : {}),
    })
  }

  const collect: (DueRow & { code: CollectionTransactionCode })[] = []
  const missed: { row: DueRow; reason: string }[] = []
  for (const d of due) {
    if (d.status !== 'active') {
      missed.push({
        row: d,
        reason:
          d.status === 'pending_lodgement' || d.status === 'lodged'
            ? 'The instruction was not lodged at the bank 2 working days before the collection date'
            : `The Direct Debit is ${d.status.replace('_', ' ')}`,
      })
      continue
    }
    if (d.earliest_collection > D) {
      missed.push({ row: d, reason: `The advance notice allows collection from ${d.earliest_collection} only` })
      continue
    }
    try {
      const past = pastOf.get(d.mandate_id) ?? []
      const decision = d.represented_from_id
        ? transactionCodeFor({ kind: 're-presentation', originalId: String(d.represented_from_id), collectionDate: D }, past)
        : transactionCodeFor({ kind: d.final_collection_on === D ? 'final' : 'regular' }, past)
      collect.push({ ...d, code: decision.code })
    } catch (e) {
      if (e instanceof TransactionCodeError) missed.push({ row: d, reason: e.message })
      else throw e
    }
  }
  if (missed.length > 0) {
    await tx.query(
      `update dd_collections c set status = 'cancelled', cancel_reason = u.reason, updated_at = now()
       from unnest($1::bigint[], $2::text[]) as u(id, reason) where c.id = u.id`,
      [missed.map((m) => m.row.id), missed.map((m) => `Not collected: ${m.reason}`)],
    )
    await createOfficerTasks(
      tx,
      missed.map(
        (m): NewOfficerTask => ({
          accountId: m.row.account_id,
          mandateId: m.row.mandate_id,
          kind: 'dd_collection_missed',
          summary: `Direct Debit of £${(m.row.amount_pence / 100).toFixed(2)} due ${D} (${m.row.ddi_reference}) was not collected: ${m.reason}`,
          details: { collectionId: m.row.id, reference: m.row.ddi_reference, amountPence: m.row.amount_pence, date: D, reason: m.reason },
          source: ctx.source,
        }),
      ),
      D,
      o.calendar,
    )
  }

  // 4. AUDDIS instructions requested by the day the file is sent.
  const instructions = await tx.query<{ id: number; mandate_id: number; code: '0N' | '0C' | '0S'; ddi_reference: string; sort_code: string; account_number: string; account_name: string }>(
    `select id, mandate_id, code, ddi_reference, sort_code, account_number, account_name from dd_instructions
     where status = 'pending' and requested_on <= $1 order by case code when '0C' then 0 else 1 end, id for update`,
    [o.cycle.inputDay],
  )
  const counts: DdRunCounts = { byCode: {}, instructions: {}, activated: activated.length, missed: missed.length }
  for (const c of collect) counts.byCode[c.code] = (counts.byCode[c.code] ?? 0) + 1
  for (const i of instructions) counts.instructions[i.code] = (counts.instructions[i.code] ?? 0) + 1
  const overdue = await overdueCount(tx, D)
  const nothing = {
    runId: null,
    replayed: false,
    collectionDate: D,
    processingDate: o.cycle.processingDay,
    inputDate: o.cycle.inputDay,
    fileName: null,
    content: null,
    sha256: null,
    collections: 0,
    totalPence: 0,
    counts,
    overdue,
    transactionId: null,
  }
  if (collect.length === 0 && instructions.length === 0) return nothing

  // 5. The file.
  const [seq] = await tx.query<{ id: number }>(`select nextval('dd_runs_id_seq')::bigint as id`)
  const runId = seq!.id
  const records: Standard18Record[] = [
    ...instructions.map((i) => ({ sortCode: i.sort_code, accountNumber: i.account_number, accountName: i.account_name, reference: i.ddi_reference, amountPence: 0, transactionCode: i.code })),
    ...collect.map((c) => ({ sortCode: c.sort_code, accountNumber: c.account_number, accountName: c.account_name, reference: c.ddi_reference, amountPence: c.amount_pence, transactionCode: c.code })),
  ]
  let content: string
  try {
    content = writeStandard18File({
      serviceUserNumber: settings.serviceUserNumber,
      serviceUserName: settings.serviceUserName,
      processingDate: o.cycle.processingDay,
      fileSerial: fileSerialFor(runId),
      originatingSortCode: settings.sortCode,
      originatingAccountNumber: settings.accountNumber,
      records,
      calendar: o.calendar,
    })
  } catch (e) {
    if (e instanceof Standard18Error) throw e.toAppError()
    throw e
  }
  const sha256 = crypto.createHash('sha256').update(content).digest('hex')
  const totalPence = collect.reduce((s, c) => s + c.amount_pence, 0)

  // 6. Post the collections as payments on D, one ledger transaction for the run.
  let transactionId: number | null = null
  let paymentIds: number[] = []
  if (collect.length > 0) {
    const posted = await postPaymentBatch(tx, {
      idempotencyKey: `dd-collection:${D}`,
      effectiveDate: D,
      postingDate: o.postingDate,
      source: 'batch',
      actor: o.actor,
      description: `Direct Debit collections ${D}`,
      jobRunId: o.jobRunId,
      payments: collect.map((c) => ({ accountId: c.account_id, amountPence: c.amount_pence, method: 'direct_debit' as const, receivedOn: D, reference: c.ddi_reference })),
    })
    transactionId = posted.transactionId
    paymentIds = posted.paymentIds
  }
  const fileName = `dd-${D}-${fileSerialFor(runId)}.txt`
  await tx.query(
    `insert into dd_runs (id, collection_date, processing_date, input_date, file_serial, file_name, content, content_sha256, collection_count,
       collection_total_pence, instruction_count, counts, transaction_id, job_run_id, actor, user_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
    [
      runId,
      D,
      o.cycle.processingDay,
      o.cycle.inputDay,
      fileSerialFor(runId),
      fileName,
      content,
      sha256,
      collect.length,
      totalPence,
      instructions.length,
      JSON.stringify(counts),
      transactionId,
      o.jobRunId,
      o.actor.label,
      o.actor.userId,
    ],
  )
  if (collect.length > 0) {
    await tx.query(
      `update dd_collections c set status = 'collected', transaction_code = u.code, run_id = $1, instruction_id = u.instruction_id, payment_id = u.payment_id,
         updated_at = now()
       from unnest($2::bigint[], $3::text[], $4::bigint[], $5::bigint[]) as u(id, code, instruction_id, payment_id) where c.id = u.id`,
      [runId, collect.map((c) => c.id), collect.map((c) => c.code), collect.map((c) => c.lodgement_instruction_id), paymentIds],
    )
  }
  if (instructions.length > 0) {
    await tx.query(`update dd_instructions set status = 'submitted', run_id = $1 where id = any($2::bigint[])`, [runId, instructions.map((i) => i.id)])
    // A lodgement reaches the payer's bank on D: the mandate may be collected from 2 working days later.
    const lodgements = instructions.filter((i) => i.code !== '0C')
    const lodged = await tx.query<{ id: number; version: number; status: MandateStatus }>(
      `update dd_mandates m set lodged_on = $1, lodgement_instruction_id = u.instruction_id, version = version + 1, updated_at = now(),
         status = case when m.status = 'pending_lodgement' then 'lodged' else m.status end
       from unnest($2::int[], $3::bigint[]) as u(mandate_id, instruction_id) where m.id = u.mandate_id
       returning m.id, m.version, m.status`,
      [D, lodgements.map((i) => i.mandate_id), lodgements.map((i) => i.id)],
    )
    await appendMandateEvents(tx, lodged.map((m) => ({ mandate: m, event: 'lodged' as const, details: { runId, instruction: lodgements.find((i) => i.mandate_id === m.id)!.code } })), ctx)
  }
  // A final collection ends its mandate. After a 19 the payer's bank deletes the instruction itself; after a
  // first-and-final 01 it does not, so a 0C follows.
  const finals = collect.filter((c) => c.final_collection_on === D && !c.represented_from_id)
  if (finals.length > 0) {
    const mandates = await tx.query<Mandate>(`select ${MANDATE_COLUMNS} from dd_mandates m where m.id = any($1::int[])`, [finals.map((f) => f.mandate_id)])
    for (const m of mandates) {
      const code = finals.find((f) => f.mandate_id === m.id)!.code
      await stopMandate(tx, m, { ...ctx, status: 'cancelled', reason: `Final collection made on ${D}`, sendCancel: code !== '19' })
    }
  }
  await recordAuditEvent(tx, o.actor, {
    action: 'direct_debit.collection_run',
    entityType: 'dd_run',
    entityId: runId,
    after: { collectionDate: D, processingDate: o.cycle.processingDay, collections: collect.length, totalPence, ...counts, sha256 },
  })
  return { ...nothing, runId, fileName, content, sha256, collections: collect.length, totalPence, transactionId }
}
