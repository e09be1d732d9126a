/**
 * The council's recovery policy figures, read from dated `policy_values` (migration 0006) and validated, so a
 * malformed value set by an administrator is a clear error rather than a wrong recommendation.
 */
import { z } from 'zod'
import type { Queryable } from '../../db/client.ts'
import { isIsoDate } from '../../domain/calendar/dates.ts'
import { getPolicyValue } from '../policy/get-policy-value.ts'

const points = z.number().int().min(-1000).max(1000)
const bands = z.array(z.tuple([z.number().int().min(0), points]))

export const PrioritySchema = z.object({
  perArrearsWeek: points,
  maxArrearsWeeks: z.number().int().min(0).max(520),
  /** [threshold pence, points]: the highest band reached counts. */
  amountBands: bands,
  risingTrend: points,
  fallingTrend: points,
  /** [days without a payment, points]: the highest band reached counts. */
  noPaymentDays: bands,
  neverPaid: points,
  actionWeights: z.record(z.string(), points),
  orderBreached: points,
  vulnerableSupport: points,
  vulnerableEnforcement: points,
})
export type PriorityWeights = z.infer<typeof PrioritySchema>

export const CourtFeesSchema = z.object({
  possessionClaim: z.number().int().min(0),
  warrantOfPossession: z.number().int().min(0),
  n244OnNotice: z.number().int().min(0),
  n244ByConsent: z.number().int().min(0),
})
export type CourtFees = z.infer<typeof CourtFeesSchema>

export interface RecoverySettings {
  commencements: Record<string, string>
  benefitGraceDays: number
  minContactAttempts: number
  orderTermsTolerance: { amountPence: number; graceDays: number }
  priority: PriorityWeights
}

const Commencements = z.record(z.string(), z.string().refine((s) => isIsoDate(s), 'must be a date YYYY-MM-DD'))

export async function readRecoverySettings(db: Queryable, onDate: string): Promise<RecoverySettings> {
  const [commencements, benefitGraceDays, pap, tolerance, priority] = await Promise.all([
    getPolicyValue(db, 'recovery.commencements', onDate, Commencements),
    getPolicyValue(db, 'recovery.benefit_grace_days', onDate, z.number().int().min(0).max(90)),
    getPolicyValue(db, 'recovery.pap', onDate, z.object({ minContactAttempts: z.number().int().min(0).max(20) })),
    getPolicyValue(db, 'recovery.order_terms_tolerance', onDate, z.object({ amountPence: z.number().int().min(0), graceDays: z.number().int().min(0).max(60) })),
    getPolicyValue(db, 'recovery.priority', onDate, PrioritySchema),
  ])
  return { commencements, benefitGraceDays, minContactAttempts: pap.minContactAttempts, orderTermsTolerance: tolerance, priority }
}

export async function readCourtFees(db: Queryable, onDate: string): Promise<CourtFees> {
  return getPolicyValue(db, 'recovery.court_fees', onDate, CourtFeesSchema)
}
