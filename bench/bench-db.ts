import crypto from 'node:crypto'
import { openPglite, openPostgres, type Db } from '../src/db/client.ts'

/**
 * A throwaway database for a benchmark: in-memory PGlite, or a fresh database on the server named by
 * BENCH_DATABASE_ADMIN_URL (dropped again by `dispose`).
 */
export async function openBenchDb(pglite: boolean): Promise<{ db: Db; dispose: () => Promise<void> }> {
  if (pglite) {
    const db = await openPglite()
    return { db, dispose: () => db.close() }
  }
  const adminUrl = process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
  const name = `reeve_bench_${crypto.randomBytes(4).toString('hex')}`
  const admin = await openPostgres(adminUrl, 1)
  await admin.exec(`create database ${name}`)
  await admin.close()
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  const db = await openPostgres(url.toString())
  return {
    db,
    async dispose() {
      await db.close()
      const a = await openPostgres(adminUrl, 1)
      await a.exec(`drop database if exists ${name} with (force)`)
      await a.close()
    },
  }
}
