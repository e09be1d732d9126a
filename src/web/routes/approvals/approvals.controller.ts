import type { FastifyReply, FastifyRequest } from 'fastify'
import { listSuspenseItems } from '../../../services/payments/suspense.ts'
import { recordPageView } from '../../page-views.ts'
import { listRefunds } from '../../queries/list-refunds.ts'
import { listWriteOffCases, listWriteOffLists } from '../../../services/write-off/get-write-offs.ts'
import { WRITE_OFF_WORDS } from '../write-off/write-off-view.ts'
import type { FormError, WebDeps } from '../../types.ts'

/** Everything waiting for a second person: suspense clearances over the limit, refunds, write-off cases and lists. */
export async function renderApprovalsPage(deps: Pick<WebDeps, 'db'>, reply: FastifyReply, status: number, errors: FormError[]) {
  const [clearances, refunds, writeOffCases, writeOffLists] = await Promise.all([
    listSuspenseItems(deps.db, 'pending_approval'),
    listRefunds(deps.db, ['pending_approval']),
    listWriteOffCases(deps.db, { statuses: ['prepared'], singleOnly: true }),
    listWriteOffLists(deps.db, ['prepared']),
  ])
  return reply.code(status).view('pages/approvals.njk', { clearances, refunds, writeOffCases, writeOffLists, writeOffWords: WRITE_OFF_WORDS, errors })
}

export function approvalsController(deps: Pick<WebDeps, 'db'>) {
  return {
    async show(request: FastifyRequest, reply: FastifyReply) {
      recordPageView(deps, request, { action: 'approvals.viewed', entityType: 'approval', entityId: 'list' })
      return renderApprovalsPage(deps, reply, 200, [])
    },
  }
}
