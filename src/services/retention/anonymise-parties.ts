/**
 * Retention (UK GDPR Article 5(1)(e), storage limitation): a party whose accounts all closed more than the retention
 * period ago (the dated policy value `retention.personal_data_years`, six years by default) has their personal data
 * replaced: names, date of birth and contact details on the party; the free text of the contacts, notes and
 * safeguarding concerns about them; payer names on their payments; the names and bank details on their Direct Debit
 * instructions and refunds; the free text of their income and expenditure statements (the figures stay), of recovery
 * actions and referrals; letters' merge data and text, and their PDF (a placeholder page; the hash, template, dates
 * and page count stay); messages' recipients, subjects and bodies; and personal fields, by key, in the before/after of
 * earlier audit events about them. The ledger (postings, payments' amounts and dates, the account and its number) is
 * kept, so the council's accounts still add up; the audit trail records that it happened and when, but not what was
 * removed.
 *
 * Append-only tables allow these column updates only to this job (the triggers of migrations 0016 and 0018, for one
 * transaction).
 */
import { PDFDocument, StandardFonts } from 'pdf-lib'
import { z } from 'zod'
import type { Db, Queryable } from '../../db/client.ts'
import type { IsoDate } from '../../domain/calendar/dates.ts'
import type { Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'
import { getPolicyValue } from '../policy/get-policy-value.ts'
import { AUDIT_PERSONAL_KEYS, redactPersonal, STATEMENT_TEXT_KEYS } from './redact-personal.ts'
import { retentionCutoff } from './retention-cutoff.ts'

export const ANONYMISED = 'Anonymised'
export const ANONYMISED_TEXT = '[Anonymised under the retention policy]'

/** What replaces a letter's merge data. */
export const ANONYMISED_MERGE_DATA = { anonymised: true }

/** The one-page PDF that replaces a letter's or statement's own once its person is anonymised. */
export async function placeholderPdf(onDate: IsoDate): Promise<Buffer> {
  const doc = await PDFDocument.create()
  doc.setTitle('Document removed under the retention policy')
  doc.setCreationDate(new Date(`${onDate}T00:00:00Z`))
  doc.setModificationDate(new Date(`${onDate}T00:00:00Z`))
  const font = await doc.embedFont(StandardFonts.Helvetica)
  const page = doc.addPage([595.28, 841.89])
  page.drawText('This document was removed under the council\'s retention policy', { x: 56, y: 760, size: 14, font })
  page.drawText(`on ${onDate}. Its record (template, date, hash) is kept.`, { x: 56, y: 740, size: 12, font })
  return Buffer.from(await doc.save())
}

export interface AnonymiseCandidate {
  partyId: number
  lastClosedOn: IsoDate
}

/** Parties not yet anonymised, with at least one account, every one of them closed on or before the cutoff. */
export async function findAnonymiseCandidates(db: Queryable, cutoff: IsoDate): Promise<AnonymiseCandidate[]> {
  const rows = await db.query<{ party_id: number; last_closed_on: string }>(
    `select ap.party_id, max(a.closed_on) as last_closed_on
     from account_parties ap join accounts a on a.id = ap.account_id
     where not exists (select 1 from party_anonymisations pa where pa.party_id = ap.party_id)
     group by ap.party_id
     having bool_and(a.status = 'closed' and a.closed_on <= $1::date)
     order by ap.party_id`,
    [cutoff],
  )
  return rows.map((r) => ({ partyId: r.party_id, lastClosedOn: r.last_closed_on }))
}

/** Replaces the personal data of the given parties, in the caller's transaction. */
export async function anonymiseParties(tx: Queryable, candidates: readonly AnonymiseCandidate[], opts: { onDate: IsoDate; jobRunId: number | null; retentionYears: number; actor: Actor }): Promise<number> {
  if (candidates.length === 0) return 0
  const ids = candidates.map((c) => c.partyId)
  // Lets the append-only triggers accept the named columns' updates, for this transaction only.
  await tx.query(`select set_config('reeve.anonymising', 'on', true)`)
  await tx.query(
    `update parties set title = null, forename = null,
       surname = case when kind = 'person' then $2 else null end,
       organisation_name = case when kind = 'organisation' then $2 else null end,
       date_of_birth = null, email = null, phone = null, preferred_channel = 'letter'
     where id = any($1::int[])`,
    [ids, ANONYMISED],
  )
  // Accounts every one of whose holders is now anonymised: their case text goes too.
  const accounts = `(select ap.account_id from account_parties ap group by ap.account_id
      having bool_and(ap.party_id = any($1::int[]) or exists (select 1 from party_anonymisations pa where pa.party_id = ap.party_id)))`
  await tx.query(`update contacts set summary = $2 where account_id in ${accounts} or party_id = any($1::int[])`, [ids, ANONYMISED_TEXT])
  await tx.query(`update notes set text = $2 where account_id in ${accounts}`, [ids, ANONYMISED_TEXT])
  await tx.query(`update safeguarding_concerns set concern = $2 where party_id = any($1::int[])`, [ids, ANONYMISED_TEXT])
  await tx.query(
    `update payments set payer_name = null where payer_name is not null
       and id in (select pa.payment_id from payment_allocations pa where pa.account_id in ${accounts})`,
    [ids],
  )
  await tx.query(
    `update dd_mandates set payer_name = $2, account_name = 'ANONYMISED', sort_code = '000000', account_number = '00000000'
     where account_id in ${accounts}`,
    [ids, ANONYMISED],
  )
  await tx.query(
    `update refunds set payee_name = $2,
       bank_sort_code = case when bank_sort_code is null then null else '000000' end,
       bank_account_number = case when bank_account_number is null then null else '00000000' end
     where payee_party_id = any($1::int[])`,
    [ids, ANONYMISED],
  )
  await anonymiseCaseRecords(tx, ids, accounts, opts.onDate)
  await tx.query(
    `insert into party_anonymisations (party_id, anonymised_on, last_closed_on, job_run_id)
     select x.party_id, $3::date, x.last_closed_on, $4 from unnest($1::int[], $2::date[]) as x (party_id, last_closed_on)`,
    [ids, candidates.map((c) => c.lastClosedOn), opts.onDate, opts.jobRunId],
  )
  for (const c of candidates) {
    await recordAuditEvent(tx, opts.actor, {
      action: 'party.anonymised',
      entityType: 'party',
      entityId: c.partyId,
      // What was removed is named, never shown: the audit trail must not keep what retention took away.
      before: { personalData: 'present' },
      after: { personalData: 'anonymised', fields: ANONYMISED_FIELDS },
      reason: `Every account closed by ${c.lastClosedOn}, more than ${opts.retentionYears} years before ${opts.onDate} (retention.personal_data_years)`,
    })
  }
  return candidates.length
}

/** What the job replaces, as the party.anonymised audit event lists it. */
export const ANONYMISED_FIELDS = [
  'name', 'date of birth', 'email', 'phone', 'contacts', 'notes', 'safeguarding', 'payer names', 'bank details', 'income and expenditure text',
  'recovery action notes', 'referral details', 'letters', 'messages', 'audit before/after',
]

/**
 * The case records of the parties `ids` (and of `accounts`, the accounts all of whose holders are now anonymised):
 * statements' free text, recovery actions', referrals', letters' and messages' text, and audit events' personal fields.
 */
async function anonymiseCaseRecords(tx: Queryable, ids: number[], accounts: string, onDate: IsoDate): Promise<void> {
  const accountIds = (await tx.query<{ account_id: number }>(`select account_id from ${accounts} x`, [ids])).map((r) => r.account_id)
  const keep = (col: string) => `case when ${col} is null then null else $2 end`
  const statements = await tx.query<{ id: number; lines: unknown; statement: unknown; assessment: unknown }>(
    'select id, lines, statement, assessment from income_expenditure_statements where party_id = any($1::int[]) order by id',
    [ids],
  )
  for (const s of statements) {
    await tx.query('update income_expenditure_statements set lines = $2::jsonb, statement = $3::jsonb, assessment = $4::jsonb where id = $1', [
      s.id,
      JSON.stringify(redactPersonal(s.lines, STATEMENT_TEXT_KEYS)),
      JSON.stringify(redactPersonal(s.statement, STATEMENT_TEXT_KEYS)),
      JSON.stringify(redactPersonal(s.assessment, STATEMENT_TEXT_KEYS)),
    ])
  }
  await tx.query(
    `update recovery_actions set outcome = $2, notes = ${keep('notes')}, proportionality_note = ${keep('proportionality_note')},
       equality_note = ${keep('equality_note')}
     where account_id = any($1::int[])`,
    [accountIds, ANONYMISED_TEXT],
  )
  await tx.query(
    `update referrals set reason = $2, service_detail = ${keep('service_detail')}, outcome_note = ${keep('outcome_note')} where party_id = any($1::int[])`,
    [ids, ANONYMISED_TEXT],
  )
  await tx.query(`update generated_documents set merge_data = $3::jsonb, body_text = $2, pdf = $4 where account_id = any($1::int[])`, [
    accountIds,
    ANONYMISED_TEXT,
    JSON.stringify(ANONYMISED_MERGE_DATA),
    await placeholderPdf(onDate),
  ])
  await tx.query(
    `update messages set recipient = $3, subject = ${keep('subject')}, body = $2, merge_data = $4::jsonb
     where account_id = any($1::int[]) or party_id = any($5::int[])`,
    [accountIds, ANONYMISED_TEXT, ANONYMISED, JSON.stringify(ANONYMISED_MERGE_DATA), ids],
  )
  // Earlier audit events about them: about the person, their accounts or their records, or naming one of them.
  const events = await tx.query<{ id: number; before: unknown; after: unknown }>(
    `with acc as (select unnest($1::int[])::text as id), party as (select unnest($2::int[])::text as id)
     select ae.id, ae.before, ae.after from audit_events ae
     where ae.action <> 'party.anonymised' and (
       (ae.entity_type = 'party' and ae.entity_id in (select id from party))
       or (ae.entity_type = 'account' and ae.entity_id in (select id from acc))
       or coalesce(ae.after ->> 'accountId', ae.before ->> 'accountId') in (select id from acc)
       or coalesce(ae.after ->> 'partyId', ae.before ->> 'partyId') in (select id from party)
       or (ae.entity_type = 'payment' and ae.entity_id in (select pa.payment_id::text from payment_allocations pa where pa.account_id = any($1::int[])))
       or (ae.entity_type = 'dd_mandate' and ae.entity_id in (select m.id::text from dd_mandates m where m.account_id = any($1::int[])))
       or (ae.entity_type = 'refund' and ae.entity_id in (select r.id::text from refunds r where r.payee_party_id = any($2::int[])))
       or (ae.entity_type = 'hold' and ae.entity_id in (select h.id::text from holds h where h.account_id = any($1::int[]) or h.party_id = any($2::int[])))
       or (ae.entity_type = 'referral' and ae.entity_id in (select r.id::text from referrals r where r.party_id = any($2::int[])))
       or (ae.entity_type = 'arrangement' and ae.entity_id in (select a.id::text from arrangements a where a.party_id = any($2::int[])))
     )
     order by ae.id`,
    [accountIds, ids],
  )
  for (const e of events) {
    const before = redactPersonal(e.before, AUDIT_PERSONAL_KEYS)
    const after = redactPersonal(e.after, AUDIT_PERSONAL_KEYS)
    if (JSON.stringify(before) === JSON.stringify(e.before) && JSON.stringify(after) === JSON.stringify(e.after)) continue
    await tx.query('update audit_events set before = $2::jsonb, after = $3::jsonb where id = $1', [
      e.id,
      before === null ? null : JSON.stringify(before),
      after === null ? null : JSON.stringify(after),
    ])
  }
}

export const RetentionYears = z.number().int().min(1).max(100)

export interface AnonymiseRunPlan {
  retentionYears: number
  cutoff: IsoDate
  candidates: AnonymiseCandidate[]
}

export async function planAnonymisation(db: Db, onDate: IsoDate): Promise<AnonymiseRunPlan> {
  const retentionYears = await getPolicyValue(db, 'retention.personal_data_years', onDate, RetentionYears)
  const cutoff = retentionCutoff(onDate, retentionYears)
  return { retentionYears, cutoff, candidates: await findAnonymiseCandidates(db, cutoff) }
}
