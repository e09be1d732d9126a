import type { Actor } from '../services/actor.ts'
import type { SignedInUser } from './types.ts'

/** The audit actor for a signed-in officer: a username, never their name (Actor's rule). */
export function actorFor(user: Pick<SignedInUser, 'id' | 'username'>): Actor {
  return { userId: user.id, label: `user:${user.username}` }
}

export const anonymousActor: Actor = { userId: null, label: 'anonymous' }
