import type { FastifyInstance } from 'fastify'
import { requireRole } from '../../middleware/require-signed-in.ts'
import type { WebDeps } from '../../types.ts'
import { dashboardController } from './dashboard.controller.ts'
import { PERFORMANCE_READ_ROLES, PERFORMANCE_TARGET_ROLES } from './performance-roles.ts'
import { targetsController } from './targets.controller.ts'

/** Performance reporting: the dashboard and its CSV exports for every role; targets for managers. */
export async function performanceRouter(app: FastifyInstance, deps: WebDeps): Promise<void> {
  const dashboard = dashboardController(deps)
  const targets = targetsController(deps)
  await app.register(async (read) => {
    read.addHook('onRequest', requireRole(...PERFORMANCE_READ_ROLES))
    read.get('/performance', dashboard.show)
    read.get('/performance/export/:file', dashboard.export)
  })
  await app.register(async (manage) => {
    manage.addHook('onRequest', requireRole(...PERFORMANCE_TARGET_ROLES))
    manage.get('/performance/targets', targets.show)
    manage.post('/performance/targets', targets.set)
  })
}
