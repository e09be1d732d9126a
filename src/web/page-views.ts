import type { FastifyRequest } from 'fastify'
import { recordAuditEvent, type AuditEvent } from '../services/audit/record-audit-event.ts'
import { actorFor } from './actor.ts'
import type { WebDeps } from './types.ts'

/**
 * Audits that an officer looked at (or downloaded) someone's account (STYLE 5.2 item 12). Fire and forget:
 * a failed audit write is logged but does not stop the officer seeing the page.
 */
export function recordPageView(deps: Pick<WebDeps, 'db'>, request: FastifyRequest, event: AuditEvent): void {
  if (!request.user) return
  recordAuditEvent(deps.db, actorFor(request.user), event).catch((err: unknown) => request.log.error({ err }, 'page view audit failed'))
}
