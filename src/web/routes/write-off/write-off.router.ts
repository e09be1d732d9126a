import type { FastifyInstance } from 'fastify'
import { WRITE_OFF_ROLES } from '../../../services/write-off/write-off-common.ts'
import { requireRole } from '../../middleware/require-signed-in.ts'
import type { WebDeps } from '../../types.ts'
import { casesController } from './cases.controller.ts'
import { listsController } from './lists.controller.ts'
import { reportController } from './report.controller.ts'
import { writeOnController } from './write-on.controller.ts'

/**
 * Write-off: prepare a case from an account, the case and bulk list pages, write-ons and the report. Officers,
 * team leaders and finance act; auditors may look. Decisions go through the approvals routes (approvers only).
 */
export async function writeOffRouter(app: FastifyInstance, deps: WebDeps): Promise<void> {
  const cases = casesController(deps)
  const lists = listsController(deps)
  const writeOns = writeOnController(deps)
  const report = reportController(deps)

  await app.register(async (viewing) => {
    viewing.addHook('onRequest', requireRole(...WRITE_OFF_ROLES, 'auditor'))
    viewing.get('/write-offs', cases.index)
    viewing.get('/write-offs/:id', cases.show)
    viewing.get('/write-offs/lists', lists.index)
    viewing.get('/write-offs/lists/:id', lists.show)
    viewing.get('/write-ons', writeOns.candidates)
    viewing.get('/write-offs/report', report.show)
    viewing.get('/write-offs/report.csv', report.csv)
  })

  await app.register(async (acting) => {
    acting.addHook('onRequest', requireRole(...WRITE_OFF_ROLES))
    acting.get('/write-offs/find', cases.find)
    acting.get('/accounts/:accountNumber/write-off', cases.showPrepare)
    acting.post('/accounts/:accountNumber/write-off', cases.prepare)
    acting.post('/write-offs/:id/post', cases.post)
    acting.post('/write-offs/:id/withdraw', cases.withdraw)
    acting.get('/write-offs/lists/new', lists.showNew)
    acting.post('/write-offs/lists/new', lists.create)
    acting.post('/write-offs/lists/:id/post', lists.post)
    acting.post('/write-offs/lists/:id/withdraw', lists.withdraw)
    acting.get('/accounts/:accountNumber/write-on', writeOns.show)
    acting.post('/accounts/:accountNumber/write-on', writeOns.submit)
  })
}
