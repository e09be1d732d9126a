import fs from 'node:fs'
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite'
import pg from 'pg'

/**
 * The one database interface the rest of Reeve sees. Two drivers sit behind it:
 * PGlite (PostgreSQL compiled to WASM, embedded, the zero-setup default) and
 * node-postgres against a real server (production, `DATABASE_URL`). Same SQL, same migrations.
 *
 * Only parameterised queries are offered (`query(sql, params)`); `exec` runs trusted,
 * parameter-free SQL such as migration files.
 */
export interface Queryable {
  query<T extends object = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>
  exec(sql: string): Promise<void>
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres'
  /** Runs fn in one transaction; commits when it resolves, rolls back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>
  close(): Promise<void>
}

export type Tx = Queryable

// Type parsing is made identical for both drivers: bigint -> number (pence fit easily in 2^53),
// date -> 'YYYY-MM-DD' string (calendar dates must never pass through a local-time Date).
function parseInt8(value: string): number {
  const n = Number(value)
  if (!Number.isSafeInteger(n)) throw new RangeError(`bigint value ${value} exceeds the safe integer range`)
  return n
}
const parseDate = (value: string): string => value

export async function openPglite(dataDir?: string): Promise<Db> {
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true })
  const db = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    parsers: { [pgliteTypes.INT8]: parseInt8, [pgliteTypes.DATE]: parseDate },
  })
  const wrap = (q: { query: PGlite['query']; exec: PGlite['exec'] }): Queryable => ({
    async query<T extends object>(sql: string, params: readonly unknown[] = []) {
      const res = await q.query<T>(sql, params as unknown[])
      return res.rows
    },
    async exec(sql: string) {
      await q.exec(sql)
    },
  })
  return {
    kind: 'pglite',
    ...wrap(db),
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    close: () => db.close(),
  }
}

export async function openPostgres(connectionString: string, poolSize = 5): Promise<Db> {
  const typeParsers = {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === pg.types.builtins.INT8) return parseInt8
      if (oid === pg.types.builtins.DATE) return parseDate
      return pg.types.getTypeParser(oid, format)
    },
  } as pg.CustomTypesConfig
  const pool = new pg.Pool({ connectionString, max: poolSize, types: typeParsers })
  // An idle client that loses its server emits 'error'; without a listener node would crash.
  pool.on('error', () => {})
  const wrap = (c: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T extends object>(sql: string, params: readonly unknown[] = []) {
      const res = await c.query(sql, params as unknown[])
      return res.rows as T[]
    },
    async exec(sql: string) {
      await c.query(sql)
    },
  })
  /**
   * A transaction's one connection runs one statement at a time: queries that callers start together (Promise.all)
   * are queued here in order, as PGlite does, rather than handed to a busy client (which pg deprecates). `settle`
   * waits for the queue to empty, so commit or rollback never overtakes a query still queued, and then closes it: a
   * query started after the transaction ended is refused rather than run outside it.
   */
  const serialTransaction = (c: pg.PoolClient) => {
    let last: Promise<unknown> = Promise.resolve()
    let open = true
    const inTurn = <R>(run: () => Promise<R>): Promise<R> => {
      if (!open) return Promise.reject(new Error('The transaction has ended: this query was started after its commit or rollback'))
      const next = last.then(run, run)
      last = next.catch(() => {})
      return next
    }
    const tx: Queryable = {
      query: <T extends object>(sql: string, params: readonly unknown[] = []) => inTurn(async () => (await c.query(sql, params as unknown[])).rows as T[]),
      exec: (sql: string) => inTurn(async () => void (await c.query(sql))),
    }
    const settle = async () => {
      // A query queued while the last one ran joins the queue: wait until nothing new was added.
      let seen: Promise<unknown>
      do {
        seen = last
        await seen
      } while (seen !== last)
      open = false
    }
    return { tx, settle }
  }
  return {
    kind: 'postgres',
    ...wrap(pool),
    async transaction(fn) {
      const client = await pool.connect()
      const { tx, settle } = serialTransaction(client)
      try {
        await client.query('begin')
        const result = await fn(tx)
        await settle()
        await client.query('commit')
        return result
      } catch (err) {
        await settle()
        await client.query('rollback').catch(() => {})
        throw err
      } finally {
        client.release()
      }
    },
    close: () => pool.end(),
  }
}

export interface OpenDbOptions {
  databaseUrl?: string | undefined
  pgliteDir?: string | undefined
}

/** `DATABASE_URL` wins; otherwise an embedded PGlite database in the data folder (or in memory). */
export function openDb(opts: OpenDbOptions): Promise<Db> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl) : openPglite(opts.pgliteDir)
}
