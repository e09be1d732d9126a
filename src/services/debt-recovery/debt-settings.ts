/**
 * The dated policy figures debt recovery uses (migration 0010): the money claim fee table (HMCTS EX50 bands), the
 * enforcement fees [U], the Pre-Action Protocol for Debt Claims periods, and the tolerance for judgment terms (the
 * recovery module's `recovery.order_terms_tolerance`, which names judgment instalments). Validated on the way out.
 */
import { z } from 'zod'
import type { Queryable } from '../../db/client.ts'
import { feeTableProblems, type FeeTable, type JudgmentTolerance, type PapDebtRules } from '../../domain/debt-recovery/index.ts'
import { getPolicyValue } from '../policy/get-policy-value.ts'

const pence = z.number().int().min(0)

export const FeeTableSchema = z
  .object({
    confirmed: z.boolean(),
    bands: z.array(z.object({ upToPence: z.number().int().positive().nullable(), feePence: pence.optional(), basisPoints: z.number().int().min(0).max(10_000).optional() })),
  })
  .superRefine((t, ctx) => {
    for (const message of feeTableProblems(t as FeeTable)) ctx.addIssue({ code: 'custom', message })
  })

export const EnforcementFeesSchema = z.object({
  confirmed: z.boolean(),
  attachment_of_earnings: pence,
  warrant_of_control: pence,
  high_court_writ: pence,
  charging_order: pence,
  third_party_debt_order: pence,
})
export type EnforcementFees = z.infer<typeof EnforcementFeesSchema>

const days = z.number().int().min(0).max(365)
export const PapDebtSchema = z.object({ replyDays: days, afterReplyDays: days, afterDocumentsDays: days, afterDisputeAnswerDays: days })

export async function readMoneyClaimFees(db: Queryable, onDate: string): Promise<FeeTable> {
  return (await getPolicyValue(db, 'debt_recovery.money_claim_fees', onDate, FeeTableSchema)) as FeeTable
}

export async function readEnforcementFees(db: Queryable, onDate: string): Promise<EnforcementFees> {
  return getPolicyValue(db, 'debt_recovery.enforcement_fees', onDate, EnforcementFeesSchema)
}

export async function readPapDebtRules(db: Queryable, onDate: string): Promise<PapDebtRules> {
  return getPolicyValue(db, 'debt_recovery.pap_debt', onDate, PapDebtSchema)
}

export async function readJudgmentTolerance(db: Queryable, onDate: string): Promise<JudgmentTolerance> {
  return getPolicyValue(db, 'recovery.order_terms_tolerance', onDate, z.object({ amountPence: pence, graceDays: z.number().int().min(0).max(60) }))
}
