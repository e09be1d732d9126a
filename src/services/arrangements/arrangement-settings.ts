import { z } from 'zod'
import type { Queryable } from '../../db/client.ts'
import { ACCOUNT_TYPES } from '../../domain/recovery/index.ts'
import { getPolicyValue } from '../policy/get-policy-value.ts'

const settingsSchema = z.object({
  tolerance: z.object({ amountPence: z.number().int().min(0), days: z.number().int().min(0) }),
  minimumInstalmentPence: z.number().int().min(1),
  priorityOrder: z.array(z.array(z.enum(ACCOUNT_TYPES)).min(1)),
  withinTier: z.enum(['pro_rata', 'oldest_first']),
  breachIsFinal: z.boolean(),
})
export type ArrangementSettings = z.infer<typeof settingsSchema>

/** The council's arrangement defaults in force on a date (`policy_values` key `arrangements.defaults`). */
export function arrangementSettings(db: Queryable, onDate: string): Promise<ArrangementSettings> {
  return getPolicyValue(db, 'arrangements.defaults', onDate, settingsSchema)
}
