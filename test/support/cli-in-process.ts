import { Command } from 'commander'
import { vi } from 'vitest'
import { openConfiguredDb } from '../../src/cli/context.ts'
import { AppError } from '../../src/errors.ts'

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
