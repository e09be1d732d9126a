import type { Command } from 'commander'
import { loadConfig, type Config } from '../../config.ts'
import type { Db } from '../../db/client.ts'
import { buildWebApp } from '../../web/app.ts'
import { addDays, weekCommencing } from '../../domain/calendar/dates.ts'
import { lastCompleteRentWeek } from '../../domain/performance/periods.ts'
import { systemActor } from '../../services/actor.ts'
import { takePerformanceSnapshot } from '../../services/performance/snapshots.ts'
import { catchUpRentDebits } from '../../jobs/rent-debit-run.ts'
import { runTrawl } from '../../jobs/trawl.ts'
import { ensureDefaultPathways } from '../../services/recovery/pathways.ts'
import { openConfiguredDb, today } from '../context.ts'
import { describeSeed, DEMO_PASSWORD, seedWithProgress, SeedOptions } from './seed.ts'
import { parseOptions } from '../context.ts'

const DEMO_SNAPSHOT_WEEKS = 26

/** The weekly snapshot job (`reeve run performance-snapshot`) for each of the last `count` complete rent weeks. */
async function snapshotRecentWeeks(db: Db, todayIs: string, count: number): Promise<number> {
  const last = weekCommencing(lastCompleteRentWeek(todayIs).from)
  for (let i = count - 1; i >= 0; i--) await takePerformanceSnapshot(db, { date: addDays(last, -7 * i), today: todayIs, actor: systemActor('demo') })
  return count
}

async function startServer(db: Db, config: Config): Promise<void> {
  const app = await buildWebApp({ db, config, logger: { level: config.logLevel } })
  const close = async () => {
    await app.close()
    await db.close()
    process.exit(0)
  }
  process.once('SIGINT', close)
  process.once('SIGTERM', close)
  await app.listen({ port: config.port, host: config.host })
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('start the web application on the configured database')
    .action(async () => {
      const config = loadConfig()
      const db = await openConfiguredDb(config)
      // The trawl and the recovery pages need the shipped pathways, whichever command started the database.
      await ensureDefaultPathways(db)
      await startServer(db, config)
      console.log(`Reeve is running on http://localhost:${config.port}`)
    })

  program
    .command('demo')
    .description('migrate, seed a synthetic council if the database is empty, and start the web application')
    .option('--homes <n>', 'number of homes to seed', '5000')
    .option('--seed <n>', 'random seed', '1')
    .action(async (raw) => {
      const o = parseOptions(SeedOptions, raw)
      const config = loadConfig()
      console.log(config.databaseUrl ? 'Using the PostgreSQL server in DATABASE_URL' : `Using the embedded database in ${config.pgliteDir}`)
      const db = await openConfiguredDb(config)
      const [{ n }] = (await db.query<{ n: number }>('select count(*)::int as n from tenancies')) as [{ n: number }]
      if (n === 0) {
        console.log(`Seeding a synthetic council of ${o.homes} homes with ${o.years} years of history (first run only)…`)
        console.log(describeSeed(await seedWithProgress(db, o)))
        // Weekly performance snapshots for the last half year, so the dashboard's trend lines have a history.
        const weeks = await snapshotRecentWeeks(db, today(), DEMO_SNAPSHOT_WEEKS)
        console.log(`Performance snapshots taken for ${weeks} rent weeks.`)
      } else {
        console.log(`The database already holds ${n} tenancies; not seeding again (delete ${config.dataDir} to start afresh).`)
      }
      const caughtUp = await catchUpRentDebits(db, today(), (week) => console.log(`Posting rent week ${week}…`))
      if (caughtUp.length) console.log(`Weekly debits brought up to date (${caughtUp.length} week(s)).`)
      // The worktray shows the latest trawl: make sure today's has run (idempotent per date).
      await ensureDefaultPathways(db)
      const trawl = await runTrawl(db, { date: today() })
      console.log(`Arrears trawl for ${today()}: ${trawl.counts.action} accounts need action, ${trawl.counts.blocked} held.`)
      await startServer(db, config)
      const password = process.env.REEVE_DEMO_PASSWORD ?? DEMO_PASSWORD
      console.log(`
Reeve is running on http://localhost:${config.port}

Sign in with one of the demo users (password: ${password}):
  officer1     income officer (patch 1)
  teamleader   team leader
  recovery     debt recovery & Direct Debit officer
  finance      finance officer
  auditor      read-only auditor
  admin        administrator

Press Ctrl+C to stop.`)
    })
}
