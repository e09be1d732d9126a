import type { Queryable } from '../../db/client.ts'
import type { Actor } from '../actor.ts'

export interface AuditEvent {
  action: string
  entityType: string
  entityId: string | number
  before?: unknown
  after?: unknown
  reason?: string | null
}

/** Writes the audit row in the caller's transaction, so a change and its audit commit (or fail) together. */
export async function recordAuditEvent(tx: Queryable, actor: Actor, event: AuditEvent): Promise<void> {
  await tx.query(
    `insert into audit_events (user_id, actor, action, entity_type, entity_id, before, after, reason)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      actor.userId,
      actor.label,
      event.action,
      event.entityType,
      String(event.entityId),
      event.before === undefined ? null : JSON.stringify(event.before),
      event.after === undefined ? null : JSON.stringify(event.after),
      event.reason ?? null,
    ],
  )
}
