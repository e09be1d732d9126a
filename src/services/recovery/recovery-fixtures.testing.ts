/**
 * Test support only (imported by the recovery tests, never by application code): hand-built account histories
 * through the real services — lettings with `createTenancy`, weekly charges with the debit run, payments with
 * `recordPayment` — plus the few shortcuts a scenario needs (a case placed at a stage, a notice from the past).
 */
import type { Db, Queryable } from '../../db/client.ts'
import { addDays } from '../../domain/calendar/dates.ts'
import { noticeDates, type NoticeKind } from '../../domain/recovery/index.ts'
import { runRentDebits } from '../../jobs/rent-debit-run.ts'
import { cliActor, type Actor } from '../actor.ts'
import { openCustomerAccount } from '../accounts/open-customer-account.ts'
import { postTransaction } from '../ledger/post-transaction.ts'
import { recordPayment, type PaymentMethod } from '../payments/record-payment.ts'
import { createTenancy, type ChargeLine, type Tenure } from '../tenancies/create-tenancy.ts'
import { createUser, type Role } from '../users/create-user.ts'

let n = 0
const uid = () => `${process.pid}r${++n}`

export interface ScenarioAccount {
  accountId: number
  accountNumber: string
  tenancyId: number | null
  partyIds: number[]
  patchId: number
}

export async function makePatch(db: Queryable, officerUserId: number | null = null): Promise<number> {
  const i = uid()
  const [p] = await db.query<{ id: number }>('insert into patches (code, name, officer_user_id) values ($1, $2, $3) returning id', [`RP${i}`, `Patch ${i}`, officerUserId])
  return p!.id
}

export async function makeParty(db: Queryable, surname = 'Tenant', forename = 'Test'): Promise<number> {
  const [p] = await db.query<{ id: number }>(`insert into parties (party_ref, title, forename, surname) values ($1, 'Ms', $2, $3) returning id`, [`RPTY${uid()}`, forename, surname])
  return p!.id
}

export interface LetOptions {
  tenure?: Tenure
  kind?: 'dwelling' | 'garage' | 'pitch' | 'ta_unit'
  startDate?: string
  charges?: ChargeLine[]
  socialHousing?: boolean
  joint?: boolean
  patchId?: number
  surname?: string
}

/** A property let from `startDate` (default Monday 6 April 2026) at £100 a week rent unless told otherwise. */
export async function letProperty(db: Queryable, o: LetOptions = {}): Promise<ScenarioAccount> {
  const i = uid()
  const patchId = o.patchId ?? (await makePatch(db))
  const [property] = await db.query<{ id: number }>(
    `insert into properties (property_ref, kind, address_line1, town, postcode, patch_id) values ($1, $2, $3, 'Reevesby', 'RV1 2AB', $4) returning id`,
    [`RPR${i}`, o.kind ?? 'dwelling', `${n} Recovery Road`, patchId],
  )
  const partyIds = [await makeParty(db, o.surname ?? `Tenant${n}`)]
  if (o.joint) partyIds.push(await makeParty(db, `Joint${n}`))
  const t = await createTenancy(db, {
    propertyId: property!.id,
    tenure: o.tenure ?? 'secure',
    startDate: o.startDate ?? '2026-04-06',
    partyIds,
    charges: o.charges ?? [{ chargeType: 'rent', weeklyPence: 10_000 }],
    socialHousing: o.socialHousing ?? true,
    actor: cliActor,
  })
  return { accountId: t.account.id, accountNumber: t.account.accountNumber, tenancyId: t.tenancyId, partyIds, patchId }
}

/** A debt without a weekly charge (a rechargeable repair, say), invoiced on a date. */
export async function sundryDebt(db: Queryable, o: { type?: 'rechargeable_repair' | 'sundry' | 'loan'; amountPence: number; invoicedOn: string }): Promise<ScenarioAccount> {
  const patchId = await makePatch(db)
  const partyIds = [await makeParty(db, `Debtor${n}`)]
  const a = await openCustomerAccount(db, { type: o.type ?? 'rechargeable_repair', name: 'Repair recharge', partyIds, openedOn: o.invoicedOn, patchId, actor: cliActor })
  const [income] = await db.query<{ id: number }>(`select id from accounts where account_number = 'GL-INCOME-SERVICE_CHARGE'`)
  await postTransaction(db, {
    type: 'charge',
    idempotencyKey: `sundry-invoice:${a.id}`,
    effectiveDate: o.invoicedOn,
    postingDate: o.invoicedOn,
    source: 'user',
    actor: cliActor,
    description: 'Invoice',
    legs: [
      { accountId: a.id, amountPence: o.amountPence, postingType: 'invoice', description: 'Rechargeable repair invoice' },
      { accountId: income!.id, amountPence: -o.amountPence, postingType: 'invoice' },
    ],
  })
  return { accountId: a.id, accountNumber: a.accountNumber, tenancyId: null, partyIds, patchId }
}

/** Runs the weekly debit run for every Monday from `first` to `last` (every account in the database). */
export async function debitWeeks(db: Db, first: string, last: string): Promise<void> {
  for (let week = first; week <= last; week = addDays(week, 7)) await runRentDebits(db, { week, postingDate: week })
}

let paymentNo = 0
export async function pay(db: Db, accountId: number, pence: number, on: string, method: PaymentMethod = 'card'): Promise<void> {
  await db.transaction((tx) =>
    recordPayment(tx, { accountId, method, amountPence: pence, receivedOn: on, postingDate: on, idempotencyKey: `recovery-test:${process.pid}:${++paymentNo}`, source: 'user', actor: cliActor }),
  )
}

/** Puts an account's case at a stage, as if it had been taken on `enteredOn` (a shortcut for scenarios). */
export async function placeCase(db: Queryable, accountId: number, pathway: { id: string; version: string }, stage: string | null, enteredOn: string | null, cycleStartedOn?: string): Promise<void> {
  await db.query(
    `insert into recovery_cases (account_id, pathway_id, pathway_version, current_stage, stage_entered_on, cycle_started_on) values ($1, $2, $3, $4, $5, $6)
     on conflict (account_id) do update set pathway_id = excluded.pathway_id, pathway_version = excluded.pathway_version,
       current_stage = excluded.current_stage, stage_entered_on = excluded.stage_entered_on, cycle_started_on = excluded.cycle_started_on`,
    [accountId, pathway.id, pathway.version, stage, enteredOn, cycleStartedOn ?? enteredOn],
  )
}

/** A notice as if served on a date (dates from the notice rules given), written directly. */
export async function insertNotice(
  db: Queryable,
  a: ScenarioAccount,
  kind: NoticeKind,
  servedOn: string,
  spec: { minimumDays: number; validityMonths?: number; validityFrom?: 'date_in_notice' | 'service'; alignToRentWeek?: boolean },
  allTenantsServed = true,
): Promise<number> {
  const d = noticeDates({ kind, ...spec }, servedOn)
  const [row] = await db.query<{ id: number }>(
    `insert into legal_notices (account_id, notice_kind, delivered_on, service_method, served_on, served_party_ids, all_tenants_served,
       earliest_date_in_notice, date_in_notice, valid_until, review_request_by, arrears_at_service_pence, actor)
     values ($1, $2, $3, 'hand', $3, $4, $5, $6, $6, $7, $8, 0, 'cli') returning id`,
    [a.accountId, kind, servedOn, a.partyIds, allTenantsServed, d.expiresOn, d.validUntil, d.reviewRequestBy],
  )
  return row!.id
}

export async function makeOfficer(db: Queryable, role: Role = 'income_officer', name = 'Officer'): Promise<Actor & { username: string }> {
  const username = `rec${uid()}`
  const id = await createUser(db, { username, displayName: `${name} ${n}`, role, password: 'a long test password', actor: cliActor })
  return { userId: id, label: `user:${username}`, username }
}

/** The trawl's recommendation for an account on a date. */
export async function recommendationFor(db: Queryable, accountId: number, date: string) {
  const [r] = await db.query<{
    id: number
    kind: string
    stage: string | null
    from_stage: string | null
    action_type: string | null
    reason: string
    applied: boolean
    blocked_by: string[]
    hold_types: string[]
    pathway_id: string | null
    arrears_pence: number
    arrears_weeks_hundredths: number | null
    priority: number
    priority_factors: { factor: string; points: number; detail: string }[]
    fired_conditions: { text: string }[]
    required_checks: string[]
  }>(
    `select r.* from recommendations r join trawl_runs t on t.id = r.run_id where r.account_id = $1 and t.run_date = $2`,
    [accountId, date],
  )
  return r
}

export const ALL_CHECKS = [
  'contact_attempted',
  'benefits_checked',
  'arrangement_offered',
  'vulnerability_considered',
  'pap_complied',
  'breathing_space_checked',
  'notice_served_all_tenants',
  'rent_statement_sent',
] as const

export const LEGAL_NOTES = {
  checksConfirmed: [...ALL_CHECKS],
  proportionalityNote: 'Arrears of 8 weeks, no contact despite letters, calls and a visit; support offered; a notice is proportionate.',
  equalityNote: 'No protected characteristic affecting the decision known; vulnerability screening done at the home visit.',
}
