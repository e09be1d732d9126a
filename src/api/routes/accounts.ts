import { todayInLondon } from '../../domain/calendar/dates.ts'
import { AppError } from '../../errors.ts'
import { getPersonDebt } from '../../services/one-view/person-debt.ts'
import { getAccountStatement, getAccountSummary } from '../../services/statements/get-account-statement.ts'
import { ROLES } from '../../services/users/create-user.ts'
import { findAccountByReference } from '../../web/queries/find-account-by-reference.ts'
import { searchAccounts } from '../../web/queries/search-accounts.ts'
import { auditApiRead, type ApiDeps } from '../api-deps.ts'
import { defineRoute, type ApiRouteSpec } from '../define-route.ts'
import { AccountSearchQuery, AccountSearchResponse, AccountSummarySchema, StatementQuery, StatementResponse } from '../schemas/accounts.ts'
import { AccountKeyParams, PartyRefParams } from '../schemas/common.ts'
import { PersonDebtResponse } from '../schemas/recovery.ts'

/** A customer account by account number or payment reference, or a 404. */
export async function customerAccountId(deps: ApiDeps, accountKey: string): Promise<{ id: number; accountNumber: string }> {
  const account = await findAccountByReference(deps.db, accountKey)
  if (!account) throw new AppError('not_found', `No customer account ${accountKey}`)
  return account
}

/** Parties and accounts: search, an account, its statement, a person's one view of debt. Every role may read them. */
export function accountRoutes(deps: ApiDeps): ApiRouteSpec[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/accounts',
      operationId: 'searchAccounts',
      summary: 'Search customer accounts',
      tag: 'Accounts',
      roles: ROLES,
      query: AccountSearchQuery,
      response: AccountSearchResponse,
      handler: async ({ query }) => searchAccounts(deps.db, query.q),
    }),
    defineRoute({
      method: 'GET',
      url: '/accounts/:accountKey',
      operationId: 'getAccount',
      summary: 'Read an account',
      description: 'The account, its holders, its property and its balance.',
      tag: 'Accounts',
      roles: ROLES,
      params: AccountKeyParams,
      response: AccountSummarySchema,
      handler: async ({ params, request }) => {
        const { id } = await customerAccountId(deps, params.accountKey)
        auditApiRead(deps, request, { action: 'account.viewed', entityType: 'account', entityId: id })
        return getAccountSummary(deps.db, id)
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/accounts/:accountKey/statement',
      operationId: 'getStatement',
      summary: 'Read a statement of account',
      description: 'Opening balance, every posting by effective date with a running balance, closing balance. `from` must be on or before `to`.',
      tag: 'Accounts',
      roles: ROLES,
      params: AccountKeyParams,
      query: StatementQuery,
      response: StatementResponse,
      handler: async ({ params, query, request }) => {
        const { id } = await customerAccountId(deps, params.accountKey)
        auditApiRead(deps, request, { action: 'statement.viewed', entityType: 'account', entityId: id, after: { from: query.from, to: query.to } })
        return getAccountStatement(deps.db, id, { from: query.from, to: query.to })
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/parties/:partyRef/debt',
      operationId: 'getPartyDebt',
      summary: "Read a person's debts",
      description: 'The one view of debt: every account the person is liable for, with arrears, stage, holds and arrangement.',
      tag: 'Parties',
      roles: ROLES,
      params: PartyRefParams,
      response: PersonDebtResponse,
      handler: async ({ params, client }) => {
        const view = await getPersonDebt(deps.db, params.partyRef, { role: client.role, actor: deps.actorOf(client), today: todayInLondon(deps.now()) })
        if (!view) throw new AppError('not_found', `No party ${params.partyRef}`)
        return view
      },
    }),
  ]
}
