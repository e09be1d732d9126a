import fs from 'node:fs'
import type { Command } from 'commander'
import { z } from 'zod'
import { councilLetterhead } from '../../documents/letterhead.ts'
import { renderCourtPackCsv } from '../../documents/court-pack-csv.ts'
import { renderCourtPackPdf } from '../../documents/court-pack-pdf.ts'
import { formatPounds } from '../../domain/money/pence.ts'
import { CHECKS, formatProblems, formatWeeks, HOLD_TYPES, NOTICE_KINDS, pathwayStartsOn, type Check } from '../../domain/recovery/index.ts'
import { AppError } from '../../errors.ts'
import { runTrawl } from '../../jobs/trawl.ts'
import { pruneRecommendations } from '../../jobs/prune-recommendations.ts'
import type { Queryable } from '../../db/client.ts'
import { buildCourtPack } from '../../services/recovery/court-pack.ts'
import { getRecoveryView } from '../../services/recovery/get-recovery-view.ts'
import { addHold, endHold, listAccountHolds, recordTreatmentEnd } from '../../services/recovery/holds.ts'
import { serveNotice, SERVICE_METHODS } from '../../services/recovery/notices.ts'
import { ensureDefaultPathways, listStoredPathways, loadPathwayFile } from '../../services/recovery/pathways.ts'
import { readRecoverySettings } from '../../services/recovery/recovery-settings.ts'
import { describePriority } from '../../services/recovery/priority.ts'
import { resolveCliActor } from '../actor.ts'
import { isoDate, parseOptions, today, withDb } from '../context.ts'
import { makeProgress } from '../progress.ts'

/** Enum options accept hyphens too (`--type breathing-space-standard`). */
const word = <T extends readonly [string, ...string[]]>(values: T) => z.string().transform((s) => s.replaceAll('-', '_')).pipe(z.enum(values))
const list = z.string().transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))

async function customerAccountId(db: Queryable, key: string): Promise<number> {
  const [a] = await db.query<{ id: number }>(`select id from accounts where (account_number = $1 or payment_reference = $1) and account_class = 'customer'`, [key])
  if (!a) throw new AppError('not_found', `No customer account ${key}`)
  return a.id
}

async function partyId(db: Queryable, ref: string): Promise<number> {
  const [p] = await db.query<{ id: number }>('select id from parties where party_ref = $1', [ref])
  if (!p) throw new AppError('not_found', `No party ${ref}`)
  return p.id
}

function registerPolicy(program: Command): void {
  const policy = program.command('policy').description('recovery pathways as versioned data')
  policy
    .command('load [file]')
    .description('validate a pathway file and load it as a new version (every problem is listed; exit 2 if any)')
    .option('--defaults', 'load the shipped pathways in policies/pathways that are not loaded yet')
    .option('--user <username>', 'who is loading it')
    .action(async (file: string | undefined, raw) => {
      const o = parseOptions(z.object({ defaults: z.boolean().optional(), user: z.string().optional() }), raw)
      if (!file && !o.defaults) throw new AppError('validation', 'Name a pathway file, or use --defaults')
      await withDb(async (db) => {
        if (o.defaults) {
          const r = await ensureDefaultPathways(db)
          console.log(r.loaded.length ? `Loaded ${r.loaded.length} shipped pathway version(s): ${r.loaded.join(', ')}` : 'The shipped pathways are already loaded.')
        }
        if (!file) return
        const result = await loadPathwayFile(db, file, await resolveCliActor(db, o.user))
        if (!result.ok) {
          console.error(formatProblems(result.problems, file))
          console.error(`reeve: ${file} was not loaded: ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}`)
          process.exitCode = 2
          return
        }
        const p = result.pathway
        console.log(
          result.status === 'already_loaded'
            ? `Pathway ${p.id} v${p.version} is already loaded (same file).`
            : `Loaded pathway ${p.id} v${p.version} "${p.name}" (${p.stages.length} stages), in force from ${p.commencement ? `the later of ${p.effectiveFrom} and commencement "${p.commencement.key}"` : p.effectiveFrom}.`,
        )
      })
    })

  policy
    .command('list')
    .description('the pathway versions loaded, and when each is in force')
    .action(async () => {
      await withDb(async (db) => {
        await ensureDefaultPathways(db)
        const settings = await readRecoverySettings(db, today())
        for (const s of await listStoredPathways(db)) {
          const p = s.pathway
          const start = pathwayStartsOn(p, { commencements: settings.commencements })
          const when = start ? `from ${start}` : `awaiting commencement "${p.commencement?.key}"`
          console.log(`${`${p.id} v${p.version}`.padEnd(42)} ${when.padEnd(44)} ${p.name} (${p.appliesTo.accountTypes.join(', ')}${p.appliesTo.tenures ? `; ${p.appliesTo.tenures.join(', ')}` : ''}) [${s.sourceFile ?? 'no file'}, ${s.loadedBy}]`)
        }
      })
    })
}

function registerTrawl(run: Command): void {
  run
    .command('trawl')
    .description('nightly trawl: every account gets its stage and a recommended next step with the reason (idempotent per date, resumable)')
    .requiredOption('--date <date>', 'the day to trawl, YYYY-MM-DD')
    .option('--chunk-size <n>', 'accounts per committed chunk (default 20000)')
    .option('--no-system-steps', 'recommend only: do not let the trawl send reminders the pathway lets it send')
    .action(async (raw) => {
      const o = parseOptions(z.object({ date: isoDate, chunkSize: z.coerce.number().int().min(10).max(1_000_000).optional(), systemSteps: z.boolean() }), raw)
      await withDb(async (db) => {
        await ensureDefaultPathways(db)
        const progress = makeProgress('trawl')
        const r = await runTrawl(db, { date: o.date, applySystemSteps: o.systemSteps, ...(o.chunkSize ? { chunkSize: o.chunkSize } : {}), onProgress: (d, t) => progress.update(d, t) })
        progress.stop()
        const c = r.counts
        console.log(
          `${r.replayed ? `Trawl for ${r.date} was already run (run ${r.runId}); its results:` : `Trawl for ${r.date} (run ${r.runId}):`} ${c.accounts} accounts — ` +
            `${c.action} with a step due (${c.applied - c.reset} taken by the trawl), ${c.blocked} blocked, ${c.reset} reset, ${c.none} with nothing due` +
            (c.notEvaluated ? `; ${c.notEvaluated} could not be evaluated (see their reasons)` : '') +
            (r.resumed ? ` (resumed: ${r.chunksSkipped} chunks were already done)` : ''),
        )
      })
    })
}

function registerPruneRecommendations(run: Command): void {
  run
    .command('prune-recommendations')
    .description('retention: delete trawl recommendations older than the dated retention period (keeps those a recorded action refers to)')
    .option('--date <date>', 'the day the job runs for (default today)')
    .action(async (raw) => {
      const o = parseOptions(z.object({ date: isoDate.optional() }), raw)
      await withDb(async (db) => {
        const r = await pruneRecommendations(db, { date: o.date ?? today() })
        console.log(`Recommendations of ${r.runs} trawl run(s) before ${r.before} pruned: ${r.deleted} deleted, ${r.kept} kept for recorded actions (retention ${r.keepDays} days).`)
      })
    })
}

function registerHolds(program: Command): void {
  const hold = program.command('hold').description('holds that stop recovery actions (Breathing Space, insolvency, disputes…)')
  hold
    .command('add [account]')
    .description('add a hold to an account, or with --party to every account of a person')
    .option('--party <ref>', "the person's party reference (the hold covers all their accounts)")
    .requiredOption('--type <type>', HOLD_TYPES.join(', '))
    .requiredOption('--start <date>', 'first day in force (a Breathing Space starts the day after registration)')
    .option('--end <date>', 'last day in force, when known (e.g. from the notification)')
    .option('--treatment-end <date>', 'mental health crisis Breathing Space: the end of crisis treatment')
    .requiredOption('--reason <text>')
    .option('--reference <text>', 'e.g. the Breathing Space reference')
    .option('--user <username>')
    .action(async (account: string | undefined, raw) => {
      const o = parseOptions(
        z.object({
          party: z.string().optional(),
          type: word(HOLD_TYPES),
          start: isoDate,
          end: isoDate.optional(),
          treatmentEnd: isoDate.optional(),
          reason: z.string().min(1).max(500),
          reference: z.string().max(80).optional(),
          user: z.string().optional(),
        }),
        raw,
      )
      if (Boolean(account) === Boolean(o.party)) throw new AppError('validation', 'Name either an account or --party, not both')
      await withDb(async (db) => {
        const actor = await resolveCliActor(db, o.user)
        const scope = account ? { accountId: await customerAccountId(db, account) } : { partyId: await partyId(db, o.party!) }
        const r = await db.transaction((tx) =>
          addHold(tx, { ...scope, type: o.type, startsOn: o.start, endsOn: o.end ?? null, treatmentEndsOn: o.treatmentEnd ?? null, reason: o.reason, reference: o.reference ?? null, actor }),
        )
        console.log(`Hold ${r.id} added: ${o.type.replaceAll('_', ' ')} from ${o.start} ${r.endsOn ? `to ${r.endsOn}` : '(open-ended until ended)'} on ${account ? `account ${account}` : `every account of ${o.party}`}.`)
      })
    })
  hold
    .command('end <holdId>')
    .description('end a hold early (its last day in force)')
    .requiredOption('--on <date>', 'the last day the hold is in force')
    .requiredOption('--reason <text>')
    .option('--user <username>')
    .action(async (id: string, raw) => {
      const o = parseOptions(z.object({ on: isoDate, reason: z.string().min(1).max(500), user: z.string().optional() }), raw)
      const holdId = parseOptions(z.object({ holdId: z.coerce.number().int().positive() }), { holdId: id }).holdId
      await withDb(async (db) => {
        const actor = await resolveCliActor(db, o.user)
        await db.transaction((tx) => endHold(tx, { holdId, endedOn: o.on, reason: o.reason, actor }))
        console.log(`Hold ${holdId} ends on ${o.on}.`)
      })
    })
  hold
    .command('treatment-end <holdId>')
    .description('mental health crisis Breathing Space: record the end of crisis treatment (the hold lasts 30 days more)')
    .requiredOption('--on <date>')
    .option('--user <username>')
    .action(async (id: string, raw) => {
      const o = parseOptions(z.object({ on: isoDate, user: z.string().optional() }), raw)
      const holdId = parseOptions(z.object({ holdId: z.coerce.number().int().positive() }), { holdId: id }).holdId
      await withDb(async (db) => {
        const actor = await resolveCliActor(db, o.user)
        const r = await db.transaction((tx) => recordTreatmentEnd(tx, { holdId, treatmentEndsOn: o.on, actor }))
        console.log(`Hold ${holdId}: treatment ended ${o.on}; the Breathing Space ends on ${r.endsOn}.`)
      })
    })
  hold
    .command('list <account>')
    .description("the holds covering an account (its own and its people's)")
    .option('--date <date>', 'which are in force on this day (default today)')
    .action(async (account: string, raw) => {
      const o = parseOptions(z.object({ date: isoDate.optional() }), raw)
      await withDb(async (db) => {
        const holds = await listAccountHolds(db, await customerAccountId(db, account), o.date ?? today())
        if (holds.length === 0) console.log('No holds.')
        for (const h of holds) console.log(`${String(h.id).padStart(6)}  ${h.activeOn ? 'IN FORCE' : 'ended   '}  ${h.description}${h.scope === 'party' ? ` [all accounts of ${h.partyName}]` : ''}`)
      })
    })
}

function registerNotices(program: Command): void {
  const notice = program.command('notice').description('legal notices')
  notice
    .command('serve <account>')
    .description('record a notice served (NOSP, s8, s128, notice to quit, licence termination): a legal step with its checks')
    .requiredOption('--type <kind>', NOTICE_KINDS.join(', '))
    .requiredOption('--served <date>', 'the day it was handed over, left at the property or posted')
    .requiredOption('--method <method>', SERVICE_METHODS.join(', '))
    .option('--grounds <list>', 'grounds relied on, comma separated (default: the pathway\'s)')
    .option('--date-in-notice <date>', 'the date stated in the notice, if not the earliest lawful one')
    .option('--parties <refs>', 'party references served, comma separated (default: every named tenant)')
    .option('--checks <list>', `checks confirmed, comma separated, or "all": ${CHECKS.join(', ')}`)
    .requiredOption('--proportionality <text>', 'why the step is proportionate')
    .requiredOption('--equality <text>', 'Equality Act 2010 considerations')
    .option('--document <ref>', 'document reference')
    .requiredOption('--user <username>', 'the officer serving it')
    .action(async (account: string, raw) => {
      const o = parseOptions(
        z.object({
          type: word(NOTICE_KINDS),
          served: isoDate,
          method: word(SERVICE_METHODS),
          grounds: list.optional(),
          dateInNotice: isoDate.optional(),
          parties: list.optional(),
          checks: z.string().optional(),
          proportionality: z.string().min(1).max(2000),
          equality: z.string().min(1).max(2000),
          document: z.string().max(80).optional(),
          user: z.string(),
        }),
        raw,
      )
      const checks: Check[] = o.checks === 'all' ? [...CHECKS] : parseOptions(z.object({ checks: list.pipe(z.array(z.enum(CHECKS))).optional() }), { checks: o.checks }).checks ?? []
      await withDb(async (db) => {
        const actor = await resolveCliActor(db, o.user)
        const accountId = await customerAccountId(db, account)
        const servedPartyIds = o.parties ? await Promise.all(o.parties.map((p) => partyId(db, p))) : undefined
        const r = await db.transaction((tx) =>
          serveNotice(tx, {
            accountId,
            kind: o.type,
            deliveredOn: o.served,
            method: o.method,
            ...(o.grounds ? { grounds: o.grounds } : {}),
            ...(servedPartyIds ? { servedPartyIds } : {}),
            dateInNotice: o.dateInNotice ?? null,
            documentRef: o.document ?? null,
            checksConfirmed: checks,
            proportionalityNote: o.proportionality,
            equalityNote: o.equality,
            actor,
          }),
        )
        console.log(
          `Notice ${r.noticeId} recorded: served ${r.servedOn}; proceedings may begin from ${r.dateInNotice}` +
            (r.validUntil ? `; in force until ${r.validUntil}` : '') +
            (r.reviewRequestBy ? `; a review may be asked for by ${r.reviewRequestBy}` : '') +
            (r.allTenantsServed ? '' : '. WARNING: not served on every named tenant') +
            (r.inSequence ? '' : ' (out of sequence with the pathway: see the case history)'),
        )
      })
    })
}

function registerCourtPack(program: Command): void {
  program
    .command('court-pack <account>')
    .description('Practice Direction 55A rent schedule: every debit and credit with a running balance, two years before issue or from the first default')
    .requiredOption('--format <format>', 'pdf or csv')
    .requiredOption('--output <file>')
    .option('--to <date>', 'the issue date (default: the claim\'s, or today)')
    .action(async (account: string, raw) => {
      const o = parseOptions(z.object({ format: z.enum(['pdf', 'csv']), output: z.string().min(1), to: isoDate.optional() }), raw)
      await withDb(async (db) => {
        const pack = await buildCourtPack(db, account, { to: o.to ?? null, today: today() })
        const body = o.format === 'csv' ? renderCourtPackCsv(pack) : await renderCourtPackPdf(pack, { ...councilLetterhead(), generatedOn: today() })
        fs.writeFileSync(o.output, body)
        console.error(`Wrote the ${o.format.toUpperCase()} rent schedule for ${pack.account.accountNumber} (${pack.statement.from} to ${pack.statement.to}, ${pack.statement.lines.length} entries, ${formatPounds(pack.arrearsAtIssuePence)}) to ${o.output}`)
      })
    })
}

function registerShow(program: Command): void {
  program
    .command('recovery <account>')
    .description("an account's recovery: pathway, stage, the latest recommendation and why, holds and notices")
    .option('--date <date>', 'as of (default today)')
    .action(async (account: string, raw) => {
      const o = parseOptions(z.object({ date: isoDate.optional() }), raw)
      await withDb(async (db) => {
        const v = await getRecoveryView(db, account, o.date ?? today())
        const lines = [
          `Account ${v.account.accountNumber} (${v.account.accountType.replaceAll('_', ' ')}), balance ${formatPounds(v.account.balancePence)}`,
          v.pathway ? `Pathway: ${v.pathway.name} (${v.pathway.id} v${v.pathway.version})` : `No pathway: ${v.pathwayError}`,
          `Stage: ${v.stage ? `${v.stage.name} since ${v.stage.enteredOn}` : 'not started'}`,
        ]
        const r = v.recommendation
        if (r) {
          lines.push(
            `Trawl of ${r.runDate}: ${r.kind}${r.stage ? ` — ${r.stage}` : ''}; arrears ${formatPounds(r.arrearsPence)}${r.arrearsWeeksHundredths !== null ? ` (${formatWeeks(r.arrearsWeeksHundredths)} weeks)` : ''}, ${r.trend}`,
            `  Why: ${r.reason}`,
            `  ${describePriority(r.priority, r.priorityFactors)}`,
          )
        } else lines.push('No trawl has looked at this account yet.')
        for (const h of v.holds) lines.push(`Hold ${h.id}${h.activeOn ? ' (in force)' : ''}: ${h.description}`)
        for (const n of v.notices) lines.push(`Notice ${n.id}: ${n.label} served ${n.servedOn}; proceedings from ${n.dateInNotice}${n.validUntil ? `, in force until ${n.validUntil}` : ''}${n.inForce ? '' : ' (no longer in force)'}`)
        lines.push(`Pre-Action Protocol checklist: ${v.pap.status.complete ? 'complete' : `missing ${v.pap.status.missing.join(', ')}`}`)
        console.log(lines.join('\n'))
      })
    })
}

/**
 * Recovery commands: `policy load|list`, `run trawl`, `hold add|end|treatment-end|list`, `notice serve`,
 * `court-pack`, `recovery <account>`. `run` is the `reeve run` command the batch jobs hang off.
 */
export function registerRecovery(program: Command, run: Command): void {
  registerPolicy(program)
  registerTrawl(run)
  registerPruneRecommendations(run)
  registerHolds(program)
  registerNotices(program)
  registerCourtPack(program)
  registerShow(program)
}
