import type { z } from 'zod'
import type { Queryable } from '../../db/client.ts'
import { AppError } from '../../errors.ts'

/**
 * Reads a dated policy figure: the value with the latest effective date on or before `onDate`,
 * validated against its schema (a malformed value set by an administrator is a clear error, not a crash later).
 */
export async function getPolicyValue<S extends z.ZodType>(db: Queryable, key: string, onDate: string, schema: S): Promise<z.infer<S>> {
  const [row] = await db.query<{ value: unknown }>(
    `select value from policy_values where key = $1 and effective_from <= $2::date order by effective_from desc limit 1`,
    [key, onDate],
  )
  if (!row) throw new AppError('invalid_state', `No policy value ${key} is in force on ${onDate}`)
  const parsed = schema.safeParse(row.value)
  if (!parsed.success) throw new AppError('invalid_state', `Policy value ${key} in force on ${onDate} is not valid: ${parsed.error.message}`)
  return parsed.data
}
