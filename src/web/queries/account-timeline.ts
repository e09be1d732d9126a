import type { Queryable } from '../../db/client.ts'

/**
 * One entry of an account's case timeline: a contact or a note. Letters and notices Reeve generated and the text
 * messages and e-mails it sent appear as outgoing contacts (channel letter, sms or email), so the timeline is the
 * whole contact log (docs/letters.md).
 */
export type TimelineEntry =
  | {
      kind: 'contact'
      id: number
      /** When it happened, ISO instant. */
      at: string
      channel: string
      direction: string
      outcome: string
      /** The account holder it was with; null for someone else. */
      partyName: string | null
      text: string
      recordedBy: string
    }
  | { kind: 'note'; id: number; at: string; text: string; recordedBy: string }

export interface AccountTimeline {
  entries: TimelineEntry[]
  /** More entries exist than are shown. */
  truncated: boolean
}

export const TIMELINE_LIMIT = 100

const iso = (v: Date | string): string => (v instanceof Date ? v : new Date(v)).toISOString()

/** The contacts and notes of an account, newest first (by when the contact happened, or the note was written). */
export async function listAccountTimeline(db: Queryable, accountId: number, limit = TIMELINE_LIMIT): Promise<AccountTimeline> {
  const rows = await db.query<{
    kind: 'contact' | 'note'
    id: number
    at: Date | string
    channel: string | null
    direction: string | null
    outcome: string | null
    party_name: string | null
    text: string
    recorded_by: string
  }>(
    `select * from (
       select 'contact' as kind, c.id, c.contacted_at as at, c.recorded_at, c.channel, c.direction, c.outcome,
         coalesce(p.organisation_name, concat_ws(' ', p.title, p.forename, p.surname)) as party_name,
         c.summary as text, c.recorded_by
       from contacts c left join parties p on p.id = c.party_id
       where c.account_id = $1
       union all
       select 'note', n.id, n.created_at, n.created_at, null, null, null, null, n.text, n.recorded_by
       from notes n
       where n.account_id = $1
       union all
       select 'contact', d.id, d.created_at, d.created_at, 'letter', 'out', 'produced: ' || d.title,
         (select string_agg(coalesce(p.organisation_name, concat_ws(' ', p.title, p.forename, p.surname)), ' and ' order by p.id)
          from account_parties ap join parties p on p.id = ap.party_id where ap.account_id = d.account_id),
         concat('Document ', d.id, ' from template ', d.template_key, ' version ', d.template_version,
           case when d.language = 'cy' then ' (Welsh)' else '' end, ', ', d.page_count, case when d.page_count = 1 then ' page' else ' pages' end,
           case when d.batch_id is not null then concat(', letter batch ', d.batch_id) else '' end,
           case when d.statement_run_id is not null then concat(', statement run ', d.statement_run_id) else '' end, '.'),
         d.generated_by
       from generated_documents d
       where d.account_id = $1
       union all
       select 'contact', m.id, coalesce(m.sent_at, m.created_at), m.created_at, m.channel, 'out', replace(m.status, '-', ' '),
         coalesce(p.organisation_name, concat_ws(' ', p.title, p.forename, p.surname)),
         concat('To ', m.recipient, ' (', m.template_key, ' version ', m.template_version, '):', chr(10), m.body),
         m.created_by
       from messages m left join parties p on p.id = m.party_id
       where m.account_id = $1
     ) e
     order by at desc, recorded_at desc, id desc
     limit $2`,
    [accountId, limit + 1],
  )
  const entries = rows.slice(0, limit).map((r): TimelineEntry => {
    if (r.kind === 'note') return { kind: 'note', id: r.id, at: iso(r.at), text: r.text, recordedBy: r.recorded_by }
    return {
      kind: 'contact',
      id: r.id,
      at: iso(r.at),
      channel: r.channel ?? '',
      direction: r.direction ?? '',
      outcome: r.outcome ?? '',
      partyName: r.party_name,
      text: r.text,
      recordedBy: r.recorded_by,
    }
  })
  return { entries, truncated: rows.length > limit }
}
