import type { Queryable } from '../../../db/client.ts'
import type { AuditFilters } from './audit-filters.validator.ts'

export interface AuditEventRow {
  id: number
  occurredAt: Date
  actor: string
  action: string
  entityType: string
  entityId: string
  before: unknown
  after: unknown
  reason: string | null
}

export interface AuditPage {
  rows: AuditEventRow[]
  total: number
  page: number
  pageCount: number
}

export const AUDIT_PAGE_SIZE = 50

type Row = { id: number; occurred_at: Date; actor: string; action: string; entity_type: string; entity_id: string; before: unknown; after: unknown; reason: string | null; total: number }

const toRow = (r: Row): AuditEventRow => ({
  id: r.id,
  occurredAt: r.occurred_at,
  actor: r.actor,
  action: r.action,
  entityType: r.entity_type,
  entityId: r.entity_id,
  before: r.before,
  after: r.after,
  reason: r.reason,
})

function pageOf(rows: Row[], page: number, pageSize: number): AuditPage {
  const total = rows[0]?.total ?? 0
  return { rows: rows.map(toRow), total, page, pageCount: Math.max(1, Math.ceil(total / pageSize)) }
}

/** The audit trail filtered by actor, action, record and London dates, newest first, a page at a time. */
export async function searchAuditEvents(db: Queryable, f: AuditFilters, pageSize = AUDIT_PAGE_SIZE): Promise<AuditPage> {
  const action = f.action?.replace(/\.$/, '') ?? null
  const rows = await db.query<Row>(
    `select id, occurred_at, actor, action, entity_type, entity_id, before, after, reason, count(*) over ()::int as total
     from audit_events
     where ($1::text is null or actor = $1 or actor = 'user:' || $1)
       and ($2::text is null or action = $2 or left(action, length($2) + 1) = $2 || '.')
       and ($3::text is null or entity_type = $3)
       and ($4::text is null or entity_id = $4)
       and ($5::date is null or occurred_at >= ($5::date)::timestamp at time zone 'Europe/London')
       and ($6::date is null or occurred_at < ($6::date + 1)::timestamp at time zone 'Europe/London')
     order by occurred_at desc, id desc
     limit $7 offset $8`,
    [f.actor, action, f.entityType, f.entityId, f.from, f.to, pageSize, (f.page - 1) * pageSize],
  )
  return pageOf(rows, f.page, pageSize)
}

/**
 * The audit trail of one account: events about the account itself, and about records that name it (a payment, a
 * hold, an arrangement covering it — their before/after carry `accountId` or `accountIds`), and about its holders.
 */
export async function accountAuditTrail(db: Queryable, accountId: number, page: number, pageSize = AUDIT_PAGE_SIZE): Promise<AuditPage> {
  const rows = await db.query<Row>(
    `select id, occurred_at, actor, action, entity_type, entity_id, before, after, reason, count(*) over ()::int as total
     from audit_events e
     where (e.entity_type = 'account' and e.entity_id = $1)
        or (e.entity_type = 'party' and e.entity_id in (select party_id::text from account_parties where account_id = $2))
        or e.after->>'accountId' = $1 or e.before->>'accountId' = $1
        or coalesce(e.after->'accountIds', '[]'::jsonb) @> to_jsonb($2::int)
        or coalesce(e.before->'accountIds', '[]'::jsonb) @> to_jsonb($2::int)
     order by occurred_at desc, id desc
     limit $3 offset $4`,
    [String(accountId), accountId, pageSize, (page - 1) * pageSize],
  )
  return pageOf(rows, page, pageSize)
}
