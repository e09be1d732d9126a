import fastifyMultipart from '@fastify/multipart'
import type { FastifyInstance } from 'fastify'
import { requireRole } from '../../middleware/require-signed-in.ts'
import { FINANCE_ROLES, SUSPENSE_ROLES } from '../../roles.ts'
import type { WebDeps } from '../../types.ts'
import { financeHomeController } from './finance-home.controller.ts'
import { MAX_UPLOAD_BYTES } from './import-upload.validator.ts'
import { importsController } from './imports.controller.ts'
import { reconciliationController } from './reconciliation.controller.ts'
import { refundsController } from './refunds.controller.ts'
import { suspenseController } from './suspense.controller.ts'

/**
 * The finance area: finance and team leaders; income officers may also see and clear suspense. Roles are
 * checked as the request arrives, before any body (a 10 MB upload) is read.
 */
export async function financeRouter(app: FastifyInstance, deps: WebDeps): Promise<void> {
  await app.register(async (suspenseArea) => {
    suspenseArea.addHook('onRequest', requireRole(...SUSPENSE_ROLES))
    const home = financeHomeController(deps)
    const suspense = suspenseController(deps)
    suspenseArea.get('/finance', home.show)
    suspenseArea.get('/finance/suspense', suspense.list)
    suspenseArea.get('/finance/suspense/:suspenseId/clear', suspense.showClear)
    suspenseArea.post('/finance/suspense/:suspenseId/clear', suspense.clear)
  })

  await app.register(async (finance) => {
    finance.addHook('onRequest', requireRole(...FINANCE_ROLES))
    const refunds = refundsController(deps)
    const reconciliation = reconciliationController(deps)
    finance.get('/finance/refunds', refunds.list)
    finance.post('/finance/refunds/export', refunds.exportApproved)
    finance.get('/finance/reconciliation', reconciliation.show)
    await finance.register(importsRouter, deps)
  })
}

/**
 * Payment file uploads. Only here are multipart bodies accepted: the file is read into memory (at most 10 MB)
 * with the form's fields, so the CSRF check sees `_csrf` like any other form's.
 */
async function importsRouter(app: FastifyInstance, deps: WebDeps): Promise<void> {
  app.decorateRequest('uploadedFileName', null)
  await app.register(fastifyMultipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10, fieldSize: 1024, parts: 12 },
    async onFile(part) {
      this.uploadedFileName = part.filename
      await part.toBuffer()
    },
  })
  const imports = importsController(deps)
  app.get('/finance/imports', imports.list)
  app.post('/finance/imports', imports.upload)
  app.get('/finance/imports/:importId', imports.show)
}
