import type { Queryable } from '../../db/client.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import type { Role } from './create-user.ts'

/** Approvals need a named, active person in one of the given roles (never an anonymous CLI or system actor). */
export async function requireUserRole(db: Queryable, actor: Actor, roles: readonly Role[], what: string): Promise<{ id: number; role: Role }> {
  if (actor.userId === null) throw new AppError('forbidden', `Only a named user can ${what} (use --user with the CLI)`)
  const [u] = await db.query<{ id: number; role: Role; active: boolean }>('select id, role, active from users where id = $1', [actor.userId])
  if (!u || !u.active) throw new AppError('forbidden', `User ${actor.label} cannot ${what}`)
  if (!roles.includes(u.role)) throw new AppError('forbidden', `Only ${roles.join(' or ').replace(/_/g, ' ')} users can ${what}`)
  return { id: u.id, role: u.role }
}
