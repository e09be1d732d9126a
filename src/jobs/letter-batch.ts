/**
 * Letter runs (`reeve run letters`, `reeve letters approve`, `reeve letters print`): the trawl's recommended letters
 * become one batch per template awaiting a team leader's approval; on approval every letter is generated (one
 * document per account, one copy per named tenant) and recorded on its case; then the batch prints as one merged PDF.
 *
 * Nothing is produced twice:
 * - a batch is unique per (trawl run, template): running the job again for the same trawl returns the batches made;
 * - each letter is an item that goes pending → generated (or skipped, with the reason) in its own transaction, and a
 *   document is unique per (batch, account): approving again generates only what is still pending (a crashed
 *   approval resumes where it stopped);
 * - the step is recorded as a recovery action: the trawl recorded the steps the pathway lets the system take
 *   ("queued for sending by the trawl"); a letter that needs a named officer is recorded on approval with the team
 *   leader as the officer (recordRecoveryAction: sequence, holds and authority checked), which moves the case on so
 *   the next trawl does not recommend it again.
 * Letters whose stage needs checks an officer must confirm (e.g. contact attempted) are left for the officer.
 * A hold that stops demands (Breathing Space…) and began after the trawl skips the letter on approval.
 */
import type { Db, Queryable } from '../db/client.ts'
import { isIsoDate, todayInLondon, type IsoDate } from '../domain/calendar/dates.ts'
import { activeHolds, describeHold, findStage, holdsBlocking } from '../domain/recovery/index.ts'
import { AppError, isAppError } from '../errors.ts'
import type { Actor } from '../services/actor.ts'
import { recordAuditEvent } from '../services/audit/record-audit-event.ts'
import { generateLetter, mergePdfs, type Council } from '../services/documents/generate-document.ts'
import { toDomainHold } from '../services/recovery/holds.ts'
import { loadPathways } from '../services/recovery/pathways.ts'
import { recordRecoveryAction } from '../services/recovery/record-action.ts'
import { ensureDefaultTemplates } from '../services/templates/load-default-templates.ts'

export const LETTER_ACTIONS = ['letter', 'letter_before_claim'] as const

export interface BatchSummary {
  id: number
  batchDate: string
  trawlRunId: number
  templateKey: string
  status: 'awaiting_approval' | 'approved' | 'printed'
  letterCount: number
  generated: number
  skipped: number
  pending: number
  approvedBy: string | null
  printedBy: string | null
}

export interface CreateBatchesResult {
  trawlRunId: number
  runDate: string
  created: BatchSummary[]
  existing: BatchSummary[]
  /** Letter steps left for an officer because the stage needs checks confirmed. */
  needsOfficer: number
}

async function trawlRunFor(db: Queryable, date: IsoDate | undefined): Promise<{ id: number; run_date: string }> {
  const [run] = date
    ? await db.query<{ id: number; run_date: string; status: string }>('select id, run_date, status from trawl_runs where run_date = $1', [date])
    : await db.query<{ id: number; run_date: string; status: string }>(`select id, run_date, status from trawl_runs where status = 'completed' order by run_date desc limit 1`)
  if (!run) throw new AppError('not_found', date ? `No trawl has run for ${date}: run \`reeve run trawl --date ${date}\` first` : 'No trawl has run yet')
  if ((run as { status: string }).status !== 'completed') throw new AppError('invalid_state', `The trawl for ${run.run_date} has not finished`)
  return run
}

const SUMMARY_SQL = `select b.id, b.batch_date, b.trawl_run_id, b.template_key, b.status, b.letter_count, b.approved_by, b.printed_by,
    count(*) filter (where i.status = 'generated')::int as generated, count(*) filter (where i.status = 'skipped')::int as skipped,
    count(*) filter (where i.status = 'pending')::int as pending
  from letter_batches b left join letter_batch_items i on i.batch_id = b.id`

interface SummaryRow {
  id: number
  batch_date: string
  trawl_run_id: number
  template_key: string
  status: BatchSummary['status']
  letter_count: number
  approved_by: string | null
  printed_by: string | null
  generated: number
  skipped: number
  pending: number
}

const toSummary = (r: SummaryRow): BatchSummary => ({
  id: r.id,
  batchDate: r.batch_date,
  trawlRunId: r.trawl_run_id,
  templateKey: r.template_key,
  status: r.status,
  letterCount: r.letter_count,
  generated: r.generated,
  skipped: r.skipped,
  pending: r.pending,
  approvedBy: r.approved_by,
  printedBy: r.printed_by,
})

export async function listBatches(db: Queryable, opts: { status?: BatchSummary['status']; limit?: number } = {}): Promise<BatchSummary[]> {
  const rows = await db.query<SummaryRow>(`${SUMMARY_SQL} where $1::text is null or b.status = $1 group by b.id order by b.id desc limit $2`, [opts.status ?? null, opts.limit ?? 100])
  return rows.map(toSummary)
}

export async function getBatch(db: Queryable, id: number): Promise<BatchSummary> {
  const [r] = await db.query<SummaryRow>(`${SUMMARY_SQL} where b.id = $1 group by b.id`, [id])
  if (!r) throw new AppError('not_found', `No letter batch ${id}`)
  return toSummary(r)
}

export interface BatchItem {
  id: number
  accountId: number
  accountNumber: string
  accountName: string
  stage: string
  status: 'pending' | 'generated' | 'skipped'
  skipReason: string | null
  documentId: number | null
  arrearsPence: number
}

export async function listBatchItems(db: Queryable, batchId: number): Promise<BatchItem[]> {
  const rows = await db.query<{ id: number; account_id: number; account_number: string; name: string; stage: string; status: BatchItem['status']; skip_reason: string | null; document_id: number | null; arrears: number | null }>(
    `select i.id, i.account_id, a.account_number, a.name, i.stage, i.status, i.skip_reason, i.document_id, r.arrears_pence as arrears
     from letter_batch_items i join accounts a on a.id = i.account_id left join recommendations r on r.id = i.recommendation_id
     where i.batch_id = $1 order by i.id`,
    [batchId],
  )
  return rows.map((r) => ({ id: r.id, accountId: r.account_id, accountNumber: r.account_number, accountName: r.name, stage: r.stage, status: r.status, skipReason: r.skip_reason, documentId: r.document_id, arrearsPence: r.arrears ?? 0 }))
}

/** Makes the batches for a trawl run (the run of `date`, or the latest): one per template, awaiting approval. */
export async function createLetterBatches(db: Db, o: { date?: IsoDate; actor: Actor }): Promise<CreateBatchesResult> {
  if (o.date !== undefined && !isIsoDate(o.date)) throw new AppError('validation', `--date must be a date as YYYY-MM-DD, got ${o.date}`)
  await ensureDefaultTemplates(db)
  const run = await trawlRunFor(db, o.date)
  const pathways = new Map((await loadPathways(db)).map((p) => [`${p.id}@${p.version}`, p]))
  const recs = await db.query<{ id: number; account_id: number; pathway_id: string; pathway_version: string; stage: string; applied: boolean; required_checks: string[]; action_id: number | null }>(
    `select r.id, r.account_id, r.pathway_id, r.pathway_version, r.stage, r.applied, r.required_checks,
       (select ra.id from recovery_actions ra where ra.recommendation_id = r.id order by ra.id limit 1) as action_id
     from recommendations r
     where r.run_id = $1 and r.kind = 'action' and r.action_type = any($2)
     order by r.account_id`,
    [run.id, LETTER_ACTIONS],
  )
  const byTemplate = new Map<string, typeof recs>()
  let needsOfficer = 0
  for (const r of recs) {
    if (!r.applied && r.required_checks.length > 0) {
      needsOfficer++
      continue
    }
    const stage = findStage(pathways.get(`${r.pathway_id}@${r.pathway_version}`)!, r.stage)
    const key = stage?.action.template ?? `${r.pathway_id}-${r.stage}`
    byTemplate.set(key, [...(byTemplate.get(key) ?? []), r])
  }
  const created: number[] = []
  await db.transaction(async (tx) => {
    for (const [key, items] of [...byTemplate.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      const [b] = await tx.query<{ id: number }>(
        `insert into letter_batches (batch_date, trawl_run_id, template_key, status, letter_count, created_by, created_user_id)
         values ($1, $2, $3, 'awaiting_approval', $4, $5, $6) on conflict (trawl_run_id, template_key) do nothing returning id`,
        [run.run_date, run.id, key, items.length, o.actor.label, o.actor.userId],
      )
      if (!b) continue
      await tx.query(
        `insert into letter_batch_items (batch_id, account_id, recommendation_id, pathway_id, pathway_version, stage, action_id, status)
         select $1, x.account_id, x.id, x.pathway_id, x.pathway_version, x.stage, x.action_id, 'pending'
         from jsonb_to_recordset($2::jsonb) as x(id bigint, account_id int, pathway_id text, pathway_version text, stage text, action_id bigint)`,
        [b.id, JSON.stringify(items.map((i) => ({ id: i.id, account_id: i.account_id, pathway_id: i.pathway_id, pathway_version: i.pathway_version, stage: i.stage, action_id: i.action_id })))],
      )
      await recordAuditEvent(tx, o.actor, { action: 'letter_batch.created', entityType: 'letter_batch', entityId: b.id, after: { trawlRunId: run.id, template: key, letters: items.length } })
      created.push(b.id)
    }
  })
  const all = (await db.query<SummaryRow>(`${SUMMARY_SQL} where b.trawl_run_id = $1 group by b.id order by b.id`, [run.id])).map(toSummary)
  return { trawlRunId: run.id, runDate: run.run_date, created: all.filter((b) => created.includes(b.id)), existing: all.filter((b) => !created.includes(b.id)), needsOfficer }
}

async function requireTeamLeader(db: Queryable, actor: Actor): Promise<void> {
  if (actor.userId === null) throw new AppError('forbidden', 'A letter batch must be approved by a named team leader (use --user with the CLI)')
  const [u] = await db.query<{ role: string; active: boolean }>('select role, active from users where id = $1', [actor.userId])
  if (!u || !u.active || u.role !== 'team_leader') throw new AppError('forbidden', `Only a team leader can approve a letter batch, not ${actor.label}`)
}

export interface ApproveResult {
  batch: BatchSummary
  generated: number
  skipped: number
  /** True when the batch had already been approved (this call finished what was pending, if anything). */
  alreadyApproved: boolean
}

/**
 * Approves a batch and generates its letters, each in its own transaction. `today` is the letters' date (default:
 * today in London).
 */
export async function approveLetterBatch(db: Db, o: { batchId: number; actor: Actor; today?: IsoDate; council?: Council }): Promise<ApproveResult> {
  await requireTeamLeader(db, o.actor)
  const today = o.today ?? todayInLondon(new Date())
  if (!isIsoDate(today)) throw new AppError('validation', `The letters' date must be YYYY-MM-DD, got ${today}`)
  const alreadyApproved = await db.transaction(async (tx) => {
    const [b] = await tx.query<{ status: string }>('select status from letter_batches where id = $1 for update', [o.batchId])
    if (!b) throw new AppError('not_found', `No letter batch ${o.batchId}`)
    if (b.status !== 'awaiting_approval') return true
    await tx.query(`update letter_batches set status = 'approved', approved_by = $2, approved_user_id = $3, approved_at = now() where id = $1`, [o.batchId, o.actor.label, o.actor.userId])
    await recordAuditEvent(tx, o.actor, { action: 'letter_batch.approved', entityType: 'letter_batch', entityId: o.batchId, before: { status: 'awaiting_approval' }, after: { status: 'approved', lettersDated: today } })
    return false
  })
  const [batch] = await db.query<{ template_key: string }>('select template_key from letter_batches where id = $1', [o.batchId])
  const pending = await db.query<{ id: number }>(`select id from letter_batch_items where batch_id = $1 and status = 'pending' order by id`, [o.batchId])
  let generated = 0
  let skipped = 0
  for (const { id } of pending) {
    try {
      const done = await db.transaction((tx) => generateItem(tx, { itemId: id, batchId: o.batchId, templateKey: batch!.template_key, today, actor: o.actor, council: o.council }))
      if (done) generated++
    } catch (e) {
      if (!isAppError(e)) throw e
      await db.transaction(async (tx) => {
        const r = await tx.query(`update letter_batch_items set status = 'skipped', skip_reason = $2, updated_at = now() where id = $1 and status = 'pending' returning id`, [id, e.userMessage])
        if (r.length) await recordAuditEvent(tx, o.actor, { action: 'letter_batch.letter_skipped', entityType: 'letter_batch', entityId: o.batchId, after: { itemId: id }, reason: e.userMessage })
      })
      skipped++
    }
  }
  return { batch: await getBatch(db, o.batchId), generated, skipped, alreadyApproved }
}

/** One letter: holds checked, the step recorded if the trawl has not, the document generated. False if already done. */
async function generateItem(tx: Queryable, o: { itemId: number; batchId: number; templateKey: string; today: IsoDate; actor: Actor; council?: Council }): Promise<boolean> {
  const [item] = await tx.query<{ account_id: number; stage: string; status: string; action_id: number | null; recommendation_id: number }>(
    'select account_id, stage, status, action_id, recommendation_id from letter_batch_items where id = $1 for update',
    [o.itemId],
  )
  if (!item || item.status !== 'pending') return false
  const holds = await tx.query<{ id: number; hold_type: string; starts_on: string; ends_on: string | null; ended_on: string | null; treatment_ends_on: string | null; reason: string }>(
    `select id, hold_type, starts_on, ends_on, ended_on, treatment_ends_on, reason from holds
     where account_id = $1 or party_id in (select party_id from account_parties where account_id = $1)`,
    [item.account_id],
  )
  const blocking = holdsBlocking('letter', activeHolds(holds.map(toDomainHold), o.today))
  if (blocking.length) throw new AppError('invalid_state', `Not sent: ${blocking.map(describeHold).join('; ')}`)
  let actionId = item.action_id
  if (actionId === null) {
    const recorded = await recordRecoveryAction(tx, {
      accountId: item.account_id,
      stageId: item.stage,
      takenOn: o.today,
      outcome: `Letter "${o.templateKey}" generated in letter batch ${o.batchId}`,
      channel: 'letter',
      documentRef: o.templateKey,
      recommendationId: item.recommendation_id,
      actor: o.actor,
    })
    actionId = recorded.actionId
  }
  const doc = await generateLetter(tx, { accountId: item.account_id, templateKey: o.templateKey, today: o.today, actor: o.actor, council: o.council, batchId: o.batchId, actionId })
  await tx.query(`update letter_batch_items set status = 'generated', document_id = $2, action_id = $3, updated_at = now() where id = $1`, [o.itemId, doc.documentId, actionId])
  return true
}

/** The batch's letters as one print file (in batch order); the first print marks the batch printed. */
export async function printLetterBatch(db: Db, o: { batchId: number; actor: Actor }): Promise<{ pdf: Buffer; letters: number; pages: number; batch: BatchSummary }> {
  const batch = await getBatch(db, o.batchId)
  if (batch.status === 'awaiting_approval') throw new AppError('invalid_state', `Letter batch ${o.batchId} is awaiting approval`)
  if (batch.pending > 0) throw new AppError('invalid_state', `Letter batch ${o.batchId} has ${batch.pending} letter(s) still to generate: approve it again to finish`)
  const docs = await db.query<{ pdf: Uint8Array; produced_on: string }>(
    `select d.pdf, d.produced_on from letter_batch_items i join generated_documents d on d.id = i.document_id where i.batch_id = $1 and i.status = 'generated' order by i.id`,
    [o.batchId],
  )
  if (docs.length === 0) throw new AppError('invalid_state', `Letter batch ${o.batchId} has no letters to print`)
  const { pdf, pageCount } = await mergePdfs(docs.map((d) => d.pdf), `Letter batch ${o.batchId}: ${batch.templateKey}`, docs[0]!.produced_on)
  const sha = (await import('node:crypto')).createHash('sha256').update(pdf).digest('hex')
  await db.transaction(async (tx) => {
    const r = await tx.query(`update letter_batches set status = 'printed', printed_by = $2, printed_at = now(), print_sha256 = $3 where id = $1 and status = 'approved' returning id`, [o.batchId, o.actor.label, sha])
    await recordAuditEvent(tx, o.actor, { action: r.length ? 'letter_batch.printed' : 'letter_batch.reprinted', entityType: 'letter_batch', entityId: o.batchId, after: { letters: docs.length, pages: pageCount, sha256: sha } })
  })
  return { pdf, letters: docs.length, pages: pageCount, batch: await getBatch(db, o.batchId) }
}
