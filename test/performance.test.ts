import { parse } from 'csv-parse/sync'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Db, Queryable } from '../src/db/client.ts'
import { addDays } from '../src/domain/calendar/dates.ts'
import { FIGURES, type Figures } from '../src/domain/performance/measures.ts'
import { runTrawl } from '../src/jobs/trawl.ts'
import { seedCouncil } from '../src/seed/seed-council.ts'
import { cliActor, type Actor } from '../src/services/actor.ts'
import { postTransaction } from '../src/services/ledger/post-transaction.ts'
import { reallocatePayment } from '../src/services/payments/reallocate-payment.ts'
import { reversePayment } from '../src/services/payments/reverse-payment.ts'
import { DIMENSIONS } from '../src/services/performance/figures.sql.ts'
import { performanceReport } from '../src/services/performance/performance-report.ts'
import { NO_FILTERS, readFigures, type GroupFigures } from '../src/services/performance/read-figures.ts'
import { readTrend, takePerformanceSnapshot } from '../src/services/performance/snapshots.ts'
import { setPerformanceTarget } from '../src/services/performance/targets.ts'
import { ensureDefaultPathways } from '../src/services/recovery/pathways.ts'
import { debitWeeks, letProperty, makePatch, pay, sundryDebt, type ScenarioAccount } from '../src/services/recovery/recovery-fixtures.testing.ts'
import { endTenancy } from '../src/services/tenancies/end-tenancy.ts'
import { AppError } from '../src/errors.ts'
import { buildTestWebApp, createTestUser, signedInClient, type TestUser } from '../src/web/testing/web-test-client.ts'
import { describeEachDb } from './databases.ts'

/**
 * Performance reporting on both databases: every figure reconciles with sums over the ledger computed here,
 * independently, from the postings; the groups of each dimension add up to the whole; snapshots are idempotent
 * and keep their week as it was; targets are dated; the dashboard and its CSV show the service's numbers.
 *
 * The council (calendar: tenancies start Monday 6 April 2026, the first day of rent year 2026/27; the measured
 * period is Monday 1 June to Wednesday 30 September 2026, 18 rent debits):
 * - patch A (officer A): a secure tenancy £100 + £5 service charge a week (card, HB, Direct Debit mandate active),
 *   a garage £10 a week (DD, mandate only from October), an introductory tenancy £90 a week ended on 26 July into
 *   a former tenant account (allpay; part written off, part written back on);
 * - patch B (officer B): an assured tenancy £120 a week with £300 arrears brought forward (cash, a cheque that
 *   bounced, standing orders, a payment moved in from patch A; mandate cancelled in August), and a temporary
 *   accommodation licence £200 a week (UC, PayPoint);
 * - a rechargeable repair of £300 on a patch of its own with no officer (bank transfer; £100 written off in the period,
 *   £10 after it);
 * - notices, claims, orders, evictions and arrangements in and around the period.
 */

const FROM = '2026-06-01'
const TO = '2026-09-30'
const TODAY = '2026-11-22'

interface PostingRow {
  account_id: number
  amount_pence: number
  effective_date: string
  posting_type: string
  transaction_id: number
  account_type: string
  account_class: string
}
interface AccountRow {
  id: number
  account_type: string
  account_class: string
  opened_on: string
  closed_on: string | null
  patch_id: number | null
}

// The definitions, written out again here from docs/performance-measures.md (not imported), to check the SQL by.
const CHARGES = new Set(['rent', 'service_charge', 'heating', 'water', 'electricity', 'support_charge', 'garage_rent', 'ta_charge'])
const ELECTRONIC = new Set(['direct_debit', 'standing_order', 'card', 'bank_transfer'])
const COUNTER = new Set(['cash', 'cheque', 'postal_order', 'allpay', 'paypoint', 'post_office'])
const METHODS = new Set([...ELECTRONIC, ...COUNTER, 'housing_benefit', 'universal_credit', 'dwp_deduction', 'employer_deduction'])
const RENT_TYPES = new Set(['rent', 'garage', 'pitch', 'temporary_accommodation', 'former_tenant'])
const CURRENT = new Set(['rent', 'garage', 'pitch'])
const SUNDRY = new Set(['rechargeable_repair', 'loan', 'storage_removals', 'social_care', 'insurance_claim', 'hb_overpayment', 'council_tax', 'court_costs', 'sundry'])

/** The money figures of the accounts `include` admits, summed from raw postings in JavaScript. */
function ledgerSums(postings: readonly PostingRow[], accounts: readonly AccountRow[], from: string, to: string, include: (a: AccountRow) => boolean = () => true) {
  const byId = new Map(accounts.filter((a) => a.account_class === 'customer' && a.opened_on <= to && include(a)).map((a) => [a.id, a]))
  const writeOffTxns = new Set(postings.filter((p) => p.account_type === 'write_off' && p.effective_date >= from && p.effective_date <= to).map((p) => p.transaction_id))
  const per = new Map<number, { bf: number; bal: number }>()
  const s = {
    rent_debit: 0,
    rent_collected: 0,
    arrears_brought_forward: 0,
    total_collected: 0,
    electronic_collected: 0,
    tenant_paid_collected: 0,
    sundry_collected: 0,
    written_off: 0,
    rent_written_off: 0,
    annual_rent_debit: 0,
    current_tenant_arrears: 0,
    former_tenant_arrears: 0,
    annual_ta_debit: 0,
    ta_arrears: 0,
    sundry_outstanding: 0,
    current_accounts: 0,
  }
  const windowStart = addDays(to, -363)
  for (const p of postings) {
    const a = byId.get(p.account_id)
    if (!a || p.effective_date > to) continue
    const acc = per.get(a.id) ?? { bf: 0, bal: 0 }
    per.set(a.id, acc)
    acc.bal += p.amount_pence
    if (p.effective_date < from) acc.bf += p.amount_pence
    const inPeriod = p.effective_date >= from
    if (CHARGES.has(p.posting_type)) {
      if (inPeriod && RENT_TYPES.has(a.account_type)) s.rent_debit += p.amount_pence
      if (p.effective_date >= windowStart && CURRENT.has(a.account_type)) s.annual_rent_debit += p.amount_pence
      if (p.effective_date >= windowStart && a.account_type === 'temporary_accommodation') s.annual_ta_debit += p.amount_pence
    }
    if (inPeriod && METHODS.has(p.posting_type)) {
      s.total_collected -= p.amount_pence
      if (RENT_TYPES.has(a.account_type)) s.rent_collected -= p.amount_pence
      if (SUNDRY.has(a.account_type)) s.sundry_collected -= p.amount_pence
      if (ELECTRONIC.has(p.posting_type)) s.electronic_collected -= p.amount_pence
      if (ELECTRONIC.has(p.posting_type) || COUNTER.has(p.posting_type)) s.tenant_paid_collected -= p.amount_pence
    }
    if (writeOffTxns.has(p.transaction_id)) {
      s.written_off -= p.amount_pence
      if (RENT_TYPES.has(a.account_type)) s.rent_written_off -= p.amount_pence
    }
  }
  for (const a of byId.values()) {
    const { bf, bal } = per.get(a.id) ?? { bf: 0, bal: 0 }
    const open = a.closed_on === null || a.closed_on > to
    if (RENT_TYPES.has(a.account_type)) s.arrears_brought_forward += Math.max(bf, 0)
    if (CURRENT.has(a.account_type) && open) s.current_tenant_arrears += Math.max(bal, 0)
    if (a.account_type === 'former_tenant') s.former_tenant_arrears += Math.max(bal, 0)
    if (a.account_type === 'temporary_accommodation' && open) s.ta_arrears += Math.max(bal, 0)
    if (SUNDRY.has(a.account_type)) s.sundry_outstanding += Math.max(bal, 0)
    if ((CURRENT.has(a.account_type) || a.account_type === 'temporary_accommodation') && open) s.current_accounts += 1
  }
  return s
}

async function readLedger(db: Queryable): Promise<{ postings: PostingRow[]; accounts: AccountRow[] }> {
  const postings = await db.query<PostingRow>(
    `select p.account_id, p.amount_pence, p.effective_date, p.posting_type, p.transaction_id, a.account_type, a.account_class
     from postings p join accounts a on a.id = p.account_id`,
  )
  const accounts = await db.query<AccountRow>('select id, account_type, account_class, opened_on, closed_on, patch_id from accounts')
  return { postings, accounts }
}

const overallOf = (groups: readonly GroupFigures[]) => groups.find((g) => g.dimension === 'overall')!.figures

/** Every figure of every dimension's groups, summed, equals the overall figure. */
function expectGroupsAddUp(groups: readonly GroupFigures[], dims: readonly string[]): void {
  const overall = overallOf(groups)
  for (const d of dims) {
    for (const f of FIGURES) {
      const sum = groups.filter((g) => g.dimension === d).reduce((s, g) => s + g.figures[f], 0)
      expect({ dimension: d, figure: f, value: sum }).toEqual({ dimension: d, figure: f, value: overall[f] })
    }
  }
}

let seq = 0
async function insertMandate(db: Queryable, accountId: number, events: [string, string, string][]): Promise<void> {
  const n = ++seq
  const last = events[events.length - 1]!
  const lodged = events.find((e) => e[2] === 'lodged' || e[2] === 'active')?.[1] ?? null
  const [m] = await db.query<{ id: number }>(
    `insert into dd_mandates (account_id, ddi_reference, payer_name, account_name, sort_code, account_number, source, status, frequency,
       day_of_month, notice_working_days, set_up_on, lodged_on, cancelled_on, cancel_reason)
     values ($1, $2, 'Test Payer', 'TEST PAYER', '601613', '31926819', 'paperless', $3, 'monthly', 1, 10, $4, $5, $6, $7) returning id`,
    [accountId, `PERFTEST${process.pid % 10000}${n}`.slice(0, 18), last[2], events[0]![1], lodged, last[2] === 'cancelled' ? last[1] : null, last[2] === 'cancelled' ? 'test' : null],
  )
  let version = 0
  for (const [event, on, status] of events) {
    await db.query(
      `insert into dd_mandate_events (mandate_id, version, event, occurred_on, status, source, actor) values ($1, $2, $3, $4, $5, 'officer', 'cli')`,
      [m!.id, ++version, event, on, status],
    )
  }
}

async function insertArrangement(db: Queryable, partyId: number, accountIds: number[], events: [string, string][]): Promise<number> {
  const last = events[events.length - 1]!
  const status = last[0] === 'created' || last[0] === 'amended' ? 'kept' : last[0]
  const [a] = await db.query<{ id: number }>(
    `insert into arrangements (party_id, status, status_since, created_by, cancelled_on, cancel_reason) values ($1, $2, $3, 'cli', $4, $5) returning id`,
    [partyId, status, last[1], status === 'cancelled' ? last[1] : null, status === 'cancelled' ? 'test' : null],
  )
  await db.query(
    `insert into arrangement_versions (arrangement_id, version, effective_from, frequency, instalment_pence, start_on, payment_method, tolerance_amount_pence,
       tolerance_days, current_weekly_charge_pence, starting_arrears_pence, priority_order, within_tier, terms, schedule, completes_on, reason, recorded_on, recorded_by)
     values ($1, 1, $2, 'weekly', 1000, $2, 'card', 500, 7, 10000, 20000, '[]', 'pro_rata', '{}', '{}', '2027-01-04', 'test', $2, 'cli')`,
    [a!.id, events[0]![1]],
  )
  for (const [i, accountId] of accountIds.entries()) {
    await db.query('insert into arrangement_accounts (arrangement_id, account_id, priority_tier, starting_balance_pence) values ($1, $2, $3, 0)', [a!.id, accountId, i + 1])
  }
  for (const [type, on] of events) {
    await db.query(`insert into arrangement_events (arrangement_id, version, event_type, occurred_on, text, actor) values ($1, 1, $2, $3, 'test', 'cli')`, [a!.id, type, on])
  }
  return a!.id
}

async function insertLegal(db: Queryable, a: ScenarioAccount, o: { noticeOn?: string; claimOn?: string; claimType?: string; orderOn?: string; evictionOn?: string; evictionOutcome?: string }): Promise<void> {
  if (o.noticeOn) {
    await db.query(
      `insert into legal_notices (account_id, notice_kind, delivered_on, service_method, served_on, served_party_ids, all_tenants_served,
         earliest_date_in_notice, date_in_notice, arrears_at_service_pence, actor)
       values ($1, 'nosp_secure', $2, 'hand', $2, $3, true, $4, $4, 0, 'cli')`,
      [a.accountId, o.noticeOn, a.partyIds, addDays(o.noticeOn, 28)],
    )
  }
  if (!o.claimOn) return
  const [claim] = await db.query<{ id: number }>(
    `insert into court_claims (account_id, claim_type, court, issued_on, fee_pence, arrears_at_issue_pence, actor) values ($1, $2, 'County Court', $3, 40400, 0, 'cli') returning id`,
    [a.accountId, o.claimType ?? 'possession', o.claimOn],
  )
  if (!o.orderOn) return
  const [hearing] = await db.query<{ id: number }>(
    `insert into court_hearings (claim_id, hearing_on, outcome, outcome_recorded_by, actor) values ($1, $2, 'outright_order', 'cli', 'cli') returning id`,
    [claim!.id, o.orderOn],
  )
  const [order] = await db.query<{ id: number }>(
    `insert into court_orders (account_id, claim_id, hearing_id, order_type, made_on, possession_on, actor) values ($1, $2, $3, 'outright', $4, $5, 'cli') returning id`,
    [a.accountId, claim!.id, hearing!.id, o.orderOn, addDays(o.orderOn, 28)],
  )
  if (!o.evictionOn) return
  const [warrant] = await db.query<{ id: number }>(
    `insert into warrants (account_id, order_id, applied_on, fee_pence, expires_on, actor) values ($1, $2, $3, 14800, $4, 'cli') returning id`,
    [a.accountId, order!.id, addDays(o.orderOn, 30), addDays(o.orderOn, 395)],
  )
  await db.query(
    `insert into evictions (account_id, warrant_id, scheduled_on, outcome, outcome_on, actor) values ($1, $2, $3, $4, $3, 'cli')`,
    [a.accountId, warrant!.id, o.evictionOn, o.evictionOutcome ?? 'evicted'],
  )
}

async function writeOff(db: Queryable, accountId: number, pence: number, on: string, type: 'write_off' | 'write_on' = 'write_off'): Promise<void> {
  const [gl] = await db.query<{ id: number }>(`select id from accounts where account_number = 'GL-WRITE-OFF'`)
  const sign = type === 'write_off' ? -1 : 1
  await postTransaction(db, {
    type,
    idempotencyKey: `perf-test-${type}:${process.pid}:${++seq}`,
    effectiveDate: on,
    postingDate: on,
    source: 'user',
    actor: cliActor,
    description: type === 'write_off' ? 'Written off' : 'Written back on',
    legs: [
      { accountId, amountPence: sign * pence, postingType: type },
      { accountId: gl!.id, amountPence: -sign * pence, postingType: type },
    ],
  })
}

async function paymentId(db: Queryable, accountId: number, on: string, method: string): Promise<number> {
  const [p] = await db.query<{ id: number }>(
    `select p.id from payments p join payment_allocations a on a.payment_id = p.id where a.account_id = $1 and p.received_on = $2 and p.method = $3`,
    [accountId, on, method],
  )
  return p!.id
}

interface Council {
  officerA: TestUser
  officerB: TestUser
  teamLeader: TestUser
  patchA: number
  patchB: number
  a1: ScenarioAccount
  a2: ScenarioAccount
  garage: ScenarioAccount
  ta: ScenarioAccount
  ended: ScenarioAccount
  formerTenantAccountId: number
  repair: ScenarioAccount
}

async function buildCouncil(db: Db): Promise<Council> {
  const officerA = await createTestUser(db, { role: 'income_officer', displayName: 'Alice Able' })
  const officerB = await createTestUser(db, { role: 'income_officer', displayName: 'Bob Baker' })
  const teamLeader = await createTestUser(db, { role: 'team_leader', displayName: 'Tess Leader' })
  const patchA = await makePatch(db, officerA.id)
  const patchB = await makePatch(db, officerB.id)
  const a1 = await letProperty(db, { patchId: patchA, tenure: 'secure', charges: [{ chargeType: 'rent', weeklyPence: 10_000 }, { chargeType: 'service_charge', weeklyPence: 500 }] })
  const a2 = await letProperty(db, { patchId: patchB, tenure: 'assured', charges: [{ chargeType: 'rent', weeklyPence: 12_000 }] })
  const garage = await letProperty(db, { patchId: patchA, kind: 'garage', tenure: 'garage_licence', charges: [{ chargeType: 'garage_rent', weeklyPence: 1_000 }] })
  const ta = await letProperty(db, { patchId: patchB, kind: 'ta_unit', tenure: 'ta_licence', charges: [{ chargeType: 'ta_charge', weeklyPence: 20_000 }] })
  const ended = await letProperty(db, { patchId: patchA, tenure: 'introductory', charges: [{ chargeType: 'rent', weeklyPence: 9_000 }] })
  const repair = await sundryDebt(db, { type: 'rechargeable_repair', amountPence: 30_000, invoicedOn: '2026-05-05' })

  // £300 arrears brought forward on the assured tenancy from the previous landlord system.
  const [opening] = await db.query<{ id: number }>(`select id from accounts where account_number = 'GL-OPENING-BALANCES'`)
  await postTransaction(db, {
    type: 'opening_balance',
    idempotencyKey: `perf-test-opening:${a2.accountId}`,
    effectiveDate: '2026-04-06',
    postingDate: '2026-04-06',
    source: 'batch',
    actor: cliActor,
    description: 'Arrears brought forward',
    legs: [
      { accountId: a2.accountId, amountPence: 30_000, postingType: 'opening_balance' },
      { accountId: opening!.id, amountPence: -30_000, postingType: 'opening_balance' },
    ],
  })

  await debitWeeks(db, '2026-04-06', '2026-07-20')
  const end = await db.transaction((tx) => endTenancy(tx, { tenancyId: ended.tenancyId!, endDate: '2026-07-26', reason: 'notice_given', postingDate: '2026-07-27', actor: cliActor }))
  await debitWeeks(db, '2026-07-27', '2026-11-16')

  for (const d of ['2026-05-15', '2026-06-12', '2026-07-10', '2026-08-07', '2026-09-04']) await pay(db, a1.accountId, 21_000, d, 'card')
  for (const d of ['2026-06-20', '2026-07-18']) await pay(db, a1.accountId, 20_000, d, 'housing_benefit')
  await pay(db, a1.accountId, 7_000, '2026-06-22', 'card') // meant for the assured tenancy: moved below
  await pay(db, a2.accountId, 24_000, '2026-06-05', 'cash')
  await pay(db, a2.accountId, 24_000, '2026-07-03', 'cheque')
  for (const d of ['2026-08-14', '2026-09-11']) await pay(db, a2.accountId, 12_000, d, 'standing_order')
  for (const d of ['2026-06-30', '2026-07-31', '2026-08-31']) await pay(db, garage.accountId, 4_000, d, 'direct_debit')
  await pay(db, ta.accountId, 60_000, '2026-06-15', 'universal_credit')
  await pay(db, ta.accountId, 5_000, '2026-07-20', 'paypoint')
  await pay(db, end.formerTenantAccountId!, 2_000, '2026-08-20', 'allpay')
  await pay(db, repair.accountId, 5_000, '2026-06-10', 'bank_transfer')
  await pay(db, ended.accountId, 9_000, '2026-05-20', 'cash')

  const cheque = await paymentId(db, a2.accountId, '2026-07-03', 'cheque')
  await db.transaction((tx) => reversePayment(tx, { paymentId: cheque, reason: 'cheque_dishonoured', effectiveDate: '2026-07-10', postingDate: '2026-07-10', actor: cliActor }))
  const misposted = await paymentId(db, a1.accountId, '2026-06-22', 'card')
  await db.transaction((tx) =>
    reallocatePayment(tx, {
      paymentId: misposted,
      fromAccountId: a1.accountId,
      toAccountId: a2.accountId,
      reason: 'Paid to the wrong account',
      effectiveDate: '2026-06-25',
      postingDate: '2026-06-25',
      actor: cliActor,
      idempotencyKey: `perf-test-move:${misposted}`,
    }),
  )

  await writeOff(db, repair.accountId, 10_000, '2026-09-15')
  await writeOff(db, end.formerTenantAccountId!, 3_000, '2026-09-20')
  await writeOff(db, end.formerTenantAccountId!, 1_000, '2026-09-25', 'write_on')
  await writeOff(db, repair.accountId, 1_000, '2026-10-10') // after the period

  // Direct Debit: in place on the secure tenancy; cancelled on the assured one in August; the garage's only from October.
  await insertMandate(db, a1.accountId, [['created', '2026-05-01', 'pending_lodgement'], ['lodged', '2026-05-05', 'lodged'], ['activated', '2026-05-20', 'active']])
  await insertMandate(db, a2.accountId, [['created', '2026-05-01', 'pending_lodgement'], ['cancelled', '2026-08-01', 'cancelled']])
  await insertMandate(db, garage.accountId, [['created', '2026-10-05', 'pending_lodgement']])

  // Legal steps: the secure tenancy all the way to an eviction in the period (and an application to fix a date,
  // which is not a new claim); the assured tenancy's notice after the period; an eviction that was cancelled.
  await insertLegal(db, a1, { noticeOn: '2026-06-15', claimOn: '2026-07-20', orderOn: '2026-08-20', evictionOn: '2026-09-22' })
  await insertLegal(db, a1, { claimOn: '2026-08-01', claimType: 'fix_date' })
  await insertLegal(db, a2, { noticeOn: '2026-10-05' })
  await insertLegal(db, ta, { noticeOn: '2026-05-11', claimOn: '2026-06-08', orderOn: '2026-07-06', evictionOn: '2026-08-10', evictionOutcome: 'cancelled' })

  // Arrangements: made in the period then breached (broken); made before and kept; completed before the period
  // (not in force); made in the period then cancelled (in force, not kept); made after the period.
  await insertArrangement(db, a2.partyIds[0]!, [a2.accountId], [['created', '2026-06-10'], ['breached', '2026-07-15'], ['kept', '2026-08-10']])
  await insertArrangement(db, ended.partyIds[0]!, [end.formerTenantAccountId!], [['created', '2026-05-01']])
  await insertArrangement(db, ta.partyIds[0]!, [ta.accountId], [['created', '2026-04-20'], ['completed', '2026-05-20']])
  await insertArrangement(db, a1.partyIds[0]!, [a1.accountId], [['created', '2026-09-10'], ['cancelled', '2026-09-25']])
  await insertArrangement(db, garage.partyIds[0]!, [garage.accountId], [['created', '2026-10-10']])

  await ensureDefaultPathways(db)
  await runTrawl(db, { date: '2026-09-28' })
  return { officerA, officerB, teamLeader, patchA, patchB, a1, a2, garage, ta, ended, formerTenantAccountId: end.formerTenantAccountId!, repair }
}

async function latestTrawlOnOrBefore(db: Queryable, date: string): Promise<string | null> {
  const [r] = await db.query<{ run_date: string }>(`select max(run_date) as run_date from trawl_runs where status = 'completed' and run_date <= $1`, [date])
  return r?.run_date ?? null
}

describeEachDb('performance measures', (ctx) => {
  let c: Council
  beforeAll(async () => {
    // A small synthetic council first (seeding needs an empty database), then the hand-built one beside it: the
    // hand-worked figures are read for the hand-built patches and officers, the reconciliations for everything.
    await seedCouncil(ctx.db, { homes: 30, years: 1, seed: 11, today: TODAY, demoPassword: 'perf-test-password' })
    c = await buildCouncil(ctx.db)
  }, 240_000)

  it('every money figure equals the sum over the ledger, computed independently from the postings', async () => {
    const groups = await readFigures(ctx.db, { from: FROM, to: TO, filters: NO_FILTERS, dimensions: DIMENSIONS })
    const overall = overallOf(groups)
    const { postings, accounts } = await readLedger(ctx.db)
    const expected = ledgerSums(postings, accounts, FROM, TO)
    expect(Object.fromEntries(Object.keys(expected).map((k) => [k, overall[k as keyof Figures]]))).toEqual(expected)
    // And per patch: the same sums over each patch's accounts.
    for (const patchId of [c.patchA, c.patchB]) {
      const g = groups.find((x) => x.dimension === 'patch' && x.groupKey === String(patchId))!.figures
      const e = ledgerSums(postings, accounts, FROM, TO, (a) => a.patch_id === patchId)
      expect(Object.fromEntries(Object.keys(e).map((k) => [k, g[k as keyof Figures]]))).toEqual(e)
    }
  })

  it('ties to the control accounts: money collected is what the receipts accounts took in, write-offs what GL-WRITE-OFF took', async () => {
    const overall = overallOf(await readFigures(ctx.db, { from: FROM, to: TO, filters: NO_FILTERS, dimensions: ['overall'] }))
    const [gl] = await ctx.db.query<{ receipts: number; write_off: number; suspense: number }>(
      `select coalesce(sum(p.amount_pence) filter (where a.account_type = 'receipts'), 0)::bigint as receipts,
         coalesce(sum(p.amount_pence) filter (where a.account_type = 'write_off'), 0)::bigint as write_off,
         coalesce(sum(p.amount_pence) filter (where a.account_type = 'suspense' and p.posting_type = any($3::text[])), 0)::bigint as suspense
       from postings p join accounts a on a.id = p.account_id where p.effective_date between $1 and $2`,
      [FROM, TO, [...METHODS]],
    )
    // What the receipts accounts took in went to customer accounts, or is still in suspense.
    expect(overall.total_collected).toBe(gl!.receipts + gl!.suspense)
    expect(overall.total_collected).toBeGreaterThan(0)
    expect(overall.written_off).toBe(gl!.write_off)
    // £100 off the repair, £30 off the former tenant account less £10 written back on; the October one is outside.
    const groups = await readFigures(ctx.db, { from: FROM, to: TO, filters: NO_FILTERS, dimensions: ['patch'] })
    const patch = (id: number) => groups.find((g) => g.dimension === 'patch' && g.groupKey === String(id))!.figures
    expect(patch(c.repair.patchId).written_off).toBe(10_000)
    expect([patch(c.patchA).written_off, patch(c.patchA).rent_written_off]).toEqual([2_000, 2_000])
  })

  it('gives the hand-worked figures of the fixture', async () => {
    const groups = await readFigures(ctx.db, { from: FROM, to: TO, filters: NO_FILTERS, dimensions: DIMENSIONS })
    const b = groups.find((g) => g.dimension === 'patch' && g.groupKey === String(c.patchB))!.figures
    // 18 Mondays from 1 June to 28 September: £120 × 18 + £200 × 18 due; £240 cash + £70 moved in + 2 × £120 standing
    // orders (the £240 cheque bounced) + £600 UC + £50 PayPoint collected.
    expect(b.rent_debit).toBe(18 * 12_000 + 18 * 20_000)
    expect(b.rent_collected).toBe(24_000 + 7_000 + 24_000 + 60_000 + 5_000)
    const report = await performanceReport(ctx.db, { from: FROM, to: TO, filters: { ...NO_FILTERS, patchId: c.patchB }, by: null })
    expect(report.overall.measures.find((m) => m.id === 'collection_rate')!.display).toBe('20.83%')

    // The hand-built council is officer A's and officer B's patches (the seeded council has its own officers).
    const byOfficer = (u: TestUser) => groups.find((g) => g.dimension === 'officer' && g.groupKey === String(u.id))!.figures
    const all = Object.fromEntries(FIGURES.map((f) => [f, byOfficer(c.officerA)[f] + byOfficer(c.officerB)[f]])) as Figures
    expect([all.current_accounts, all.direct_debit_accounts]).toEqual([4, 1])
    expect([all.notices_served, all.claims_issued, all.orders_made, all.evictions]).toEqual([1, 2, 2, 1])
    expect([all.arrangements_made, all.arrangements_in_force, all.arrangements_kept, all.arrangements_broken]).toEqual([2, 3, 1, 1])
    expect(all.former_tenant_arrears).toBeGreaterThan(0)
    const repair = groups.find((g) => g.dimension === 'patch' && g.groupKey === String(c.repair.patchId))!.figures
    expect([repair.sundry_outstanding, repair.sundry_collected]).toEqual([30_000 - 5_000 - 10_000, 5_000])
  })

  it('the groups of every dimension add up to the overall figures, and a filter gives the same figures as its group', async () => {
    const groups = await readFigures(ctx.db, { from: FROM, to: TO, filters: NO_FILTERS, dimensions: DIMENSIONS })
    expectGroupsAddUp(groups, ['patch', 'officer', 'tenure', 'account_type'])
    const officerB = await readFigures(ctx.db, { from: FROM, to: TO, filters: { ...NO_FILTERS, officerUserId: c.officerB.id }, dimensions: ['overall'] })
    expect(overallOf(officerB)).toEqual(groups.find((g) => g.dimension === 'officer' && g.groupKey === String(c.officerB.id))!.figures)
    const ta = await readFigures(ctx.db, { from: FROM, to: TO, filters: { ...NO_FILTERS, tenure: 'ta_licence' }, dimensions: ['overall'] })
    expect(overallOf(ta)).toEqual(groups.find((g) => g.dimension === 'tenure' && g.groupKey === 'ta_licence')!.figures)
  })

  it('counts accounts at each stage from the latest trawl on or before the period’s end', async () => {
    const report = await performanceReport(ctx.db, { from: FROM, to: TO, filters: NO_FILTERS, by: 'patch' })
    const runDate = await latestTrawlOnOrBefore(ctx.db, TO)
    expect(runDate! >= '2026-09-28').toBe(true)
    expect(report.stages.runDate).toBe(runDate)
    const [n] = await ctx.db.query<{ n: number }>(
      `select count(*)::int as n from recommendations r join trawl_runs t on t.id = r.run_id
       where t.run_date = $1 and (r.from_stage is not null or r.arrears_pence > 0)`,
      [runDate],
    )
    expect(n!.n).toBeGreaterThan(0)
    expect(report.stages.funnel[0]!.accounts).toBe(n!.n)
    expect(report.stages.rows.reduce((s, r) => s + r.accounts, 0)).toBe(n!.n)
    const before = await performanceReport(ctx.db, { from: '2025-01-01', to: '2025-01-31', filters: NO_FILTERS, by: null })
    expect(before.stages).toMatchObject({ runDate: null, rows: [] })
  })

  it('sets dated targets (managers only) and judges each group against the one in force on the period’s end', async () => {
    const leader: Actor = { userId: c.teamLeader.id, label: `user:${c.teamLeader.username}` }
    await setPerformanceTarget(ctx.db, { measure: 'collection_rate', patchId: null, effectiveFrom: '2026-04-06', value: 2_000, actor: leader })
    await setPerformanceTarget(ctx.db, { measure: 'collection_rate', patchId: c.patchB, effectiveFrom: '2026-09-01', value: 2_500, reason: 'Patch B recovery plan', actor: leader })
    await setPerformanceTarget(ctx.db, { measure: 'collection_rate', patchId: null, effectiveFrom: '2026-10-01', value: 9_900, actor: leader })
    const officer: Actor = { userId: c.officerA.id, label: `user:${c.officerA.username}` }
    await expect(setPerformanceTarget(ctx.db, { measure: 'collection_rate', patchId: null, effectiveFrom: '2026-04-06', value: 1, actor: officer })).rejects.toMatchObject({ code: 'forbidden' })
    await expect(setPerformanceTarget(ctx.db, { measure: 'notices_served', patchId: null, effectiveFrom: '2026-04-06', value: 1, actor: leader })).rejects.toBeInstanceOf(AppError)

    const report = await performanceReport(ctx.db, { from: FROM, to: TO, filters: NO_FILTERS, by: 'patch' })
    const rate = (row: (typeof report.groups)[number]) => row.measures.find((m) => m.id === 'collection_rate')!
    expect(rate(report.overall).target).toMatchObject({ value: 2_000, patchId: null })
    const b = report.groups.find((g) => g.groupKey === String(c.patchB))!
    expect(rate(b).target).toMatchObject({ value: 2_500, patchId: c.patchB, status: 'not_met' })
    const a = report.groups.find((g) => g.groupKey === String(c.patchA))!
    expect(rate(a).target?.value).toBe(2_000)
    // From 1 October the overall target is 99%.
    const october = await performanceReport(ctx.db, { from: '2026-10-01', to: '2026-10-31', filters: NO_FILTERS, by: null })
    expect(rate(october.overall).target?.value).toBe(9_900)
    const [audit] = await ctx.db.query<{ n: number }>(`select count(*)::int as n from audit_events where action = 'performance.target_set'`)
    expect(audit!.n).toBe(3)
  })

  it('takes a weekly snapshot of every dimension, once per week, equal to the live figures for the week and the year to date', async () => {
    await expect(takePerformanceSnapshot(ctx.db, { date: '2026-11-20', today: TODAY, actor: cliActor })).rejects.toMatchObject({ code: 'invalid_state' })
    const first = await takePerformanceSnapshot(ctx.db, { date: '2026-09-30', today: TODAY, actor: cliActor })
    expect(first).toMatchObject({ weekCommencing: '2026-09-28', weekEnding: '2026-10-04', trawlRunDate: await latestTrawlOnOrBefore(ctx.db, '2026-10-04'), replayed: false })
    const again = await takePerformanceSnapshot(ctx.db, { date: '2026-10-04', today: TODAY, actor: cliActor })
    expect(again).toMatchObject({ snapshotId: first.snapshotId, replayed: true, figureRows: first.figureRows })
    const [rows] = await ctx.db.query<{ n: number }>('select count(*)::int as n from performance_snapshot_figures')
    expect(rows!.n).toBe(first.figureRows)

    for (const [basis, from] of [['week', '2026-09-28'], ['rent_year_to_date', '2026-04-06']] as const) {
      const live = await readFigures(ctx.db, { from, to: '2026-10-04', filters: NO_FILTERS, dimensions: DIMENSIONS })
      for (const g of live) {
        const [point] = await readTrend(ctx.db, { dimension: g.dimension, groupKey: g.groupKey, fromWeek: '2026-09-28', toWeek: '2026-09-28', basis })
        expect({ basis, dimension: g.dimension, key: g.groupKey, figures: point!.figures }).toEqual({ basis, dimension: g.dimension, key: g.groupKey, figures: g.figures })
      }
    }
    const [point] = await readTrend(ctx.db, { dimension: 'overall', groupKey: '', fromWeek: '2026-09-28', toWeek: '2026-09-28', basis: 'week' })
    const live = await performanceReport(ctx.db, { from: '2026-09-28', to: '2026-10-04', filters: NO_FILTERS, by: null })
    expect(point!.stages.reduce((s, x) => s + x.accounts, 0)).toBe(live.stages.funnel[0]!.accounts)
    const [audit] = await ctx.db.query<{ n: number }>(`select count(*)::int as n from audit_events where action = 'performance.snapshot_taken'`)
    expect(audit!.n).toBe(1)
  })

  it('keeps a snapshot as it was when a payment is later back-dated into its week', async () => {
    const [before] = await readTrend(ctx.db, { dimension: 'overall', groupKey: '', fromWeek: '2026-09-28', toWeek: '2026-09-28', basis: 'week' })
    await pay(ctx.db, c.a1.accountId, 3_300, '2026-10-02', 'card')
    const live = overallOf(await readFigures(ctx.db, { from: '2026-09-28', to: '2026-10-04', filters: NO_FILTERS, dimensions: ['overall'] }))
    expect(live.rent_collected).toBe(before!.figures.rent_collected + 3_300)
    const [after] = await readTrend(ctx.db, { dimension: 'overall', groupKey: '', fromWeek: '2026-09-28', toWeek: '2026-09-28', basis: 'week' })
    expect(after!.figures).toEqual(before!.figures)
    await expect(ctx.db.query(`update performance_snapshot_figures set value = 0`)).rejects.toThrow(/append-only/)
  })

  it('reconciles the rent year to date with the ledger for the whole council (seeded and hand-built), overall and patch by patch', async () => {
    const from = '2026-04-06'
    const groups = await readFigures(ctx.db, { from, to: TODAY, filters: NO_FILTERS, dimensions: DIMENSIONS })
    const { postings, accounts } = await readLedger(ctx.db)
    const expected = ledgerSums(postings, accounts, from, TODAY)
    const overall = overallOf(groups)
    expect(Object.fromEntries(Object.keys(expected).map((k) => [k, overall[k as keyof Figures]]))).toEqual(expected)
    expect(overall.rent_debit).toBeGreaterThan(0)
    expect(overall.rent_collected).toBeGreaterThan(0)
    expectGroupsAddUp(groups, ['patch', 'officer', 'tenure', 'account_type'])
    const patches = await ctx.db.query<{ id: number }>('select id from patches')
    for (const p of patches) {
      const g = groups.find((x) => x.dimension === 'patch' && x.groupKey === String(p.id))
      if (!g) continue
      const e = ledgerSums(postings, accounts, from, TODAY, (a) => a.patch_id === p.id)
      expect(Object.fromEntries(Object.keys(e).map((k) => [k, g.figures[k as keyof Figures]]))).toEqual(e)
    }
  })

  describe('the dashboard', () => {
    const query = `period=custom&from=${FROM}&to=${TO}&by=patch`

    it('shows the service’s figures and targets, and each table as CSV with the same numbers', async () => {
      const { app } = await buildTestWebApp(ctx.db)
      try {
        const client = await signedInClient(app, c.teamLeader)
        const res = await client.get(`/performance?${query}`)
        expect(res.statusCode).toBe(200)
        const report = await performanceReport(ctx.db, { from: FROM, to: TO, filters: NO_FILTERS, by: 'patch' })
        const html = res.body
        expect(html).toContain('href="/performance"')
        for (const m of report.overall.measures) {
          const row = new RegExp(`<tr class="govuk-table__row" data-measure="${m.id}">[\\s\\S]*?<td[^>]*data-qa="actual">([^<]*)</td>`).exec(html)
          expect({ id: m.id, shown: row?.[1] }).toEqual({ id: m.id, shown: m.display.replace('&', '&amp;') })
        }
        expect(html).toContain('data-qa="groups-money"')
        expect(html).toMatch(/<svg[^>]*role="img"/)
        expect(html).toContain('Set targets')

        const measures = await client.get(`/performance/export/measures.csv?${query}`)
        expect(measures.statusCode).toBe(200)
        expect(measures.headers['content-type']).toMatch(/text\/csv/)
        const rows = parse(measures.body, { columns: true }) as Record<string, string>[]
        expect(rows.map((r) => r.measure_id)).toEqual(report.overall.measures.map((m) => m.id))
        const rate = rows.find((r) => r.measure_id === 'collection_rate')!
        const f = report.overall.figures
        expect([rate.numerator, rate.denominator]).toEqual([(f.rent_collected / 100).toFixed(2), (f.rent_debit / 100).toFixed(2)])
        expect(rate.value).toBe(report.overall.measures.find((m) => m.id === 'collection_rate')!.display.replace('%', ''))
        expect(rate.target).toBe('20.00')
        expect(rows.find((r) => r.measure_id === 'current_tenant_arrears')!.value).toBe((f.current_tenant_arrears / 100).toFixed(2))

        const groups = parse((await client.get(`/performance/export/groups.csv?${query}`)).body, { columns: true }) as Record<string, string>[]
        expect(groups.map((g) => g.group_key).sort()).toEqual(report.groups.map((g) => g.groupKey).sort())
        const patchB = groups.find((g) => g.group_key === String(c.patchB))!
        expect(patchB.collection_rate).toBe('20.83')
        expect(patchB.rent_collected).toBe('1200.00')
        const total = groups.reduce((s, g) => s + Math.round(Number(g.rent_collected) * 100), 0)
        expect(total).toBe(f.rent_collected)

        const stages = parse((await client.get(`/performance/export/stages.csv?${query}`)).body, { columns: true }) as Record<string, string>[]
        expect(stages.reduce((s, r) => s + Number(r.accounts), 0)).toBe(report.stages.funnel[0]!.accounts)
        expect((await client.get(`/performance/export/nothing.csv?${query}`)).statusCode).toBe(404)
      } finally {
        await app.close()
      }
    })

    it('shows the weekly trend with a text alternative, and exports it', async () => {
      const { app } = await buildTestWebApp(ctx.db)
      try {
        const client = await signedInClient(app, c.officerA)
        const res = await client.get('/performance?period=rent-year:2026&by=officer')
        expect(res.statusCode).toBe(200)
        expect(res.body).toContain('data-week="2026-09-28"')
        expect(res.body).toMatch(/<desc id="trend-[0-9a-f]+-desc">Actual: [\d.]+% in the week of 28 Sep 2026/)
        const trend = parse((await client.get('/performance/export/trend.csv?period=rent-year:2026&by=officer')).body, { columns: true }) as Record<string, string>[]
        const [point] = await readTrend(ctx.db, { dimension: 'overall', groupKey: '', fromWeek: '2026-09-28', toWeek: '2026-09-28', basis: 'rent_year_to_date' })
        const ytd = trend.find((r) => r.week_commencing === '2026-09-28' && r.basis === 'rent_year_to_date')!
        expect(Math.round(Number(ytd.current_tenant_arrears) * 100)).toBe(point!.figures.current_tenant_arrears)
        // Two filters at once have no snapshot: the page says so rather than showing the wrong trend.
        const two = await client.get(`/performance?period=rent-year:2026&patch=${c.patchA}&tenure=secure`)
        expect(two.body).toContain('Choose at most one of those filters')
      } finally {
        await app.close()
      }
    })

    it('lets a team leader set a target (an income officer may not), with errors for bad input', async () => {
      const { app } = await buildTestWebApp(ctx.db)
      try {
        const officer = await signedInClient(app, c.officerA)
        expect((await officer.get('/performance/targets')).statusCode).toBe(403)
        expect((await officer.get(`/performance?${query}`)).body).not.toContain('Set targets')
        const bad = await officer.get('/performance?period=month:2026-13')
        expect(bad.statusCode).toBe(400)
        expect(bad.body).toContain('Choose a period from the list')

        const leader = await signedInClient(app, c.teamLeader)
        await leader.get('/performance/targets')
        const invalid = await leader.post('/performance/targets', { measure: 'direct_debit_take_up', patch: '', 'effectiveFrom-day': '31', 'effectiveFrom-month': '2', 'effectiveFrom-year': '2026', value: 'lots' })
        expect(invalid.statusCode).toBe(400)
        expect(invalid.body).toContain('Date the target applies from must be a real date')
        expect(invalid.body).toContain('Target must be a percentage with at most 2 decimal places')
        const ok = await leader.post('/performance/targets', {
          measure: 'direct_debit_take_up',
          patch: String(c.patchA),
          'effectiveFrom-day': '1',
          'effectiveFrom-month': '9',
          'effectiveFrom-year': '2026',
          value: '30',
          reason: 'Direct Debit campaign',
        })
        expect(ok.statusCode).toBe(303)
        const page = await leader.get('/performance/targets')
        expect(page.body).toContain('Target set')
        expect(page.body).toContain('Direct Debit campaign')
        const dash = await leader.get(`/performance?period=custom&from=${FROM}&to=${TO}&by=patch&patch=${c.patchA}`)
        // Patch A: the secure tenancy's DD of its two open accounts (the garage's mandate comes in October): 50% ≥ 30%.
        expect(dash.body).toMatch(/data-measure="direct_debit_take_up">[\s\S]*?data-qa="actual">50.00%<\/td>[\s\S]*?data-qa="target">30.00%<\/td>[\s\S]*?Met/)
      } finally {
        await app.close()
      }
    })
  })
})
