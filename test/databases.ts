import crypto from 'node:crypto'
import { afterAll, beforeAll, describe } from 'vitest'
import { openPglite, openPostgres, type Db } from '../src/db/client.ts'
import { migrate } from '../src/db/migrate.ts'

/**
 * Every database test runs twice: on embedded PGlite and on the real PostgreSQL server, each in a
 * throwaway database. The server is required unless REEVE_TEST_POSTGRES=skip (then only PGlite runs,
 * and the suite says so): a silently skipped server would hide dialect differences.
 */
export type TestDbKind = 'pglite' | 'postgres'

export const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

export const testDbKinds: TestDbKind[] = process.env.REEVE_TEST_POSTGRES === 'skip' ? ['pglite'] : ['pglite', 'postgres']

export interface TestDb {
  db: Db
  dispose(): Promise<void>
}

export async function createTestDb(kind: TestDbKind): Promise<TestDb> {
  if (kind === 'pglite') {
    const db = await openPglite()
    await migrate(db)
    return { db, dispose: () => db.close() }
  }
  const name = `reeve_test_${process.pid}_${crypto.randomBytes(4).toString('hex')}`
  const admin = await openPostgres(ADMIN_URL, 1)
  try {
    await admin.exec(`create database ${name}`)
  } finally {
    await admin.close()
  }
  const url = new URL(ADMIN_URL)
  url.pathname = `/${name}`
  const db = await openPostgres(url.toString())
  await migrate(db)
  return {
    db,
    async dispose() {
      await db.close()
      const a = await openPostgres(ADMIN_URL, 1)
      try {
        await a.exec(`drop database if exists ${name} with (force)`)
      } finally {
        await a.close()
      }
    },
  }
}

/** describe() the block once per database kind; `ctx.db` is a fresh migrated database for the block. */
export function describeEachDb(title: string, body: (ctx: { readonly db: Db; readonly kind: TestDbKind }) => void): void {
  for (const kind of testDbKinds) {
    describe(`${title} [${kind}]`, () => {
      let t: TestDb | undefined
      const ctx = {
        kind,
        get db(): Db {
          if (!t) throw new Error('test database not ready')
          return t.db
        },
      }
      beforeAll(async () => {
        t = await createTestDb(kind)
      }, 60_000)
      afterAll(async () => {
        await t?.dispose()
      })
      body(ctx)
    })
  }
}
