import type { FastifyReply, FastifyRequest } from 'fastify'
import { todayInLondon } from '../../../domain/calendar/dates.ts'
import { isAppError } from '../../../errors.ts'
import { receiptPayment, RECEIPTABLE_METHODS } from '../../../services/payments/receipt-payment.ts'
import type { AccountSummary } from '../../../services/statements/get-account-statement.ts'
import { requestActor } from '../../actor.ts'
import { formErrorsFrom } from '../../form-fields.ts'
import type { FormError, WebDeps } from '../../types.ts'
import { findCustomerAccount } from '../accounts/account.controller.ts'
import { blankTakePayment, validateTakePayment, type TakePaymentInput } from './take-payment.validator.ts'

type TakePaymentRequest = FastifyRequest<{ Params: { accountNumber: string } }>

const SERVICE_FIELDS = { method: '#method', amount: '#amount', receivedOn: '#receivedOn-day' }

function render(reply: FastifyReply, status: number, account: AccountSummary, input: TakePaymentInput, errors: FormError[]) {
  return reply.code(status).view('pages/payments/take-payment.njk', { account, input, errors, methods: RECEIPTABLE_METHODS })
}

/** Take a payment at the counter or by phone: the form, then a receipt (post-redirect-get to the receipt page). */
export function takePaymentController(deps: WebDeps) {
  const today = () => todayInLondon(deps.now())
  return {
    async show(request: TakePaymentRequest, reply: FastifyReply) {
      const account = await findCustomerAccount(deps, request.params.accountNumber)
      return render(reply, 200, account, blankTakePayment(today()), [])
    },

    async take(request: TakePaymentRequest, reply: FastifyReply) {
      const account = await findCustomerAccount(deps, request.params.accountNumber)
      const result = validateTakePayment(request.body, today())
      if (!result.ok) return render(reply, 400, account, result.input, result.errors)
      try {
        const receipt = await receiptPayment(deps.db, { accountId: account.id, ...result.form, postingDate: today(), actor: requestActor(request) })
        return reply.redirect(`/receipts/${encodeURIComponent(receipt.receiptNumber)}`, 303)
      } catch (err) {
        if (!isAppError(err) || err.code !== 'validation') throw err
        return render(reply, 400, account, result.input, formErrorsFrom(err, SERVICE_FIELDS, '#amount'))
      }
    },
  }
}
