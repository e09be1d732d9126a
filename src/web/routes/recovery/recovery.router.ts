import type { FastifyInstance } from 'fastify'
import { requireRole } from '../../middleware/require-signed-in.ts'
import type { WebDeps } from '../../types.ts'
import { recoveryFormsController } from './recovery-forms.controller.ts'
import { recoveryPageController } from './recovery-page.controller.ts'
import { RECOVERY_ACT_ROLES, RECOVERY_READ_ROLES } from './recovery-roles.ts'

/** An account's recovery: the page and court pack for officers and auditors; recording for officers. */
export async function recoveryRouter(app: FastifyInstance, deps: WebDeps): Promise<void> {
  await app.register(async (readers) => {
    readers.addHook('onRequest', requireRole(...RECOVERY_READ_ROLES))
    const page = recoveryPageController(deps)
    readers.get('/accounts/:accountNumber/recovery', page.show)
    readers.get('/accounts/:accountNumber/recovery/court-pack.csv', page.courtPackCsv)
    readers.get('/accounts/:accountNumber/recovery/court-pack.pdf', page.courtPackPdf)
  })

  await app.register(async (officers) => {
    officers.addHook('onRequest', requireRole(...RECOVERY_ACT_ROLES))
    const f = recoveryFormsController(deps)
    const base = '/accounts/:accountNumber/recovery'
    officers.post(`${base}/actions`, f.action)
    officers.post(`${base}/holds`, f.addHold)
    officers.post(`${base}/holds/end`, f.endHold)
    officers.post(`${base}/notices`, f.serveNotice)
    officers.post(`${base}/pap`, f.papItem)
    officers.post(`${base}/claims`, f.claim)
    officers.post(`${base}/hearings`, f.hearing)
    officers.post(`${base}/hearings/outcome`, f.outcome)
    officers.post(`${base}/warrants`, f.warrant)
    officers.post(`${base}/evictions`, f.eviction)
    officers.post(`${base}/evictions/outcome`, f.evictionOutcome)
  })
}
