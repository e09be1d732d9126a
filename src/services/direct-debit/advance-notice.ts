/**
 * Advance notices: what the payer is told (amount, dates, frequency, the Guarantee), stored exactly as produced
 * so the council can show what was notified and when. The PDF letter is rendered from the stored content
 * (advance-notice-pdf.ts).
 */
import type { Queryable } from '../../db/client.ts'
import { formatSortCode } from '../../domain/direct-debit/bank-details.ts'
import { directDebitGuarantee, type DirectDebitGuarantee } from '../../domain/direct-debit/guarantee.ts'
import { paymentDayOptions, type CollectionFrequency } from '../../domain/direct-debit/schedule.ts'
import { formatPounds } from '../../domain/money/pence.ts'
import { formatLongDate } from '../../documents/statement-html.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { maskAccountNumber, type DdSettings } from './dd-settings.ts'
import type { Mandate } from './mandates.ts'

export type NoticeKind = 'new_mandate' | 'change' | 'representation' | 'resume'

export interface NoticeContent {
  heading: string
  to: string
  address: string[]
  accountNumber: string
  propertyOrDebt: string
  ddiReference: string
  serviceUserName: string
  /** The payer's bank details as shown to them: sort code and the last 4 digits of the account. */
  bank: { sortCode: string; accountNumber: string }
  paragraphs: string[]
  /** The next collections: actual dates (moved past weekends and bank holidays) and amounts. */
  collections: { date: string; amountPence: number }[]
  guarantee: DirectDebitGuarantee
}

export interface AdvanceNotice {
  id: number
  mandateId: number
  kind: NoticeKind
  producedOn: string
  amountPence: number
  firstCollectionDate: string
  frequency: CollectionFrequency | 'once'
  changes: string[]
  noticeWorkingDays: number
  earliestCollection: string
  constraintSatisfied: boolean
  content: NoticeContent
}

/** "monthly on the 1st of the month (or the next working day)", "every other Monday (…)". */
export function describeFrequency(frequency: CollectionFrequency, day: number): string {
  const label = paymentDayOptions(frequency).find((o) => o.value === day)?.label ?? `day ${day}`
  const every = { monthly: 'monthly on the', weekly: 'every', fortnightly: 'every other', four_weekly: 'every fourth' }[frequency]
  return `${every} ${label} (or the next working day)`
}

export interface ProduceNoticeOptions {
  mandate: Mandate
  kind: NoticeKind
  producedOn: string
  earliestCollection: string
  collections: { date: string; amountPence: number }[]
  frequency: CollectionFrequency | 'once'
  /** For a regular schedule: its payment day (day of month or weekday). */
  day?: number
  changes?: string[]
  /** For a re-presentation: why the original came back. */
  representation?: { originalDate: string; reason: string }
  settings: DdSettings
  actor: Actor
}

/** Produces and stores an advance notice; refuses one whose first collection comes before the notice allows. */
export async function produceAdvanceNotice(tx: Queryable, o: ProduceNoticeOptions): Promise<number> {
  const first = o.collections[0]
  if (!first) throw new Error('An advance notice needs at least one collection')
  if (first.date < o.earliestCollection) {
    throw new AppError('invalid_state', `The first collection ${first.date} is earlier than the advance notice allows (${o.earliestCollection})`)
  }
  const [acc] = await tx.query<{ account_number: string; name: string; address: string | null }>(
    `select a.account_number, a.name,
       (select concat_ws('|', pr.address_line1, pr.address_line2, pr.town, pr.postcode) from tenancies t join properties pr on pr.id = t.property_id
        where t.id = a.tenancy_id) as address
     from accounts a where a.id = $1`,
    [o.mandate.account_id],
  )
  const m = o.mandate
  const amount = formatPounds(first.amountPence)
  const when = o.frequency === 'once' ? '' : describeFrequency(o.frequency, o.day!)
  const bankLine = `from your account (sort code ${formatSortCode(m.sort_code)}, account ending ${m.account_number.slice(-4)})`
  const firstDate = formatLongDate(first.date)
  const paragraphs: Record<NoticeKind, string[]> = {
    new_mandate: [
      `Thank you for setting up a Direct Debit to pay your account ${acc!.account_number}. This letter is your advance notice of the payments we will collect.`,
      `We will collect ${amount} ${when} ${bankLine}. The first payment will be collected on ${firstDate}.`,
    ],
    change: [
      `The ${(o.changes ?? ['amount']).join(' and ')} of your Direct Debit for account ${acc!.account_number} ${(o.changes ?? []).length > 1 ? 'are' : 'is'} changing.`,
      `From ${firstDate} we will collect ${amount} ${when} ${bankLine}. Payments before that date are unchanged.`,
    ],
    resume: [
      `Your Direct Debit for account ${acc!.account_number} will start again.`,
      `We will collect ${amount} ${when} ${bankLine}. The first payment will be collected on ${firstDate}.`,
    ],
    representation: [
      `Your bank returned the Direct Debit payment of ${amount} due on ${formatLongDate(o.representation?.originalDate ?? first.date)} unpaid (${o.representation?.reason ?? 'refer to payer'}).`,
      `We will collect the ${amount} again on ${firstDate} ${bankLine}. Please make sure there is enough money in your account. If you cannot pay, please contact us before that date.`,
    ],
  }
  const content: NoticeContent = {
    heading: o.kind === 'representation' ? 'Your Direct Debit payment will be collected again' : 'Advance notice of your Direct Debit payments',
    to: m.payer_name,
    address: acc!.address ? acc!.address.split('|') : [],
    accountNumber: acc!.account_number,
    propertyOrDebt: acc!.name,
    ddiReference: m.ddi_reference,
    serviceUserName: o.settings.serviceUserName,
    bank: { sortCode: formatSortCode(m.sort_code), accountNumber: maskAccountNumber(m.account_number) },
    paragraphs: [
      ...paragraphs[o.kind],
      `Your Direct Debit reference is ${m.ddi_reference}. The payments will show on your bank statement as ${o.settings.serviceUserName}.`,
    ],
    collections: o.collections,
    guarantee: directDebitGuarantee({ serviceUserName: o.settings.serviceUserName, noticeWorkingDays: m.notice_working_days }),
  }
  const [row] = await tx.query<{ id: number }>(
    `insert into dd_advance_notices (mandate_id, kind, produced_on, amount_pence, first_collection_date, frequency, changes, notice_working_days,
       earliest_collection, content, actor, user_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) returning id`,
    [
      m.id,
      o.kind,
      o.producedOn,
      first.amountPence,
      first.date,
      o.frequency,
      o.changes ?? [],
      o.kind === 'representation' ? o.settings.representationNoticeWorkingDays : m.notice_working_days,
      o.earliestCollection,
      JSON.stringify(content),
      o.actor.label,
      o.actor.userId,
    ],
  )
  return row!.id
}

export async function getAdvanceNotice(db: Queryable, id: number): Promise<AdvanceNotice> {
  const [n] = await db.query<{
    id: number
    mandate_id: number
    kind: NoticeKind
    produced_on: string
    amount_pence: number
    first_collection_date: string
    frequency: CollectionFrequency | 'once'
    changes: string[]
    notice_working_days: number
    earliest_collection: string
    constraint_satisfied: boolean
    content: NoticeContent
  }>('select * from dd_advance_notices where id = $1', [id])
  if (!n) throw new AppError('not_found', `No advance notice ${id}`)
  return {
    id: n.id,
    mandateId: n.mandate_id,
    kind: n.kind,
    producedOn: n.produced_on,
    amountPence: n.amount_pence,
    firstCollectionDate: n.first_collection_date,
    frequency: n.frequency,
    changes: n.changes,
    noticeWorkingDays: n.notice_working_days,
    earliestCollection: n.earliest_collection,
    constraintSatisfied: n.constraint_satisfied,
    content: n.content,
  }
}
