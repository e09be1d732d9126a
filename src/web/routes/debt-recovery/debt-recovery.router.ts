import type { FastifyInstance } from 'fastify'
import { requireRole } from '../../middleware/require-signed-in.ts'
import type { WebDeps } from '../../types.ts'
import { RECOVERY_ACT_ROLES, RECOVERY_READ_ROLES } from '../recovery/recovery-roles.ts'
import { debtRecoveryController } from './debt-recovery.controller.ts'

/**
 * Former tenant and sundry debt recovery for an account: the page for recovery officers and auditors; recording for
 * officers, and finance (agency returns). The services check each step's authority again.
 */
export async function debtRecoveryRouter(app: FastifyInstance, deps: WebDeps): Promise<void> {
  const c = debtRecoveryController(deps)
  await app.register(async (readers) => {
    readers.addHook('onRequest', requireRole(...RECOVERY_READ_ROLES, 'finance'))
    readers.get('/accounts/:accountNumber/debt-recovery', c.show)
  })
  await app.register(async (officers) => {
    officers.addHook('onRequest', requireRole(...RECOVERY_ACT_ROLES, 'finance'))
    officers.post('/accounts/:accountNumber/debt-recovery/:form', c.post)
  })
}
