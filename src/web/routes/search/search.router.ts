import type { FastifyInstance } from 'fastify'
import type { WebDeps } from '../../types.ts'
import { searchController } from './search.controller.ts'

export async function searchRouter(app: FastifyInstance, deps: WebDeps): Promise<void> {
  const c = searchController(deps)
  app.get('/', async (_request, reply) => reply.redirect('/search', 302))
  app.get('/search', c.search)
}
