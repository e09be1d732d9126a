import type { Queryable } from '../../db/client.ts'
import { formatSortCode } from '../../domain/direct-debit/bank-details.ts'
import { directDebitGuarantee, type DirectDebitGuarantee } from '../../domain/direct-debit/guarantee.ts'
import { getDdSettings, maskAccountNumber } from './dd-settings.ts'
import { findCustomerAccount, type MandateStatus } from './mandates.ts'
import { describeFrequency } from './advance-notice.ts'

/** A mandate as officers see it: bank account masked (****3445), never the full number. */
export interface MandateView {
  id: number
  ddiReference: string
  payerName: string
  accountName: string
  sortCode: string
  accountNumberMasked: string
  source: string
  lodgement: string
  status: MandateStatus
  frequency: string
  pattern: string
  noticeWorkingDays: number
  instalmentPence: number
  benefitWeeklyPence: number
  amountPence: number
  setUpOn: string
  lodgedOn: string | null
  finalCollectionOn: string | null
  cancelledOn: string | null
  cancelReason: string | null
  version: number
}

interface MandateRow {
  id: number
  account_id: number
  account_number_customer: string
  ddi_reference: string
  payer_name: string
  account_name: string
  sort_code: string
  account_number: string
  source: string
  lodgement: string
  status: MandateStatus
  frequency: 'monthly' | 'weekly' | 'fortnightly' | 'four_weekly'
  day_of_month: number | null
  weekday: number | null
  notice_working_days: number
  instalment_pence: number
  benefit_weekly_pence: number
  amount_pence: number | null
  set_up_on: string
  lodged_on: string | null
  final_collection_on: string | null
  cancelled_on: string | null
  cancel_reason: string | null
  version: number
  next_collection: string | null
}

const SELECT_MANDATES = `
  select m.*, a.account_number as account_number_customer,
    (select s.amount_pence from dd_schedules s where s.mandate_id = m.id and s.reason <> 'stopped' order by s.id desc limit 1) as amount_pence,
    (select min(c.collection_date) from dd_collections c where c.mandate_id = m.id and c.status = 'planned') as next_collection
  from dd_mandates m join accounts a on a.id = m.account_id`

function view(r: MandateRow): MandateView {
  return {
    id: r.id,
    ddiReference: r.ddi_reference,
    payerName: r.payer_name,
    accountName: r.account_name,
    sortCode: formatSortCode(r.sort_code),
    accountNumberMasked: maskAccountNumber(r.account_number),
    source: r.source,
    lodgement: r.lodgement,
    status: r.status,
    frequency: r.frequency,
    pattern: describeFrequency(r.frequency, r.day_of_month ?? r.weekday!),
    noticeWorkingDays: r.notice_working_days,
    instalmentPence: r.instalment_pence,
    benefitWeeklyPence: r.benefit_weekly_pence,
    amountPence: r.amount_pence ?? 0,
    setUpOn: r.set_up_on,
    lodgedOn: r.lodged_on,
    finalCollectionOn: r.final_collection_on,
    cancelledOn: r.cancelled_on,
    cancelReason: r.cancel_reason,
    version: r.version,
  }
}

export interface MandateDetail {
  accountNumber: string
  accountName: string
  mandates: (MandateView & {
    collections: { id: number; date: string; amountPence: number; code: string | null; status: string; note: string | null }[]
    notices: { id: number; kind: string; producedOn: string; amountPence: number; firstCollection: string; satisfied: boolean }[]
    instructions: { code: string; status: string; requestedOn: string; runDate: string | null }[]
    events: { version: number; event: string; occurredOn: string; status: string; source: string; actor: string; details: Record<string, unknown> }[]
  })[]
  guarantee: DirectDebitGuarantee
}

/** Everything about an account's Direct Debits, newest first, with the Guarantee as the payer sees it. */
export async function getMandateDetail(db: Queryable, accountKey: string, today: string): Promise<MandateDetail> {
  const account = await findCustomerAccount(db, accountKey)
  const rows = await db.query<MandateRow>(`${SELECT_MANDATES} where m.account_id = $1 order by m.id desc`, [account.id])
  const settings = await getDdSettings(db, today)
  const mandates = []
  for (const r of rows) {
    const collections = await db.query<{ id: number; collection_date: string; amount_pence: number; transaction_code: string | null; status: string; note: string | null }>(
      `select id, collection_date, amount_pence, transaction_code, status,
         coalesce(cancel_reason, case when unpaid_reason_code is not null then 'ARUDD ' || unpaid_reason_code end,
                  case when represented_from_id is not null then 're-presentation of collection ' || represented_from_id end) as note
       from dd_collections where mandate_id = $1 order by collection_date, id`,
      [r.id],
    )
    const notices = await db.query<{ id: number; kind: string; produced_on: string; amount_pence: number; first_collection_date: string; constraint_satisfied: boolean }>(
      'select id, kind, produced_on, amount_pence, first_collection_date, constraint_satisfied from dd_advance_notices where mandate_id = $1 order by id',
      [r.id],
    )
    const instructions = await db.query<{ code: string; status: string; requested_on: string; run_date: string | null }>(
      `select i.code, i.status, i.requested_on, dr.collection_date as run_date from dd_instructions i left join dd_runs dr on dr.id = i.run_id
       where i.mandate_id = $1 order by i.id`,
      [r.id],
    )
    const events = await db.query<{ version: number; event: string; occurred_on: string; status: string; source: string; actor: string; details: Record<string, unknown> }>(
      'select version, event, occurred_on, status, source, actor, details from dd_mandate_events where mandate_id = $1 order by id',
      [r.id],
    )
    mandates.push({
      ...view(r),
      collections: collections.map((c) => ({ id: c.id, date: c.collection_date, amountPence: c.amount_pence, code: c.transaction_code, status: c.status, note: c.note })),
      notices: notices.map((n) => ({ id: n.id, kind: n.kind, producedOn: n.produced_on, amountPence: n.amount_pence, firstCollection: n.first_collection_date, satisfied: n.constraint_satisfied })),
      instructions: instructions.map((i) => ({ code: i.code, status: i.status, requestedOn: i.requested_on, runDate: i.run_date })),
      events: events.map((e) => ({ version: e.version, event: e.event, occurredOn: e.occurred_on, status: e.status, source: e.source, actor: e.actor, details: e.details })),
    })
  }
  const noticeDays = rows[0]?.notice_working_days ?? settings.noticeWorkingDays
  return {
    accountNumber: account.account_number,
    accountName: account.name,
    mandates,
    guarantee: directDebitGuarantee({ serviceUserName: settings.serviceUserName, noticeWorkingDays: noticeDays }),
  }
}

export interface MandateListRow extends MandateView {
  accountNumber: string
  nextCollection: string | null
}

/** Mandates for lists (bank account masked), optionally by status. */
export async function listMandates(db: Queryable, filter: { status?: MandateStatus } = {}): Promise<MandateListRow[]> {
  const rows = await db.query<MandateRow>(`${SELECT_MANDATES} where ($1::text is null or m.status = $1) order by a.account_number, m.id`, [filter.status ?? null])
  return rows.map((r) => ({ ...view(r), accountNumber: r.account_number_customer, nextCollection: r.next_collection }))
}
