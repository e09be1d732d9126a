/**
 * Retention (UK GDPR Article 5(1)(e), storage limitation): a party whose accounts all closed more than the retention
 * period ago (the dated policy value `retention.personal_data_years`, six years by default) has their personal data
 * replaced: names, date of birth and contact details on the party; the free text of the contacts, notes and
 * safeguarding concerns about them; payer names on their payments; the names and bank details on their Direct Debit
 * instructions and refunds. The ledger (postings, payments' amounts and dates, the account and its number) is kept,
 * so the council's accounts still add up; the audit trail records that it happened and when, but not what was removed.
 *
 * Append-only tables allow these column updates only to this job (migration 0016's trigger, for one transaction).
 */
import { z } from 'zod'
import type { Db, Queryable } from '../../db/client.ts'
import type { IsoDate } from '../../domain/calendar/dates.ts'
import type { Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'
import { getPolicyValue } from '../policy/get-policy-value.ts'
import { retentionCutoff } from './retention-cutoff.ts'

export const ANONYMISED = 'Anonymised'
export const ANONYMISED_TEXT = '[Anonymised under the retention policy]'

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
      after: { personalData: 'anonymised', fields: ['name', 'date of birth', 'email', 'phone', 'contacts', 'notes', 'safeguarding', 'payer names', 'bank details'] },
      reason: `Every account closed by ${c.lastClosedOn}, more than ${opts.retentionYears} years before ${opts.onDate} (retention.personal_data_years)`,
    })
  }
  return candidates.length
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
