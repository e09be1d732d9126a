import type { FastifyInstance } from 'fastify'
import { requireRole } from '../../middleware/require-signed-in.ts'
import { APPROVER_ROLES } from '../../roles.ts'
import type { WebDeps } from '../../types.ts'
import { approvalsController } from './approvals.controller.ts'
import { decisionsController } from './decisions.controller.ts'
import { writeOffDecisionController } from '../write-off/decision.controller.ts'

/** Second-person approvals: team leaders and finance only (the services also refuse anyone approving their own request). */
export async function approvalsRouter(app: FastifyInstance, deps: WebDeps): Promise<void> {
  app.addHook('onRequest', requireRole(...APPROVER_ROLES))
  const page = approvalsController(deps)
  const decide = decisionsController(deps)
  app.get('/approvals', page.show)
  app.post('/finance/suspense/:id/decision', decide.suspense)
  app.post('/finance/refunds/:id/decision', decide.refund)
  const writeOff = writeOffDecisionController(deps)
  app.post('/write-offs/:id/decision', writeOff.case)
  app.post('/write-offs/lists/:id/decision', writeOff.list)
}
