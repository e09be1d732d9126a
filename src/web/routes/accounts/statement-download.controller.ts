import type { FastifyReply } from 'fastify'
import { todayInLondon } from '../../../domain/calendar/dates.ts'
import { renderStatementPdf } from '../../../documents/statement-pdf.ts'
import { AppError } from '../../../errors.ts'
import { renderStatementCsv } from '../../../formats/statement-csv.ts'
import { getAccountStatement, type AccountStatement } from '../../../services/statements/get-account-statement.ts'
import { recordPageView } from '../../page-views.ts'
import type { WebDeps } from '../../types.ts'
import { findCustomerAccount, type AccountRequest } from './account.controller.ts'
import { validateStatementRange } from './statement-range.validator.ts'

/** `statement-RNT1000011-2026-01-01-to-2026-03-31.csv`: only characters safe in a Content-Disposition header. */
export function statementFilename(s: AccountStatement, extension: 'csv' | 'pdf'): string {
  const safe = (text: string) => text.replace(/[^A-Za-z0-9._-]/g, '-')
  return `statement-${safe(s.account.accountNumber)}-${s.statement.from}-to-${s.statement.to}.${extension}`
}

async function loadStatement(deps: WebDeps, request: AccountRequest, format: 'csv' | 'pdf'): Promise<AccountStatement> {
  const account = await findCustomerAccount(deps, request.params.accountNumber)
  const range = validateStatementRange(request.query, todayInLondon(deps.now()))
  if (!range.ok) throw new AppError('validation', range.errors.map((e) => e.text).join('. '))
  const statement = await getAccountStatement(deps.db, account.id, range)
  const after = { format, from: range.from, to: range.to }
  recordPageView(deps, request, { action: 'statement.downloaded', entityType: 'account', entityId: account.id, after })
  return statement
}

function attachment(reply: FastifyReply, contentType: string, filename: string): FastifyReply {
  return reply.type(contentType).header('content-disposition', `attachment; filename="${filename}"`)
}

export function statementDownloadController(deps: WebDeps) {
  return {
    async csv(request: AccountRequest, reply: FastifyReply) {
      const s = await loadStatement(deps, request, 'csv')
      return attachment(reply, 'text/csv; charset=utf-8', statementFilename(s, 'csv')).send(renderStatementCsv(s))
    },

    async pdf(request: AccountRequest, reply: FastifyReply) {
      const s = await loadStatement(deps, request, 'pdf')
      const pdf = await renderStatementPdf(s, {
        councilName: deps.council.name,
        councilAddress: deps.council.address,
        generatedOn: todayInLondon(deps.now()),
      })
      return attachment(reply, 'application/pdf', statementFilename(s, 'pdf')).send(pdf)
    },
  }
}
