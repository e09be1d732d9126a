/**
 * `reeve run anonymise --date`: the retention job (docs/operations.md). Anonymises, in chunks that commit on their
 * own, every party whose accounts all closed more than the retention period before the date. Safe to run again (a
 * party is anonymised once) and to stop part way (the next run picks up the rest).
 */
import type { Command } from 'commander'
import { z } from 'zod'
import type { Db } from '../db/client.ts'
import type { IsoDate } from '../domain/calendar/dates.ts'
import { systemActor } from '../services/actor.ts'
import { anonymiseParties, planAnonymisation } from '../services/retention/anonymise-parties.ts'
import { isoDate, parseOptions, withDb } from '../cli/context.ts'
import { failJobRun, finishJobRun, startJobRun } from './job-runs.ts'

export interface AnonymiseResult {
  cutoff: IsoDate
  retentionYears: number
  anonymised: number
  dryRun: boolean
}

export async function runAnonymise(db: Db, opts: { date: IsoDate; dryRun?: boolean; chunkSize?: number }): Promise<AnonymiseResult> {
  const plan = await planAnonymisation(db, opts.date)
  if (opts.dryRun) return { cutoff: plan.cutoff, retentionYears: plan.retentionYears, anonymised: plan.candidates.length, dryRun: true }
  const run = await startJobRun(db, 'anonymise', `anonymise:${opts.date}`, { date: opts.date, cutoff: plan.cutoff })
  const actor = systemActor('retention')
  const chunkSize = opts.chunkSize ?? 500
  let anonymised = 0
  try {
    for (let i = 0; i < plan.candidates.length; i += chunkSize) {
      const chunk = plan.candidates.slice(i, i + chunkSize)
      anonymised += await db.transaction((tx) => anonymiseParties(tx, chunk, { onDate: opts.date, jobRunId: run.id, retentionYears: plan.retentionYears, actor }))
    }
    await finishJobRun(db, run.id, { anonymised, cutoff: plan.cutoff })
  } catch (err) {
    await failJobRun(db, run.id, err)
    throw err
  }
  return { cutoff: plan.cutoff, retentionYears: plan.retentionYears, anonymised, dryRun: false }
}

export function registerRunAnonymise(run: Command): void {
  run
    .command('anonymise')
    .description('retention: anonymise the personal data of people whose accounts all closed more than the retention period ago (ledger kept)')
    .requiredOption('--date <date>', 'the day the retention period is counted back from, YYYY-MM-DD')
    .option('--dry-run', 'say how many people would be anonymised, change nothing')
    .action(async (raw) => {
      const o = parseOptions(z.object({ date: isoDate, dryRun: z.boolean().optional() }), raw)
      await withDb(async (db) => {
        const r = await runAnonymise(db, { date: o.date, dryRun: o.dryRun ?? false })
        console.log(
          `${r.dryRun ? 'Would anonymise' : 'Anonymised'} ${r.anonymised} ${r.anonymised === 1 ? 'person' : 'people'} whose accounts all closed on or before ${r.cutoff} ` +
            `(retention ${r.retentionYears} years).`,
        )
      })
    })
}
