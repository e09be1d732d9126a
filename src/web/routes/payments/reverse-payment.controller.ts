import type { FastifyReply } from 'fastify'
import { todayInLondon } from '../../../domain/calendar/dates.ts'
import { formatPounds } from '../../../domain/money/pence.ts'
import { reversePayment } from '../../../services/payments/reverse-payment.ts'
import { requestActor } from '../../actor.ts'
import { setFlash } from '../../flash.ts'
import { refusalOf } from '../../refusal.ts'
import type { PaymentForCorrection } from '../../queries/find-payment.ts'
import type { FormError, WebDeps } from '../../types.ts'
import { backPathFor, paymentFromUrl, type PaymentRequest } from './payment-params.ts'
import { REVERSAL_REASONS, validateReversePayment, type ReversePaymentInput } from './reverse-payment.validator.ts'

function render(reply: FastifyReply, status: number, payment: PaymentForCorrection, input: ReversePaymentInput, errors: FormError[]) {
  return reply
    .code(status)
    .view('pages/payments/reverse-payment.njk', { payment, input, errors, reasons: REVERSAL_REASONS, backPath: backPathFor(payment) })
}

/** Reverse a payment (dishonoured cheque, recalled card payment…): the confirm form, then back to the account. */
export function reversePaymentController(deps: WebDeps) {
  return {
    async show(request: PaymentRequest, reply: FastifyReply) {
      const payment = await paymentFromUrl(deps, request)
      return render(reply, 200, payment, { reason: '', note: '' }, [])
    },

    async reverse(request: PaymentRequest, reply: FastifyReply) {
      const payment = await paymentFromUrl(deps, request)
      const result = validateReversePayment(request.body)
      if (!result.ok) return render(reply, 400, payment, result.input, result.errors)
      const today = todayInLondon(deps.now())
      const actor = requestActor(request)
      try {
        await deps.db.transaction((tx) =>
          reversePayment(tx, { paymentId: payment.id, ...result.form, effectiveDate: today, postingDate: today, actor }),
        )
      } catch (err) {
        const refused = refusalOf(err, '#reason')
        return render(reply, refused.status, payment, result.input, refused.errors)
      }
      const reason = REVERSAL_REASONS.find((r) => r.value === result.form.reason)!.text
      setFlash(request, { heading: `Payment of ${formatPounds(payment.amountPence)} reversed`, lines: [`Reason: ${reason}.`] })
      return reply.redirect(backPathFor(payment), 303)
    },
  }
}
