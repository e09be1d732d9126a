/**
 * Arrangements as stored: set one up over one or several accounts of the same person (the domain builds the terms
 * and the expected schedule), amend it (a new version; the history is kept), cancel it. Each write is one
 * transaction with its audit event. The nightly check is `jobs/arrangement-check.ts`.
 *
 * Decisions:
 * - Every account must be a customer account of the person, open, with arrears; none may already be in an
 *   arrangement that is in force (kept or breached): amend that one instead.
 * - The arrears to arrange are the sum of the accounts' arrears on the start date (`accountFigures`), and the
 *   current charge is the sum of their weekly charges (council tax and sundry debts have none here).
 * - Instalments are apportioned by the stated priority (default `arrangements.defaults`: rent and council tax
 *   first, pro rata within a tier); each version keeps its priority order and the domain's schedule.
 */
import type { Db, Queryable } from '../../db/client.ts'
import { addDays, type IsoDate } from '../../domain/calendar/index.ts'
import {
  amendArrangement as amendDomain,
  createArrangement,
  describeTerms,
  tierOf,
  type Arrangement,
  type ArrangementFrequency,
  type ArrangementPaymentMethod,
  type ArrangementTerms,
  type ArrangementTolerance,
  type ArrangementVersion,
  type ExpectedSchedule,
  type FieldError,
  type LumpSum,
  type PriorityOrder,
  type WithinTier,
} from '../../domain/arrangements/index.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'
import { accountFigures, type AccountFigures } from './account-figures.ts'
import { arrangementSettings } from './arrangement-settings.ts'

export interface ArrangementTermsInput {
  partyId: number
  /** The accounts covered; the first is the one the officer started from. */
  accountIds: readonly number[]
  frequency: ArrangementFrequency
  instalmentPence: number
  startDate: IsoDate
  lumpSum?: LumpSum | null
  paymentMethod: ArrangementPaymentMethod
  /** Default: the council's tolerance in `arrangements.defaults`. */
  tolerance?: ArrangementTolerance | null
  priorityOrder?: PriorityOrder | null
  withinTier?: WithinTier | null
  today: IsoDate
}

export interface ArrangementPreview {
  terms: ArrangementTerms
  schedule: ExpectedSchedule
  accounts: (AccountFigures & { tier: number; firstInstalmentSharePence: number })[]
  description: string
}

function refuse(errors: readonly FieldError[]): never {
  throw new AppError(
    'validation',
    errors.map((e) => e.text).join('. '),
    errors.map((e) => ({ field: e.field, message: e.text })),
  )
}

/** Reads the accounts and checks they may be arranged together for the person. */
async function loadAccounts(db: Queryable, input: { partyId: number; accountIds: readonly number[]; startDate: IsoDate }, exceptArrangementId?: number): Promise<AccountFigures[]> {
  const ids = [...new Set(input.accountIds)]
  if (ids.length === 0) refuse([{ field: 'accounts', text: 'Choose at least one account' }])
  const accounts = await accountFigures(db, ids, input.startDate, input.partyId)
  if (accounts.length !== ids.length) throw new AppError('not_found', 'One of the accounts does not exist')
  const errors: FieldError[] = []
  for (const a of accounts) {
    if (!a.belongsToParty) errors.push({ field: 'accounts', text: `Account ${a.accountNumber} is not one of this person’s accounts` })
    else if (a.status !== 'open') errors.push({ field: 'accounts', text: `Account ${a.accountNumber} is closed` })
    else if (a.arrearsPence <= 0) errors.push({ field: 'accounts', text: `Account ${a.accountNumber} has no arrears to arrange` })
  }
  if (errors.length) refuse(errors)
  const busy = await db.query<{ account_number: string }>(
    `select ac.account_number from arrangement_accounts aa
     join arrangements a on a.id = aa.arrangement_id join accounts ac on ac.id = aa.account_id
     where aa.account_id = any($1::int[]) and a.status in ('kept', 'breached') and a.id <> coalesce($2, -1)`,
    [ids, exceptArrangementId ?? null],
  )
  if (busy.length) {
    throw new AppError('conflict', `Account ${busy.map((b) => b.account_number).join(', ')} already has an arrangement in force: change that one instead`, [
      { field: 'accounts', message: `Account ${busy[0]!.account_number} already has an arrangement in force` },
    ])
  }
  return accounts
}

async function buildTerms(db: Queryable, input: ArrangementTermsInput, exceptArrangementId?: number): Promise<{ terms: ArrangementTerms; accounts: AccountFigures[] }> {
  const settings = await arrangementSettings(db, input.today)
  const accounts = await loadAccounts(db, input, exceptArrangementId)
  const terms: ArrangementTerms = {
    startDate: input.startDate,
    frequency: input.frequency,
    instalmentPence: input.instalmentPence,
    lumpSumFirst: input.lumpSum ?? null,
    paymentMethod: input.paymentMethod,
    currentWeeklyChargePence: accounts.reduce((s, a) => s + a.weeklyChargePence, 0),
    startingArrearsPence: accounts.reduce((s, a) => s + a.arrearsPence, 0),
    accounts: accounts.map((a) => ({ accountId: a.accountId, type: a.accountType, balancePence: a.arrearsPence })),
    apportion: { priorityOrder: input.priorityOrder ?? settings.priorityOrder, withinTier: input.withinTier ?? settings.withinTier },
    tolerance: input.tolerance ?? settings.tolerance,
  }
  return { terms, accounts }
}

function previewOf(terms: ArrangementTerms, schedule: ExpectedSchedule, accounts: AccountFigures[]): ArrangementPreview {
  const firstInstalment = schedule.entries.find((e) => e.kind === 'instalment')
  const order = terms.apportion?.priorityOrder ?? []
  return {
    terms,
    schedule,
    accounts: accounts.map((a) => ({
      ...a,
      tier: tierOf(a.accountType, order),
      firstInstalmentSharePence: firstInstalment?.perAccount?.find((s) => s.accountId === a.accountId)?.pence ?? 0,
    })),
    description: describeTerms(terms),
  }
}

/** The terms and expected schedule the inputs would give, without saving anything (the confirmation page). */
export async function previewArrangement(db: Queryable, input: ArrangementTermsInput): Promise<ArrangementPreview> {
  const { terms, accounts } = await buildTerms(db, input)
  const created = createArrangement({ terms, agreedBy: 'preview', today: input.today })
  if (!created.ok) refuse(created.errors)
  return previewOf(terms, created.arrangement.versions[0]!.schedule, accounts)
}

export interface SetUpArrangementOptions extends ArrangementTermsInput {
  incomeExpenditureId?: number | null
  reason?: string | null
  actor: Actor
}

async function insertVersion(tx: Queryable, arrangementId: number, v: ArrangementVersion, actor: Actor): Promise<void> {
  const t = v.terms
  await tx.query(
    `insert into arrangement_versions (arrangement_id, version, effective_from, frequency, instalment_pence, start_on, lump_sum_pence, lump_sum_on,
       payment_method, tolerance_amount_pence, tolerance_days, current_weekly_charge_pence, starting_arrears_pence, priority_order, within_tier,
       terms, schedule, completes_on, reason, recorded_on, recorded_by, recorded_user_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)`,
    [
      arrangementId,
      v.version,
      v.effectiveFrom,
      t.frequency,
      t.instalmentPence,
      t.startDate,
      t.lumpSumFirst?.amountPence ?? null,
      t.lumpSumFirst?.date ?? null,
      t.paymentMethod,
      t.tolerance.amountPence,
      t.tolerance.days,
      t.currentWeeklyChargePence,
      t.startingArrearsPence,
      JSON.stringify(t.apportion?.priorityOrder ?? []),
      t.apportion?.withinTier ?? 'pro_rata',
      JSON.stringify(t),
      JSON.stringify(v.schedule),
      v.schedule.completesOn,
      v.reason,
      v.recordedOn,
      actor.label,
      actor.userId,
    ],
  )
}

/** The accounts a version covers, with their tier, arrears then and share of the first instalment (the history). */
async function insertVersionAccounts(tx: Queryable, arrangementId: number, version: number, accounts: ArrangementPreview['accounts']): Promise<void> {
  await tx.query(
    `insert into arrangement_version_accounts (arrangement_id, version, account_id, priority_tier, arrears_pence, first_instalment_share_pence)
     select $1, $2, x.account_id, x.tier, x.arrears, x.share
     from unnest($3::int[], $4::int[], $5::bigint[], $6::bigint[]) as x (account_id, tier, arrears, share)`,
    [arrangementId, version, accounts.map((a) => a.accountId), accounts.map((a) => a.tier), accounts.map((a) => Math.max(0, a.arrearsPence)), accounts.map((a) => a.firstInstalmentSharePence)],
  )
}

async function insertEvent(
  tx: Queryable,
  e: { arrangementId: number; version: number; type: string; on: IsoDate; text: string; detail?: unknown; checkDate?: IsoDate | null },
  actor: Actor,
): Promise<boolean> {
  const rows = await tx.query(
    `insert into arrangement_events (arrangement_id, version, event_type, occurred_on, check_date, text, detail, actor, user_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9) on conflict do nothing returning id`,
    [e.arrangementId, e.version, e.type, e.on, e.checkDate ?? null, e.text, JSON.stringify(e.detail ?? {}), actor.label, actor.userId],
  )
  return rows.length > 0
}
export { insertEvent as insertArrangementEvent }

/** Sets up an arrangement: version 1 with its schedule, the accounts covered, a `created` event and the audit. */
export async function setUpArrangement(db: Db, opts: SetUpArrangementOptions): Promise<{ arrangementId: number; preview: ArrangementPreview }> {
  return db.transaction(async (tx) => {
    // One arrangement at a time per person: serialise set-ups for the same party.
    await tx.query('select id from parties where id = $1 for update', [opts.partyId])
    const { terms, accounts } = await buildTerms(tx, opts)
    const created = createArrangement({ terms, agreedBy: opts.actor.label, today: opts.today, reason: opts.reason ?? 'New arrangement' })
    if (!created.ok) refuse(created.errors)
    const version = created.arrangement.versions[0]!
    const preview = previewOf(terms, version.schedule, accounts)
    if (opts.incomeExpenditureId != null) {
      const [ie] = await tx.query('select 1 from income_expenditure_statements where id = $1 and party_id = $2', [opts.incomeExpenditureId, opts.partyId])
      if (!ie) throw new AppError('validation', 'The income and expenditure statement is not this person’s')
    }
    const [row] = await tx.query<{ id: number }>(
      `insert into arrangements (party_id, status, status_since, income_expenditure_id, created_by, created_user_id)
       values ($1, 'kept', $2, $3, $4, $5) returning id`,
      [opts.partyId, version.effectiveFrom, opts.incomeExpenditureId ?? null, opts.actor.label, opts.actor.userId],
    )
    const id = row!.id
    await insertVersion(tx, id, version, opts.actor)
    for (const a of preview.accounts) {
      await tx.query(
        `insert into arrangement_accounts (arrangement_id, account_id, priority_tier, starting_balance_pence, first_instalment_share_pence) values ($1, $2, $3, $4, $5)`,
        [id, a.accountId, a.tier, a.arrearsPence, a.firstInstalmentSharePence],
      )
    }
    await insertVersionAccounts(tx, id, 1, preview.accounts)
    const history = created.arrangement.history[0]!
    await insertEvent(tx, { arrangementId: id, version: 1, type: 'created', on: opts.today, text: history.text }, opts.actor)
    await recordAuditEvent(tx, opts.actor, {
      action: 'arrangement.created',
      entityType: 'arrangement',
      entityId: id,
      after: { partyId: opts.partyId, accountIds: accounts.map((a) => a.accountId), terms: describeTerms(terms), completesOn: version.schedule.completesOn },
      reason: opts.reason ?? null,
    })
    return { arrangementId: id, preview }
  })
}

interface ArrangementRow {
  id: number
  party_id: number
  status: 'kept' | 'breached' | 'completed' | 'cancelled'
  status_since: string
}
interface VersionRow {
  version: number
  effective_from: string
  terms: ArrangementTerms
  schedule: ExpectedSchedule
  recorded_on: string
  recorded_by: string
  reason: string
}

/** The stored arrangement as the domain sees it (versions with their end dates; history is in arrangement_events). */
export async function loadDomainArrangement(db: Queryable, arrangementId: number, lock = false): Promise<{ row: ArrangementRow; arrangement: Arrangement }> {
  const [row] = await db.query<ArrangementRow>(`select id, party_id, status, status_since from arrangements where id = $1${lock ? ' for update' : ''}`, [arrangementId])
  if (!row) throw new AppError('not_found', `No arrangement ${arrangementId}`)
  const versions = await db.query<VersionRow>(
    'select version, effective_from, terms, schedule, recorded_on, recorded_by, reason from arrangement_versions where arrangement_id = $1 order by version',
    [arrangementId],
  )
  const domainVersions: ArrangementVersion[] = versions.map((v, i) => {
    const next = versions[i + 1]
    return {
      version: v.version,
      effectiveFrom: v.effective_from,
      endedOn: next ? addDays(next.effective_from, -1) : null,
      terms: v.terms,
      schedule: v.schedule,
      recordedOn: v.recorded_on,
      recordedBy: v.recorded_by,
      reason: v.reason,
    }
  })
  return { row, arrangement: { status: row.status, versions: domainVersions, history: [] } }
}

export interface AmendArrangementOptions {
  arrangementId: number
  effectiveFrom: IsoDate
  frequency?: ArrangementFrequency
  instalmentPence?: number
  paymentMethod?: ArrangementPaymentMethod
  tolerance?: ArrangementTolerance
  lumpSum?: LumpSum | null
  /** The accounts covered from `effectiveFrom` (default: the same ones). */
  accountIds?: readonly number[]
  /** The priority order from `effectiveFrom` (default: the current one). */
  priorityOrder?: PriorityOrder
  withinTier?: WithinTier
  /** The version the officer was looking at: a different current version is a conflict, not a lost update (issue 11). */
  expectedVersion?: number
  reason: string
  today: IsoDate
  actor: Actor
}

export interface AmendResult {
  version: number
  schedule: ExpectedSchedule
  accountsAdded: string[]
  accountsRemoved: string[]
}

const samePriority = (a: PriorityOrder | undefined, b: PriorityOrder | undefined) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null)

/**
 * A new version of the terms from a date, with the arrears restated from the ledger; the status is kept again.
 * The accounts covered, the priority order and the tolerance may change too. An account added must be the
 * person's, open, in arrears and in no other arrangement in force; an account taken out leaves the arrangement (its
 * arrears go back to ordinary recovery). A change to the accounts covered takes effect no later than today: the
 * nightly check reads the accounts covered now against the version in force, so they must agree from tonight.
 */
export async function amendArrangement(db: Db, opts: AmendArrangementOptions): Promise<AmendResult> {
  return db.transaction(async (tx) => {
    const { row, arrangement } = await loadDomainArrangement(tx, opts.arrangementId, true)
    const current = arrangement.versions[arrangement.versions.length - 1]!
    if (opts.expectedVersion !== undefined && opts.expectedVersion !== current.version) {
      throw new AppError('conflict', `Someone else changed this arrangement while you were amending it (it is now version ${current.version}, you were changing version ${opts.expectedVersion}). Reload it and make your change again.`)
    }
    const members = (await tx.query<{ account_id: number }>('select account_id from arrangement_accounts where arrangement_id = $1 order by account_id', [row.id])).map((r) => r.account_id)
    const target = opts.accountIds ? [...new Set(opts.accountIds)] : members
    if (target.length === 0) refuse([{ field: 'accounts', text: 'Choose at least one account' }])
    const added = target.filter((id) => !members.includes(id))
    const removed = members.filter((id) => !target.includes(id))
    if (added.length || removed.length) {
      if (current.effectiveFrom >= opts.today) refuse([{ field: 'accounts', text: `The arrangement starts on ${current.effectiveFrom}: to change the accounts covered before then, cancel it and set up a new one` }])
      if (opts.effectiveFrom > opts.today) refuse([{ field: 'effectiveFrom', text: 'A change to the accounts covered must take effect today or earlier' }])
    }
    if (added.length) await loadAccounts(tx, { partyId: row.party_id, accountIds: added, startDate: opts.effectiveFrom }, row.id)
    const figures = await accountFigures(tx, target, opts.effectiveFrom, row.party_id)
    if (figures.length !== target.length) throw new AppError('not_found', 'One of the accounts does not exist')
    const owing = figures.filter((f) => f.arrearsPence > 0)
    const arrears = owing.reduce((s, f) => s + f.arrearsPence, 0)
    const priorityOrder = opts.priorityOrder ?? current.terms.apportion?.priorityOrder
    const withinTier = opts.withinTier ?? current.terms.apportion?.withinTier
    const apportionChanged = (opts.priorityOrder && !samePriority(opts.priorityOrder, current.terms.apportion?.priorityOrder)) || (opts.withinTier && opts.withinTier !== current.terms.apportion?.withinTier)
    const result = amendDomain(arrangement, {
      effectiveFrom: opts.effectiveFrom,
      changes: {
        startingArrearsPence: arrears,
        currentWeeklyChargePence: figures.reduce((s, f) => s + f.weeklyChargePence, 0),
        accounts: owing.map((f) => ({ accountId: f.accountId, type: f.accountType, balancePence: f.arrearsPence })),
        ...(apportionChanged ? { apportion: { ...(priorityOrder ? { priorityOrder } : {}), ...(withinTier ? { withinTier } : {}) } } : {}),
        ...(opts.frequency ? { frequency: opts.frequency } : {}),
        ...(opts.instalmentPence !== undefined ? { instalmentPence: opts.instalmentPence } : {}),
        ...(opts.paymentMethod ? { paymentMethod: opts.paymentMethod } : {}),
        ...(opts.tolerance ? { tolerance: opts.tolerance } : {}),
        ...(opts.lumpSum ? { lumpSumFirst: opts.lumpSum } : {}),
      },
      amendedBy: opts.actor.label,
      reason: opts.reason,
      today: opts.today,
    })
    if (!result.ok) refuse(result.errors)
    const v = result.arrangement.versions[result.arrangement.versions.length - 1]!
    const entry = result.arrangement.history[result.arrangement.history.length - 1]!
    await insertVersion(tx, row.id, v, opts.actor)
    const preview = previewOf(v.terms, v.schedule, figures)
    await insertVersionAccounts(tx, row.id, v.version, preview.accounts)
    const numberOf = (id: number) => figures.find((f) => f.accountId === id)?.accountNumber ?? String(id)
    const removedNumbers = (await tx.query<{ id: number; account_number: string }>('select id, account_number from accounts where id = any($1::int[]) order by account_number', [removed])).map((r) => r.account_number)
    if (removed.length) await tx.query('delete from arrangement_accounts where arrangement_id = $1 and account_id = any($2::int[])', [row.id, removed])
    for (const a of preview.accounts.filter((x) => added.includes(x.accountId))) {
      await tx.query(
        `insert into arrangement_accounts (arrangement_id, account_id, priority_tier, starting_balance_pence, first_instalment_share_pence) values ($1, $2, $3, $4, $5)`,
        [row.id, a.accountId, a.tier, a.arrearsPence, a.firstInstalmentSharePence],
      )
    }
    const addedNumbers = added.map(numberOf).sort()
    const changes = [
      ...('changes' in entry ? entry.changes : []),
      ...(addedNumbers.length ? [`account${addedNumbers.length > 1 ? 's' : ''} ${addedNumbers.join(', ')} added`] : []),
      ...(removedNumbers.length ? [`account${removedNumbers.length > 1 ? 's' : ''} ${removedNumbers.join(', ')} taken out`] : []),
    ]
    await tx.query(`update arrangements set status = 'kept', status_since = $2 where id = $1`, [row.id, v.effectiveFrom])
    await insertEvent(tx, { arrangementId: row.id, version: v.version, type: 'amended', on: opts.today, text: entry.text, detail: { changes } }, opts.actor)
    await recordAuditEvent(tx, opts.actor, {
      action: 'arrangement.amended',
      entityType: 'arrangement',
      entityId: row.id,
      before: { status: row.status, version: current.version, terms: describeTerms(current.terms), accountIds: members, tolerance: current.terms.tolerance, priorityOrder: current.terms.apportion?.priorityOrder ?? null },
      after: { status: 'kept', version: v.version, terms: describeTerms(v.terms), accountIds: target, tolerance: v.terms.tolerance, priorityOrder: v.terms.apportion?.priorityOrder ?? null, completesOn: v.schedule.completesOn },
      reason: opts.reason,
    })
    return { version: v.version, schedule: v.schedule, accountsAdded: addedNumbers, accountsRemoved: removedNumbers }
  })
}

/** Ends an arrangement early; its history stays. */
export async function cancelArrangement(db: Db, opts: { arrangementId: number; on: IsoDate; reason: string; actor: Actor }): Promise<void> {
  await db.transaction(async (tx) => {
    const { row, arrangement } = await loadDomainArrangement(tx, opts.arrangementId, true)
    if (row.status === 'cancelled' || row.status === 'completed') throw new AppError('invalid_state', `The arrangement is already ${row.status}`)
    if (!opts.reason.trim()) refuse([{ field: 'reason', text: 'Enter why the arrangement is being cancelled' }])
    const version = arrangement.versions[arrangement.versions.length - 1]!.version
    await tx.query(`update arrangements set status = 'cancelled', status_since = $2, cancelled_on = $2, cancel_reason = $3 where id = $1`, [row.id, opts.on, opts.reason.trim()])
    await insertEvent(tx, { arrangementId: row.id, version, type: 'cancelled', on: opts.on, text: `Arrangement cancelled: ${opts.reason.trim()}` }, opts.actor)
    await recordAuditEvent(tx, opts.actor, {
      action: 'arrangement.cancelled',
      entityType: 'arrangement',
      entityId: row.id,
      before: { status: row.status },
      after: { status: 'cancelled', on: opts.on },
      reason: opts.reason.trim(),
    })
  })
}
