/**
 * Benchmark: the weekly rent debit run against its floor.
 *
 * The floor is one raw `INSERT … SELECT` producing the same charge postings (same rows, same table shape
 * and indexes, cloned with `LIKE postings INCLUDING ALL`) with none of the job's safeguards. The job adds:
 * the idempotency check per row, the ledger transaction, the contra (income) legs, the balance trigger,
 * chunked commits and the run log. Both run in the same process on the same database, alternating, and
 * the ratio of medians is reported. Target (issue 2): at most 2×.
 *
 *   npm run bench                          # PostgreSQL server (BENCH_DATABASE_ADMIN_URL), 100,000 accounts
 *   npm run bench -- --accounts 20000 --pglite
 */
import { parseArgs } from 'node:util'
import type { Db } from '../src/db/client.ts'
import { openBenchDb } from './bench-db.ts'
import { migrate } from '../src/db/migrate.ts'
import { runRentDebits } from '../src/jobs/rent-debit-run.ts'
import { addDays } from '../src/domain/calendar/dates.ts'

const { values: args } = parseArgs({
  options: {
    accounts: { type: 'string', default: '100000' },
    weeks: { type: 'string', default: '3' },
    pglite: { type: 'boolean', default: false },
  },
})
const ACCOUNTS = Number(args.accounts)
const WEEKS = Number(args.weeks)
const FIRST_WEEK = '2026-04-06'

/** 100,000 live tenancies with rent + (for a third) a service charge, created set-based. */
async function setUp(db: Db): Promise<void> {
  await migrate(db)
  await db.exec(`
    insert into patches (code, name) values ('B1', 'Bench patch');
    insert into properties (property_ref, kind, address_line1, town, postcode, patch_id)
      select 'BP' || g, 'dwelling', g || ' Bench Street', 'Benchtown', 'BT1 1AA', (select id from patches where code = 'B1')
      from generate_series(1, ${ACCOUNTS}) g;
    insert into parties (party_ref, surname) select 'BPTY' || g, 'Bench' from generate_series(1, ${ACCOUNTS}) g;
    insert into tenancies (tenancy_ref, property_id, tenure, start_date)
      select 'BT' || p.id, p.id, 'secure', date '2020-01-06' from properties p;
    insert into accounts (account_number, payment_reference, account_class, account_type, name, tenancy_id, patch_id, opened_on)
      select 'BRNT' || t.id, 'B' || t.id, 'customer', 'rent', 'Bench', t.id, (select id from patches where code = 'B1'), t.start_date
      from tenancies t;
    insert into charge_schedules (account_id) select id from accounts where account_class = 'customer';
    insert into charge_rates (schedule_id, charge_type, effective_from, weekly_pence, reason)
      select cs.id, 'rent', date '2020-01-06', 8000 + (cs.id % 6000), 'new_agreement' from charge_schedules cs;
    insert into charge_rates (schedule_id, charge_type, effective_from, weekly_pence, reason)
      select cs.id, 'rent', date '2026-04-06', 8400 + (cs.id % 6000), 'annual_change' from charge_schedules cs;
    insert into charge_rates (schedule_id, charge_type, effective_from, weekly_pence, reason)
      select cs.id, 'service_charge', date '2020-01-06', 300 + (cs.id % 900), 'new_agreement' from charge_schedules cs where cs.id % 3 = 0;
    -- The floor writes to a table defined like postings: same columns, defaults, checks, indexes and
    -- foreign keys (declared constraints are part of "doing the same postings"), but none of the job's triggers.
    create table floor_postings (like postings including all);
    alter table floor_postings add foreign key (transaction_id) references ledger_transactions (id),
      add foreign key (account_id) references accounts (id);
    create table bare_postings (like postings including all);
    insert into ledger_transactions (txn_type, idempotency_key, effective_date, posting_date, source, description)
      values ('adjustment', 'bench-floor', date '2026-04-06', date '2026-04-06', 'system', 'bench floor');
    analyze;
  `)
}

/** The floor: the same charge rows for the week in one raw INSERT … SELECT, nothing else. */
const FLOOR_SELECT = `
select (select id from ledger_transactions where idempotency_key = 'bench-floor'), r.account_id, r.weekly_pence, $1::date, r.charge_type, $1::date, $1::date::text || ':' || r.charge_type
from (
  select distinct on (cs.account_id, cr.charge_type) cs.account_id, cr.charge_type, cr.weekly_pence
  from charge_schedules cs join charge_rates cr on cr.schedule_id = cs.id
  where cr.effective_from <= $1::date
  order by cs.account_id, cr.charge_type, cr.effective_from desc
) r where r.weekly_pence > 0`
const FLOOR_SQL = `insert into floor_postings (transaction_id, account_id, amount_pence, effective_date, posting_type, period_start, charge_key) ${FLOOR_SELECT}`
const BARE_SQL = `insert into bare_postings (transaction_id, account_id, amount_pence, effective_date, posting_type, period_start, charge_key) ${FLOOR_SELECT}`
async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint()
  await fn()
  return Number(process.hrtime.bigint() - t0) / 1e6
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

const { db, dispose } = await openBenchDb(args.pglite)
try {
  console.error(`Setting up ${ACCOUNTS} accounts on ${db.kind}…`)
  await setUp(db)
  const floor: number[] = []
  const bare: number[] = []
  const job: number[] = []
  let rows = 0
  for (let i = 0; i < WEEKS; i++) {
    const week = addDays(FIRST_WEEK, 7 * i)
    // Alternate which goes first so cache warmth does not favour one side.
    const runFloor = async () => {
      floor.push(await time(() => db.query(FLOOR_SQL, [week])))
      bare.push(await time(() => db.query(BARE_SQL, [week])))
    }
    const runJob = async () => {
      let posted = 0
      const ms = await time(async () => {
        posted = (await runRentDebits(db, { week, postingDate: week })).postings
      })
      rows = posted
      job.push(ms)
    }
    if (i % 2 === 0) {
      await runFloor()
      await runJob()
    } else {
      await runJob()
      await runFloor()
    }
    console.error(`week ${week}: floor ${floor.at(-1)!.toFixed(0)} ms, job ${job.at(-1)!.toFixed(0)} ms (${rows} charges)`)
  }
  const [floorRows] = await db.query<{ n: number }>('select count(*)::int as n from floor_postings')
  const ratio = median(job) / median(floor)
  const result = {
    database: db.kind,
    accounts: ACCOUNTS,
    chargesPerWeek: rows,
    floorRowsPerWeek: floorRows!.n / WEEKS,
    weeks: WEEKS,
    floorMedianMs: Math.round(median(floor)),
    bareInsertMedianMs: Math.round(median(bare)),
    ratioToBareInsert: Number((median(job) / median(bare)).toFixed(2)),
    jobMedianMs: Math.round(median(job)),
    ratio: Number(ratio.toFixed(2)),
    target: 2,
  }
  console.log(JSON.stringify(result, null, 2))
  console.log(`\n| ${db.kind} | ${ACCOUNTS} | ${rows} | ${result.floorMedianMs} ms | ${result.bareInsertMedianMs} ms | ${result.jobMedianMs} ms | ${result.ratio}× | ${result.ratioToBareInsert}× |`)
  if (rows !== floorRows!.n / WEEKS) console.error('WARNING: the job and the floor posted different numbers of charge rows')
} finally {
  await dispose()
}
