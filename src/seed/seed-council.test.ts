import crypto from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { createTestDb, describeEachDb, type TestDbKind } from '../../test/databases.ts'
import type { Queryable } from '../db/client.ts'
import { rentYearStart } from '../domain/calendar/rent-year.ts'
import { addDays } from '../domain/calendar/dates.ts'
import { pruneRecommendations } from '../jobs/prune-recommendations.ts'
import { postWeeklyCharges } from '../jobs/rent-debit-run.ts'
import { runTrawl } from '../jobs/trawl.ts'
import { listWorktray } from '../services/recovery/worktray.ts'
import { getAccountStatement } from '../services/statements/get-account-statement.ts'
import { planCouncil } from './plan-council.ts'
import { seedCouncil, type SeedOptions, type SeedResult } from './seed-council.ts'

const SMALL: SeedOptions = { homes: 120, years: 1, seed: 42, today: '2026-11-22', demoPassword: 'seed-test-password', recoveryWeeks: 16 }
const SEEDED = 60_000

/** Everything that should repeat for a seed: people, places, agreements, and every account's balance. */
async function councilDigest(db: Queryable): Promise<string> {
  const parts = await Promise.all([
    db.query('select id, party_ref, title, forename, surname, date_of_birth, email, phone from parties order by id'),
    db.query('select id, property_ref, kind, address_line1, address_line2, postcode, bedrooms from properties order by id'),
    db.query('select id, tenancy_ref, property_id, tenure, start_date, end_date, end_reason from tenancies order by id'),
    db.query(
      `select a.id, a.account_number, a.status, coalesce(sum(p.amount_pence), 0)::bigint as balance
       from accounts a left join postings p on p.account_id = a.id group by a.id order by a.id`,
    ),
    db.query('select count(*)::int as postings, (select count(*)::int from payments) as payments from postings'),
    // The recovery history repeats too: what officers did, when, and what the court and the arrangements came to.
    db.query('select account_id, action_type, stage, taken_on, outcome, contact_made, actor from recovery_actions order by account_id, taken_on, id'),
    db.query('select account_id, party_id, hold_type, starts_on, ends_on, ended_on from holds order by starts_on, account_id, party_id, hold_type'),
    db.query('select account_id, notice_kind, served_on, date_in_notice from legal_notices order by account_id, served_on'),
    db.query('select account_id, order_type, made_on, terms_weekly_pence from court_orders order by account_id, made_on'),
    db.query(
      `select aa.account_id, a.status, v.instalment_pence, v.start_on from arrangements a join arrangement_accounts aa on aa.arrangement_id = a.id
       join arrangement_versions v on v.arrangement_id = a.id order by aa.account_id, v.start_on`,
    ),
  ])
  return crypto.createHash('sha256').update(JSON.stringify(parts)).digest('hex')
}

const digests = new Map<TestDbKind, string>()

describeEachDb('seedCouncil: a small synthetic council', (ctx) => {
  const one = async <T extends object>(sql: string): Promise<T> => (await ctx.db.query<T>(sql))[0]!
  let result: SeedResult
  beforeAll(async () => {
    result = await seedCouncil(ctx.db, SMALL)
    digests.set(ctx.kind, await councilDigest(ctx.db))
  }, SEEDED)

  it('creates patches with their officers, and one user of each role sharing the demo password hash', async () => {
    const patches = await ctx.db.query<{ code: string; role: string }>(
      'select p.code, u.role from patches p join users u on u.id = p.officer_user_id order by p.code',
    )
    expect(patches.length).toBeGreaterThanOrEqual(2)
    expect(patches.every((p) => p.role === 'income_officer')).toBe(true)
    expect(result.users.map((u) => u.username)).toEqual(
      expect.arrayContaining(['officer1', 'officer2', 'teamleader', 'recovery', 'finance', 'auditor', 'admin']),
    )
    const hashes = await ctx.db.query<{ n: number }>('select count(distinct password_hash)::int as n from users')
    expect(hashes[0]!.n).toBe(1)
    expect(result.patches).toBe(patches.length)
  })

  it('lets dwellings, temporary accommodation, a traveller site and garages, on the right tenures and charges', async () => {
    const kinds = await ctx.db.query<{ kind: string; n: number; let_: number }>(
      `select pr.kind, count(distinct pr.id)::int as n, count(distinct t.property_id)::int as let_
       from properties pr left join tenancies t on t.property_id = pr.id group by pr.kind`,
    )
    const byKind = Object.fromEntries(kinds.map((k) => [k.kind, k]))
    expect(byKind.dwelling!.n).toBeGreaterThan(90)
    expect(byKind.ta_unit!.n).toBeGreaterThanOrEqual(1)
    expect(byKind.pitch!.n).toBeGreaterThanOrEqual(15)
    expect(byKind.pitch!.n).toBeLessThanOrEqual(25)
    expect(byKind.garage!.let_).toBeLessThan(byKind.garage!.n) // some garages are void
    const site = await one<{ n: number }>(`select count(distinct site_name)::int as n from properties where kind = 'pitch'`)
    expect(site.n).toBe(1)

    const tenures = await ctx.db.query<{ kind: string; tenure: string }>(
      'select distinct pr.kind, t.tenure from tenancies t join properties pr on pr.id = t.property_id',
    )
    const pairs = new Set(tenures.map((t) => `${t.kind}:${t.tenure}`))
    for (const p of ['dwelling:secure', 'dwelling:introductory', 'ta_unit:ta_licence', 'pitch:pitch_licence', 'garage:garage_licence']) {
      expect(pairs).toContain(p)
    }
    const charges = await ctx.db.query<{ kind: string; charge_type: string }>(
      `select distinct pr.kind, cr.charge_type from charge_rates cr join charge_schedules cs on cs.id = cr.schedule_id
       join accounts a on a.id = cs.account_id join tenancies t on t.id = a.tenancy_id join properties pr on pr.id = t.property_id`,
    )
    const chargePairs = new Set(charges.map((c) => `${c.kind}:${c.charge_type}`))
    for (const p of ['dwelling:rent', 'dwelling:service_charge', 'ta_unit:ta_charge', 'pitch:rent', 'pitch:electricity', 'pitch:water', 'garage:garage_rent']) {
      expect(chargePairs).toContain(p)
    }

    const joint = await one<{ joint: number; all: number }>(
      `select count(*) filter (where n > 1)::int as joint, count(*)::int as all
       from (select t.id, count(*) as n from tenancies t join properties pr on pr.id = t.property_id
             join tenancy_parties tp on tp.tenancy_id = t.id where pr.kind = 'dwelling' group by t.id) x`,
    )
    expect(joint.joint / joint.all).toBeGreaterThan(0.1)
    expect(joint.joint / joint.all).toBeLessThan(0.4)
    // A garage let to a council tenant: the same person is liable on both accounts.
    const garageTenants = await one<{ n: number }>(
      `select count(*)::int as n from account_parties g join accounts ga on ga.id = g.account_id and ga.account_type = 'garage'
       join account_parties r on r.party_id = g.party_id join accounts ra on ra.id = r.account_id and ra.account_type = 'rent'`,
    )
    expect(garageTenants.n).toBeGreaterThan(0)
    const people = await one<{ n: number; named: number }>(
      `select count(*)::int as n, count(*) filter (where title is not null and forename is not null and date_of_birth is not null)::int as named
       from parties`,
    )
    expect(people.named).toBe(people.n)

    expect(result.properties).toBe(kinds.reduce((s, k) => s + k.n, 0))
    expect(result.tenancies).toBe((await one<{ n: number }>('select count(*)::int as n from tenancies')).n)
  })

  it('steps every rate up on the first Monday in April, with at least 28 days notice', async () => {
    const changes = await ctx.db.query<{ effective_from: string; notice_served_on: string; n: number }>(
      `select effective_from, notice_served_on, count(*)::int as n from charge_rates where reason = 'annual_change'
       group by effective_from, notice_served_on`,
    )
    expect(changes).toHaveLength(1)
    expect(changes[0]!.effective_from).toBe(rentYearStart(2026))
    expect(Date.parse(changes[0]!.effective_from) - Date.parse(changes[0]!.notice_served_on)).toBeGreaterThanOrEqual(28 * 86_400_000)
    const rise = await one<{ before: number; after: number }>(
      `select sum(b.weekly_pence)::bigint as before, sum(a.weekly_pence)::bigint as after
       from charge_rates a join charge_rates b on b.schedule_id = a.schedule_id and b.charge_type = a.charge_type
         and b.effective_from < a.effective_from and b.reason = 'new_agreement'
       where a.reason = 'annual_change' and a.charge_type = 'rent'`,
    )
    expect(rise.after / rise.before).toBeCloseTo(1.048, 3)
  })

  it('keeps the ledger balanced: every transaction, every payment file and every allocation', async () => {
    expect((await one<{ total: number }>('select coalesce(sum(amount_pence), 0)::bigint as total from postings')).total).toBe(0)
    const unbalanced = await ctx.db.query('select transaction_id from postings group by transaction_id having sum(amount_pence) <> 0')
    expect(unbalanced).toEqual([])
    const misallocated = await ctx.db.query(
      `select y.id from payments y left join payment_allocations a on a.payment_id = y.id
       group by y.id, y.amount_pence having coalesce(sum(a.amount_pence), 0) <> y.amount_pence`,
    )
    expect(misallocated).toEqual([])
    // Each allocation points at the customer's credit leg in the payment's own transaction.
    const wrongLeg = await ctx.db.query(
      `select a.id from payment_allocations a join payments y on y.id = a.payment_id join postings p on p.id = a.posting_id
       where p.account_id <> a.account_id or p.amount_pence <> -a.amount_pence or p.transaction_id <> y.transaction_id`,
    )
    expect(wrongLeg).toEqual([])
    // A payment file's receipts leg is its total: what daily cash reconciliation ties back to.
    const receipts = await ctx.db.query(
      `select y.transaction_id from payments y group by y.transaction_id
       having sum(y.amount_pence) <> (select sum(p.amount_pence) from postings p join accounts r on r.id = p.account_id
         where p.transaction_id = y.transaction_id and r.account_number like 'GL-RECEIPTS-%')`,
    )
    expect(receipts).toEqual([])
    const methods = await ctx.db.query<{ method: string }>('select distinct method from payments')
    for (const m of ['direct_debit', 'housing_benefit', 'universal_credit', 'card', 'cash', 'allpay']) {
      expect(methods.map((r) => r.method)).toContain(m)
    }
    expect(result.payments).toBe((await one<{ n: number }>('select count(*)::int as n from payments')).n)
    expect(result.postings).toBe((await one<{ n: number }>('select count(*)::int as n from postings')).n)
  })

  it('gives each account a statement whose closing balance is the sum of its postings', async () => {
    const accounts = await ctx.db.query<{ id: number; balance: number }>(
      `select a.id, coalesce(sum(p.amount_pence), 0)::bigint as balance from accounts a left join postings p on p.account_id = a.id
       where a.account_class = 'customer' group by a.id order by a.id`,
    )
    expect(accounts.length).toBe(result.accounts)
    for (const a of accounts.filter((_, i) => i % 15 === 0)) {
      const s = await getAccountStatement(ctx.db, a.id, { from: '2000-01-01', to: SMALL.today })
      expect(s.statement.closingBalancePence).toBe(a.balance)
      expect(s.account.balancePence).toBe(a.balance)
    }
    // Ended tenancies' accounts are closed at nil: their balance moved to the former tenant account.
    const closed = await ctx.db.query(
      `select a.id from accounts a join postings p on p.account_id = a.id where a.status = 'closed' group by a.id having sum(p.amount_pence) <> 0`,
    )
    expect(closed).toEqual([])
  })

  it('has a realistic spread of arrears: most clear or in credit, a tail in arrears, some serious, some in credit', async () => {
    const rows = await ctx.db.query<{ balance: number; weekly: number }>(
      `select coalesce((select sum(p.amount_pence) from postings p where p.account_id = a.id), 0)::bigint as balance,
         (select sum(r.weekly_pence) from (
            select distinct on (cr.charge_type) cr.weekly_pence from charge_schedules cs join charge_rates cr on cr.schedule_id = cs.id
            where cs.account_id = a.id order by cr.charge_type, cr.effective_from desc) r)::bigint as weekly
       from accounts a where a.account_type = 'rent' and a.status = 'open'`,
    )
    const clear = rows.filter((r) => r.balance <= 0).length
    expect(clear / rows.length).toBeGreaterThan(0.5)
    expect(rows.filter((r) => r.balance > 0).length / rows.length).toBeGreaterThan(0.2)
    expect(rows.some((r) => r.balance > 8 * r.weekly)).toBe(true)
    expect(rows.some((r) => r.balance >= 100_000)).toBe(true)
    expect(rows.some((r) => r.balance < -r.weekly)).toBe(true)
  })

  it('moves an ended tenancy’s balance to a former tenant account, visible on both accounts', async () => {
    const transfers = await ctx.db.query<{ fta: number; closed: number; amount: number }>(
      `select f.id as fta, r.id as closed, pf.amount_pence as amount
       from accounts f
       join postings pf on pf.account_id = f.id
       join ledger_transactions t on t.id = pf.transaction_id and t.txn_type = 'transfer'
       join postings pr on pr.transaction_id = t.id and pr.account_id <> f.id and pr.amount_pence = -pf.amount_pence
       join accounts r on r.id = pr.account_id and r.status = 'closed' and r.transferred_to_account_id = f.id
       where f.account_type = 'former_tenant'`,
    )
    expect(transfers.length).toBeGreaterThan(0)
    expect(transfers.length).toBe(result.formerTenantAccounts)
    expect(transfers.filter((t) => t.amount > 0).length).toBeGreaterThan(transfers.length / 2)
    const ended = await one<{ n: number; relet: number }>(
      `select count(*)::int as n, count(*) filter (where exists (
         select 1 from tenancies r where r.property_id = t.property_id and r.start_date > t.end_date))::int as relet
       from tenancies t where t.end_date is not null`,
    )
    expect(ended.n).toBeGreaterThan(0)
    expect(ended.relet).toBeGreaterThan(0)
  })

  it('charges nothing in the rent-free weeks of the 48-week calendar', async () => {
    const schedules = await one<{ n: number }>(`select count(*)::int as n from charge_schedules where rent_free_calendar = '48-WEEK'`)
    expect(schedules.n).toBeGreaterThan(0)
    const freeWeeksInHistory = await one<{ n: number }>(
      `select count(*)::int as n from rent_free_weeks where week_commencing between date '2025-11-24' and date '2026-11-16'`,
    )
    expect(freeWeeksInHistory.n).toBeGreaterThanOrEqual(3)
    const charged = await one<{ n: number }>(
      `select count(*)::int as n from postings p join charge_schedules cs on cs.account_id = p.account_id
       join rent_free_weeks f on f.calendar_code = cs.rent_free_calendar and f.week_commencing = p.period_start
       where p.charge_key is not null`,
    )
    expect(charged.n).toBe(0)
    const chargedOtherWeeks = await one<{ n: number }>(
      `select count(*)::int as n from postings p join charge_schedules cs on cs.account_id = p.account_id
       where cs.rent_free_calendar is not null and p.charge_key is not null`,
    )
    expect(chargedOtherWeeks.n).toBeGreaterThan(0)
  })

  it('never charges a week twice, and the weekly run over the history again posts nothing', async () => {
    const twice = await ctx.db.query(
      `select account_id, period_start, posting_type from postings where charge_key is not null
       group by account_id, period_start, posting_type having count(*) > 1`,
    )
    expect(twice).toEqual([])
    const again = await ctx.db.transaction((tx) =>
      postWeeklyCharges(tx, { week: '2026-06-01', postingDate: SMALL.today, lo: 0, hi: 2 ** 31 - 1, key: 'test:again', runId: null }),
    )
    expect(again.postings).toBe(0)
  })

  it('replays the weekly trawl over the last 16 weeks, with officers, the court and tenants acting on it', async () => {
    expect(result.recovery).not.toBeNull()
    const runs = await ctx.db.query<{ run_date: string; status: string }>('select run_date, status from trawl_runs order by run_date')
    expect(runs).toHaveLength(16)
    expect(runs.every((r) => r.status === 'completed' && r.run_date < SMALL.today)).toBe(true)
    expect(runs.at(-1)!.run_date).toBe('2026-11-16')
    // The trawl's own reminders, and officers' steps following its recommendations (by named users).
    const actions = await one<{ system: number; officer: number; followed: number; contacts: number }>(
      `select count(*) filter (where actor = 'system:trawl')::int as system, count(*) filter (where user_id is not null)::int as officer,
         count(*) filter (where user_id is not null and recommendation_id is not null)::int as followed,
         count(*) filter (where contact_made)::int as contacts
       from recovery_actions`,
    )
    expect(actions.system).toBeGreaterThan(0)
    expect(actions.officer).toBeGreaterThan(0)
    expect(actions.followed).toBeGreaterThan(0)
    expect(actions.contacts).toBeGreaterThan(0)
    // Legal records through the real services: notices (with their action), and a claim heard with an order on terms.
    const legal = await one<{ notices: number; claims: number; orders: number; onTerms: number; pap: number }>(
      `select (select count(*) from legal_notices n join recovery_actions a on a.id = n.action_id)::int as notices,
         (select count(*) from court_claims)::int as claims, (select count(*) from court_orders)::int as orders,
         (select count(*) from court_orders where terms_weekly_pence > 0)::int as "onTerms",
         (select count(distinct account_id) from pap_checklists)::int as pap`,
    )
    expect(legal.notices).toBeGreaterThan(0)
    expect(legal.claims).toBeGreaterThan(0)
    expect(legal.orders).toBeGreaterThan(0)
    expect(legal.onTerms).toBeGreaterThan(0)
    expect(legal.pap).toBeGreaterThan(0)
    // Holds of every kind the history plans, some ended; benefit claims pending with their hold.
    const holds = await ctx.db.query<{ hold_type: string }>('select distinct hold_type from holds')
    for (const t of ['breathing_space_standard', 'breathing_space_mental_health', 'insolvency_dro', 'dispute', 'vulnerability_review', 'deceased', 'benefit_claim_pending']) {
      expect(holds.map((x) => x.hold_type)).toContain(t)
    }
    const pending = await one<{ n: number }>(
      `select count(*)::int as n from benefit_claims c join holds h on h.account_id = c.account_id and h.hold_type = 'benefit_claim_pending'
       where c.state in ('pending', 'claim_made')`,
    )
    expect(pending.n).toBeGreaterThan(0)
    const arrangements = await ctx.db.query<{ status: string }>('select distinct status from arrangements')
    expect(arrangements.map((a) => a.status)).toContain('kept')
    const timeline = await one<{ contacts: number; notes: number }>('select (select count(*) from contacts)::int as contacts, (select count(*) from notes)::int as notes')
    expect(timeline.contacts + timeline.notes).toBeGreaterThan(0)
  })

  it("gives today's trawl a realistic worktray: steps at several stages with reasons, held accounts, arrangements kept", async () => {
    const trawl = await runTrawl(ctx.db, { date: SMALL.today })
    expect(trawl.counts.notEvaluated).toBe(0)
    const due = await ctx.db.query<{ stage: string; action_type: string; reason: string; hold_types: string[] }>(
      `select stage, action_type, reason, hold_types from recommendations where run_id = $1 and kind in ('action', 'blocked') and not applied`,
      [trawl.runId],
    )
    expect(new Set(due.map((d) => d.stage)).size).toBeGreaterThanOrEqual(3)
    expect(new Set(due.map((d) => d.action_type)).size).toBeGreaterThanOrEqual(2)
    expect(due.every((d) => d.reason.length > 20)).toBe(true)
    // Beyond the first reminders: officers' steps and legal steps are due.
    expect(due.some((d) => ['call', 'visit', 'review'].includes(d.action_type))).toBe(true)
    expect(due.some((d) => ['notice', 'claim', 'warrant', 'hearing'].includes(d.action_type))).toBe(true)
    const [held] = await ctx.db.query<{ n: number }>(`select count(*)::int as n from recommendations where run_id = $1 and cardinality(hold_types) > 0`, [trawl.runId])
    expect(held!.n).toBeGreaterThan(0)
    const kept = await one<{ n: number }>(`select count(*)::int as n from account_arrangement_status where recovery_status = 'kept'`)
    expect(kept.n).toBeGreaterThan(0)
    // The team leader's worktray (every patch) is today's, and is the officers' own patches put together. (In a council
    // this small one patch may have nothing due today; the 5,000-home demo gives officer1 about 40 rows.)
    const all = await listWorktray(ctx.db, { patchIds: null, page: 1, pageSize: 100 })
    expect(all.run!.date).toBe(SMALL.today)
    expect(all.stages.length).toBeGreaterThanOrEqual(3)
    const patches = await ctx.db.query<{ id: number }>('select id from patches where officer_user_id is not null order by id')
    const mine = await Promise.all(patches.map((p) => listWorktray(ctx.db, { patchIds: [p.id], page: 1, pageSize: 100 })))
    expect(mine.reduce((s, w) => s + w.total, 0)).toBe(all.total)
    expect(mine.some((w) => w.total > 0 && w.rows.every((r) => r.reason.length > 0))).toBe(true)
  })

  it('prunes recommendations past the retention period, keeping those a recorded action refers to, and nothing else', async () => {
    // Retention 400 days (migration 0014): run as if on a day 399 days after 1 September, so the nights before it go.
    const date = addDays('2026-09-01', 399)
    const before = await ctx.db.query<{ run_date: string; n: number }>(
      'select t.run_date, count(r.id)::int as n from trawl_runs t left join recommendations r on r.run_id = t.id group by t.run_date order by t.run_date',
    )
    const old = before.filter((r) => r.run_date < '2026-09-01')
    expect(old.length).toBe(5)
    const referenced = await one<{ n: number }>(
      `select count(distinct r.id)::int as n from recommendations r join trawl_runs t on t.id = r.run_id
       where t.run_date < '2026-09-01' and (exists (select 1 from recovery_actions a where a.recommendation_id = r.id)
         or exists (select 1 from recovery_stage_history h where h.recommendation_id = r.id))`,
    )
    expect(referenced.n).toBeGreaterThan(0)

    const pruned = await pruneRecommendations(ctx.db, { date })
    expect(pruned).toMatchObject({ keepDays: 400, before: '2026-09-01', runs: 5, kept: referenced.n })
    expect(pruned.deleted).toBe(old.reduce((s, r) => s + r.n, 0) - referenced.n)
    const after = await ctx.db.query<{ run_date: string; n: number }>(
      'select t.run_date, count(r.id)::int as n from trawl_runs t left join recommendations r on r.run_id = t.id group by t.run_date order by t.run_date',
    )
    expect(after.map((r) => r.run_date)).toEqual(before.map((r) => r.run_date)) // the runs and their counts stay
    expect(after.filter((r) => r.run_date >= '2026-09-01')).toEqual(before.filter((r) => r.run_date >= '2026-09-01'))
    expect(after.filter((r) => r.run_date < '2026-09-01').reduce((s, r) => s + r.n, 0)).toBe(referenced.n)
    expect((await pruneRecommendations(ctx.db, { date })).deleted).toBe(0)

    // Still append-only for everyone else: no update, no delete without the job's setting, none of a newer night.
    await expect(ctx.db.query(`update recommendations set reason = 'changed' where id = (select max(id) from recommendations)`)).rejects.toThrow(/append-only/)
    await expect(ctx.db.query('delete from recommendations where id = (select max(id) from recommendations)')).rejects.toThrow(/append-only/)
    await expect(
      ctx.db.transaction(async (tx) => {
        await tx.query(`select set_config('reeve.prune_recommendations_before', '2026-09-01', true)`)
        await tx.query('delete from recommendations where id = (select max(id) from recommendations)')
      }),
    ).rejects.toThrow(/only nights before 2026-09-01/)
  })

  it('refuses to seed a database that already has tenancies', async () => {
    await expect(seedCouncil(ctx.db, SMALL)).rejects.toMatchObject({ name: 'AppError', code: 'conflict' })
  })

  it(
    'is deterministic: the same seed gives the same council on a fresh database, another seed a different one',
    async () => {
      const same = await createTestDb(ctx.kind)
      const other = await createTestDb(ctx.kind)
      try {
        await seedCouncil(same.db, SMALL)
        await seedCouncil(other.db, { ...SMALL, seed: 43 })
        expect(await councilDigest(same.db)).toBe(digests.get(ctx.kind))
        expect(await councilDigest(other.db)).not.toBe(digests.get(ctx.kind))
      } finally {
        await same.dispose()
        await other.dispose()
      }
      // And the same on PGlite as on the PostgreSQL server (when both ran).
      if (digests.size === 2) expect(digests.get('postgres')).toBe(digests.get('pglite'))
    },
    2 * SEEDED,
  )
})

describe('planCouncil', () => {
  it('plans the same council for the same inputs, and scales patches and pitches with the number of homes', () => {
    const a = planCouncil({ homes: 2000, years: 2, seed: 7, today: '2026-11-22' })
    const b = planCouncil({ homes: 2000, years: 2, seed: 7, today: '2026-11-22' })
    expect(JSON.stringify(a)).toBe(JSON.stringify(b))
    expect(JSON.stringify(planCouncil({ homes: 2000, years: 2, seed: 8, today: '2026-11-22' }))).not.toBe(JSON.stringify(a))
    expect(a.patches).toHaveLength(3) // one per 800 homes
    expect(planCouncil({ homes: 5000, years: 1, seed: 7, today: '2026-11-22' }).patches).toHaveLength(6)
    const pitches = a.properties.filter((p) => p.kind === 'pitch').length
    expect(pitches).toBeGreaterThanOrEqual(15)
    expect(pitches).toBeLessThanOrEqual(25)
    expect(a.window.mondays).toHaveLength(104)
    expect(a.window.mondays.at(-1)).toBe(a.window.lastMonday)
  })

  it('quotes 2026/27 dwelling rents of £85–£140 a week (52-week basis) and carries them back a year by the 2026 rise', () => {
    const plan = planCouncil({ homes: 1000, years: 2, seed: 3, today: '2026-11-22' })
    const yi2026 = plan.firstRentYear <= 2026 ? 2026 - plan.firstRentYear : 0
    for (const p of plan.properties.filter((x) => x.kind === 'dwelling' && !x.rentFree)) {
      const rent = p.ratesByYear[yi2026]![0]!
      expect(rent).toBeGreaterThanOrEqual(8500)
      expect(rent).toBeLessThanOrEqual(14000)
      expect(Math.abs(p.ratesByYear[yi2026 - 1]![0]! * 1.048 - rent)).toBeLessThan(1)
    }
  })
})
