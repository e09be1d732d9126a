import { z } from 'zod'

export const IsoDate = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'Expected a date as YYYY-MM-DD').meta({ format: 'date' })
export const Pence = z.number().int().meta({ description: 'Integer pence' })
export const PositivePence = z.number().int().min(1).max(1_000_000_000).meta({ description: 'Integer pence, more than 0' })

/** An account number or payment reference (what officers and letters quote). */
export const AccountKeyParams = z.strictObject({
  accountKey: z.string().regex(/^[A-Za-z0-9-]{1,40}$/, 'Expected an account number or payment reference').describe('Account number or payment reference'),
})

export const PartyRefParams = z.strictObject({
  partyRef: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, 'Expected a party reference').describe("The person's or organisation's reference"),
})

export const NoParams = z.strictObject({})
