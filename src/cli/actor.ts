import type { Queryable } from '../db/client.ts'
import { AppError } from '../errors.ts'
import { cliActor, type Actor } from '../services/actor.ts'

/**
 * The CLI acts as the council's batch operator unless `--user` names a person, which approvals require.
 * (The CLI runs on the server by someone with access to it; every change is audited under this label.)
 */
export async function resolveCliActor(db: Queryable, username: string | undefined): Promise<Actor> {
  if (!username) return cliActor
  const [u] = await db.query<{ id: number; active: boolean }>('select id, active from users where username = $1', [username])
  if (!u || !u.active) throw new AppError('validation', `No active user ${username}`, [{ field: '--user', message: 'Name an active user' }])
  return { userId: u.id, label: `user:${username}` }
}
