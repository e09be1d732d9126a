import { loadConfig, type Config } from '../config.ts'
import { openDb, type Db } from '../db/client.ts'
import { migrate } from '../db/migrate.ts'
import { todayInLondon } from '../domain/calendar/dates.ts'
import { AppError } from '../errors.ts'
import { z } from 'zod'
import { parsePounds } from '../domain/money/pence.ts'

/** Opens the configured database (PGlite in the data folder unless DATABASE_URL is set), migrated. */
export async function openConfiguredDb(config: Config = loadConfig()): Promise<Db> {
  const db = await openDb({ databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir })
  await migrate(db)
  return db
}

export async function withDb<T>(fn: (db: Db, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig()
  const db = await openConfiguredDb(config)
  try {
    return await fn(db, config)
  } finally {
    await db.close()
  }
}

export const today = (): string => todayInLondon(new Date())

/** Validates command-line options with a schema; a bad option is a clear error naming it. */
export function parseOptions<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const r = schema.safeParse(raw)
  if (!r.success) {
    const details = r.error.issues.map((i) => ({ field: `--${String(i.path[0] ?? '')}`, message: i.message }))
    throw new AppError('validation', details.map((d) => `${d.field}: ${d.message}`).join('; '), details)
  }
  return r.data
}

export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')

/** An amount in pounds on the command line (`25`, `1,234.56`), as integer pence. */
export const pounds = z.string().transform((s, ctx) => {
  try {
    return parsePounds(s)
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: e instanceof Error ? e.message : 'not an amount' })
    return z.NEVER
  }
})
