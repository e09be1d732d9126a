import type { FastifyInstance } from 'fastify'
import type { Queryable } from '../../db/client.ts'
import type { Role } from '../../services/users/create-user.ts'
import type { SignedInUser, WebDeps } from '../types.ts'

/**
 * Puts the signed-in user on `request.user` (null when nobody is). The session holds only the user id;
 * the row is read on each request so that deactivating a user or changing their role takes effect at once.
 */
export function setUpCurrentUser(app: FastifyInstance, deps: Pick<WebDeps, 'db'>): void {
  app.decorateRequest('user', null)
  app.addHook('onRequest', async (request) => {
    const userId = request.session?.userId
    if (userId === undefined) return
    request.user = await findActiveUser(deps.db, userId)
    // A deactivated (or deleted) user's session is no longer a sign-in.
    if (!request.user) delete request.session.userId
  })
}

export async function findActiveUser(db: Queryable, userId: number): Promise<SignedInUser | null> {
  const [row] = await db.query<{ id: number; username: string; display_name: string; role: Role }>(
    'select id, username, display_name, role from users where id = $1 and active',
    [userId],
  )
  return row ? { id: row.id, username: row.username, displayName: row.display_name, role: row.role } : null
}
