import type { FastifyInstance } from 'fastify'
import { requireRole } from '../../middleware/require-signed-in.ts'
import type { WebDeps } from '../../types.ts'
import { RECOVERY_READ_ROLES } from '../recovery/recovery-roles.ts'
import { worktrayController } from './worktray.controller.ts'

export async function worktrayRouter(app: FastifyInstance, deps: WebDeps): Promise<void> {
  app.addHook('onRequest', requireRole(...RECOVERY_READ_ROLES))
  const worktray = worktrayController(deps)
  app.get('/worktray', worktray.show)
}
