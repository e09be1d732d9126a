import type { FastifyInstance } from 'fastify'
import { requireRole } from '../../middleware/require-signed-in.ts'
import type { WebDeps } from '../../types.ts'
import { ARRANGEMENT_READER_ROLES, ARRANGEMENT_ROLES } from '../arrangements/arrangements.router.ts'
import { benefitsController } from './benefits.controller.ts'

/** Benefits (HB, UC, DHP), referrals and safeguarding concerns, per account. */
export async function benefitsRouter(app: FastifyInstance, deps: WebDeps): Promise<void> {
  const c = benefitsController(deps)
  await app.register(async (readers) => {
    readers.addHook('onRequest', requireRole(...ARRANGEMENT_READER_ROLES))
    readers.get('/accounts/:accountNumber/benefits', c.show)
  })
  await app.register(async (officers) => {
    officers.addHook('onRequest', requireRole(...ARRANGEMENT_ROLES))
    officers.post('/accounts/:accountNumber/benefits/claims', c.newClaim)
    officers.post('/accounts/:accountNumber/benefits/claims/change', c.changeClaim)
    officers.post('/accounts/:accountNumber/benefits/dhp', c.newDhp)
    officers.post('/accounts/:accountNumber/benefits/dhp/decision', c.dhpDecision)
    officers.post('/accounts/:accountNumber/benefits/referrals', c.newReferral)
    officers.post('/accounts/:accountNumber/benefits/referrals/outcome', c.referralOutcome)
    officers.post('/accounts/:accountNumber/benefits/safeguarding', c.newConcern)
  })
}
