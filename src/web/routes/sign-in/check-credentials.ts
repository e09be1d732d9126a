import crypto from 'node:crypto'
import type { Queryable } from '../../../db/client.ts'
import { hashPassword, verifyPassword } from '../../../services/users/passwords.ts'

// Verified against when the username does not exist, so an unknown user costs the same argon2 time as a
// wrong password and response timing does not reveal which usernames are real. Made once, lazily.
let dummyHash: Promise<string> | undefined
const dummy = () => (dummyHash ??= hashPassword(crypto.randomBytes(16).toString('hex')))

/** Makes the dummy hash at start-up, so even the first unknown username takes the usual time. */
export function warmUpCredentialCheck(): void {
  dummy().catch(() => {
    dummyHash = undefined
  })
}

export interface CredentialCheck {
  /** The user to sign in: set only for an active user whose password matched. */
  userId: number | null
  /** The user the username names, if any, whatever the outcome (for the audit trail). */
  knownUserId: number | null
}

/** Checks a username and password with argon2, taking the same time whether or not the user exists. */
export async function checkCredentials(db: Queryable, username: string, password: string): Promise<CredentialCheck> {
  const [row] = await db.query<{ id: number; password_hash: string; active: boolean }>(
    'select id, password_hash, active from users where username = $1',
    [username],
  )
  const ok = await verifyPassword(row?.password_hash ?? (await dummy()), password)
  return { userId: row && row.active && ok ? row.id : null, knownUserId: row?.id ?? null }
}
