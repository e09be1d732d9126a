import { AppError } from '../errors.ts'
import type { Actor } from '../services/actor.ts'
import type { SignedInUser } from './types.ts'

/** The audit actor for a signed-in officer: a username, never their name (Actor's rule). */
export function actorFor(user: Pick<SignedInUser, 'id' | 'username'>): Actor {
  return { userId: user.id, label: `user:${user.username}` }
}

export const anonymousActor: Actor = { userId: null, label: 'anonymous' }

/** The actor for a request in the signed-in area (where a user is guaranteed; anyone else is refused). */
export function requestActor(request: { user: SignedInUser | null }): Actor {
  if (!request.user) throw new AppError('unauthenticated', 'Sign in to continue')
  return actorFor(request.user)
}
