import type { FastifyReply, FastifyRequest } from 'fastify'
import { recordPageView } from '../../page-views.ts'
import type { WebDeps } from '../../types.ts'
import { findCustomerAccount } from '../accounts/account.controller.ts'
import { paginationFor } from '../worktray/worktray-filters.validator.ts'
import { validateAuditFilters } from './audit-filters.validator.ts'
import { accountAuditTrail, AUDIT_PAGE_SIZE, searchAuditEvents, type AuditPage } from './search-audit-events.ts'

type SearchRequest = FastifyRequest<{ Querystring: Record<string, unknown> }>
type TrailRequest = FastifyRequest<{ Params: { accountNumber: string }; Querystring: Record<string, unknown> }>

/** Before and after as readable JSON (escaped by the view like any other text). */
const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v, null, 2))

function present(page: AuditPage, hrefFor: (page: number) => string) {
  const firstRow = (page.page - 1) * AUDIT_PAGE_SIZE + 1
  return {
    rows: page.rows.map((r) => ({ ...r, beforeJson: json(r.before), afterJson: json(r.after) })),
    total: page.total,
    firstRow,
    lastRow: firstRow + page.rows.length - 1,
    pagination: paginationFor(page.page, page.pageCount, hrefFor),
  }
}

/** The auditor's search of the audit trail, and one account's trail. Read-only; each search is itself audited. */
export function auditController(deps: WebDeps) {
  return {
    async search(request: SearchRequest, reply: FastifyReply) {
      const result = validateAuditFilters(request.query)
      if (!result.ok) return reply.code(400).view('pages/audit/search.njk', { errors: result.errors, input: result.input, trail: null })
      const { filters, input } = result
      const page = await searchAuditEvents(deps.db, filters)
      recordPageView(deps, request, { action: 'audit.searched', entityType: 'audit_events', entityId: 'search', after: { ...filters } })
      const href = (p: number) => {
        const q = new URLSearchParams()
        for (const [k, v] of Object.entries(input)) if (v && k !== 'page') q.set(k, v)
        if (p > 1) q.set('page', String(p))
        const s = q.toString()
        return `/audit${s ? `?${s}` : ''}`
      }
      return reply.view('pages/audit/search.njk', { errors: [], input, trail: present(page, href) })
    },

    async account(request: TrailRequest, reply: FastifyReply) {
      const account = await findCustomerAccount(deps, request.params.accountNumber)
      const pageText = typeof request.query.page === 'string' ? request.query.page : ''
      const page = /^[1-9]\d{0,5}$/.test(pageText) ? Number(pageText) : 1
      const trail = await accountAuditTrail(deps.db, account.id, page)
      recordPageView(deps, request, { action: 'audit.account_viewed', entityType: 'account', entityId: account.id })
      const base = `/accounts/${encodeURIComponent(account.accountNumber)}/audit`
      return reply.view('pages/audit/account-trail.njk', { account, trail: present(trail, (p) => (p > 1 ? `${base}?page=${p}` : base)) })
    },
  }
}
