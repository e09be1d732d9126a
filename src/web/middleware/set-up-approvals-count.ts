import type { FastifyInstance } from 'fastify'
import { countApprovalsWaiting } from '../queries/count-approvals-waiting.ts'
import { permissionsFor } from '../roles.ts'
import type { WebDeps } from '../types.ts'

/**
 * `request.approvalsWaiting` for approvers' pages, so the service navigation can say "Approvals (3)".
 * Counted only for a page (GET) an approver is about to see, after every other check has passed.
 */
export function setUpApprovalsCount(app: FastifyInstance, deps: Pick<WebDeps, 'db'>): void {
  app.decorateRequest('approvalsWaiting', null)
  app.addHook('preHandler', async (request) => {
    if (request.method !== 'GET' || !request.user || !permissionsFor(request.user.role).approve) return
    request.approvalsWaiting = await countApprovalsWaiting(deps.db)
  })
}
