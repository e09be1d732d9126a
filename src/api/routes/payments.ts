import { todayInLondon } from '../../domain/calendar/dates.ts'
import { AppError } from '../../errors.ts'
import { importPaymentFile } from '../../services/payments/import-payment-file.ts'
import { receiptPayment } from '../../services/payments/receipt-payment.ts'
import { FINANCE_ROLES, PAYMENT_ROLES } from '../../web/roles.ts'
import { listAccountPayments } from '../../web/queries/list-account-payments.ts'
import { auditApiRead, type ApiDeps } from '../api-deps.ts'
import { defineRoute, type ApiRouteSpec } from '../define-route.ts'
import { AccountKeyParams, NoParams } from '../schemas/common.ts'
import { AccountPaymentsResponse, ImportPaymentsBody, ImportSummaryResponse, MAX_IMPORT_CHARS, PostPaymentBody, ReceiptResponse } from '../schemas/payments.ts'
import { customerAccountId } from './accounts.ts'

const FILE_FORMATS = {
  'bank-csv': { format: 'bank-csv' },
  allpay: { format: 'allpay' },
  'hb-schedule': { format: 'benefit-schedule', benefitKind: 'housing_benefit' },
  'uc-schedule': { format: 'benefit-schedule', benefitKind: 'universal_credit' },
} as const

/** Money in: an account's payments, receipting one payment, importing a payment file (the same services as the pages). */
export function paymentRoutes(deps: ApiDeps): ApiRouteSpec[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/accounts/:accountKey/payments',
      operationId: 'listAccountPayments',
      summary: "List an account's payments",
      tag: 'Payments',
      roles: [...PAYMENT_ROLES, 'auditor'],
      params: AccountKeyParams,
      response: AccountPaymentsResponse,
      handler: async ({ params, request }) => {
        const { id } = await customerAccountId(deps, params.accountKey)
        auditApiRead(deps, request, { action: 'payments.viewed', entityType: 'account', entityId: id })
        return listAccountPayments(deps.db, id)
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/accounts/:accountKey/payments',
      operationId: 'postPayment',
      summary: 'Post a payment to an account',
      description:
        'Receipts one payment (card, cash, cheque…) to the account, as an officer taking a payment does, and returns the receipt. ' +
        'Needs an Idempotency-Key header: a retry with the same key and body returns the first receipt (header Idempotent-Replayed: true) and posts nothing; the same key with another body is refused with 422.',
      tag: 'Payments',
      roles: PAYMENT_ROLES,
      params: AccountKeyParams,
      body: PostPaymentBody,
      status: 201,
      response: ReceiptResponse,
      idempotency: 'required',
      handler: async ({ params, body, client, db }) => {
        const today = todayInLondon(deps.now())
        if (body.receivedOn > today) throw new AppError('validation', 'The payment cannot be received after today', [{ field: 'body.receivedOn', message: `Must be ${today} or earlier` }])
        const { id } = await customerAccountId({ ...deps, db }, params.accountKey)
        return receiptPayment(db, {
          accountId: id,
          method: body.method,
          amountPence: body.amountPence,
          receivedOn: body.receivedOn,
          postingDate: today,
          reference: body.reference ?? null,
          collectedAt: body.collectedAt ?? null,
          actor: deps.actorOf(client),
        })
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/payment-imports',
      operationId: 'importPaymentFile',
      summary: 'Import a payment file',
      description:
        'Posted whole or not at all; a file imported before (same content or same file id) is refused with 409. ' +
        'Needs an Idempotency-Key header: a retry with the same key and body returns the first summary (Idempotent-Replayed: true).',
      tag: 'Payments',
      roles: FINANCE_ROLES,
      params: NoParams,
      body: ImportPaymentsBody,
      // JSON escaping can make a file's text up to about twice as long on the wire.
      bodyLimit: 2 * MAX_IMPORT_CHARS + 64 * 1024,
      status: 201,
      response: ImportSummaryResponse,
      idempotency: 'required',
      handler: async ({ body, client, db }) => {
        const f = FILE_FORMATS[body.format]
        return importPaymentFile(db, {
          text: body.content,
          fileName: body.fileName,
          format: f.format,
          ...('benefitKind' in f ? { benefitKind: f.benefitKind } : {}),
          today: todayInLondon(deps.now()),
          actor: deps.actorOf(client),
        })
      },
    }),
  ]
}
