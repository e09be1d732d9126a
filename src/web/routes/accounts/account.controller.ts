import type { FastifyReply, FastifyRequest } from 'fastify'
import { todayInLondon } from '../../../domain/calendar/dates.ts'
import { balancePointsFromStatement, renderBalanceChartSvg } from '../../../documents/balance-chart-svg.ts'
import { getAccountStatement, getAccountSummary, type AccountSummary } from '../../../services/statements/get-account-statement.ts'
import { AppError } from '../../../errors.ts'
import { recordPageView } from '../../page-views.ts'
import { listAccountPayments } from '../../queries/list-account-payments.ts'
import type { WebDeps } from '../../types.ts'
import { timelineSection } from '../contacts/timeline-section.ts'
import { validateStatementRange } from './statement-range.validator.ts'

export type AccountRequest = FastifyRequest<{ Params: { accountNumber: string }; Querystring: Record<string, unknown> }>

/**
 * The account a URL names. Control (general ledger) accounts have no payment reference and are not customer
 * accounts, so they are "not found" here rather than shown as if someone owed them.
 */
export async function findCustomerAccount(deps: Pick<WebDeps, 'db'>, key: string): Promise<AccountSummary> {
  const account = await getAccountSummary(deps.db, key)
  if (account.paymentReference === null) throw new AppError('not_found', `No account ${key}`)
  return account
}

export function accountController(deps: WebDeps) {
  return {
    async show(request: AccountRequest, reply: FastifyReply) {
      const { accountNumber } = request.params
      const account = await findCustomerAccount(deps, accountNumber)
      // One address per account: a payment reference or id in the URL goes to the account number's page.
      if (account.accountNumber !== accountNumber) {
        const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : ''
        return reply.redirect(`/accounts/${encodeURIComponent(account.accountNumber)}${query}`, 301)
      }
      const range = validateStatementRange(request.query, todayInLondon(deps.now()))
      recordPageView(deps, request, { action: 'account.viewed', entityType: 'account', entityId: account.id })
      const payments = await listAccountPayments(deps.db, account.id)
      const timeline = await timelineSection(deps.db, account.id, request.user)
      if (!range.ok) return reply.code(400).view('pages/account.njk', { account, payments, timeline, errors: range.errors, input: range.input })

      const { statement } = await getAccountStatement(deps.db, account.id, range)
      const chartTitle = `Balance of account ${account.accountNumber}`
      const chartSvg = renderBalanceChartSvg(balancePointsFromStatement(statement), { title: chartTitle })
      const downloadQuery = new URLSearchParams({ from: range.from, to: range.to }).toString()
      return reply.view('pages/account.njk', { account, payments, timeline, statement, chartSvg, input: range.input, downloadQuery, errors: [] })
    },
  }
}
