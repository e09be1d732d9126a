/**
 * The merge data for an account on a day: everything the catalogue (domain/templates/catalogue.ts) promises, read
 * from the ledger, the tenancy and its people, the patch officer, arrangements, notices, hearings, Direct Debit
 * notices and holds. One copy per recipient: `mergeDataFor` fills `recipient` for the person named.
 *
 * The result is stored with each document (the "merge data snapshot"), so a letter can always be explained.
 */
import { z } from 'zod'
import { loadWorkingDayCalendar } from '../../calendar-data.ts'
import type { Queryable } from '../../db/client.ts'
import { addDays, type IsoDate } from '../../domain/calendar/dates.ts'
import { formatPounds } from '../../domain/money/pence.ts'
import { activeHolds, holdsBlocking } from '../../domain/recovery/index.ts'
import type { MERGE_FIELDS } from '../../domain/templates/catalogue.ts'
import { formatDate, joinWords, type Language } from '../../domain/templates/format.ts'
import { accountTypeLabel, frequencyLabel, noticeLabel, tenureLabel } from '../../domain/templates/labels.ts'
import { paymentMethodLabel } from '../../domain/ledger/describe-posting.ts'
import { describeBalance } from '../../documents/statement-html.ts'
import { councilLetterhead } from '../../documents/letterhead.ts'
import { AppError } from '../../errors.ts'
import { getPolicyValue } from '../policy/get-policy-value.ts'
import { toDomainHold } from '../recovery/holds.ts'

/** The merge data: one value per catalogue field (text, numbers, booleans, lists), see catalogue.ts. */
export type MergeData = { [K in keyof typeof MERGE_FIELDS]: unknown } & Record<string, unknown>

export interface Party {
  id: number
  name: string
  salutation: string
  email: string | null
  phone: string | null
  preferredChannel: 'letter' | 'email' | 'sms' | 'phone'
  language: Language
}

export interface AccountFacts {
  accountId: number
  accountNumber: string
  accountType: string
  addressLines: string[]
  parties: Party[]
  /** Shared by every copy; `recipient` is filled per person. */
  base: MergeData
  arrearsPence: number
  /** The statement period the merge data describes (ISO dates). */
  statementPeriod: { from: IsoDate; to: IsoDate }
}

const CouncilContact = z.object({
  phone: z.string(),
  email: z.string(),
  openingHours: z.string(),
  website: z.string(),
  paymentLine: z.string(),
  moneyAdvice: z.string(),
})

export interface MergeOptions {
  today: IsoDate
  language?: Language
  /** The statement period (default: the `letters.statement_weeks` weeks up to today). */
  statement?: { from: IsoDate; to: IsoDate }
  council?: { name: string; address: string[] }
}

const money = (p: number | null | undefined) => (p === null || p === undefined ? '' : formatPounds(p))

export function salutationOf(p: { title: string | null; forename: string | null; surname: string | null; organisation_name: string | null }): string {
  if (p.organisation_name) return 'Sir or Madam'
  if (p.title && p.surname) return `${p.title} ${p.surname}`
  return [p.forename, p.surname].filter(Boolean).join(' ')
}

async function one<T extends object>(db: Queryable, sql: string, params: unknown[]): Promise<T | undefined> {
  return (await db.query<T>(sql, params))[0]
}

/** Reads the account's facts once; `mergeDataFor` then makes each recipient's copy. */
export async function loadAccountFacts(db: Queryable, accountId: number, o: MergeOptions): Promise<AccountFacts> {
  const language = o.language ?? 'en'
  const d = (iso: string | null | undefined) => formatDate(iso ?? null, language)
  const a = await one<{
    id: number
    account_number: string
    payment_reference: string | null
    account_type: string
    name: string
    tenure: string | null
    opened_on: string
    patch_name: string | null
    officer_name: string | null
    officer_email: string | null
    address: string | null
    balance: number
  }>(
    db,
    `select a.id, a.account_number, a.payment_reference, a.account_type, a.name, t.tenure, a.opened_on, pa.name as patch_name,
       u.display_name as officer_name, u.email as officer_email,
       coalesce(
         (select concat_ws('|', pr.address_line1, pr.address_line2, pr.town, pr.postcode) from tenancies t2 join properties pr on pr.id = t2.property_id where t2.id = a.tenancy_id),
         (select concat_ws('|', pr.address_line1, pr.address_line2, pr.town, pr.postcode) from accounts old join tenancies t3 on t3.id = old.tenancy_id
            join properties pr on pr.id = t3.property_id where old.transferred_to_account_id = a.id order by old.id desc limit 1)
       ) as address,
       coalesce((select sum(p.amount_pence) from postings p where p.account_id = a.id and p.effective_date <= $2), 0)::bigint as balance
     from accounts a
     left join tenancies t on t.id = a.tenancy_id
     left join patches pa on pa.id = a.patch_id
     left join users u on u.id = pa.officer_user_id and u.active
     where a.id = $1 and a.account_class = 'customer'`,
    [accountId, o.today],
  )
  if (!a) throw new AppError('not_found', `No customer account ${accountId}`)
  const partyRows = await db.query<{ id: number; title: string | null; forename: string | null; surname: string | null; organisation_name: string | null; email: string | null; phone: string | null; preferred_channel: Party['preferredChannel']; language: string }>(
    `select p.id, p.title, p.forename, p.surname, p.organisation_name, p.email, p.phone, p.preferred_channel, p.language
     from account_parties ap join parties p on p.id = ap.party_id where ap.account_id = $1 order by p.id`,
    [accountId],
  )
  const parties: Party[] = partyRows.map((p) => ({
    id: p.id,
    name: p.organisation_name ?? [p.title, p.forename, p.surname].filter(Boolean).join(' '),
    salutation: salutationOf(p),
    email: p.email,
    phone: p.phone,
    preferredChannel: p.preferred_channel,
    language: p.language === 'cy' ? 'cy' : 'en',
  }))
  const weekly = await one<{ w: number }>(
    db,
    `select coalesce(sum(weekly_pence), 0)::bigint as w from (
       select distinct on (cr.charge_type) cr.weekly_pence from charge_rates cr join charge_schedules cs on cs.id = cr.schedule_id
       where cs.account_id = $1 and cr.effective_from <= $2 order by cr.charge_type, cr.effective_from desc, cr.id desc) x`,
    [accountId, o.today],
  )
  const lastPayment = await one<{ received_on: string; amount: number }>(
    db,
    `select p.received_on, sum(pa.amount_pence)::bigint as amount from payment_allocations pa join payments p on p.id = pa.payment_id
     where pa.account_id = $1 and p.received_on <= $2 group by p.id, p.received_on having sum(pa.amount_pence) > 0
     order by p.received_on desc, p.id desc limit 1`,
    [accountId, o.today],
  )
  const arrangement = await one<{ status: string; instalment_pence: number; frequency: string; start_on: string; payment_method: string; lump_sum_pence: number | null; lump_sum_on: string | null; completes_on: string }>(
    db,
    `select ar.status, v.instalment_pence, v.frequency, v.start_on, v.payment_method, v.lump_sum_pence, v.lump_sum_on, v.completes_on
     from arrangement_accounts aa join arrangements ar on ar.id = aa.arrangement_id
     join lateral (select * from arrangement_versions v where v.arrangement_id = ar.id order by v.version desc limit 1) v on true
     where aa.account_id = $1 and ar.status in ('kept', 'breached') order by ar.id desc limit 1`,
    [accountId],
  )
  const notice = await one<{ notice_kind: string; served_on: string; date_in_notice: string; valid_until: string | null; grounds: string[]; arrears_at_service_pence: number }>(
    db,
    `select notice_kind, served_on, date_in_notice, valid_until, grounds, arrears_at_service_pence from legal_notices
     where account_id = $1 and withdrawn_on is null and served_on <= $2 order by served_on desc, id desc limit 1`,
    [accountId, o.today],
  )
  const hearing = await one<{ hearing_on: string; court: string; claim_number: string | null }>(
    db,
    `select h.hearing_on, c.court, c.claim_number from court_hearings h join court_claims c on c.id = h.claim_id
     where c.account_id = $1 order by (h.hearing_on >= $2) desc, case when h.hearing_on >= $2 then h.hearing_on end asc, h.hearing_on desc limit 1`,
    [accountId, o.today],
  )
  const dd = await one<{ content: { heading: string; ddiReference: string; serviceUserName: string; paragraphs: string[]; collections: { date: string; amountPence: number }[]; guarantee: { heading: string; paragraphs: string[] } } }>(
    db,
    `select n.content from dd_advance_notices n join dd_mandates m on m.id = n.mandate_id where m.account_id = $1 and n.produced_on <= $2 order by n.id desc limit 1`,
    [accountId, o.today],
  )
  const holdRows = await db.query<{ id: number; hold_type: string; starts_on: string; ends_on: string | null; ended_on: string | null; treatment_ends_on: string | null; reason: string }>(
    `select id, hold_type, starts_on, ends_on, ended_on, treatment_ends_on, reason from holds
     where account_id = $1 or party_id in (select party_id from account_parties where account_id = $1)`,
    [accountId],
  )
  const inForce = activeHolds(holdRows.map(toDomainHold), o.today)
  const contact = await getPolicyValue(db, 'letters.council_contact', o.today, CouncilContact)
  const weeks = await getPolicyValue(db, 'letters.statement_weeks', o.today, z.number().int().min(1).max(104))
  const statement = o.statement ?? { from: addDays(o.today, -7 * weeks + 1), to: o.today }
  const balances = await one<{ opening: number; closing: number }>(
    db,
    `select coalesce(sum(amount_pence) filter (where effective_date < $2), 0)::bigint as opening,
       coalesce(sum(amount_pence) filter (where effective_date <= $3), 0)::bigint as closing
     from postings where account_id = $1`,
    [accountId, statement.from, statement.to],
  )
  const council = o.council ?? (() => {
    const l = councilLetterhead()
    return { name: l.councilName, address: l.councilAddress }
  })()
  const calendar = loadWorkingDayCalendar()
  const addressLines = a.address ? a.address.split('|').filter(Boolean) : []
  const arrearsPence = Math.max(a.balance, 0)
  const weeklyPence = weekly?.w ?? 0
  const base: MergeData = {
    today: d(o.today),
    language,
    council: {
      name: council.name,
      address: council.address,
      phone: contact.phone,
      email: contact.email,
      opening_hours: contact.openingHours,
      website: contact.website,
      payment_line: contact.paymentLine,
      money_advice: contact.moneyAdvice,
    },
    recipient: { name: '', salutation: 'Sir or Madam', email: '', phone: '' },
    tenants: { names: joinWords(parties.map((p) => p.name), language), count: parties.length, list: parties.map((p) => ({ name: p.name })) },
    address: { lines: addressLines, single_line: addressLines.join(', '), postcode: addressLines.length ? addressLines[addressLines.length - 1]! : '' },
    account: {
      number: a.account_number,
      payment_reference: a.payment_reference ?? '',
      type: a.account_type,
      type_label: accountTypeLabel(a.account_type),
      name: a.name,
      tenure: a.tenure ?? '',
      tenure_label: tenureLabel(a.tenure),
      opened_on: d(a.opened_on),
    },
    balance: { amount: money(Math.abs(a.balance)), amount_pence: a.balance, in_credit: a.balance < 0 },
    rent: { weekly: money(weeklyPence), weekly_pence: weeklyPence },
    arrears: {
      amount: money(arrearsPence),
      amount_pence: arrearsPence,
      weeks: weeklyPence > 0 ? (Math.round((arrearsPence / weeklyPence) * 10) / 10).toFixed(1) : '',
      last_payment_on: d(lastPayment?.received_on),
      last_payment_amount: money(lastPayment?.amount),
    },
    arrangement: {
      exists: arrangement !== undefined,
      status: arrangement?.status ?? '',
      instalment: money(arrangement?.instalment_pence),
      frequency: arrangement ? frequencyLabel(arrangement.frequency, language) : '',
      starts_on: d(arrangement?.start_on),
      payment_method: arrangement ? paymentMethodLabel(arrangement.payment_method) : '',
      lump_sum: money(arrangement?.lump_sum_pence),
      lump_sum_on: d(arrangement?.lump_sum_on),
      completes_on: d(arrangement?.completes_on),
    },
    officer: {
      name: a.officer_name ?? 'The Income Team',
      email: a.officer_email ?? contact.email,
      phone: contact.phone,
      patch: a.patch_name ?? '',
    },
    dates: {
      in_5_working_days: d(calendar.addWorkingDays(o.today, 5)),
      in_10_working_days: d(calendar.addWorkingDays(o.today, 10)),
      in_14_working_days: d(calendar.addWorkingDays(o.today, 14)),
      in_7_days: d(addDays(o.today, 7)),
      in_14_days: d(addDays(o.today, 14)),
      in_28_days: d(addDays(o.today, 28)),
      in_30_days: d(addDays(o.today, 30)),
    },
    notice: {
      exists: notice !== undefined,
      kind_label: notice ? noticeLabel(notice.notice_kind) : '',
      served_on: d(notice?.served_on),
      date_in_notice: d(notice?.date_in_notice),
      valid_until: d(notice?.valid_until),
      grounds: notice ? joinWords(notice.grounds, language) : '',
      arrears_at_service: money(notice?.arrears_at_service_pence),
    },
    hearing: { exists: hearing !== undefined, date: d(hearing?.hearing_on), court: hearing?.court ?? '', claim_number: hearing?.claim_number ?? '' },
    direct_debit: {
      exists: dd !== undefined,
      heading: dd?.content.heading ?? '',
      reference: dd?.content.ddiReference ?? '',
      service_user_name: dd?.content.serviceUserName ?? '',
      paragraphs: dd?.content.paragraphs ?? [],
      collections: (dd?.content.collections ?? []).map((c) => ({ date: d(c.date), amount: money(c.amountPence) })),
      guarantee_heading: dd?.content.guarantee.heading ?? '',
      guarantee: dd?.content.guarantee.paragraphs ?? [],
    },
    statement: { from: d(statement.from), to: d(statement.to), opening_balance: describeBalance(balances!.opening), closing_balance: describeBalance(balances!.closing) },
    holds: { demands_stopped: holdsBlocking('letter', inForce).length > 0 },
  }
  return { accountId, accountNumber: a.account_number, accountType: a.account_type, addressLines, parties, base, arrearsPence, statementPeriod: statement }
}

/** One recipient's merge data (null: addressed to everyone on the account, e.g. a preview). */
export function mergeDataFor(facts: AccountFacts, party: Party | null): MergeData {
  const recipient = party
    ? { name: party.name, salutation: party.salutation, email: party.email ?? '', phone: party.phone ?? '' }
    : { name: (facts.base.tenants as { names: string }).names, salutation: facts.parties.length === 1 ? facts.parties[0]!.salutation : 'Sir or Madam', email: '', phone: '' }
  return { ...facts.base, recipient }
}
