import type { FastifyInstance } from 'fastify'
import { requireRole } from '../../middleware/require-signed-in.ts'
import { PAYMENT_ROLES } from '../../roles.ts'
import type { WebDeps } from '../../types.ts'
import { refundRequestController } from './refund-request.controller.ts'

/** Asking for a refund from the account page: the officers who take payments. Approving is in the approvals router. */
export async function refundRequestRouter(app: FastifyInstance, deps: WebDeps): Promise<void> {
  app.addHook('onRequest', requireRole(...PAYMENT_ROLES))
  const c = refundRequestController(deps)
  app.get('/accounts/:accountNumber/refund', c.show)
  app.post('/accounts/:accountNumber/refund', c.request)
  app.get('/accounts/:accountNumber/refund/requested', c.requested)
}
