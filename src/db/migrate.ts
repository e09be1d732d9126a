import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Db } from './client.ts'

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations')
const FILE_PATTERN = /^(\d{4})_[a-z0-9_]+\.sql$/

export interface MigrationFile {
  name: string
  sql: string
  checksum: string
}

export function listMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  return fs
    .readdirSync(dir)
    .filter((f) => FILE_PATTERN.test(f))
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name), 'utf8')
      return { name, sql, checksum: crypto.createHash('sha256').update(sql).digest('hex') }
    })
}

/**
 * Forward-only migrations: each file runs once, in its own transaction, in name order.
 * A file that changed after it was applied is refused (migrations are never edited once merged).
 * An advisory lock stops two processes migrating the same server at once.
 */
export async function migrate(db: Db, dir = MIGRATIONS_DIR): Promise<string[]> {
  const files = listMigrations(dir)
  const applied: string[] = []
  await db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock(7424242)')
    await tx.exec(`create table if not exists schema_migrations (
      name text primary key,
      checksum text not null,
      applied_at timestamptz not null default now()
    )`)
    const done = new Map(
      (await tx.query<{ name: string; checksum: string }>('select name, checksum from schema_migrations')).map((r) => [
        r.name,
        r.checksum,
      ]),
    )
    for (const file of files) {
      const previous = done.get(file.name)
      if (previous !== undefined) {
        if (previous !== file.checksum) {
          throw new Error(`Migration ${file.name} was changed after it was applied; add a new migration instead`)
        }
        continue
      }
      await tx.exec(file.sql)
      await tx.query('insert into schema_migrations (name, checksum) values ($1, $2)', [file.name, file.checksum])
      applied.push(file.name)
    }
  })
  return applied
}
