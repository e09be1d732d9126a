import type { FastifyInstance } from 'fastify'
import { requireRole } from '../../middleware/require-signed-in.ts'
import type { WebDeps } from '../../types.ts'
import { accountDocumentsController } from './account-documents.controller.ts'
import { BATCH_APPROVER_ROLES, BATCH_READ_ROLES, DOCUMENT_READ_ROLES, DOCUMENT_WRITE_ROLES } from './documents-roles.ts'
import { letterBatchesController } from './letter-batches.controller.ts'

/** Letters on a case (see, download, produce from a template) and the trawl's letter batches (docs/letters.md). */
export async function documentsRouter(app: FastifyInstance, deps: WebDeps): Promise<void> {
  await app.register(async (cases) => {
    cases.addHook('onRequest', requireRole(...DOCUMENT_READ_ROLES))
    const docs = accountDocumentsController(deps)
    cases.get('/accounts/:accountNumber/documents', docs.show)
    cases.get('/documents/:id/pdf', docs.download)
  })
  await app.register(async (writers) => {
    writers.addHook('onRequest', requireRole(...DOCUMENT_WRITE_ROLES))
    writers.post('/accounts/:accountNumber/documents', accountDocumentsController(deps).generate)
  })
  await app.register(async (letters) => {
    letters.addHook('onRequest', requireRole(...BATCH_READ_ROLES))
    const batches = letterBatchesController(deps)
    letters.get('/letters', batches.list)
    letters.get('/letters/:id', batches.show)
  })
  // Approving and printing are the team leader's (the services refuse anyone else too).
  await app.register(async (approvers) => {
    approvers.addHook('onRequest', requireRole(...BATCH_APPROVER_ROLES))
    const batches = letterBatchesController(deps)
    approvers.post('/letters/:id/approve', batches.approve)
    approvers.get('/letters/:id/print', batches.print)
  })
}
