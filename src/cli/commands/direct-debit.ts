import fs from 'node:fs'
import path from 'node:path'
import type { Command } from 'commander'
import { z } from 'zod'
import type { Db } from '../../db/client.ts'
import { formatLongDate } from '../../documents/statement-html.ts'
import { councilLetterhead } from '../../documents/letterhead.ts'
import type { DirectDebitGuarantee } from '../../domain/direct-debit/guarantee.ts'
import { formatPounds, parsePounds } from '../../domain/money/pence.ts'
import { AppError } from '../../errors.ts'
import { runDdAdjustments } from '../../jobs/dd-adjustments.ts'
import { runDdCollection } from '../../jobs/dd-collection-run.ts'
import { getAdvanceNotice } from '../../services/direct-debit/advance-notice.ts'
import { renderAdvanceNoticePdf } from '../../services/direct-debit/advance-notice-pdf.ts'
import { amendMandate } from '../../services/direct-debit/amend-mandate.ts'
import { cancelMandate } from '../../services/direct-debit/cancel-mandate.ts'
import { getMandateDetail, listMandates } from '../../services/direct-debit/get-mandate.ts'
import { importBacsReport } from '../../services/direct-debit/import-bacs-report.ts'
import { completeOfficerTask, listOfficerTasks } from '../../services/direct-debit/officer-tasks.ts'
import { resumeMandate } from '../../services/direct-debit/resume-mandate.ts'
import { setUpMandate } from '../../services/direct-debit/set-up-mandate.ts'
import { ddYearEndCheck } from '../../services/direct-debit/year-end-check.ts'
import { resolveCliActor } from '../actor.ts'
import { isoDate, parseOptions, today, withDb, pounds } from '../context.ts'
import { makeProgress } from '../progress.ts'


const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday']
/** A day of the month (1, 8, 15, 22) or a weekday: a name ("monday", "mon") or 1 (Monday) to 5 (Friday). */
const day = z.string().transform((s, ctx) => {
  const t = s.trim().toLowerCase()
  if (/^\d{1,2}$/.test(t)) return Number(t)
  const i = WEEKDAYS.findIndex((w) => t.length >= 3 && w.startsWith(t))
  if (i >= 0) return i + 1
  ctx.addIssue({ code: 'custom', message: 'expected a day of the month (1, 8, 15 or 22) or a weekday (monday to friday)' })
  return z.NEVER
})
const frequency = z.enum(['monthly', 'weekly', 'fortnightly', 'four-weekly', 'four_weekly']).transform((f) => f.replace('-', '_'))
const noticeDays = z.coerce.number().int()
const accountKey = (raw: string) => parseOptions(z.object({ account: z.string().trim().min(1) }), { account: raw }).account

function printGuarantee(g: DirectDebitGuarantee): void {
  console.log(`\n${g.heading}`)
  for (const p of g.paragraphs) console.log(`  - ${p}`)
}

const money = (p: number) => formatPounds(p)

async function writeNoticePdfs(db: Db, ids: readonly number[], dir: string): Promise<string[]> {
  fs.mkdirSync(dir, { recursive: true })
  const letterhead = councilLetterhead()
  const files: string[] = []
  for (const id of ids) {
    const notice = await getAdvanceNotice(db, id)
    const file = path.join(dir, `dd-notice-${id}-${notice.content.ddiReference}.pdf`)
    fs.writeFileSync(file, await renderAdvanceNoticePdf(notice, letterhead))
    files.push(file)
  }
  return files
}

/**
 * `reeve dd …` (mandates, notices, tasks), `reeve run dd-collection` and `dd-adjustments`, `reeve import
 * bacs-report` and `reeve report dd-year-end`. Bank account numbers are never printed in full.
 */
export function registerDirectDebit(program: Command, run: Command, imp: Command, report: Command): void {
  const dd = program.command('dd').description('Direct Debit mandates: set up, amend, cancel, resume, show; advance notices; officer tasks')

  dd.command('setup <account>')
    .description('set up a Direct Debit (paperless unless --paper); the AUDDIS 0N goes in the next collection run')
    .requiredOption('--sort-code <code>', 'e.g. 30-94-30')
    .requiredOption('--account-number <number>', '6 to 8 digits')
    .requiredOption('--name <name>', 'name on the bank account')
    .requiredOption('--frequency <f>', 'monthly, weekly, fortnightly or four-weekly')
    .requiredOption('--day <day>', 'monthly: 1, 8, 15 or 22; otherwise a weekday (monday … friday)')
    .option('--paper', 'a signed paper instruction was received (keep it)')
    .option('--convert', 'an existing paper instruction held by the bank before AUDDIS: lodge by conversion (0S)')
    .option('--instalment <pounds>', 'arrangement instalment added to each collection')
    .option('--benefit-weekly <pounds>', 'weekly housing costs paid direct to the council (HB/UC), taken off the charge')
    .option('--notice-days <n>', 'advance notice in working days (default: council policy, 10)')
    .option('--date <date>', 'the day the instruction is taken (default today)')
    .option('--user <username>')
    .action(async (account: string, raw) => {
      const o = parseOptions(
        z.object({
          sortCode: z.string(),
          accountNumber: z.string(),
          name: z.string(),
          frequency,
          day,
          paper: z.boolean().optional(),
          convert: z.boolean().optional(),
          instalment: pounds.optional(),
          benefitWeekly: pounds.optional(),
          noticeDays: noticeDays.optional(),
          date: isoDate.optional(),
          user: z.string().optional(),
        }),
        raw,
      )
      await withDb(async (db) => {
        const r = await setUpMandate(db, {
          account: accountKey(account),
          sortCode: o.sortCode,
          accountNumber: o.accountNumber,
          accountName: o.name,
          frequency: o.frequency,
          day: o.day,
          paper: o.paper ?? false,
          convert: o.convert ?? false,
          ...(o.instalment !== undefined ? { instalmentPence: o.instalment } : {}),
          ...(o.benefitWeekly !== undefined ? { benefitWeeklyPence: o.benefitWeekly } : {}),
          ...(o.noticeDays !== undefined ? { noticeWorkingDays: o.noticeDays } : {}),
          today: o.date ?? today(),
          actor: await resolveCliActor(db, o.user),
        })
        const detail = await getMandateDetail(db, accountKey(account), o.date ?? today())
        const m = detail.mandates[0]!
        console.log(`Direct Debit ${r.ddiReference} set up on account ${detail.accountNumber} (${m.source}); ${r.instruction} queued for the next collection run.`)
        console.log(`Bank account: ${m.sortCode} ${m.accountNumberMasked} ${r.accountName}${r.accountNameTruncated ? ' (name shortened to the 18 characters Bacs carries)' : ''}`)
        if (r.modulus.status === 'not-checked') console.log(`Note: sort code and account number checked for format only (${r.modulus.reason}).`)
        console.log(`Collects ${money(r.amountPence)} ${m.pattern}. First collection ${formatLongDate(r.collections[0]!.date)}.`)
        console.log(`Advance notice ${r.noticeId} produced (notice allows collection from ${r.earliestAllowed.byNotice}; lodgement from ${r.earliestAllowed.byLodgement}).`)
        console.log(`Next collections: ${r.collections.map((c) => c.date).join(', ')}`)
        printGuarantee(r.guarantee)
      })
    })

  dd.command('amend <account>')
    .description('change bank details (relodged: 0C + 0N), frequency/day, instalment, housing costs or notice period; a new advance notice when the amount or dates change')
    .option('--sort-code <code>')
    .option('--account-number <number>')
    .option('--name <name>', 'name on the new bank account')
    .option('--frequency <f>')
    .option('--day <day>')
    .option('--instalment <pounds>')
    .option('--benefit-weekly <pounds>')
    .option('--notice-days <n>')
    .option('--date <date>', 'default today')
    .option('--user <username>')
    .action(async (account: string, raw) => {
      const o = parseOptions(
        z.object({
          sortCode: z.string().optional(),
          accountNumber: z.string().optional(),
          name: z.string().optional(),
          frequency: frequency.optional(),
          day: day.optional(),
          instalment: pounds.optional(),
          benefitWeekly: pounds.optional(),
          noticeDays: noticeDays.optional(),
          date: isoDate.optional(),
          user: z.string().optional(),
        }),
        raw,
      )
      if ((o.sortCode === undefined) !== (o.accountNumber === undefined)) {
        throw new AppError('validation', 'New bank details need both --sort-code and --account-number', [{ field: o.sortCode ? '--account-number' : '--sort-code', message: 'Give both' }])
      }
      await withDb(async (db) => {
        const r = await amendMandate(db, {
          account: accountKey(account),
          ...(o.sortCode && o.accountNumber ? { bank: { sortCode: o.sortCode, accountNumber: o.accountNumber, ...(o.name ? { accountName: o.name } : {}) } } : {}),
          ...(o.frequency !== undefined ? { frequency: o.frequency } : {}),
          ...(o.day !== undefined ? { day: o.day } : {}),
          ...(o.instalment !== undefined ? { instalmentPence: o.instalment } : {}),
          ...(o.benefitWeekly !== undefined ? { benefitWeeklyPence: o.benefitWeekly } : {}),
          ...(o.noticeDays !== undefined ? { noticeWorkingDays: o.noticeDays } : {}),
          today: o.date ?? today(),
          actor: await resolveCliActor(db, o.user),
        })
        console.log(`Direct Debit ${r.ddiReference} amended (${r.status.replace('_', ' ')}).`)
        if (r.instructions.length > 0) console.log(`New bank details: ${r.instructions.join(' and ')} queued for the next collection run; ${r.collectionsCancelled} collection(s) too soon for the new lodgement cancelled.`)
        if (r.replan.changed) {
          console.log(
            `Collections change from ${money(r.replan.amountBeforePence)} to ${money(r.replan.amountAfterPence)}` +
              (r.replan.firstCollection ? ` from ${r.replan.firstCollection} (advance notice ${r.replan.noticeId}).` : ' (nothing more to collect).'),
          )
        } else {
          console.log('The amount and dates of the collections are unchanged.')
        }
      })
    })

  dd.command('cancel <account>')
    .description('cancel a Direct Debit now (0C sent if the bank holds it), or after a final collection (code 19)')
    .requiredOption('--reason <text>')
    .option('--final-collection <date>', 'collect this planned collection as the final one, then end')
    .option('--date <date>', 'default today')
    .option('--user <username>')
    .action(async (account: string, raw) => {
      const o = parseOptions(z.object({ reason: z.string(), finalCollection: isoDate.optional(), date: isoDate.optional(), user: z.string().optional() }), raw)
      await withDb(async (db) => {
        const r = await cancelMandate(db, {
          account: accountKey(account),
          reason: o.reason,
          ...(o.finalCollection ? { finalCollectionOn: o.finalCollection } : {}),
          today: o.date ?? today(),
          actor: await resolveCliActor(db, o.user),
        })
        if (r.finalCollectionOn) {
          console.log(`Direct Debit ${r.ddiReference} ends after its final collection on ${r.finalCollectionOn}; ${r.collectionsCancelled} later collection(s) cancelled.`)
        } else {
          console.log(`Direct Debit ${r.ddiReference} cancelled; ${r.collectionsCancelled} planned collection(s) cancelled${r.cancelInstruction ? '; 0C queued for the next collection run' : ''}.`)
        }
      })
    })

  dd.command('resume <account>')
    .description('start collecting again on a suspended Direct Debit, after a new advance notice')
    .requiredOption('--reason <text>')
    .option('--date <date>', 'default today')
    .option('--user <username>')
    .action(async (account: string, raw) => {
      const o = parseOptions(z.object({ reason: z.string().min(1), date: isoDate.optional(), user: z.string().optional() }), raw)
      await withDb(async (db) => {
        const r = await resumeMandate(db, { account: accountKey(account), reason: o.reason, today: o.date ?? today(), actor: await resolveCliActor(db, o.user) })
        console.log(`Direct Debit ${r.ddiReference} resumed (${r.status.replace('_', ' ')}): ${money(r.amountPence)} from ${r.firstCollection} (advance notice ${r.noticeId}).`)
      })
    })

  dd.command('show <account>')
    .description("an account's Direct Debits: status, bank (masked), collections, notices, instructions, history, and the Guarantee")
    .option('--date <date>', 'default today')
    .action(async (account: string, raw) => {
      const o = parseOptions(z.object({ date: isoDate.optional() }), raw)
      await withDb(async (db) => {
        const d = await getMandateDetail(db, accountKey(account), o.date ?? today())
        console.log(`Account ${d.accountNumber}, ${d.accountName}`)
        if (d.mandates.length === 0) console.log('No Direct Debit has been set up.')
        for (const m of d.mandates) {
          console.log(`\n${m.ddiReference}  ${m.status.replace('_', ' ')}  (${m.source}${m.lodgement === 'conversion' ? ', converted 0S' : ''}; set up ${m.setUpOn}${m.lodgedOn ? `, lodged ${m.lodgedOn}` : ''}${m.cancelledOn ? `, cancelled ${m.cancelledOn}: ${m.cancelReason}` : ''})`)
          console.log(`  Payer ${m.payerName}; bank ${m.sortCode} ${m.accountNumberMasked} ${m.accountName}`)
          console.log(`  ${money(m.amountPence)} ${m.pattern}; notice ${m.noticeWorkingDays} working days` +
            (m.instalmentPence ? `; includes instalment ${money(m.instalmentPence)}` : '') +
            (m.benefitWeeklyPence ? `; housing costs paid direct ${money(m.benefitWeeklyPence)} a week` : '') +
            (m.finalCollectionOn ? `; final collection ${m.finalCollectionOn}` : ''))
          console.log('  Collections:')
          for (const c of m.collections.slice(-12)) {
            console.log(`    ${c.date}  ${money(c.amountPence).padStart(10)}  ${(c.code ?? '--').padEnd(3)} ${c.status.padEnd(9)} ${c.note ?? ''}`.trimEnd())
          }
          console.log(`  Advance notices: ${m.notices.map((n) => `${n.id} ${n.kind} ${n.producedOn} (${money(n.amountPence)} from ${n.firstCollection})`).join('; ') || 'none'}`)
          console.log(`  Instructions: ${m.instructions.map((i) => `${i.code} ${i.status}${i.runDate ? ` in run ${i.runDate}` : ''}`).join('; ') || 'none'}`)
          console.log('  History:')
          for (const e of m.events) console.log(`    v${e.version} ${e.occurredOn} ${e.event} → ${e.status} (${e.source}, ${e.actor})`)
        }
        printGuarantee(d.guarantee)
      })
    })

  dd.command('list')
    .description('Direct Debits, bank accounts masked')
    .option('--status <status>', 'pending_lodgement, lodged, active, suspended, cancelled or failed')
    .action(async (raw) => {
      const o = parseOptions(z.object({ status: z.enum(['pending_lodgement', 'lodged', 'active', 'suspended', 'cancelled', 'failed']).optional() }), raw)
      await withDb(async (db) => {
        const rows = await listMandates(db, o.status ? { status: o.status } : {})
        for (const m of rows) {
          console.log(
            `${m.accountNumber}  ${m.ddiReference.padEnd(18)} ${m.status.padEnd(17)} ${m.sortCode} ${m.accountNumberMasked}  ${money(m.amountPence).padStart(10)} ${m.frequency.padEnd(11)} next ${m.nextCollection ?? '-'}`,
          )
        }
        console.log(`${rows.length} Direct Debit(s).`)
      })
    })

  dd.command('notice <id>')
    .description('write an advance notice letter as PDF')
    .requiredOption('--output <file>')
    .action(async (id: string, raw) => {
      const o = parseOptions(z.object({ output: z.string().min(1), id: z.coerce.number().int().positive() }), { ...raw, id })
      await withDb(async (db) => {
        const notice = await getAdvanceNotice(db, o.id)
        fs.writeFileSync(o.output, await renderAdvanceNoticePdf(notice, councilLetterhead()))
        console.log(`Advance notice ${o.id} (${notice.kind}, ${notice.content.ddiReference}) written to ${o.output}.`)
      })
    })

  dd.command('tasks')
    .description('officer tasks raised by Direct Debit runs and Bacs reports')
    .option('--all', 'include tasks already done')
    .action(async (raw) => {
      const o = parseOptions(z.object({ all: z.boolean().optional() }), raw)
      await withDb(async (db) => {
        const tasks = await listOfficerTasks(db, o.all ? {} : { status: 'open' })
        for (const t of tasks) console.log(`${String(t.id).padStart(5)}  due ${t.dueOn}  ${t.status.padEnd(4)}  ${t.kind.padEnd(24)} ${t.accountNumber ?? '-'}  ${t.assignedTo ?? 'unassigned'}\n       ${t.summary}`)
        console.log(`${tasks.length} task(s).`)
      })
    })

  dd.command('task-done <id>')
    .description('mark an officer task done')
    .option('--user <username>')
    .action(async (id: string, raw) => {
      const o = parseOptions(z.object({ id: z.coerce.number().int().positive(), user: z.string().optional() }), { ...raw, id })
      await withDb(async (db) => {
        const actor = await resolveCliActor(db, o.user)
        await db.transaction((tx) => completeOfficerTask(tx, o.id, actor))
        console.log(`Task ${o.id} done.`)
      })
    })

  run
    .command('dd-collection')
    .description('the Direct Debit collection run for a collection date: Standard 18 file, postings; idempotent per date')
    .requiredOption('--date <date>', 'the collection (entry) day, YYYY-MM-DD')
    .option('--output <file>', 'write the Standard 18 file here')
    .option('--posting-date <date>', 'date the postings are recorded (default today)')
    .action(async (raw) => {
      const o = parseOptions(z.object({ date: isoDate, output: z.string().min(1).optional(), postingDate: isoDate.optional() }), raw)
      await withDb(async (db) => {
        const r = await runDdCollection(db, { date: o.date, postingDate: o.postingDate ?? today() })
        if (r.runId === null) {
          console.log(`Nothing to submit for ${o.date}: no collections due and no instructions waiting.${r.counts.missed ? ` ${r.counts.missed} collection(s) could not be made (see dd tasks).` : ''}`)
        } else {
          const codes = Object.entries(r.counts.byCode).map(([k, v]) => `${k}: ${v}`).join(', ')
          const instr = Object.entries(r.counts.instructions).map(([k, v]) => `${k}: ${v}`).join(', ')
          console.log(
            `${r.replayed ? 'Already run' : 'Collection run'} for ${r.collectionDate} (processing day ${r.processingDate}, submit on ${r.inputDate}): ` +
              `${r.collections} collection(s) totalling ${money(r.totalPence)}${codes ? ` (${codes})` : ''}${instr ? `; instructions ${instr}` : ''}.` +
              (r.replayed ? ' Nothing new was posted.' : ''),
          )
          if (r.counts.missed) console.log(`${r.counts.missed} collection(s) due could not be made: see dd tasks.`)
          console.log(`File ${r.fileName}, sha-256 ${r.sha256}`)
          if (o.output) {
            fs.writeFileSync(o.output, r.content!)
            console.log(`Written to ${o.output}.`)
          }
        }
        if (r.overdue) console.log(`Warning: ${r.overdue} planned collection(s) dated before ${o.date} were never submitted (a run day was missed).`)
      })
    })

  run
    .command('dd-adjustments')
    .description('re-plan Direct Debits whose amount changes (rent change, housing costs, instalments) with advance notices in bulk')
    .requiredOption('--effective-from <date>', 'the date the new charges take effect')
    .option('--date <date>', 'the day the notices are produced (default today)')
    .option('--output-dir <dir>', 'write the advance notice letters here as PDF')
    .action(async (raw) => {
      const o = parseOptions(z.object({ effectiveFrom: isoDate, date: isoDate.optional(), outputDir: z.string().min(1).optional() }), raw)
      await withDb(async (db) => {
        const progress = makeProgress('dd-adjustments')
        const r = await runDdAdjustments(db, { effectiveFrom: o.effectiveFrom, today: o.date ?? today(), onProgress: (d, t) => progress.update(d, t) })
        progress.stop()
        console.log(`Checked ${r.checked} Direct Debit(s): ${r.changed} re-planned (${r.increased} up, ${r.decreased} down), ${r.notices} advance notice(s) produced.`)
        for (const a of r.adjustments) {
          console.log(`  ${a.accountNumber} ${a.ddiReference}: ${money(a.amountBeforePence)} → ${money(a.amountAfterPence)}${a.firstCollection ? ` from ${a.firstCollection}` : ''}`)
        }
        for (const f of r.failed) console.log(`  Not re-planned ${f.ddiReference}: ${f.message}`)
        if (o.outputDir) {
          const files = await writeNoticePdfs(db, r.adjustments.flatMap((a) => (a.noticeId === null ? [] : [a.noticeId])), o.outputDir)
          console.log(`${files.length} letter(s) written to ${o.outputDir}.`)
        }
        if (r.failed.length > 0) process.exitCode = 3
      })
    })

  imp
    .command('bacs-report <file>')
    .description('apply an ARUDD, ADDACS or AUDDIS report (Bacs XML): whole or not at all; a repeated report is refused')
    .option('--date <date>', 'default today')
    .option('--user <username>')
    .action(async (file: string, raw) => {
      const o = parseOptions(z.object({ date: isoDate.optional(), user: z.string().optional() }), raw)
      if (!fs.existsSync(file)) throw new AppError('validation', `No file ${file}`)
      const content = fs.readFileSync(file)
      await withDb(async (db) => {
        const r = await importBacsReport(db, { content, fileName: path.basename(file), today: o.date ?? today(), actor: await resolveCliActor(db, o.user) })
        const s = r.summary
        console.log(`${r.kind} report ${r.reportId} (${r.generated}) applied as report ${r.id}: ${s.items} item(s).`)
        const parts = [
          s.reversed ? `${s.reversed} unpaid reversed (${money(s.reversedPence)})` : '',
          s.representations ? `${s.representations} re-presentation(s) planned` : '',
          s.cancelled ? `${s.cancelled} cancelled` : '',
          s.suspended ? `${s.suspended} suspended` : '',
          s.failed ? `${s.failed} failed` : '',
          s.bankDetailsUpdated ? `${s.bankDetailsUpdated} bank details updated` : '',
          s.relodged ? `${s.relodged} relodged (0N queued)` : '',
          s.reinstated ? `${s.reinstated} reinstated` : '',
          `${s.tasks} officer task(s)`,
        ].filter(Boolean)
        console.log(parts.join('; ') + '.')
      })
    })

  report
    .command('dd-year-end')
    .description('Direct Debit accounts that will not be clear at the rent year end')
    .option('--date <date>', 'as at (default today); the rent year is the one containing it')
    .action(async (raw) => {
      const o = parseOptions(z.object({ date: isoDate.optional() }), raw)
      await withDb(async (db) => {
        const r = await ddYearEndCheck(db, { date: o.date ?? today() })
        console.log(`Rent year ${r.rentYear} ends ${r.yearEnd}; as at ${r.asAt}.`)
        console.log('account      reference          status             posted    charges to come  collections to come   year end')
        for (const a of r.accounts) {
          console.log(
            `${a.accountNumber}  ${a.ddiReference.padEnd(18)} ${a.status.padEnd(17)} ${money(a.postedBalancePence).padStart(10)} ${money(a.chargesToComePence).padStart(16)} ${money(a.collectionsToComePence).padStart(20)} ${money(a.projectedBalancePence).padStart(10)} ${a.projectedBalancePence > 0 ? 'owed' : 'credit'}`,
          )
        }
        console.log(`${r.accounts.length} Direct Debit account(s) not clear: ${money(r.owedPence)} owed, ${money(r.creditPence)} in credit.`)
      })
    })
}
