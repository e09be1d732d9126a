import type { FastifyReply, FastifyRequest } from 'fastify'
import { todayInLondon } from '../../../domain/calendar/dates.ts'
import { AppError } from '../../../errors.ts'
import { requestRefund } from '../../../services/payments/refunds.ts'
import type { AccountSummary } from '../../../services/statements/get-account-statement.ts'
import { requestActor } from '../../actor.ts'
import { formErrorsFrom } from '../../form-fields.ts'
import { refusalOf } from '../../refusal.ts'
import type { FormError, WebDeps } from '../../types.ts'
import { findCustomerAccount } from '../accounts/account.controller.ts'
import { validateRefundRequest, type RefundRequestInput } from './refund-request.validator.ts'

type AccountRequest = FastifyRequest<{ Params: { accountNumber: string } }>

const SERVICE_FIELDS = { bankSortCode: '#sortCode', bankAccountNumber: '#bankAccountNumber', reason: '#reason' }
const BLANK: RefundRequestInput = { method: '', sortCode: '', bankAccountNumber: '', reason: '' }

function render(reply: FastifyReply, status: number, account: AccountSummary, input: RefundRequestInput, errors: FormError[]) {
  return reply.code(status).view('pages/refund-request.njk', { account, input, errors })
}

const accountPath = (a: AccountSummary) => `/accounts/${encodeURIComponent(a.accountNumber)}`

/**
 * Ask for a refund of a credit balance. The service first offsets the credit against the same people's other
 * debts; what is left waits for someone else's approval. The result page says which happened.
 */
export function refundRequestController(deps: WebDeps) {
  return {
    async show(request: AccountRequest, reply: FastifyReply) {
      const account = await findCustomerAccount(deps, request.params.accountNumber)
      return render(reply, 200, account, BLANK, [])
    },

    async request(request: AccountRequest, reply: FastifyReply) {
      const account = await findCustomerAccount(deps, request.params.accountNumber)
      const result = validateRefundRequest(request.body)
      if (!result.ok) return render(reply, 400, account, result.input, result.errors)
      try {
        const done = await requestRefund(deps.db, {
          accountNumber: account.accountNumber,
          ...result.form,
          today: todayInLondon(deps.now()),
          actor: requestActor(request),
        })
        request.session.refundRequested = { accountNumber: account.accountNumber, ...done }
      } catch (err) {
        const refused = refusalOf(err, '#method')
        const errors = err instanceof AppError && err.details.length ? formErrorsFrom(err, SERVICE_FIELDS, '#method') : refused.errors
        return render(reply, refused.status, account, result.input, errors)
      }
      return reply.redirect(`${accountPath(account)}/refund/requested`, 303)
    },

    async requested(request: AccountRequest, reply: FastifyReply) {
      const account = await findCustomerAccount(deps, request.params.accountNumber)
      const outcome = request.session.refundRequested
      if (!outcome || outcome.accountNumber !== account.accountNumber) return reply.redirect(accountPath(account), 303)
      delete request.session.refundRequested
      return reply.view('pages/refund-requested.njk', { account, outcome })
    },
  }
}
