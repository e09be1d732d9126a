/**
 * Benchmark: how fast the officer's busiest pages render with the demo's data (issue #8: the worktray and the case
 * page under 200 ms at the median on this machine).
 *
 * The world is the demo's: `seedCouncil` with the demo's size and seed (5,000 homes, two years of history and the
 * recovery history the seed replays), then today's trawl, on embedded PGlite like `npm start` (or the PostgreSQL
 * server with `--server`). Each page is requested through the whole web stack in-process (`app.inject`: session,
 * CSRF token, role checks, SQL, Nunjucks, the page-view audit row), signed in as the team leader who sees every
 * patch, so the worktray is the largest one there is.
 *
 * The floor, in the same run: the single SQL query each page cannot do without, run raw — for the worktray the
 * top 25 recommendations of the latest trawl in priority order; for the case and account pages every posting of
 * the account with its running balance. The ratio says how much the page adds to its own data.
 *
 *   npm run bench:pages                                    # 5,000 homes on PGlite, 40 requests per page
 *   npm run bench:pages -- --homes 1000 --requests 20 --server
 */
import { parseArgs } from 'node:util'
import { performance } from 'node:perf_hooks'
import type { Db } from '../src/db/client.ts'
import { migrate } from '../src/db/migrate.ts'
import { runTrawl } from '../src/jobs/trawl.ts'
import { seedCouncil } from '../src/seed/seed-council.ts'
import { ensureDefaultPathways } from '../src/services/recovery/pathways.ts'
import { buildTestWebApp, signedInClient, type WebTestClient } from '../src/web/testing/web-test-client.ts'
import { openBenchDb } from './bench-db.ts'

const { values: args } = parseArgs({
  options: {
    homes: { type: 'string', default: '5000' },
    requests: { type: 'string', default: '40' },
    'recovery-weeks': { type: 'string', default: '16' },
    server: { type: 'boolean', default: false },
  },
})
const HOMES = Number(args.homes)
const REQUESTS = Number(args.requests)
const TODAY = '2026-11-22'
const NOW = new Date(`${TODAY}T12:00:00Z`)
const PASSWORD = 'bench-password-2026'

interface Timing {
  median: number
  p95: number
}

function summarise(samples: number[]): Timing {
  const s = [...samples].sort((a, b) => a - b)
  return { median: s[Math.floor(s.length / 2)]!, p95: s[Math.min(s.length - 1, Math.floor(s.length * 0.95))]! }
}

async function time(n: number, fn: () => Promise<void>): Promise<Timing> {
  for (let i = 0; i < 3; i++) await fn() // warm caches, compiled templates and query plans
  const samples: number[] = []
  for (let i = 0; i < n; i++) {
    const t0 = performance.now()
    await fn()
    samples.push(performance.now() - t0)
  }
  return summarise(samples)
}

async function page(client: WebTestClient, url: string): Promise<() => Promise<void>> {
  const check = async () => {
    const res = await client.get(url)
    if (res.statusCode !== 200) throw new Error(`${url} answered ${res.statusCode}`)
  }
  await check()
  return check
}

async function main(): Promise<void> {
  const { db, dispose } = await openBenchDb(!args.server)
  try {
    await migrate(db)
    await ensureDefaultPathways(db)
    let t0 = performance.now()
    const seed = await seedCouncil(db, { homes: HOMES, years: 2, seed: 1, today: TODAY, demoPassword: PASSWORD, recoveryWeeks: Number(args['recovery-weeks']) })
    console.log(`Seeded ${seed.accounts} accounts and ${seed.postings} postings in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
    t0 = performance.now()
    const trawl = await runTrawl(db, { date: TODAY })
    console.log(`Trawl of ${TODAY}: ${trawl.counts.action} accounts need action (${((performance.now() - t0) / 1000).toFixed(1)} s)`)

    const { app } = await buildTestWebApp(db, { now: () => NOW })
    const client = await signedInClient(app, { username: 'teamleader', password: PASSWORD })
    const subject = await busiestCase(db)
    console.log(`Case page subject: the account with most postings among today's recommendations (${subject.postings} postings)\n`)

    const worktrayFloor = await time(REQUESTS, async () => {
      await db.query(
        `select r.account_id, r.priority, r.stage, r.reason from recommendations r
          where r.run_id = (select id from trawl_runs where status = 'completed' order by run_date desc limit 1)
            and r.kind in ('action', 'blocked') and not r.applied
          order by r.priority desc, r.account_id limit 25`,
      )
    })
    const statementFloor = await time(REQUESTS, async () => {
      await db.query(
        `select p.effective_date, p.amount_pence, p.description,
                sum(p.amount_pence) over (order by p.effective_date, p.id) as running
           from postings p where p.account_id = $1 order by p.effective_date, p.id`,
        [subject.accountId],
      )
    })
    const account = encodeURIComponent(subject.accountNumber)
    const rows: [string, Timing, Timing][] = [
      ['Worktray (all patches, page 1)', await time(REQUESTS, await page(client, '/worktray')), worktrayFloor],
      ['Case (recovery page)', await time(REQUESTS, await page(client, `/accounts/${account}/recovery`)), statementFloor],
      ['Account (statement, chart, timeline)', await time(REQUESTS, await page(client, `/accounts/${account}`)), statementFloor],
      ['Person (one view of debt)', await time(REQUESTS, await page(client, `/people/${encodeURIComponent(subject.partyRef)}`)), statementFloor],
    ]
    await app.close()

    console.log(`${HOMES} homes on ${args.server ? 'the PostgreSQL server' : 'PGlite'}, ${REQUESTS} requests per page (ms)\n`)
    console.log('| Page | median | p95 | floor median | ratio | under 200 ms |')
    console.log('|---|---:|---:|---:|---:|:---:|')
    for (const [name, t, floor] of rows) {
      console.log(`| ${name} | ${t.median.toFixed(1)} | ${t.p95.toFixed(1)} | ${floor.median.toFixed(1)} | ${(t.median / floor.median).toFixed(1)}× | ${t.median < 200 ? 'yes' : 'NO'} |`)
    }
  } finally {
    await dispose()
  }
}

/** The account needing action today with the longest history: the heaviest case page an officer opens from the worktray. */
async function busiestCase(db: Db): Promise<{ accountId: number; accountNumber: string; partyRef: string; postings: number }> {
  const [row] = await db.query<{ account_id: number; account_number: string; party_ref: string; postings: number }>(
    `select a.id as account_id, a.account_number, pa.party_ref, count(p.id)::int as postings
       from recommendations r
       join accounts a on a.id = r.account_id
       join account_parties ap on ap.account_id = a.id
       join parties pa on pa.id = ap.party_id
       join postings p on p.account_id = a.id
      where r.run_id = (select id from trawl_runs where status = 'completed' order by run_date desc limit 1)
        and r.kind = 'action'
      group by a.id, a.account_number, pa.party_ref
      order by count(p.id) desc, a.id limit 1`,
  )
  if (!row) throw new Error('No account needs action today: the trawl found nothing to show')
  return { accountId: row.account_id, accountNumber: row.account_number, partyRef: row.party_ref, postings: row.postings }
}

await main()
