/**
 * Letters, statements and messages on the command line (docs/letters.md):
 *
 *   reeve run letters [--date D]                 the trawl's recommended letters as batches awaiting approval
 *   reeve letters list | show BATCH
 *   reeve letters approve BATCH --user U [--date D]   a team leader approves: every letter generated and recorded
 *   reeve letters print BATCH --out F            the batch as one PDF print file
 *   reeve letter ACCOUNT --template KEY --out F [--date D] [--user U]   one letter from a template
 *   reeve run statements --date D [--from D --to D] (--all | --patch CODE | --accounts A,B)
 *   reeve run messages [--date D]                the reminder texts and e-mails the trawl queued
 *   reeve messages poll                          delivery statuses from GOV.UK Notify
 *   reeve templates load | list
 */
import fs from 'node:fs'
import type { Command } from 'commander'
import { z } from 'zod'
import { loadConfig } from '../../config.ts'
import type { Queryable } from '../../db/client.ts'
import { formatPounds } from '../../domain/money/pence.ts'
import { AppError } from '../../errors.ts'
import { approveLetterBatch, createLetterBatches, getBatch, listBatches, listBatchItems, printLetterBatch, type BatchSummary } from '../../jobs/letter-batch.ts'
import { runStatements, type StatementSelection } from '../../jobs/statement-run.ts'
import { generateLetter } from '../../services/documents/generate-document.ts'
import { notifySenderFrom } from '../../services/messages/notify-client.ts'
import { pollMessageStatuses } from '../../services/messages/send-message.ts'
import { sendTrawlReminders } from '../../services/messages/send-trawl-reminders.ts'
import { ensureDefaultTemplates } from '../../services/templates/load-default-templates.ts'
import { listTemplates } from '../../services/templates/templates.ts'
import { resolveCliActor } from '../actor.ts'
import { isoDate, parseOptions, today, withDb } from '../context.ts'

const batchId = z.coerce.number().int().positive()

function describeBatch(b: BatchSummary): string {
  const progress = b.status === 'awaiting_approval' ? `${b.letterCount} letter(s)` : `${b.generated} generated, ${b.skipped} skipped${b.pending ? `, ${b.pending} pending` : ''}`
  return `Batch ${b.id}  ${b.batchDate}  ${b.templateKey.padEnd(28)} ${b.status.replaceAll('_', ' ').padEnd(18)} ${progress}`
}

async function customerAccountId(db: Queryable, key: string): Promise<number> {
  const [a] = await db.query<{ id: number }>(`select id from accounts where (account_number = $1 or payment_reference = $1) and account_class = 'customer'`, [key])
  if (!a) throw new AppError('not_found', `No customer account ${key}`)
  return a.id
}

export function registerLetters(program: Command, run: Command): void {
  run
    .command('letters')
    .description("the trawl's recommended letters as one batch per template, awaiting a team leader's approval (never twice)")
    .option('--date <date>', 'the trawl run of this date (default: the latest)')
    .option('--user <username>', 'who is running it')
    .action(async (raw) => {
      const o = parseOptions(z.object({ date: isoDate.optional(), user: z.string().optional() }), raw)
      await withDb(async (db) => {
        const r = await createLetterBatches(db, { date: o.date, actor: await resolveCliActor(db, o.user) })
        console.log(`Trawl of ${r.runDate}: ${r.created.length} new batch(es), ${r.existing.length} already made.`)
        for (const b of [...r.created, ...r.existing]) console.log(describeBatch(b))
        if (r.needsOfficer) console.log(`${r.needsOfficer} letter step(s) need checks an officer must confirm: they are on the worktray.`)
      })
    })

  const letters = program.command('letters').description('letter batches')
  letters
    .command('list')
    .option('--status <status>', 'awaiting-approval, approved or printed')
    .action(async (raw) => {
      const o = parseOptions(z.object({ status: z.string().transform((s) => s.replaceAll('-', '_')).pipe(z.enum(['awaiting_approval', 'approved', 'printed'])).optional() }), raw)
      await withDb(async (db) => {
        const batches = await listBatches(db, { status: o.status })
        if (!batches.length) console.log('No letter batches.')
        for (const b of batches) console.log(describeBatch(b))
      })
    })
  letters
    .command('show <batch>')
    .action(async (id: string) => {
      const n = parseOptions(z.object({ batch: batchId }), { batch: id }).batch
      await withDb(async (db) => {
        console.log(describeBatch(await getBatch(db, n)))
        for (const i of await listBatchItems(db, n)) {
          console.log(`  ${i.accountNumber.padEnd(12)} ${formatPounds(i.arrearsPence).padStart(12)}  ${i.stage.padEnd(20)} ${i.status}${i.documentId ? ` (document ${i.documentId})` : ''}${i.skipReason ? `: ${i.skipReason}` : ''}`)
        }
      })
    })
  letters
    .command('approve <batch>')
    .description('approve a batch (team leader): every letter is generated, stored and recorded on its case')
    .requiredOption('--user <username>', 'the approving team leader')
    .option('--date <date>', "the letters' date (default: today)")
    .action(async (id: string, raw) => {
      const o = parseOptions(z.object({ batch: batchId, user: z.string(), date: isoDate.optional() }), { ...raw, batch: id })
      await withDb(async (db) => {
        const r = await approveLetterBatch(db, { batchId: o.batch, actor: await resolveCliActor(db, o.user), today: o.date ?? today() })
        console.log(`${r.alreadyApproved ? 'Already approved' : 'Approved'}: ${r.generated} letter(s) generated now, ${r.skipped} skipped now.`)
        console.log(describeBatch(r.batch))
      })
    })
  letters
    .command('print <batch>')
    .description('the batch as one PDF print file')
    .requiredOption('--out <file>', 'where to write the PDF')
    .option('--user <username>', 'who is printing it')
    .action(async (id: string, raw) => {
      const o = parseOptions(z.object({ batch: batchId, out: z.string().min(1), user: z.string().optional() }), { ...raw, batch: id })
      await withDb(async (db) => {
        const r = await printLetterBatch(db, { batchId: o.batch, actor: await resolveCliActor(db, o.user) })
        fs.writeFileSync(o.out, r.pdf)
        console.log(`Wrote ${o.out}: ${r.letters} letter(s), ${r.pages} page(s).`)
      })
    })

  program
    .command('letter <account>')
    .description('generate one letter for an account from a live template, stored on the case')
    .requiredOption('--template <key>', 'the template, e.g. arrears-letter-1')
    .requiredOption('--out <file>', 'where to write the PDF')
    .option('--date <date>', 'the letter date (default: today)')
    .option('--language <language>', 'en or cy (default: the first tenant\'s language)')
    .option('--user <username>', 'who is producing it')
    .action(async (account: string, raw) => {
      const o = parseOptions(z.object({ template: z.string().min(1), out: z.string().min(1), date: isoDate.optional(), language: z.enum(['en', 'cy']).optional(), user: z.string().optional() }), raw)
      await withDb(async (db) => {
        await ensureDefaultTemplates(db)
        const accountId = await customerAccountId(db, account)
        const actor = await resolveCliActor(db, o.user)
        const doc = await db.transaction((tx) => generateLetter(tx, { accountId, templateKey: o.template, language: o.language, today: o.date ?? today(), actor }))
        const [row] = await db.query<{ pdf: Uint8Array }>('select pdf from generated_documents where id = $1', [doc.documentId])
        fs.writeFileSync(o.out, row!.pdf)
        console.log(`Document ${doc.documentId}: ${o.template} version ${doc.templateVersion}, ${doc.pageCount} page(s), written to ${o.out}.`)
      })
    })

  run
    .command('statements')
    .description('rent statements for a period to all rent accounts, a patch or named accounts: PDF, and e-mail where preferred')
    .requiredOption('--date <date>', 'the run date (the statements are dated this day)')
    .option('--from <date>', 'first day (default: 91 days before --to)')
    .option('--to <date>', 'last day (default: the day before --date)')
    .option('--all', 'every open rent account')
    .option('--patch <code>', 'every open account of a patch')
    .option('--accounts <list>', 'account numbers, comma-separated')
    .option('--user <username>', 'who is running it')
    .action(async (raw) => {
      const o = parseOptions(
        z.object({ date: isoDate, from: isoDate.optional(), to: isoDate.optional(), all: z.boolean().optional(), patch: z.string().optional(), accounts: z.string().optional(), user: z.string().optional() }),
        raw,
      )
      const chosen = [o.all, o.patch, o.accounts].filter((x) => x !== undefined)
      if (chosen.length !== 1) throw new AppError('validation', 'Choose exactly one of --all, --patch and --accounts', [{ field: '--all', message: 'Choose which accounts' }])
      const selection: StatementSelection = o.all ? { all: true } : o.patch ? { patch: o.patch } : { accounts: o.accounts!.split(',').map((s) => s.trim()).filter(Boolean) }
      await withDb(async (db, config) => {
        const r = await runStatements(db, notifySenderFrom(config), { date: o.date, from: o.from, to: o.to, selection, actor: await resolveCliActor(db, o.user) })
        const e = r.emails
        console.log(`Statement run ${r.runId}${r.replayed ? ' (already completed)' : ''}: ${r.period.from} to ${r.period.to}, ${r.accounts} account(s), ${r.documents} new statement(s).`)
        console.log(`E-mails: ${e.sent} sent, ${e.already_sent} already sent, ${e.queued} queued (Notify not configured), ${e.failed} refused by Notify, ${e.no_channel} without an address.`)
      })
    })

  run
    .command('messages')
    .description('the reminder texts and e-mails the trawl queued, by each person\'s preferred channel (none during a hold)')
    .option('--date <date>', 'the trawl run of this date (default: the latest)')
    .option('--user <username>', 'who is running it')
    .action(async (raw) => {
      const o = parseOptions(z.object({ date: isoDate.optional(), user: z.string().optional() }), raw)
      await withDb(async (db, config) => {
        const sender = notifySenderFrom(config)
        if (!sender) console.log('GOV.UK Notify is not configured (REEVE_NOTIFY_API_KEY): messages are recorded as queued, not sent.')
        const r = await sendTrawlReminders(db, sender, { date: o.date, actor: await resolveCliActor(db, o.user) })
        const c = r.counts
        console.log(`Trawl of ${r.runDate}: ${r.steps} reminder step(s). ${c.sent} sent, ${c.already_sent} already sent, ${c.queued} queued, ${c.failed} refused, ${c.withheld} withheld by a hold, ${c.no_channel} with no channel.`)
      })
    })

  program
    .command('messages')
    .description('GOV.UK Notify messages')
    .command('poll')
    .description('ask Notify for the delivery status of every message not yet final')
    .action(async () => {
      const config = loadConfig()
      const sender = notifySenderFrom(config)
      if (!sender) throw new AppError('invalid_state', 'GOV.UK Notify is not configured: set REEVE_NOTIFY_API_KEY')
      await withDb(async (db) => {
        const r = await pollMessageStatuses(db, sender)
        console.log(`Checked ${r.checked} message(s): ${r.changed} changed, ${r.failed} could not be checked.`)
      })
    })

  const templates = program.command('templates').description('letter, text and e-mail templates')
  templates
    .command('load')
    .description('load the shipped templates (templates/) not yet loaded')
    .action(async () => {
      await withDb(async (db) => {
        const loaded = await ensureDefaultTemplates(db)
        console.log(loaded.length ? `Loaded ${loaded.length} template(s): ${loaded.join(', ')}` : 'The shipped templates are already loaded.')
      })
    })
  templates
    .command('list')
    .action(async () => {
      await withDb(async (db) => {
        await ensureDefaultTemplates(db)
        for (const t of await listTemplates(db)) {
          console.log(`${t.key.padEnd(28)} ${t.language}  ${t.channel.padEnd(6)} live v${t.liveVersion ?? '-'}${t.draftWaiting ? `, draft v${t.latestVersion}` : ''}  ${t.title}`)
        }
      })
    })
}
