import type { Command } from 'commander'
import { z } from 'zod'
import type { Queryable } from '../../db/client.ts'
import { addDays, weekCommencing } from '../../domain/calendar/dates.ts'
import { measureById, TARGETABLE_MEASURES } from '../../domain/performance/measures.ts'
import { lastCompleteRentWeek, parsePeriod, PeriodError, resolvePeriod, upToToday, type Period } from '../../domain/performance/periods.ts'
import { parseTargetValue } from '../../domain/performance/targets.ts'
import { CUSTOMER_ACCOUNT_TYPES, TENURES } from '../../domain/performance/vocabulary.ts'
import { AppError } from '../../errors.ts'
import { DIMENSION_LABELS } from '../../services/performance/group-labels.ts'
import { groupsCsv, measuresCsv } from '../../services/performance/performance-csv.ts'
import { displayTarget, performanceReport, type ReportRow } from '../../services/performance/performance-report.ts'
import { NO_FILTERS, type PerformanceFilters } from '../../services/performance/read-figures.ts'
import { takePerformanceSnapshot } from '../../services/performance/snapshots.ts'
import { listTargets, setPerformanceTarget } from '../../services/performance/targets.ts'
import { resolveCliActor } from '../actor.ts'
import { isoDate, parseOptions, today, withDb } from '../context.ts'

/**
 * `reeve report performance --from D --to D [--by patch|officer|tenure|account-type] [--csv]`: the measures for a
 * period (or `--period month:2026-11`…), optionally broken down, as text or CSV.
 * `reeve run performance-snapshot [--date D] [--since D]`: the weekly snapshot (idempotent per week).
 * `reeve target set|list`: targets per measure, overall or per patch (a team leader or administrator, by --user).
 */

const word = <T extends readonly [string, ...string[]]>(values: T) => z.string().transform((s) => s.replaceAll('-', '_')).pipe(z.enum(values))

async function resolveFilters(db: Queryable, o: { patch?: string | undefined; officer?: string | undefined; tenure?: string | undefined; type?: string | undefined }): Promise<PerformanceFilters> {
  let patchId: number | null = null
  if (o.patch) {
    const [p] = await db.query<{ id: number }>('select id from patches where code = $1 or id::text = $1', [o.patch])
    if (!p) throw new AppError('validation', `No patch ${o.patch}`, [{ field: '--patch', message: 'Give a patch code' }])
    patchId = p.id
  }
  let officerUserId: number | null = null
  if (o.officer) {
    const [u] = await db.query<{ id: number }>('select id from users where username = $1', [o.officer])
    if (!u) throw new AppError('validation', `No user ${o.officer}`, [{ field: '--officer', message: 'Give an officer’s username' }])
    officerUserId = u.id
  }
  return { ...NO_FILTERS, patchId, officerUserId, tenure: o.tenure ?? null, accountType: o.type ?? null }
}

function periodFrom(o: { period?: string | undefined; from?: string | undefined; to?: string | undefined }, todayIs: string): Period {
  try {
    if (o.period) {
      if (o.from || o.to) throw new AppError('validation', 'Give --period, or --from and --to, not both')
      return upToToday(parsePeriod(o.period), todayIs)
    }
    if (!o.from) throw new AppError('validation', 'Give --from (and --to), or --period', [{ field: '--from', message: 'Required' }])
    return resolvePeriod({ kind: 'custom', from: o.from, to: o.to ?? todayIs })
  } catch (e) {
    if (e instanceof PeriodError) throw new AppError('validation', e.message, [{ field: o.period ? '--period' : '--from', message: e.message }])
    throw e
  }
}

function printMeasures(row: ReportRow): void {
  const width = Math.max(...row.measures.map((m) => m.label.length))
  for (const m of row.measures) {
    const target = m.target ? `  target ${m.target.display}: ${m.target.status.replace('_', ' ')}` : ''
    console.log(`  ${m.label.padEnd(width)}  ${m.display.padStart(16)}${target}`)
  }
}

const BREAKDOWN_COLUMNS = ['collection_rate', 'rent_collected', 'current_tenant_arrears', 'current_tenant_arrears_rate', 'former_tenant_arrears', 'direct_debit_take_up', 'notices_served', 'evictions']

function printGroups(rows: readonly ReportRow[], by: string): void {
  const labels = rows.map((r) => r.label)
  const w = Math.max(by.length, ...labels.map((l) => l.length))
  const heads = BREAKDOWN_COLUMNS.map((id) => measureById(id)!.label)
  console.log(`  ${by.padEnd(w)}  ${BREAKDOWN_COLUMNS.map((_, i) => `(${i + 1})`.padStart(14)).join('')}`)
  for (const r of rows) {
    console.log(`  ${r.label.padEnd(w)}  ${BREAKDOWN_COLUMNS.map((id) => (r.measures.find((m) => m.id === id)?.display ?? '').padStart(14)).join('')}`)
  }
  heads.forEach((h, i) => console.log(`  (${i + 1}) ${h}`))
}

function registerReport(report: Command): void {
  report
    .command('performance')
    .description('performance measures for a period: collection rate, arrears, write-offs, legal steps, arrangements, Direct Debit (definitions: docs/performance-measures.md)')
    .option('--from <date>', 'first day, YYYY-MM-DD')
    .option('--to <date>', 'last day, YYYY-MM-DD (default today)')
    .option('--period <period>', 'instead of dates: rent-week:YYYY-MM-DD, rent-year:YYYY, month:YYYY-MM, quarter:YYYY-Q1, custom:FROM..TO')
    .option('--by <dimension>', 'break down by patch, officer, tenure or account-type')
    .option('--patch <code>', 'only this patch')
    .option('--officer <username>', "only this officer's patches")
    .option('--tenure <tenure>', `only this tenure (${TENURES.join(', ')})`)
    .option('--type <account-type>', 'only this account type')
    .option('--csv', 'write CSV to standard output (the measures, or with --by every measure by group)')
    .action(async (raw) => {
      const o = parseOptions(
        z.object({
          from: isoDate.optional(),
          to: isoDate.optional(),
          period: z.string().optional(),
          by: word(['patch', 'officer', 'tenure', 'account_type'] as const).optional(),
          patch: z.string().optional(),
          officer: z.string().optional(),
          tenure: word(TENURES).optional(),
          type: word(CUSTOMER_ACCOUNT_TYPES).optional(),
          csv: z.boolean().optional(),
        }),
        raw,
      )
      const period = periodFrom(o, today())
      await withDb(async (db) => {
        const filters = await resolveFilters(db, o)
        const r = await performanceReport(db, { from: period.from, to: period.to, filters, by: o.by ?? null })
        if (o.csv) {
          process.stdout.write(o.by ? groupsCsv(r.from, r.to, o.by, r.groups) : measuresCsv(r.from, r.to, r.overall.label, r.overall))
          return
        }
        console.log(`Performance, ${period.label} (${r.from} to ${r.to}): ${Object.values(filters).some((v) => v !== null) ? 'accounts in the chosen scope' : 'all accounts'}`)
        printMeasures(r.overall)
        if (r.stages.runDate) {
          console.log(`\nAccounts at each level of recovery action (trawl of ${r.stages.runDate}):`)
          for (const b of r.stages.funnel) console.log(`  ${b.label.padEnd(42)} ${String(b.accounts).padStart(8)}`)
        }
        if (o.by) {
          console.log(`\nBy ${DIMENSION_LABELS[o.by].toLowerCase()}:`)
          printGroups(r.groups, DIMENSION_LABELS[o.by])
        }
      })
    })
}

function registerSnapshot(run: Command): void {
  run
    .command('performance-snapshot')
    .description('weekly performance snapshot of the rent week containing --date (default: the last complete week); idempotent per week')
    .option('--date <date>', 'a day in the rent week to snapshot, YYYY-MM-DD')
    .option('--since <date>', 'also snapshot every earlier week from this one that has no snapshot yet (a backfill)')
    .option('--user <username>', 'who is running it')
    .action(async (raw) => {
      const o = parseOptions(z.object({ date: isoDate.optional(), since: isoDate.optional(), user: z.string().optional() }), raw)
      const todayIs = today()
      const last = o.date ?? lastCompleteRentWeek(todayIs).from
      await withDb(async (db) => {
        const actor = await resolveCliActor(db, o.user)
        const weeks: string[] = []
        for (let d = weekCommencing(o.since ?? last); d <= weekCommencing(last); d = addDays(d, 7)) weeks.push(d)
        if (weeks.length === 0) throw new AppError('validation', '--since must be on or before --date', [{ field: '--since', message: 'Too late' }])
        for (const week of weeks) {
          const r = await takePerformanceSnapshot(db, { date: week, today: todayIs, actor })
          console.log(
            r.replayed
              ? `Week of ${r.weekCommencing} was already snapshotted (snapshot ${r.snapshotId}, ${r.figureRows} figures): unchanged.`
              : `Snapshot ${r.snapshotId} for the rent week ${r.weekCommencing} to ${r.weekEnding}: ${r.figureRows} figures${r.trawlRunDate ? `, stages from the trawl of ${r.trawlRunDate}` : ', no trawl run yet'}.`,
          )
        }
      })
    })
}

function registerTargets(program: Command): void {
  const target = program.command('target').description('performance targets per measure, overall or per patch')
  target
    .command('set')
    .description('set a target from a date (a team leader or administrator, named by --user)')
    .requiredOption('--measure <id>', `one of: ${TARGETABLE_MEASURES.map((m) => m.id).join(', ')}`)
    .requiredOption('--value <target>', 'in the measure’s unit: a percentage (98.5), pounds (25000) or a number (12)')
    .requiredOption('--from <date>', 'the date it applies from, YYYY-MM-DD')
    .option('--patch <code>', 'for one patch (default: overall)')
    .option('--reason <text>')
    .requiredOption('--user <username>', 'the team leader or administrator setting it')
    .action(async (raw) => {
      const o = parseOptions(
        z.object({ measure: word(TARGETABLE_MEASURES.map((m) => m.id) as [string, ...string[]]), value: z.string(), from: isoDate, patch: z.string().optional(), reason: z.string().max(500).optional(), user: z.string() }),
        raw,
      )
      const m = measureById(o.measure)!
      const v = parseTargetValue(m, o.value)
      if (!v.ok) throw new AppError('validation', v.message, [{ field: '--value', message: v.message }])
      await withDb(async (db) => {
        const filters = await resolveFilters(db, { patch: o.patch })
        const actor = await resolveCliActor(db, o.user)
        const r = await setPerformanceTarget(db, { measure: m.id, patchId: filters.patchId, effectiveFrom: o.from, value: v.value, reason: o.reason ?? null, actor })
        console.log(`Target ${r.targetId}: ${m.label} ${displayTarget(m, v.value)} ${o.patch ? `for patch ${o.patch}` : 'overall'}, from ${o.from}.`)
      })
    })
  target
    .command('list')
    .description('every target set, oldest first')
    .action(async () => {
      await withDb(async (db) => {
        const targets = await listTargets(db)
        if (targets.length === 0) console.log('No targets have been set.')
        for (const t of targets) {
          const m = measureById(t.measure)
          console.log(`${String(t.id).padStart(4)}  ${t.effectiveFrom}  ${(t.patchName ?? 'Overall').padEnd(20)}  ${(m?.label ?? t.measure).padEnd(60)} ${m ? displayTarget(m, t.value) : t.value}  (${t.setBy})`)
        }
      })
    })
}

/** Registers the performance commands: `report performance`, `run performance-snapshot`, `target set|list`. */
export function registerPerformance(program: Command, run: Command, report: Command): void {
  registerReport(report)
  registerSnapshot(run)
  registerTargets(program)
}
