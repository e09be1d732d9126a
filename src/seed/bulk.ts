import type { Queryable } from '../db/client.ts'

/** A column of a bulk insert: its name and the PostgreSQL array element type its values are sent as. */
export type Column = readonly [name: string, type: 'int' | 'bigint' | 'text' | 'date' | 'bool']

const CHUNK_ROWS = 20_000

/**
 * Inserts many rows in one statement per chunk: each column travels as one array parameter and `unnest` turns
 * them back into rows. Table and column names come from code, never from input; values are parameters.
 * `chunkRows: Infinity` keeps everything in one statement (needed for postings: the database checks that each
 * transaction balances per statement).
 */
export async function insertRows(
  tx: Queryable,
  table: string,
  columns: readonly Column[],
  rows: readonly (readonly unknown[])[],
  chunkRows = CHUNK_ROWS,
): Promise<void> {
  const sql =
    `insert into ${table} (${columns.map(([c]) => c).join(', ')}) ` +
    `select * from unnest(${columns.map(([, t], i) => `$${i + 1}::${t}[]`).join(', ')})`
  for (let from = 0; from < rows.length; from += chunkRows) {
    const chunk = rows.slice(from, from + chunkRows)
    await tx.query(sql, columns.map((_, i) => chunk.map((r) => r[i] ?? null)))
  }
}

/** Reserves n ids from each named sequence in one round trip (ids ascending). */
export async function reserveIds(tx: Queryable, wanted: Readonly<Record<string, number>>): Promise<Record<string, number[]>> {
  const names = Object.keys(wanted).filter((s) => wanted[s]! > 0)
  const out: Record<string, number[]> = Object.fromEntries(Object.keys(wanted).map((s) => [s, [] as number[]]))
  if (names.length === 0) return out
  const sql = names
    .map((_, i) => `select ${i}::int as s, nextval($${2 * i + 1}::regclass)::bigint as id from generate_series(1, $${2 * i + 2}::int)`)
    .join(' union all ')
  const rows = await tx.query<{ s: number; id: number }>(sql, names.flatMap((s) => [s, wanted[s]]))
  for (const r of rows) out[names[r.s]!]!.push(Number(r.id))
  for (const s of names) out[s]!.sort((a, b) => a - b)
  return out
}
