import type { FastifyInstance } from 'fastify'
import { requireRole } from '../../middleware/require-signed-in.ts'
import type { WebDeps } from '../../types.ts'
import { auditController } from './audit.controller.ts'
import { AUDIT_READER_ROLES } from './audit-roles.ts'

/** The audit trail: a search for auditors, team leaders and administrators, and each account's trail. */
export async function auditRouter(app: FastifyInstance, deps: WebDeps): Promise<void> {
  app.addHook('onRequest', requireRole(...AUDIT_READER_ROLES))
  const c = auditController(deps)
  app.get('/audit', c.search)
  app.get('/accounts/:accountNumber/audit', c.account)
}
