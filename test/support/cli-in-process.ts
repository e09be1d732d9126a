import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Command } from 'commander'
import { vi } from 'vitest'
import { openConfiguredDb } from '../../src/cli/context.ts'
import { openPostgres } from '../../src/db/client.ts'
import { AppError } from '../../src/errors.ts'
import { ADMIN_URL, type TestDbKind } from '../databases.ts'

/**
 * Runs `reeve` commands in process, as src/cli/main.ts does: `register` adds the commands under test to a fresh
 * commander program; console output is captured; an AppError out of a command (what main.ts turns into exit
 * status 2) is returned rather than thrown. The database is whatever REEVE_DATA_DIR / DATABASE_URL name.
 */
export function inProcessReeve(register: (program: Command) => void) {
  return async function reeve(...args: string[]): Promise<{ out: string; error: AppError | null }> {
    const program = new Command('reeve').exitOverride()
    register(program)
    const lines: string[] = []
    const spy = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void lines.push(a.join(' ')))
    try {
      await program.parseAsync(['node', 'reeve', ...args])
      return { out: lines.join('\n'), error: null }
    } catch (error) {
      if (!(error instanceof AppError)) throw error
      return { out: lines.join('\n'), error }
    } finally {
      spy.mockRestore()
    }
  }
}

/** Opens the configured database for a look at what a command did, and closes it. */
export async function withConfiguredDb<T>(fn: (db: Awaited<ReturnType<typeof openConfiguredDb>>) => Promise<T>): Promise<T> {
  const db = await openConfiguredDb()
  try {
    return await fn(db)
  } finally {
    await db.close()
  }
}

/**
 * The database a CLI test's commands use, named through the environment as `reeve` reads it: embedded PGlite in a
 * temporary folder (REEVE_DATA_DIR), or a throwaway database on the PostgreSQL server (DATABASE_URL). `setUp` makes
 * it and points the environment at it; `tearDown` drops it and puts the environment back.
 */
export function configuredTestDatabase(kind: TestDbKind, prefix: string) {
  const saved = { REEVE_DATA_DIR: process.env.REEVE_DATA_DIR, DATABASE_URL: process.env.DATABASE_URL }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  const dbName = `reeve_test_${process.pid}_${crypto.randomBytes(4).toString('hex')}`
  return {
    async setUp(): Promise<void> {
      process.env.REEVE_DATA_DIR = dataDir
      delete process.env.DATABASE_URL
      if (kind === 'postgres') {
        const admin = await openPostgres(ADMIN_URL, 1)
        await admin.exec(`create database ${dbName}`).finally(() => admin.close())
        const url = new URL(ADMIN_URL)
        url.pathname = `/${dbName}`
        process.env.DATABASE_URL = url.toString()
      }
    },
    async tearDown(): Promise<void> {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k]
        else process.env[k] = v
      }
      fs.rmSync(dataDir, { recursive: true, force: true })
      if (kind === 'postgres') {
        const admin = await openPostgres(ADMIN_URL, 1)
        await admin.exec(`drop database if exists ${dbName} with (force)`).finally(() => admin.close())
      }
    },
  }
}
