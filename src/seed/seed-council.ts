/**
 * The synthetic council generator (`reeve seed`, `reeve demo`): patches and officers, homes, garages, a traveller
 * site and temporary accommodation, the people who rent them, and `years` of history ending `today`, posted
 * through the real machinery wherever it matters:
 *
 * - the weekly charges are the real debit run SQL (`postWeeklyCharges`), week by week in order;
 * - each April's rent change is the real `applyRentChange` service (notice served 5 weeks before);
 * - agreements starting inside the history are let with `createTenancy`, and agreements ending inside it are
 *   ended with `endTenancy` (closing the account and opening a former tenant account with the balance moved);
 * - opening balances (agreements older than the history) are one `opening_balance` transaction against the
 *   GL-OPENING-BALANCES control account (migration 0002);
 * - payments are posted in bulk, as real payment files post: one ledger transaction per method and day holding
 *   every payment of that file (Dr receipts for the total, Cr each customer), then the payments, then their
 *   allocations, each set in one statement, so the database's balance and allocation triggers check them as usual.
 *
 * Deterministic for a seed: the plan (plan-council.ts) and the payment simulation use seeded generators only,
 * and everything is written in a fixed order, so ids and account numbers repeat too.
 */
import type { Db, Queryable } from '../db/client.ts'
import { isIsoDate } from '../domain/calendar/dates.ts'
import { AppError } from '../errors.ts'
import { postWeeklyCharges } from '../jobs/rent-debit-run.ts'
import type { Actor } from '../services/actor.ts'
import { recordAuditEvent } from '../services/audit/record-audit-event.ts'
import { applyRentChange } from '../services/charges/apply-rent-change.ts'
import { postTransaction } from '../services/ledger/post-transaction.ts'
import type { PaymentMethod } from '../services/payments/record-payment.ts'
import { createTenancy } from '../services/tenancies/create-tenancy.ts'
import { endTenancy } from '../services/tenancies/end-tenancy.ts'
import { hashPassword } from '../services/users/passwords.ts'
import { accountNumberFor, paymentReferenceFor, type CustomerAccountType } from '../domain/accounts/payment-reference.ts'
import { insertRows, reserveIds } from './bulk.ts'
import { isoOf, mondayOf } from './days.ts'
import { planCouncil, rentYearIndex, type CouncilPlan } from './plan-council.ts'
import { COUNCIL_PROFILE } from './profiles.ts'
import { seedRecoveryHistory, type RecoveryHistoryResult } from './recovery-history.ts'
import { PaymentSimulator, type SimPayment } from './simulate-payments.ts'

export interface SeedOptions {
  homes: number
  years: number
  seed: number
  /** YYYY-MM-DD: the history ends on this day. */
  today: string
  demoPassword: string
  /**
   * Weekly trawls to replay with officers acting on them, ending before today (recovery-history.ts). Default 0 (none)
   * so existing callers (tests, the browser harness) keep their council as it was; `reeve seed` and `reeve demo` ask for 16.
   */
  recoveryWeeks?: number
  onProgress?: (stage: string, done: number, total: number) => void
}

export interface SeedResult {
  patches: number
  users: { username: string; role: string; displayName: string }[]
  properties: number
  tenancies: number
  accounts: number
  postings: number
  payments: number
  formerTenantAccounts: number
  /** The recovery history (recovery-history.ts), when one was made. */
  recovery: RecoveryHistoryResult | null
  millis: number
}

export const RENT_FREE_CALENDAR = '48-WEEK'
const OPENING_BALANCES_ACCOUNT = 'GL-OPENING-BALANCES'

const ACCOUNT_TYPE: Record<string, CustomerAccountType> = {
  dwelling: 'rent',
  garage: 'garage',
  pitch: 'pitch',
  ta_unit: 'temporary_accommodation',
}

const FILE_DESCRIPTIONS: Record<PaymentMethod, string> = {
  direct_debit: 'Direct Debit collection',
  standing_order: 'Standing orders (bank statement)',
  card: 'Card payments (payment portal and telephone)',
  cheque: 'Cheques banked',
  postal_order: 'Postal orders banked',
  cash: 'Cash receipts',
  bank_transfer: 'Bank transfers (bank statement)',
  allpay: 'allpay payment file',
  paypoint: 'PayPoint payment file',
  post_office: 'Post Office payment file',
  housing_benefit: 'Housing Benefit rent rebate credits',
  universal_credit: 'Universal Credit managed payments to landlord',
  dwp_deduction: 'DWP third-party deductions for arrears',
  employer_deduction: 'Employer deductions (attachment of earnings)',
}

function validate(opts: SeedOptions): void {
  if (!Number.isSafeInteger(opts.homes) || opts.homes < 10) throw new AppError('validation', 'A council needs at least 10 homes')
  if (!Number.isSafeInteger(opts.years) || opts.years < 1 || opts.years > 10) {
    throw new AppError('validation', 'Years of history must be a whole number from 1 to 10')
  }
  if (opts.recoveryWeeks !== undefined && (!Number.isSafeInteger(opts.recoveryWeeks) || opts.recoveryWeeks < 0 || opts.recoveryWeeks > 52)) {
    throw new AppError('validation', 'Weeks of recovery history must be a whole number from 0 to 52')
  }
  if (!Number.isSafeInteger(opts.seed)) throw new AppError('validation', 'The seed must be a whole number')
  if (!isIsoDate(opts.today)) throw new AppError('validation', `Today must be a date (YYYY-MM-DD), got ${opts.today}`)
  if (opts.demoPassword.length < 8) throw new AppError('validation', 'The demo password needs at least 8 characters')
}

export async function seedCouncil(db: Db, opts: SeedOptions): Promise<SeedResult> {
  const started = performance.now()
  validate(opts)
  const [existing] = await db.query<{ tenancies: number; properties: number }>(
    'select (select count(*) from tenancies)::int as tenancies, (select count(*) from properties)::int as properties',
  )
  if (existing!.tenancies > 0 || existing!.properties > 0) {
    throw new AppError(
      'conflict',
      `This database already holds ${existing!.tenancies} tenancies and ${existing!.properties} properties: a synthetic council can only be seeded into an empty database`,
    )
  }
  const progress = opts.onProgress ?? (() => {})
  const plan = planCouncil({ homes: opts.homes, years: opts.years, seed: opts.seed, today: opts.today })
  // argon2 is deliberately slow: hash the demo password once and give every demo user the same hash.
  const passwordHash = await hashPassword(opts.demoPassword)

  const ids = await db.transaction((tx) => writeReferenceData(tx, plan, passwordHash, progress))
  const sim = new PaymentSimulator(plan)
  await db.transaction((tx) => openExistingAccounts(tx, plan, ids, sim))
  progress('tenancies', ids.accountOf.size, ids.accountOf.size)
  // Fresh statistics for the tables just bulk-loaded (and that stay about that size), so the planner sees
  // thousands of schedules rather than none. The ledger tables are left alone: they grow all through the
  // history and statistics taken now would soon describe them as tiny.
  await db.exec('analyze properties, parties, tenancies, accounts, charge_schedules, charge_rates, rent_free_weeks')
  await runHistory(db, plan, ids, sim, progress)
  await checkAgainstLedger(db, sim)
  const weeks = opts.recoveryWeeks ?? 0
  const recovery =
    weeks > 0
      ? await seedRecoveryHistory(db, {
          today: opts.today,
          seed: opts.seed,
          weeks,
          officerForPatch: new Map(ids.patchIds.map((id, i) => [id, ids.officerActors[i]!])),
          teamLeader: { userId: ids.userIds.get('teamleader') ?? null, label: 'user:teamleader' },
          recoveryOfficer: { userId: ids.userIds.get('recovery') ?? null, label: 'user:recovery' },
          onProgress: progress,
        })
      : null

  const [counts] = await db.query<{
    patches: number
    properties: number
    tenancies: number
    accounts: number
    postings: number
    payments: number
    fta: number
  }>(
    `select (select count(*) from patches)::int as patches, (select count(*) from properties)::int as properties,
       (select count(*) from tenancies)::int as tenancies,
       (select count(*) from accounts where account_class = 'customer')::int as accounts,
       (select count(*) from postings)::int as postings, (select count(*) from payments)::int as payments,
       (select count(*) from accounts where account_type = 'former_tenant')::int as fta`,
  )
  const result: SeedResult = {
    patches: counts!.patches,
    users: plan.users.map((u) => ({ username: u.username, role: u.role, displayName: u.displayName })),
    properties: counts!.properties,
    tenancies: counts!.tenancies,
    accounts: counts!.accounts,
    postings: counts!.postings,
    payments: counts!.payments,
    formerTenantAccounts: counts!.fta,
    recovery,
    millis: Math.round(performance.now() - started),
  }
  await recordAuditEvent(db, ids.seedActor, {
    action: 'council.seeded',
    entityType: 'council',
    entityId: plan.town,
    after: { homes: opts.homes, years: opts.years, seed: opts.seed, today: opts.today, ...result, users: result.users.length, recovery: recovery && { ...recovery } },
  })
  return result
}

interface SeedIds {
  userIds: Map<string, number>
  patchIds: number[]
  officerActors: Actor[]
  financeActor: Actor
  seedActor: Actor
  propertyIds: number[]
  partyIds: number[]
  /** Tenancy plan index → the account that carries its charges. */
  accountOf: Map<number, { id: number; reference: string; tenancyId: number }>
  receiptsAccounts: Map<string, number>
}

async function writeReferenceData(
  tx: Queryable,
  plan: CouncilPlan,
  passwordHash: string,
  progress: NonNullable<SeedOptions['onProgress']>,
): Promise<SeedIds> {
  // Users (an existing user of the same name is kept as it is).
  const created = await tx.query<{ id: number; username: string; role: string }>(
    `insert into users (username, display_name, email, role, password_hash)
     select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) on conflict (username) do nothing
     returning id, username, role`,
    [
      plan.users.map((u) => u.username),
      plan.users.map((u) => u.displayName),
      plan.users.map((u) => u.email),
      plan.users.map((u) => u.role),
      plan.users.map(() => passwordHash),
    ],
  )
  const userRows = await tx.query<{ id: number; username: string }>('select id, username from users where username = any($1::text[])', [
    plan.users.map((u) => u.username),
  ])
  const userIds = new Map(userRows.map((r) => [r.username, r.id]))
  const actorFor = (username: string): Actor => ({ userId: userIds.get(username) ?? null, label: `user:${username}` })
  const seedActor: Actor = { userId: null, label: 'system:seed' }
  for (const u of created) {
    await recordAuditEvent(tx, seedActor, { action: 'user.created', entityType: 'user', entityId: u.id, after: { username: u.username, role: u.role } })
  }

  // Patches, each with its income officer.
  const patchRows = await tx.query<{ id: number; code: string }>(
    `insert into patches (code, name, officer_user_id)
     select * from unnest($1::text[], $2::text[], $3::int[]) returning id, code`,
    [
      plan.patches.map((p) => p.code),
      plan.patches.map((p) => p.name),
      plan.patches.map((_, i) => userIds.get(plan.users.find((u) => u.patch === i)!.username) ?? null),
    ],
  )
  const patchIdByCode = new Map(patchRows.map((r) => [r.code, r.id]))
  const patchIds = plan.patches.map((p) => patchIdByCode.get(p.code)!)
  const officerActors = plan.patches.map((_, i) => actorFor(plan.users.find((u) => u.patch === i)!.username))

  // The 48-week charging calendar.
  await tx.query(`insert into rent_free_calendars (code, name) values ($1, $2) on conflict (code) do nothing`, [
    RENT_FREE_CALENDAR,
    '48 charging weeks: rent free at Christmas, New Year, Easter and the August bank holiday',
  ])
  await tx.query(
    `insert into rent_free_weeks (calendar_code, week_commencing) select $1, unnest($2::date[]) on conflict do nothing`,
    [RENT_FREE_CALENDAR, plan.rentFreeWeeks.map(isoOf)],
  )

  // Properties and people.
  const reserved = await reserveIds(tx, {
    properties_id_seq: plan.properties.length,
    parties_id_seq: plan.parties.length,
  })
  const propertyIds = reserved.properties_id_seq!
  const partyIds = reserved.parties_id_seq!
  await insertRows(
    tx,
    'properties',
    [['id', 'int'], ['property_ref', 'text'], ['kind', 'text'], ['address_line1', 'text'], ['address_line2', 'text'], ['town', 'text'],
      ['postcode', 'text'], ['site_name', 'text'], ['bedrooms', 'int'], ['patch_id', 'int']],
    plan.properties.map((p, i) => [propertyIds[i], p.ref, p.kind, p.line1, p.line2, p.town, p.postcode, p.siteName, p.bedrooms, patchIds[p.patch]]),
  )
  progress('properties', plan.properties.length, plan.properties.length)
  await insertRows(
    tx,
    'parties',
    [['id', 'int'], ['party_ref', 'text'], ['kind', 'text'], ['title', 'text'], ['forename', 'text'], ['surname', 'text'],
      ['date_of_birth', 'date'], ['email', 'text'], ['phone', 'text'], ['preferred_channel', 'text']],
    plan.parties.map((p, i) => [partyIds[i], p.ref, 'person', p.title, p.forename, p.surname, p.dateOfBirth, p.email, p.phone, p.channel]),
  )
  progress('parties', plan.parties.length, plan.parties.length)

  const receipts = await tx.query<{ id: number; account_number: string }>(
    `select id, account_number from accounts where account_number like 'GL-RECEIPTS-%'`,
  )
  return {
    userIds,
    patchIds,
    officerActors,
    financeActor: actorFor('finance'),
    seedActor,
    propertyIds,
    partyIds,
    accountOf: new Map(),
    receiptsAccounts: new Map(receipts.map((r) => [r.account_number.slice('GL-RECEIPTS-'.length).toLowerCase(), r.id])),
  }
}

/**
 * Agreements older than the history, in bulk: tenancies, named tenants, accounts (numbers and payment
 * references from the same sequence and rules as the account service), charge schedules with the rates in force
 * at the window start, and one opening balance transaction.
 */
async function openExistingAccounts(tx: Queryable, plan: CouncilPlan, ids: SeedIds, sim: PaymentSimulator): Promise<void> {
  const existing = plan.tenancies.map((t, i) => ({ t, i })).filter((x) => !x.t.inWindow)
  const n = existing.length
  const r = await reserveIds(tx, {
    tenancies_id_seq: n,
    accounts_id_seq: n,
    account_number_seq: n,
    charge_schedules_id_seq: n,
  })
  const tenancyIds = r.tenancies_id_seq!
  const accountIds = r.accounts_id_seq!
  const serials = r.account_number_seq!
  const scheduleIds = r.charge_schedules_id_seq!
  const firstMonday = isoOf(plan.window.firstMonday)

  await insertRows(
    tx,
    'tenancies',
    [['id', 'int'], ['tenancy_ref', 'text'], ['property_id', 'int'], ['tenure', 'text'], ['social_housing', 'bool'], ['start_date', 'date']],
    existing.map(({ t }, k) => [
      tenancyIds[k],
      `T${String(tenancyIds[k]).padStart(7, '0')}`,
      ids.propertyIds[t.property],
      t.tenure,
      t.socialHousing,
      isoOf(t.start),
    ]),
  )
  await insertRows(
    tx,
    'tenancy_parties',
    [['tenancy_id', 'int'], ['party_id', 'int'], ['role', 'text']],
    existing.flatMap(({ t }, k) => t.parties.map((p, j) => [tenancyIds[k], ids.partyIds[p], j === 0 ? 'lead' : 'joint'])),
  )
  const accountRows = existing.map(({ t }, k) => {
    const property = plan.properties[t.property]!
    const type = ACCOUNT_TYPE[property.kind]!
    return {
      id: accountIds[k]!,
      number: accountNumberFor(type, serials[k]!),
      reference: paymentReferenceFor(type, serials[k]!),
      type,
      name: property.line1,
      tenancyId: tenancyIds[k]!,
      patchId: ids.patchIds[property.patch]!,
      openedOn: isoOf(t.start),
    }
  })
  await insertRows(
    tx,
    'accounts',
    [['id', 'int'], ['account_number', 'text'], ['payment_reference', 'text'], ['account_class', 'text'], ['account_type', 'text'],
      ['name', 'text'], ['tenancy_id', 'int'], ['patch_id', 'int'], ['opened_on', 'date']],
    accountRows.map((a) => [a.id, a.number, a.reference, 'customer', a.type, a.name, a.tenancyId, a.patchId, a.openedOn]),
  )
  await insertRows(
    tx,
    'account_parties',
    [['account_id', 'int'], ['party_id', 'int']],
    existing.flatMap(({ t }, k) => t.parties.map((p) => [accountIds[k], ids.partyIds[p]])),
  )
  await insertRows(
    tx,
    'charge_schedules',
    [['id', 'int'], ['account_id', 'int'], ['rent_free_calendar', 'text']],
    existing.map(({ t }, k) => [scheduleIds[k], accountIds[k], plan.properties[t.property]!.rentFree ? RENT_FREE_CALENDAR : null]),
  )
  // Charges begin at the window start: the rate in force then (older rates are history the ledger does not hold).
  await insertRows(
    tx,
    'charge_rates',
    [['schedule_id', 'int'], ['charge_type', 'text'], ['effective_from', 'date'], ['weekly_pence', 'bigint'], ['reason', 'text']],
    existing.flatMap(({ t }, k) => {
      const property = plan.properties[t.property]!
      return property.chargeTypes.map((c, j) => [scheduleIds[k], c, firstMonday, property.ratesByYear[0]![j], 'new_agreement'])
    }),
  )

  // Opening balances, brought forward the day before the first charged week.
  const legs: { accountId: number; amountPence: number; postingType: string }[] = []
  existing.forEach(({ i }, k) => {
    ids.accountOf.set(i, { id: accountIds[k]!, reference: accountRows[k]!.reference, tenancyId: tenancyIds[k]! })
    const opening = sim.open(i, accountIds[k]!, accountRows[k]!.reference)
    if (opening !== 0) legs.push({ accountId: accountIds[k]!, amountPence: opening, postingType: 'opening_balance' })
  })
  const total = legs.reduce((s, l) => s + l.amountPence, 0)
  if (legs.length > 0) {
    const [control] = await tx.query<{ id: number }>('select id from accounts where account_number = $1', [OPENING_BALANCES_ACCOUNT])
    if (!control) {
      throw new AppError('invalid_state', `The ${OPENING_BALANCES_ACCOUNT} control account is missing: run the database migrations first`)
    }
    if (total !== 0) legs.push({ accountId: control.id, amountPence: -total, postingType: 'opening_balance' })
    const broughtForward = isoOf(plan.window.firstMonday - 1)
    await postTransaction(tx, {
      type: 'opening_balance',
      idempotencyKey: `seed:opening-balances:${broughtForward}`,
      effectiveDate: broughtForward,
      postingDate: broughtForward,
      source: 'system',
      actor: ids.seedActor,
      description: `Balances brought forward at ${broughtForward}`,
      legs,
    })
  }
}

/** Week by week: ends, the April rent change, new lets, the debit run, then the week's payments. */
async function runHistory(
  db: Db,
  plan: CouncilPlan,
  ids: SeedIds,
  sim: PaymentSimulator,
  progress: NonNullable<SeedOptions['onProgress']>,
): Promise<void> {
  const endsBy = new Map<number, number[]>()
  const letsBy = new Map<number, number[]>()
  const add = (m: Map<number, number[]>, monday: number, i: number) => m.set(monday, [...(m.get(monday) ?? []), i])
  plan.tenancies.forEach((t, i) => {
    if (t.end) add(endsBy, t.end.day + 1, i) // processed on the Monday after the last day
    if (t.inWindow) add(letsBy, mondayOf(t.start), i)
  })
  const aprils = new Set(plan.rentYearStarts.filter((d) => d > plan.window.firstMonday && d <= plan.window.lastMonday))
  const mondays = plan.window.mondays
  progress('weeks', 0, mondays.length)
  for (const [w, monday] of mondays.entries()) {
    const week = isoOf(monday)
    sim.beginWeek(monday)
    const ending = endsBy.get(monday) ?? []
    if (ending.length > 0) await db.transaction((tx) => endTenancies(tx, plan, ids, sim, ending, week))
    if (aprils.has(monday)) {
      const yi = rentYearIndex(plan.rentYearStarts, monday)
      const bps = COUNCIL_PROFILE.annualChangeBps[plan.firstRentYear + yi] ?? COUNCIL_PROFILE.defaultAnnualChangeBps
      await applyRentChange(db, {
        effectiveFrom: week,
        noticeServedOn: isoOf(monday - COUNCIL_PROFILE.rentChangeNoticeDays),
        changeBasisPoints: bps,
        chargeTypes: COUNCIL_PROFILE.annualChangeChargeTypes,
        actor: ids.financeActor,
      })
    }
    await db.transaction(async (tx) => {
      for (const i of letsBy.get(monday) ?? []) await letTenancy(tx, plan, ids, sim, i)
      await postCharges(tx, sim, week)
      await postPayments(tx, ids, sim.paymentsForWeek(monday))
    })
    progress('weeks', w + 1, mondays.length)
  }
}

async function endTenancies(tx: Queryable, plan: CouncilPlan, ids: SeedIds, sim: PaymentSimulator, ending: number[], week: string): Promise<void> {
  for (const i of ending) {
    const t = plan.tenancies[i]!
    const account = ids.accountOf.get(i)!
    const ended = await endTenancy(tx, {
      tenancyId: account.tenancyId,
      endDate: isoOf(t.end!.day),
      reason: t.end!.reason,
      postingDate: week,
      actor: ids.officerActors[plan.properties[t.property]!.patch]!,
    })
    // What the service left on both accounts, from the ledger (the simulation carries on from there).
    const balances = await tx.query<{ id: number; payment_reference: string; balance: number }>(
      `select a.id, a.payment_reference, coalesce((select sum(p.amount_pence) from postings p where p.account_id = a.id), 0)::bigint as balance
       from accounts a where a.id = any ($1::int[])`,
      [[account.id, ended.formerTenantAccountId].filter((x) => x !== null)],
    )
    const rent = balances.find((b) => b.id === account.id)!
    const f = balances.find((b) => b.id === ended.formerTenantAccountId)
    const fta = f ? { accountId: f.id, reference: f.payment_reference, balance: f.balance } : null
    sim.ended(account.id, rent.balance, fta)
  }
}

async function letTenancy(tx: Queryable, plan: CouncilPlan, ids: SeedIds, sim: PaymentSimulator, i: number): Promise<void> {
  const t = plan.tenancies[i]!
  const property = plan.properties[t.property]!
  const rates = property.ratesByYear[Math.min(rentYearIndex(plan.rentYearStarts, t.start), property.ratesByYear.length - 1)]!
  const created = await createTenancy(tx, {
    propertyId: ids.propertyIds[t.property]!,
    tenure: t.tenure,
    startDate: isoOf(t.start),
    partyIds: t.parties.map((p) => ids.partyIds[p]!),
    charges: property.chargeTypes.map((c, j) => ({ chargeType: c, weeklyPence: rates[j]! })),
    socialHousing: t.socialHousing,
    rentFreeCalendar: property.rentFree ? RENT_FREE_CALENDAR : null,
    actor: ids.officerActors[property.patch]!,
  })
  ids.accountOf.set(i, { id: created.account.id, reference: created.account.paymentReference, tenancyId: created.tenancyId })
  sim.open(i, created.account.id, created.account.paymentReference)
}

/** The real weekly debit run for every account, then what it posted per account, for the simulation. */
async function postCharges(tx: Queryable, sim: PaymentSimulator, week: string): Promise<void> {
  const [run] = await tx.query<{ id: number }>(
    `insert into job_runs (job, run_key, params, status) values ('rent-debits', $1, $2, 'running') returning id`,
    [`rent-debits:${week}`, JSON.stringify({ week, seeded: true })],
  )
  const key = `seed:charges:${week}`
  const posted = await postWeeklyCharges(tx, { week, postingDate: week, lo: 0, hi: 2 ** 31 - 1, key, runId: run!.id })
  await tx.query(`update job_runs set status = 'completed', finished_at = now(), counts = $2 where id = $1`, [
    run!.id,
    JSON.stringify({ postings: posted.postings, totalPence: posted.totalPence, chunks: 1, chunksSkipped: 0 }),
  ])
  const charged = await tx.query<{ account_id: number; total: number; eligible: number }>(
    `select p.account_id, sum(p.amount_pence)::bigint as total,
       coalesce(sum(p.amount_pence) filter (where p.posting_type in ('rent', 'service_charge', 'ta_charge')), 0)::bigint as eligible
     from postings p join ledger_transactions t on t.id = p.transaction_id
     where t.idempotency_key = $1 and p.charge_key is not null
     group by p.account_id`,
    [key],
  )
  for (const c of charged) sim.charged(c.account_id, c.total, c.eligible)
}

/**
 * One week of payments, posted the way payment files post: one ledger transaction per method and day (Dr the
 * method's receipts account for the file total, Cr each customer), every leg of the week in one INSERT (the
 * balance trigger runs per statement), then the payments, then one allocation per payment to its credit leg.
 */
async function postPayments(tx: Queryable, ids: SeedIds, payments: SimPayment[]): Promise<void> {
  if (payments.length === 0) return
  const groups = new Map<string, { method: PaymentMethod; day: number; items: SimPayment[] }>()
  for (const p of payments) {
    const k = `${p.day}|${p.method}`
    let g = groups.get(k)
    if (!g) {
      g = { method: p.method, day: p.day, items: [] }
      groups.set(k, g)
    }
    g.items.push(p)
  }
  const ordered = [...groups.values()].sort((a, b) => a.day - b.day || a.method.localeCompare(b.method))
  const r = await reserveIds(tx, {
    ledger_transactions_id_seq: ordered.length,
    postings_id_seq: ordered.length + payments.length,
    payments_id_seq: payments.length,
  })
  const txnIds = r.ledger_transactions_id_seq!
  const postingIds = r.postings_id_seq!
  const paymentIds = r.payments_id_seq!
  const txnRows: unknown[][] = []
  const postingRows: unknown[][] = []
  const paymentRows: unknown[][] = []
  const allocationRows: unknown[][] = []
  let nextPosting = 0
  let nextPayment = 0
  ordered.forEach((g, gi) => {
    const txnId = txnIds[gi]!
    const date = isoOf(g.day)
    const cash = g.method === 'cash'
    const user = cash ? ids.financeActor.userId : null
    const source = g.method === 'housing_benefit' ? 'batch' : cash ? 'user' : 'file'
    txnRows.push([txnId, 'payment', `seed:payments:${date}:${g.method}`, date, date, source, user, `${FILE_DESCRIPTIONS[g.method]} ${date}`])
    const total = g.items.reduce((s, p) => s + p.amountPence, 0)
    postingRows.push([postingIds[nextPosting++], txnId, ids.receiptsAccounts.get(g.method)!, total, date, g.method])
    for (const p of g.items) {
      const postingId = postingIds[nextPosting++]!
      const paymentId = paymentIds[nextPayment++]!
      postingRows.push([postingId, txnId, p.accountId, -p.amountPence, date, g.method])
      paymentRows.push([paymentId, g.method, p.amountPence, date, p.reference, source, txnId, user])
      allocationRows.push([paymentId, p.accountId, p.amountPence, postingId])
    }
  })
  await insertRows(
    tx,
    'ledger_transactions',
    [['id', 'bigint'], ['txn_type', 'text'], ['idempotency_key', 'text'], ['effective_date', 'date'], ['posting_date', 'date'],
      ['source', 'text'], ['user_id', 'int'], ['description', 'text']],
    txnRows,
  )
  await insertRows(
    tx,
    'postings',
    [['id', 'bigint'], ['transaction_id', 'bigint'], ['account_id', 'int'], ['amount_pence', 'bigint'], ['effective_date', 'date'], ['posting_type', 'text']],
    postingRows,
    Infinity,
  )
  await insertRows(
    tx,
    'payments',
    [['id', 'bigint'], ['method', 'text'], ['amount_pence', 'bigint'], ['received_on', 'date'], ['reference', 'text'], ['source', 'text'],
      ['transaction_id', 'bigint'], ['user_id', 'int']],
    paymentRows,
    Infinity,
  )
  await insertRows(
    tx,
    'payment_allocations',
    [['payment_id', 'bigint'], ['account_id', 'int'], ['amount_pence', 'bigint'], ['posting_id', 'bigint']],
    allocationRows,
    Infinity,
  )
}

/** The simulation's idea of every customer balance must be the ledger's: a broken seed fails loudly. */
async function checkAgainstLedger(db: Queryable, sim: PaymentSimulator): Promise<void> {
  const rows = await db.query<{ id: number; balance: number }>(
    `select a.id, coalesce(sum(p.amount_pence), 0)::bigint as balance
     from accounts a left join postings p on p.account_id = a.id
     where a.account_class = 'customer' group by a.id`,
  )
  const expected = sim.balances()
  const wrong = rows.filter((r) => (expected.get(r.id) ?? 0) !== r.balance)
  if (wrong.length > 0) {
    const w = wrong[0]!
    throw new Error(
      `Seeding went wrong: ${wrong.length} account balances differ from the simulation (account ${w.id}: ledger ${w.balance}, simulated ${expected.get(w.id) ?? 0})`,
    )
  }
}
