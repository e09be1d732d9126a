import type { FastifyReply, FastifyRequest } from 'fastify'
import { todayInLondon } from '../../../domain/calendar/dates.ts'
import { exportApprovedRefunds } from '../../../services/payments/refunds.ts'
import { requestActor } from '../../actor.ts'
import { safeFilename, sendAttachment } from '../../downloads.ts'
import { setFlash } from '../../flash.ts'
import { recordPageView } from '../../page-views.ts'
import { listRefunds } from '../../queries/list-refunds.ts'
import type { FormError, WebDeps } from '../../types.ts'

/** Refunds waiting for approval and those approved but not yet sent to finance. Also shown after a refused decision. */
export async function renderRefundsPage(deps: Pick<WebDeps, 'db'>, reply: FastifyReply, status: number, errors: FormError[]) {
  const [pending, approved] = await Promise.all([listRefunds(deps.db, ['pending_approval']), listRefunds(deps.db, ['approved'])])
  const approvedPence = approved.reduce((sum, r) => sum + r.amountPence, 0)
  return reply.code(status).view('pages/finance/refunds.njk', { pending, approved, approvedPence, errors })
}

/** The refunds list, and the export of approved refunds as a CSV file for the finance system (each exported once). */
export function refundsController(deps: WebDeps) {
  return {
    async list(request: FastifyRequest, reply: FastifyReply) {
      recordPageView(deps, request, { action: 'refunds.viewed', entityType: 'refund', entityId: 'list' })
      return renderRefundsPage(deps, reply, 200, [])
    },

    async exportApproved(request: FastifyRequest, reply: FastifyReply) {
      const today = todayInLondon(deps.now())
      const exported = await exportApprovedRefunds(deps.db, { fileName: `refunds-${today}.csv`, actor: requestActor(request) })
      if (exported.exportId === null) {
        setFlash(request, { heading: 'There were no approved refunds to export' })
        return reply.redirect('/finance/refunds', 303)
      }
      // The one response to a POST that is not a redirect: the file is the result, and the list no longer shows them.
      const filename = safeFilename(`refunds-${today}-export-${exported.exportId}.csv`)
      return sendAttachment(reply, 'text/csv; charset=utf-8', filename, exported.csv)
    },
  }
}
