import type { FastifyReply, FastifyRequest } from 'fastify'
import { todayInLondon } from '../../../domain/calendar/dates.ts'
import { cashReconciliation } from '../../../services/payments/cash-reconciliation.ts'
import { partsOfIso } from '../../form-fields.ts'
import type { WebDeps } from '../../types.ts'
import { validateStatementRange } from '../accounts/statement-range.validator.ts'

type ReconciliationRequest = FastifyRequest<{ Querystring: Record<string, unknown> }>

const DATE_KEYS = ['from', 'to', 'from-day', 'from-month', 'from-year', 'to-day', 'to-month', 'to-year']

/** The daily cash reconciliation for a period (today when none is chosen): each day and method against the ledger. */
export function reconciliationController(deps: WebDeps) {
  return {
    async show(request: ReconciliationRequest, reply: FastifyReply) {
      const today = todayInLondon(deps.now())
      const chosen = DATE_KEYS.some((k) => typeof request.query[k] === 'string' && (request.query[k] as string).trim() !== '')
      const range = chosen
        ? validateStatementRange(request.query, today)
        : { ok: true as const, from: today, to: today, input: { from: partsOfIso(today), to: partsOfIso(today) } }
      if (!range.ok) return reply.code(400).view('pages/finance/reconciliation.njk', { input: range.input, errors: range.errors })
      const report = await cashReconciliation(deps.db, { from: range.from, to: range.to })
      return reply.view('pages/finance/reconciliation.njk', { input: range.input, report, errors: [] })
    },
  }
}
