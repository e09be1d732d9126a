import crypto from 'node:crypto'
import type { FastifyReply } from 'fastify'
import { todayInLondon } from '../../../domain/calendar/dates.ts'
import { formatPounds } from '../../../domain/money/pence.ts'
import { reallocatePayment } from '../../../services/payments/reallocate-payment.ts'
import { requestActor } from '../../actor.ts'
import { setFlash } from '../../flash.ts'
import { refusalOf } from '../../refusal.ts'
import { findAccountByReference } from '../../queries/find-account-by-reference.ts'
import type { PaymentForCorrection } from '../../queries/find-payment.ts'
import type { FormError, WebDeps } from '../../types.ts'
import { backPathFor, paymentFromUrl, type PaymentRequest } from './payment-params.ts'
import { validateMovePayment, type MovePaymentInput } from './move-payment.validator.ts'

function render(reply: FastifyReply, status: number, payment: PaymentForCorrection, input: MovePaymentInput, errors: FormError[]) {
  return reply.code(status).view('pages/payments/move-payment.njk', { payment, input, errors, backPath: backPathFor(payment) })
}

/** Move a payment credited to the wrong account to the right one; both statements show the move. */
export function movePaymentController(deps: WebDeps) {
  return {
    async show(request: PaymentRequest, reply: FastifyReply) {
      const payment = await paymentFromUrl(deps, request)
      return render(reply, 200, payment, { target: '', reason: '' }, [])
    },

    async move(request: PaymentRequest, reply: FastifyReply) {
      const payment = await paymentFromUrl(deps, request)
      const result = validateMovePayment(request.body)
      if (!result.ok) return render(reply, 400, payment, result.input, result.errors)
      const from = payment.account
      if (!from) {
        const errors = [{ text: 'This payment is not on a customer account: clear it from the suspense page', href: '#target' }]
        return render(reply, 422, payment, result.input, errors)
      }
      const target = await findAccountByReference(deps.db, result.form.target)
      if (!target || target.id === from.id) {
        const text = target ? 'The payment is already on that account: enter a different account' : 'There is no account with that account number or payment reference'
        return render(reply, 400, payment, result.input, [{ text, href: '#target' }])
      }
      const today = todayInLondon(deps.now())
      try {
        await deps.db.transaction((tx) =>
          reallocatePayment(tx, {
            paymentId: payment.id,
            fromAccountId: from.id,
            toAccountId: target.id,
            reason: result.form.reason,
            effectiveDate: today,
            postingDate: today,
            actor: requestActor(request),
            idempotencyKey: `web-move:${payment.id}:${crypto.randomUUID()}`,
          }),
        )
      } catch (err) {
        const refused = refusalOf(err, '#target')
        return render(reply, refused.status, payment, result.input, refused.errors)
      }
      setFlash(request, { heading: `Payment of ${formatPounds(from.heldPence)} moved to account ${target.accountNumber}` })
      return reply.redirect(backPathFor(payment), 303)
    },
  }
}
