import { z } from 'zod'
import { RECEIPTABLE_METHODS } from '../../services/payments/receipt-payment.ts'
import { IsoDate, Pence, PositivePence } from './common.ts'

export const AccountPaymentsResponse = z.object({
  payments: z.array(
    z.object({
      id: z.number().int(),
      receivedOn: IsoDate,
      method: z.string(),
      amountPence: Pence,
      receiptNumber: z.string().nullable(),
      reference: z.string().nullable(),
      importId: z.number().int().nullable(),
      importFileName: z.string().nullable(),
      importLine: z.number().int().nullable(),
      heldPence: Pence,
      reversed: z.boolean(),
      reversalReason: z.string().nullable(),
      movedTo: z.array(z.string()),
      movedFrom: z.array(z.string()),
    }),
  ),
  truncated: z.boolean(),
})

export const PostPaymentBody = z.strictObject({
  amountPence: PositivePence,
  method: z.enum(RECEIPTABLE_METHODS),
  receivedOn: IsoDate.describe('The day the money was received (not after today)'),
  reference: z.string().trim().max(60).optional().describe("The payer's reference, cheque number…"),
  collectedAt: z.string().trim().max(80).optional().describe('Where cash was collected, e.g. a site office'),
})

export const ReceiptResponse = z.object({
  paymentId: z.number().int(),
  receiptNumber: z.string(),
  accountNumber: z.string(),
  method: z.string(),
  amountPence: Pence,
  receivedOn: IsoDate,
  reference: z.string().nullable(),
  balanceAfterPence: Pence,
})

export const IMPORT_FORMATS = ['bank-csv', 'allpay', 'hb-schedule', 'uc-schedule'] as const
/** The largest file the API takes (the same as an upload on the finance page). */
export const MAX_IMPORT_CHARS = 10 * 1024 * 1024

export const ImportPaymentsBody = z.strictObject({
  format: z.enum(IMPORT_FORMATS).describe('bank-csv, allpay (also PayPoint and Post Office files), hb-schedule or uc-schedule'),
  fileName: z.string().trim().min(1).max(200).regex(/^[^/\\]+$/, 'A file name, without folders'),
  content: z.string().min(1).max(MAX_IMPORT_CHARS).describe("The file's text, as received"),
})

export const ImportSummaryResponse = z.object({
  importId: z.number().int(),
  fileId: z.string().nullable(),
  count: z.number().int(),
  totalPence: Pence,
  matched: z.number().int(),
  matchedPence: Pence,
  suspense: z.number().int(),
  suspensePence: Pence,
  byRule: z.record(z.string(), z.number().int()),
})
