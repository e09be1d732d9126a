import { z } from 'zod'
import { IsoDate, Pence } from './common.ts'

export const AccountSummarySchema = z.object({
  id: z.number().int(),
  accountNumber: z.string(),
  paymentReference: z.string().nullable(),
  accountType: z.string(),
  name: z.string(),
  status: z.string(),
  openedOn: IsoDate,
  closedOn: IsoDate.nullable(),
  tenancyRef: z.string().nullable(),
  tenure: z.string().nullable(),
  propertyAddress: z.string().nullable(),
  patchName: z.string().nullable(),
  parties: z.array(z.object({ id: z.number().int(), partyRef: z.string(), name: z.string() })),
  balancePence: Pence.meta({ description: 'Positive: owed to the council; negative: in credit' }),
})

export const AccountSearchQuery = z.strictObject({
  q: z.string().trim().min(2, 'Enter at least 2 characters').max(100).describe('Account number, payment reference, name, address or postcode'),
})

export const AccountSearchResponse = z.object({
  results: z.array(
    z.object({ accountNumber: z.string(), accountType: z.string(), names: z.array(z.string()), address: z.string().nullable(), balancePence: Pence, status: z.string() }),
  ),
  truncated: z.boolean(),
})

export const StatementQuery = z
  .strictObject({ from: IsoDate.describe('First day, YYYY-MM-DD'), to: IsoDate.describe('Last day, YYYY-MM-DD') })
  .refine((q) => q.from <= q.to, { message: 'The start date must be on or before the end date', path: ['from'] })

export const StatementResponse = z.object({
  account: AccountSummarySchema,
  statement: z.object({
    from: IsoDate,
    to: IsoDate,
    openingBalancePence: Pence,
    closingBalancePence: Pence,
    totalDebitsPence: Pence,
    totalCreditsPence: Pence,
    lines: z.array(
      z.object({
        postingId: z.number().int(),
        effectiveDate: IsoDate,
        postingDate: IsoDate,
        description: z.string(),
        postingType: z.string(),
        txnType: z.string(),
        amountPence: Pence,
        debitPence: Pence,
        creditPence: Pence,
        balancePence: Pence,
      }),
    ),
  }),
})
