import type { FastifyRequest } from 'fastify'
import type { Db } from '../db/client.ts'
import type { Actor } from '../services/actor.ts'
import { apiActor, type ApiClient } from '../services/api-tokens/api-tokens.ts'
import { recordAuditEvent, type AuditEvent } from '../services/audit/record-audit-event.ts'

/** What the API's routes depend on (a subset of the web app's dependencies, so app.ts passes its own). */
export interface ApiDeps {
  db: Db
  now: () => Date
  actorOf: (client: ApiClient) => Actor
}

export function apiDeps(deps: { db: Db; now: () => Date }): ApiDeps {
  return { db: deps.db, now: deps.now, actorOf: apiActor }
}

/**
 * Audits that a system read someone's account, as page views are audited for officers (web/page-views.ts). Fire and
 * forget: a failed audit write is logged, and the caller still gets the answer.
 */
export function auditApiRead(deps: ApiDeps, request: FastifyRequest, event: AuditEvent): void {
  if (!request.apiClient) return
  recordAuditEvent(deps.db, deps.actorOf(request.apiClient), event).catch((err: unknown) => request.log.error({ err }, 'API read audit failed'))
}
