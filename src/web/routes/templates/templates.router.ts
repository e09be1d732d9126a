import type { FastifyInstance } from 'fastify'
import { requireRole } from '../../middleware/require-signed-in.ts'
import type { WebDeps } from '../../types.ts'
import { templatesController } from './templates.controller.ts'

/** Letter, text message and e-mail templates: administrators only (docs/letters.md). */
export async function templatesRouter(app: FastifyInstance, deps: WebDeps): Promise<void> {
  app.addHook('onRequest', requireRole('administrator'))
  const c = templatesController(deps)
  app.get('/templates', c.list)
  app.get('/templates/:key/:language', c.show)
  app.post('/templates/:key/:language', c.save)
  app.post('/templates/:key/:language/versions/:id/publish', c.publish)
  app.get('/templates/:key/:language/versions/:id/preview', c.preview)
}
