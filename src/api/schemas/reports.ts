import { z } from 'zod'
import { IsoDate, Pence } from './common.ts'

export const SuspenseReportQuery = z.strictObject({
  status: z.enum(['outstanding', 'open', 'pending_approval', 'cleared']).default('outstanding'),
})

export const SuspenseReportResponse = z.object({
  status: z.string(),
  count: z.number().int(),
  totalPence: Pence,
  items: z.array(
    z.object({
      id: z.number().int(),
      paymentId: z.number().int(),
      amountPence: Pence,
      reason: z.string(),
      status: z.string(),
      receivedOn: IsoDate,
      method: z.string(),
      reference: z.string().nullable(),
      targetAccountNumber: z.string().nullable(),
    }),
  ),
})

export const ReconciliationQuery = z
  .strictObject({ from: IsoDate, to: IsoDate })
  .refine((q) => q.from <= q.to, { message: 'The start date must be on or before the end date', path: ['from'] })

export const ReconciliationResponse = z.object({
  from: IsoDate,
  to: IsoDate,
  mismatches: z.number().int(),
  rows: z.array(
    z.object({
      date: IsoDate,
      method: z.string(),
      payments: z.number().int(),
      receivedPence: Pence,
      reversedPence: Pence,
      netPence: Pence,
      ledgerPence: Pence,
      differencePence: Pence,
    }),
  ),
  imports: z.array(
    z.object({
      importId: z.number().int(),
      fileName: z.string(),
      format: z.string(),
      importedOn: z.string(),
      declaredTotalPence: Pence.nullable(),
      postedTotalPence: Pence,
      paymentsTotalPence: Pence,
      ok: z.boolean(),
    }),
  ),
})
