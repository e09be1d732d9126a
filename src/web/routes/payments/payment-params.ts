import type { FastifyRequest } from 'fastify'
import { AppError } from '../../../errors.ts'
import { findPayment, type PaymentForCorrection } from '../../queries/find-payment.ts'
import type { WebDeps } from '../../types.ts'

export type PaymentRequest = FastifyRequest<{ Params: { paymentId: string } }>

/** The payment a `/payments/:paymentId/...` URL names; anything but a whole number is simply not found. */
export async function paymentFromUrl(deps: Pick<WebDeps, 'db'>, request: PaymentRequest): Promise<PaymentForCorrection> {
  const { paymentId } = request.params
  if (!/^[1-9]\d{0,14}$/.test(paymentId)) throw new AppError('not_found', `No payment ${paymentId}`)
  return findPayment(deps.db, Number(paymentId))
}

/** Where to go back to from a payment's pages: the account it is on, else suspense. */
export function backPathFor(payment: PaymentForCorrection): string {
  return payment.account ? `/accounts/${encodeURIComponent(payment.account.accountNumber)}#payments` : '/finance/suspense'
}

