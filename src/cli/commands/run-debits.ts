import type { Command } from 'commander'
import { z } from 'zod'
import { formatPounds } from '../../domain/money/pence.ts'
import { runRentDebits, summariseDueCharges } from '../../jobs/rent-debit-run.ts'
import { isoDate, parseOptions, today, withDb } from '../context.ts'
import { makeProgress } from '../progress.ts'

const Options = z.object({
  week: isoDate,
  postingDate: isoDate.optional(),
  chunkSize: z.coerce.number().int().min(100).max(1_000_000).optional(),
  dryRun: z.boolean().optional(),
})

export function registerRunDebits(run: Command): void {
  run
    .command('debits')
    .description('post one rent week of charges for every live agreement (idempotent, resumable)')
    .requiredOption('--week <monday>', 'the Monday of the rent week, YYYY-MM-DD')
    .option('--posting-date <date>', 'date the postings are recorded (default today)')
    .option('--chunk-size <n>', 'accounts per committed chunk (default 20000)')
    .option('--dry-run', 'show what would be posted, post nothing')
    .action(async (raw) => {
      const o = parseOptions(Options, raw)
      await withDb(async (db) => {
        if (o.dryRun) {
          const due = await summariseDueCharges(db, o.week)
          for (const d of due) console.log(`${d.chargeType.padEnd(16)} ${String(d.postings).padStart(8)} postings  ${formatPounds(d.totalPence)}`)
          if (due.length === 0) console.log('Nothing to post for this week.')
          return
        }
        const progress = makeProgress('debits')
        const r = await runRentDebits(db, {
          week: o.week,
          postingDate: o.postingDate ?? today(),
          ...(o.chunkSize ? { chunkSize: o.chunkSize } : {}),
          onProgress: (done, total) => progress.update(done, total),
        })
        progress.stop()
        console.log(
          `Rent week ${r.week}: posted ${r.postings} charges totalling ${formatPounds(r.totalPence)} in ${r.chunks} chunks` +
            (r.resumed ? ` (resumed a crashed run: ${r.chunksSkipped} chunks were already done)` : '') +
            (r.postings === 0 ? ' — nothing was due that had not already been posted' : ''),
        )
      })
    })
}
