import { cashReconciliation } from '../../services/payments/cash-reconciliation.ts'
import { listSuspenseItems } from '../../services/payments/suspense.ts'
import { FINANCE_ROLES } from '../../web/roles.ts'
import type { ApiDeps } from '../api-deps.ts'
import { defineRoute, type ApiRouteSpec } from '../define-route.ts'
import { NoParams } from '../schemas/common.ts'
import { ReconciliationQuery, ReconciliationResponse, SuspenseReportQuery, SuspenseReportResponse } from '../schemas/reports.ts'

const REPORT_ROLES = [...FINANCE_ROLES, 'auditor'] as const

/** Finance reports: suspense, and the daily cash reconciliation. */
export function reportRoutes(deps: ApiDeps): ApiRouteSpec[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/reports/suspense',
      operationId: 'getSuspenseReport',
      summary: 'Read the suspense report',
      description: 'Payments that could not be matched to an account, with the total (payer names are left out).',
      tag: 'Reports',
      roles: REPORT_ROLES,
      params: NoParams,
      query: SuspenseReportQuery,
      response: SuspenseReportResponse,
      handler: async ({ query }) => {
        const items = await listSuspenseItems(deps.db, query.status)
        return { status: query.status, count: items.length, totalPence: items.reduce((s, i) => s + i.amountPence, 0), items }
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/reports/cash-reconciliation',
      operationId: 'getCashReconciliation',
      summary: 'Read the cash reconciliation',
      description: 'For each day and payment method, money received less money taken back, against the ledger; and each imported file against its declared total. `from` must be on or before `to`.',
      tag: 'Reports',
      roles: REPORT_ROLES,
      params: NoParams,
      query: ReconciliationQuery,
      response: ReconciliationResponse,
      handler: async ({ query }) => cashReconciliation(deps.db, { from: query.from, to: query.to }),
    }),
  ]
}
