/**
 * Benchmark: the nightly trawl against its floor.
 *
 * The floor is one raw aggregation of balances, `select account_id, sum(amount_pence) from postings group by
 * account_id`, with its rows returned to Node: the least any trawl must do (read every posting once and hand a row
 * per account to the code). The trawl is `runTrawl` exactly as `reeve run trawl` runs it: the set-based inputs
 * query (balances now, 4 and 13 weeks ago, this week's debit, last payment, HB/UC cadence, rates, cases, holds,
 * notices, orders), the domain's rules for every account in JavaScript, and the recommendations (and the steps the
 * trawl takes itself) written back set-based in chunks with the run log. Each run is a new date (a trawl is
 * idempotent per date); both run alternately in the same process and medians are compared. Target: at most 5×.
 *
 *   npx tsx bench/trawl.bench.ts                         # PostgreSQL server (BENCH_DATABASE_ADMIN_URL), 100,000 accounts
 *   npx tsx bench/trawl.bench.ts --accounts 20000 --pglite
 */
import { parseArgs } from 'node:util'
import type { Db } from '../src/db/client.ts'
import { openBenchDb } from './bench-db.ts'
import { migrate } from '../src/db/migrate.ts'
import { addDays } from '../src/domain/calendar/dates.ts'
import { runTrawl } from '../src/jobs/trawl.ts'
import { ensureDefaultPathways } from '../src/services/recovery/pathways.ts'

const { values: args } = parseArgs({
  options: {
    accounts: { type: 'string', default: '100000' },
    weeks: { type: 'string', default: '26' },
    runs: { type: 'string', default: '3' },
    pglite: { type: 'boolean', default: false },
  },
})
const ACCOUNTS = Number(args.accounts)
const WEEKS = Number(args.weeks)
const RUNS = Number(args.runs)
const FIRST_WEEK = '2026-04-06'
const LAST_WEEK = addDays(FIRST_WEEK, 7 * (WEEKS - 1))
/** The first trawl: the Wednesday after the last week debited. */
const FIRST_TRAWL = addDays(LAST_WEEK, 2)

/**
 * 100,000 secure tenancies in 50 patches with `WEEKS` weeks of history, set-based like the debit bench: weekly rent
 * (an April change) and, for a third, a service charge; payments by behaviour (by account id): most pay in full
 * every week, some pay 90% or 80%, some stopped paying 9 weeks ago, a tenth are paid Housing Benefit every 4 weeks. Each
 * week's charges and each week's payments are one balanced ledger transaction. Cases at various stages, a few
 * holds and notices, so the trawl has every kind of input to read.
 */
async function setUp(db: Db): Promise<void> {
  await migrate(db)
  await ensureDefaultPathways(db)
  await db.exec(`
    insert into patches (code, name) select 'B' || g, 'Bench patch ' || g from generate_series(1, 50) g;
    insert into properties (property_ref, kind, address_line1, town, postcode, patch_id)
      select 'BP' || g, 'dwelling', g || ' Bench Street', 'Benchtown', 'BT1 1AA', (select min(id) from patches) + g % 50
      from generate_series(1, ${ACCOUNTS}) g;
    insert into parties (party_ref, surname) select 'BPTY' || g, 'Bench' from generate_series(1, ${ACCOUNTS}) g;
    insert into tenancies (tenancy_ref, property_id, tenure, start_date)
      select 'BT' || p.id, p.id, 'secure', date '2020-01-06' from properties p;
    insert into tenancy_parties (tenancy_id, party_id) select t.id, p.id from tenancies t join parties p on p.party_ref = 'BPTY' || t.property_id;
    insert into accounts (account_number, payment_reference, account_class, account_type, name, tenancy_id, patch_id, opened_on)
      select 'BRNT' || t.id, 'B' || t.id, 'customer', 'rent', 'Bench', t.id, pr.patch_id, t.start_date
      from tenancies t join properties pr on pr.id = t.property_id;
    insert into account_parties (account_id, party_id) select a.id, tp.party_id from accounts a join tenancy_parties tp on tp.tenancy_id = a.tenancy_id;
    insert into charge_schedules (account_id) select id from accounts where account_class = 'customer';
    insert into charge_rates (schedule_id, charge_type, effective_from, weekly_pence, reason)
      select cs.id, 'rent', date '2020-01-06', 8000 + (cs.id % 6000), 'new_agreement' from charge_schedules cs;
    insert into charge_rates (schedule_id, charge_type, effective_from, weekly_pence, reason)
      select cs.id, 'rent', date '2026-04-06', 8400 + (cs.id % 6000), 'annual_change' from charge_schedules cs;
    insert into charge_rates (schedule_id, charge_type, effective_from, weekly_pence, reason)
      select cs.id, 'service_charge', date '2020-01-06', 300 + (cs.id % 900), 'new_agreement' from charge_schedules cs where cs.id % 3 = 0;
  `)
  for (let w = 0; w < WEEKS; w++) {
    const week = addDays(FIRST_WEEK, 7 * w)
    const friday = addDays(week, 4)
    // The week's charges, with the income contra legs, in one statement (the balance trigger checks it).
    await db.query(
      `with txn as (
         insert into ledger_transactions (txn_type, idempotency_key, effective_date, posting_date, source, description)
         values ('charge', 'bench-charges:' || $1, $1::date, $1::date, 'batch', 'bench charges') returning id
       ),
       due as (
         select distinct on (cs.account_id, cr.charge_type) cs.account_id, cr.charge_type, cr.weekly_pence
         from charge_schedules cs join charge_rates cr on cr.schedule_id = cs.id where cr.effective_from <= $1::date
         order by cs.account_id, cr.charge_type, cr.effective_from desc
       )
       insert into postings (transaction_id, account_id, amount_pence, effective_date, posting_type, period_start, charge_key)
       select txn.id, d.account_id, d.weekly_pence, $1::date, d.charge_type, $1::date, $1::date::text || ':' || d.charge_type from due d, txn
       union all
       select txn.id, ia.id, -s.total, $1::date, s.charge_type, $1::date, null
       from (select charge_type, sum(weekly_pence) as total from due group by charge_type) s cross join txn
       join accounts ia on ia.account_number = 'GL-INCOME-' || upper(s.charge_type)`,
      [week],
    )
    // The week's payments: 60% pay the week in full, 10% pay 90% (the trawl sends them reminders itself), 10% pay
    // 80%, 10% stopped 9 weeks before the end; a tenth are paid Housing Benefit every 4 weeks in arrears.
    await db.query(
      `with txn as (
         insert into ledger_transactions (txn_type, idempotency_key, effective_date, posting_date, source, description)
         values ('payment', 'bench-payments:' || $1, $2::date, $2::date, 'batch', 'bench payments') returning id
       ),
       weekly as (
         select cs.account_id, sum(cr.weekly_pence)::bigint as charge
         from charge_schedules cs
         join lateral (select distinct on (charge_type) charge_type, weekly_pence from charge_rates where schedule_id = cs.id and effective_from <= $1::date
                       order by charge_type, effective_from desc) cr on true
         group by cs.account_id
       ),
       paid as (
         select w.account_id,
           case when w.account_id % 10 = 9 then 'housing_benefit' else 'card' end as method,
           case
             when w.account_id % 10 = 9 then case when $3::int % 4 = 3 then w.charge * 4 else 0 end
             when w.account_id % 10 = 8 then case when $3::int >= $4::int - 9 then 0 else w.charge end
             when w.account_id % 10 = 7 then (w.charge * 8) / 10
             when w.account_id % 10 = 6 then (w.charge * 9) / 10
             else w.charge
           end as amount
         from weekly w
       )
       insert into postings (transaction_id, account_id, amount_pence, effective_date, posting_type)
       select txn.id, p.account_id, -p.amount, $2::date, p.method from paid p, txn where p.amount > 0
       union all
       select txn.id, ra.id, s.total, $2::date, s.method
       from (select method, sum(amount) as total from paid where amount > 0 group by method) s cross join txn
       join accounts ra on ra.account_number = 'GL-RECEIPTS-' || upper(s.method)`,
      [week, friday, w, WEEKS],
    )
    if (w % 5 === 0) console.error(`  history: week ${w + 1} of ${WEEKS}`)
  }
  // Cases part-way through the pathway, a few holds and notices.
  await db.exec(`
    insert into recovery_cases (account_id, pathway_id, pathway_version, current_stage, stage_entered_on, cycle_started_on)
      select a.id, 'secure-rent', '2026-04',
        (array['reminder_sms', 'letter_1', 'letter_2', 'call_1', 'home_visit'])[1 + a.id % 5], date '${addDays(FIRST_TRAWL, -20)}', date '${addDays(FIRST_TRAWL, -60)}'
      from accounts a where a.account_class = 'customer' and a.id % 10 in (7, 8);
    insert into holds (party_id, hold_type, starts_on, reason, created_by)
      select ap.party_id, 'breathing_space_standard', date '${addDays(FIRST_TRAWL, -10)}', 'bench', 'bench'
      from account_parties ap where ap.account_id % 100 = 8;
    insert into holds (account_id, hold_type, starts_on, reason, created_by)
      select a.id, 'vulnerability_review', date '${addDays(FIRST_TRAWL, -30)}', 'bench', 'bench'
      from accounts a where a.account_class = 'customer' and a.id % 97 = 0;
    insert into legal_notices (account_id, notice_kind, delivered_on, service_method, served_on, served_party_ids, all_tenants_served,
        earliest_date_in_notice, date_in_notice, valid_until, arrears_at_service_pence, actor)
      select a.id, 'nosp_secure', date '${addDays(FIRST_TRAWL, -40)}', 'hand', date '${addDays(FIRST_TRAWL, -40)}', '{}', true,
        date '${addDays(FIRST_TRAWL, -10)}', date '${addDays(FIRST_TRAWL, -10)}', date '${addDays(FIRST_TRAWL, 355)}', 0, 'bench'
      from accounts a where a.account_class = 'customer' and a.id % 200 = 8;
  `)
  await db.exec('vacuum analyze')
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint()
  await fn()
  return Number(process.hrtime.bigint() - t0) / 1e6
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const FLOOR_SQL = 'select account_id, sum(amount_pence) from postings group by account_id'

const { db, dispose } = await openBenchDb(args.pglite)
try {
  console.error(`Setting up ${ACCOUNTS} accounts with ${WEEKS} weeks of history on ${db.kind}…`)
  const setupMs = await time(() => setUp(db))
  const [{ n: postings }] = (await db.query<{ n: number }>('select count(*)::int as n from postings')) as [{ n: number }]
  console.error(`Set up in ${(setupMs / 1000).toFixed(0)} s: ${postings} postings`)
  const floor: number[] = []
  const trawl: number[] = []
  let last: Awaited<ReturnType<typeof runTrawl>> | undefined
  for (let i = 0; i < RUNS; i++) {
    const date = addDays(FIRST_TRAWL, i)
    const runFloor = async () => {
      let rows = 0
      floor.push(await time(async () => (rows = (await db.query(FLOOR_SQL)).length)))
      return rows
    }
    const runJob = async () => trawl.push(await time(async () => (last = await runTrawl(db, { date }))))
    if (i % 2 === 0) {
      await runFloor()
      await runJob()
    } else {
      await runJob()
      await runFloor()
    }
    console.error(`trawl ${date}: floor ${floor.at(-1)!.toFixed(0)} ms, trawl ${trawl.at(-1)!.toFixed(0)} ms ${JSON.stringify(last!.timings)} ${JSON.stringify(last!.counts)}`)
  }
  const ratio = median(trawl) / median(floor)
  const result = {
    database: db.kind,
    accounts: ACCOUNTS,
    weeks: WEEKS,
    postings,
    runs: RUNS,
    floorMedianMs: Math.round(median(floor)),
    trawlMedianMs: Math.round(median(trawl)),
    ratio: Number(ratio.toFixed(2)),
    target: 5,
    lastCounts: last?.counts,
    lastTimings: last?.timings,
  }
  console.log(JSON.stringify(result, null, 2))
  console.log(`\n| ${db.kind} | ${ACCOUNTS} | ${postings} | ${result.floorMedianMs} ms | ${result.trawlMedianMs} ms | ${result.ratio}× |`)
} finally {
  await dispose()
}
