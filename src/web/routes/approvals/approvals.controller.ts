import type { FastifyReply, FastifyRequest } from 'fastify'
import { listSuspenseItems } from '../../../services/payments/suspense.ts'
import { recordPageView } from '../../page-views.ts'
import { listRefunds } from '../../queries/list-refunds.ts'
import type { FormError, WebDeps } from '../../types.ts'

/** Everything waiting for a second person: suspense clearances over the limit, and refunds. */
export async function renderApprovalsPage(deps: Pick<WebDeps, 'db'>, reply: FastifyReply, status: number, errors: FormError[]) {
  const [clearances, refunds] = await Promise.all([listSuspenseItems(deps.db, 'pending_approval'), listRefunds(deps.db, ['pending_approval'])])
  return reply.code(status).view('pages/approvals.njk', { clearances, refunds, errors })
}

export function approvalsController(deps: Pick<WebDeps, 'db'>) {
  return {
    async show(request: FastifyRequest, reply: FastifyReply) {
      recordPageView(deps, request, { action: 'approvals.viewed', entityType: 'approval', entityId: 'list' })
      return renderApprovalsPage(deps, reply, 200, [])
    },
  }
}
