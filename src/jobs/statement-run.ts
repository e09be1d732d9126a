/**
 * Rent statements on a schedule (`reeve run statements`): for every open account of the selection (all rent
 * accounts, a patch, or named accounts), a statement for the period with its covering letter, stored as a document;
 * and, for each person who prefers e-mail and has an address, an e-mail through GOV.UK Notify with the PDF as a file
 * link. Run from cron like the other jobs (e.g. quarterly: the Pre-Action Protocol asks for rent statements at least
 * every quarter).
 *
 * Idempotent: a run is keyed by its period and selection; each account's document is unique within the run and each
 * e-mail has its key, so running it again (or resuming after a crash) produces nothing twice.
 */
import type { Db } from '../db/client.ts'
import { addDays, isIsoDate, type IsoDate } from '../domain/calendar/dates.ts'
import { AppError } from '../errors.ts'
import type { Actor } from '../services/actor.ts'
import { recordAuditEvent } from '../services/audit/record-audit-event.ts'
import { generateLetter, type Council } from '../services/documents/generate-document.ts'
import { loadAccountFacts } from '../services/documents/merge-data.ts'
import type { NotifySender } from '../services/messages/notify-client.ts'
import { sendMessage, type SendResult } from '../services/messages/send-message.ts'
import { ensureDefaultTemplates } from '../services/templates/load-default-templates.ts'

export type StatementSelection = { all: true } | { patch: string } | { accounts: string[] }

export interface StatementRunOptions {
  date: IsoDate
  /** Default: the 13 weeks (91 days) to the day before `date`. */
  from?: IsoDate
  to?: IsoDate
  selection: StatementSelection
  actor: Actor
  council?: Council
}

export interface StatementRunResult {
  runId: number
  replayed: boolean
  period: { from: IsoDate; to: IsoDate }
  accounts: number
  documents: number
  emails: Record<SendResult['outcome'], number>
}

export function selectionKey(s: StatementSelection): string {
  if ('all' in s) return 'all'
  if ('patch' in s) return `patch:${s.patch}`
  return `accounts:${[...s.accounts].sort().join(',')}`
}

export async function runStatements(db: Db, sender: NotifySender | null, o: StatementRunOptions): Promise<StatementRunResult> {
  if (!isIsoDate(o.date)) throw new AppError('validation', `--date must be YYYY-MM-DD, got ${o.date}`)
  const to = o.to ?? addDays(o.date, -1)
  const from = o.from ?? addDays(to, -90)
  if (!isIsoDate(from) || !isIsoDate(to) || from > to) throw new AppError('validation', 'The statement period must be two dates, the first on or before the second', [{ field: '--from', message: 'Enter a real period' }])
  await ensureDefaultTemplates(db)
  const key = `statements:${from}:${to}:${selectionKey(o.selection)}`
  const [existing] = await db.query<{ id: number; status: string }>('select id, status from statement_runs where run_key = $1', [key])
  const replayed = existing?.status === 'completed'
  const runId =
    existing?.id ??
    (await db.transaction(async (tx) => {
      const [r] = await tx.query<{ id: number }>(
        `insert into statement_runs (run_key, run_date, period_from, period_to, selection, status, created_by, created_user_id)
         values ($1, $2, $3, $4, $5, 'running', $6, $7) returning id`,
        [key, o.date, from, to, JSON.stringify(o.selection), o.actor.label, o.actor.userId],
      )
      await recordAuditEvent(tx, o.actor, { action: 'statement_run.started', entityType: 'statement_run', entityId: r!.id, after: { from, to, selection: o.selection } })
      return r!.id
    }))
  const accounts = await db.query<{ id: number; account_number: string }>(
    `select a.id, a.account_number from accounts a left join patches p on p.id = a.patch_id
     where a.account_class = 'customer' and a.status = 'open' and a.opened_on <= $1
       and case when $2::text = 'all' then a.account_type = 'rent'
                when $2::text = 'patch' then p.code = $3
                else a.account_number = any($4::text[]) end
     order by a.id`,
    [to, 'all' in o.selection ? 'all' : 'patch' in o.selection ? 'patch' : 'accounts', 'patch' in o.selection ? o.selection.patch : null, 'accounts' in o.selection ? o.selection.accounts : []],
  )
  if ('accounts' in o.selection) {
    const found = new Set(accounts.map((a) => a.account_number))
    const missing = o.selection.accounts.filter((n) => !found.has(n))
    if (missing.length) throw new AppError('validation', `No open customer account ${missing.join(', ')}`, missing.map((n) => ({ field: '--accounts', message: `No open account ${n}` })))
  }
  const emails: StatementRunResult['emails'] = { sent: 0, failed: 0, queued: 0, already_sent: 0, withheld: 0, no_channel: 0 }
  let documents = 0
  for (const a of accounts) {
    const docId = await db.transaction(async (tx) => {
      const [done] = await tx.query<{ id: number }>('select id from generated_documents where statement_run_id = $1 and account_id = $2', [runId, a.id])
      if (done) return done.id
      documents++
      return (await generateLetter(tx, { accountId: a.id, templateKey: 'rent-statement-covering', today: o.date, actor: o.actor, council: o.council, statementRunId: runId, statement: { from, to } })).documentId
    })
    const facts = await loadAccountFacts(db, a.id, { today: o.date, statement: { from, to } })
    for (const party of facts.parties) {
      if (party.preferredChannel !== 'email') continue
      const key = `statement-run:${runId}:account:${a.id}:party:${party.id}`
      const [already] = await db.query('select 1 from messages where idempotency_key = $1 and status <> $2', [key, 'queued'])
      const pdf = already ? null : (await db.query<{ pdf: Uint8Array }>('select pdf from generated_documents where id = $1', [docId]))[0]!.pdf
      const r = await sendMessage(db, sender, {
        facts,
        party,
        kind: 'statement',
        today: o.date,
        actor: o.actor,
        idempotencyKey: key,
        documentId: docId,
        statementRunId: runId,
        attachment: pdf ? { pdf: Buffer.from(pdf), filename: `statement-${a.account_number}.pdf` } : undefined,
      })
      emails[r.outcome]++
    }
  }
  const counts = { accounts: accounts.length, documents, emails }
  if (!replayed) await db.query(`update statement_runs set status = 'completed', counts = $2, finished_at = now() where id = $1`, [runId, JSON.stringify(counts)])
  return { runId, replayed, period: { from, to }, accounts: accounts.length, documents, emails }
}
