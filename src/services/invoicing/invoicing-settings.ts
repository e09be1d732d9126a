/**
 * The dated settings invoicing reads (policy_values `invoicing.*`, migration 0009) and the charge types with the
 * accounts they credit.
 */
import { z } from 'zod'
import type { Queryable } from '../../db/client.ts'
import { VatPolicySchema, type VatPolicy } from '../../domain/invoicing/vat.ts'
import { isIsoDate } from '../../domain/calendar/index.ts'
import { AppError } from '../../errors.ts'
import { getPolicyValue } from '../policy/get-policy-value.ts'

export const DocumentTextSchema = z.object({
  howToPay: z.array(z.string().min(1)).min(1),
  dispute: z.string().min(1),
  contact: z.string().min(1),
})
export type DocumentText = z.infer<typeof DocumentTextSchema>

export const CareCycleSchema = z.object({ anchor: z.string().refine(isIsoDate, 'anchor must be a date YYYY-MM-DD') })

export const vatPolicyOn = (db: Queryable, onDate: string): Promise<VatPolicy> => getPolicyValue(db, 'invoicing.vat', onDate, VatPolicySchema)
export const paymentTermsDaysOn = (db: Queryable, onDate: string): Promise<number> =>
  getPolicyValue(db, 'invoicing.payment_terms_days', onDate, z.number().int().min(0).max(365))
export const careAnchorOn = async (db: Queryable, onDate: string): Promise<string> => (await getPolicyValue(db, 'invoicing.care_cycle', onDate, CareCycleSchema)).anchor
export const documentTextOn = (db: Queryable, onDate: string): Promise<DocumentText> => getPolicyValue(db, 'invoicing.document_text', onDate, DocumentTextSchema)

export interface ChargeType {
  code: string
  label: string
  incomeAccountId: number
  /** Customer account types it may be invoiced to; null: any. */
  accountTypes: string[] | null
  fromSourceOnly: boolean
}

export async function loadChargeTypes(db: Queryable): Promise<Map<string, ChargeType>> {
  const rows = await db.query<{ code: string; label: string; income_account_id: number; account_types: string[] | null; from_source_only: boolean }>(
    'select code, label, income_account_id, account_types, from_source_only from invoice_charge_types order by code',
  )
  return new Map(rows.map((r) => [r.code, { code: r.code, label: r.label, incomeAccountId: r.income_account_id, accountTypes: r.account_types, fromSourceOnly: r.from_source_only }]))
}

/** Charge types an officer may type onto an invoice for an account of this type. */
export function chargeTypesFor(types: Map<string, ChargeType>, accountType: string): ChargeType[] {
  return [...types.values()].filter((t) => !t.fromSourceOnly && (t.accountTypes === null || t.accountTypes.includes(accountType)))
}

export async function controlAccountId(db: Queryable, accountNumber: string): Promise<number> {
  const [r] = await db.query<{ id: number }>(`select id from accounts where account_number = $1 and account_class = 'control'`, [accountNumber])
  if (!r) throw new AppError('invalid_state', `Control account ${accountNumber} is missing (migration 0009)`)
  return r.id
}

/**
 * Takes the next `count` numbers of a series from its counter; the row stays locked until the caller's transaction
 * ends, so numbers are used only if the documents commit.
 */
export async function takeDocumentNumbers(tx: Queryable, series: 'INV' | 'CRN', count = 1): Promise<number[]> {
  const [r] = await tx.query<{ last_number: number }>(
    'update document_number_counters set last_number = last_number + $2 where series = $1 returning last_number',
    [series, count],
  )
  const last = r!.last_number
  return Array.from({ length: count }, (_, i) => last - count + 1 + i)
}
