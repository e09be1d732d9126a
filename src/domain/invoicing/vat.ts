/**
 * VAT on sundry invoice lines. Most of what a council charges under statute or as a public authority is outside the
 * scope of VAT (care contributions, HB overpayments, court costs, repair recharges and damage claims recovered as
 * compensation, loan principal); storage of goods is a business supply and standard-rated. Which treatment applies
 * to which charge type is dated configuration (`invoicing.vat` in policy_values), never code: rates and rulings change.
 *
 * VAT is worked out per line on the net amount and rounded to the nearest penny, half up (HMRC VAT Notice 700
 * section 17.5 allows rounding per line). Amounts are integer pence; the arithmetic is BigInt so it stays exact.
 */
import { z } from 'zod'
import { assertPence, type Pence } from '../money/pence.ts'

export const VAT_TREATMENTS = ['outside_scope', 'exempt', 'zero_rated', 'standard'] as const
export type VatTreatment = (typeof VAT_TREATMENTS)[number]

export interface VatRule {
  treatment: VatTreatment
  /** Basis points (2000 = 20%); only for `standard`. */
  rateBps: number
}

const VatRuleSchema = z
  .object({ treatment: z.enum(VAT_TREATMENTS), rateBps: z.number().int().min(0).max(10_000).optional() })
  .refine((r) => (r.treatment === 'standard' ? r.rateBps !== undefined && r.rateBps > 0 : !r.rateBps), {
    message: 'a standard-rated charge needs a rateBps above 0; other treatments have none',
  })

/** The `invoicing.vat` policy value: a default treatment and exceptions by charge type. */
export const VatPolicySchema = z.object({
  default: VatRuleSchema,
  byChargeType: z.record(z.string(), VatRuleSchema).default({}),
})
export type VatPolicy = z.infer<typeof VatPolicySchema>

export const VAT_TREATMENT_LABELS: Record<VatTreatment, string> = {
  outside_scope: 'Outside the scope of VAT',
  exempt: 'Exempt from VAT',
  zero_rated: 'Zero-rated',
  standard: 'Standard-rated',
}

/** The rule for a charge type under a policy (the charge type's own rule, else the default). */
export function vatRuleFor(policy: VatPolicy, chargeType: string): VatRule {
  const r = policy.byChargeType[chargeType] ?? policy.default
  return { treatment: r.treatment, rateBps: r.treatment === 'standard' ? (r.rateBps ?? 0) : 0 }
}

/** VAT on a net amount at a rate in basis points, rounded to the penny half up. */
export function vatOn(netPence: Pence, rateBps: number): Pence {
  assertPence(netPence)
  if (netPence < 0) throw new RangeError(`VAT is worked out on a positive net amount, not ${netPence}`)
  if (!Number.isSafeInteger(rateBps) || rateBps < 0 || rateBps > 10_000) throw new RangeError(`Not a VAT rate in basis points: ${rateBps}`)
  const scaled = BigInt(netPence) * BigInt(rateBps)
  return Number((scaled + 5_000n) / 10_000n)
}

/**
 * The net part of a VAT-inclusive (gross) amount at a rate: the largest net whose net + VAT does not exceed the
 * gross. Used to split a partial credit of a standard-rated line back into net and VAT.
 */
export function netOfGross(grossPence: Pence, rateBps: number): Pence {
  assertPence(grossPence)
  if (rateBps === 0) return grossPence
  let net = Number((BigInt(grossPence) * 10_000n) / BigInt(10_000 + rateBps))
  while (net + 1 + vatOn(net + 1, rateBps) <= grossPence) net += 1
  while (net > 0 && net + vatOn(net, rateBps) > grossPence) net -= 1
  return net
}
