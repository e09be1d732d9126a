import type { FastifyInstance } from 'fastify'
import { requireRole } from '../../middleware/require-signed-in.ts'
import { PAYMENT_ROLES } from '../../roles.ts'
import type { WebDeps } from '../../types.ts'
import { movePaymentController } from './move-payment.controller.ts'
import { receiptController } from './receipt.controller.ts'
import { reversePaymentController } from './reverse-payment.controller.ts'
import { takePaymentController } from './take-payment.controller.ts'

/** Taking payments and correcting them: officers, team leaders and finance. Auditors may read receipts. */
export async function paymentsRouter(app: FastifyInstance, deps: WebDeps): Promise<void> {
  await app.register(async (officers) => {
    officers.addHook('onRequest', requireRole(...PAYMENT_ROLES))
    const take = takePaymentController(deps)
    const reverse = reversePaymentController(deps)
    const move = movePaymentController(deps)
    officers.get('/accounts/:accountNumber/payments/new', take.show)
    officers.post('/accounts/:accountNumber/payments/new', take.take)
    officers.get('/payments/:paymentId/reverse', reverse.show)
    officers.post('/payments/:paymentId/reverse', reverse.reverse)
    officers.get('/payments/:paymentId/move', move.show)
    officers.post('/payments/:paymentId/move', move.move)
  })

  await app.register(async (readers) => {
    readers.addHook('onRequest', requireRole(...PAYMENT_ROLES, 'auditor'))
    const receipt = receiptController(deps)
    readers.get('/receipts/:receiptNumber', receipt.show)
    readers.get('/receipts/:receiptNumber.pdf', receipt.pdf)
  })
}
