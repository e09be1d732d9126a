import type { FastifyReply, FastifyRequest } from 'fastify'
import { searchAccounts } from '../../queries/search-accounts.ts'
import type { WebDeps } from '../../types.ts'
import { validateSearch } from './search.validator.ts'

export function searchController(deps: Pick<WebDeps, 'db'>) {
  return {
    async search(request: FastifyRequest<{ Querystring: { q?: unknown } }>, reply: FastifyReply) {
      const { q, searched, errors } = validateSearch(request.query.q)
      if (!searched) return reply.code(errors.length ? 400 : 200).view('pages/search.njk', { q, errors })
      const { results, truncated } = await searchAccounts(deps.db, q)
      return reply.view('pages/search.njk', { q, errors, searched, results, truncated })
    },
  }
}
