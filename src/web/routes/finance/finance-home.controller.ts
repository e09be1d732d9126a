import type { FastifyReply, FastifyRequest } from 'fastify'
import { financeOverview } from '../../queries/finance-overview.ts'
import type { WebDeps } from '../../types.ts'

/** The finance area's front page: what is waiting, and links to each task the user may do. */
export function financeHomeController(deps: Pick<WebDeps, 'db'>) {
  return {
    async show(_request: FastifyRequest, reply: FastifyReply) {
      return reply.view('pages/finance/index.njk', { overview: await financeOverview(deps.db) })
    },
  }
}
