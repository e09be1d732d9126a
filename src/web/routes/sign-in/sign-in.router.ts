import type { FastifyInstance, FastifyRequest } from 'fastify'
import { requireSignedIn } from '../../middleware/require-signed-in.ts'
import type { WebDeps } from '../../types.ts'
import { warmUpCredentialCheck } from './check-credentials.ts'
import { signInController } from './sign-in.controller.ts'

export const SIGN_IN_ATTEMPTS = { max: 10, timeWindow: 15 * 60_000 }

// Per address and username: one officer mistyping does not lock out the office behind the same NAT address,
// and one address cannot try many passwords for one user. (Needs trustProxy behind a proxy, or every
// request shares the proxy's address.)
function attemptKey(request: FastifyRequest): string {
  const body = (request.body ?? {}) as Record<string, unknown>
  const username = typeof body.username === 'string' ? body.username.trim().toLowerCase() : ''
  return `sign-in|${request.ip}|${username}`
}

/** Sign-in is public; sign-out needs a signed-in user (and, being a POST, a CSRF token). */
export async function signInRouter(app: FastifyInstance, deps: WebDeps): Promise<void> {
  const c = signInController(deps)
  warmUpCredentialCheck()

  app.get('/sign-in', c.show)
  app.post('/sign-in', {
    config: {
      rateLimit: {
        ...SIGN_IN_ATTEMPTS,
        // Counted after the body is parsed (the key needs the username) and after the CSRF check.
        hook: 'preHandler',
        keyGenerator: attemptKey,
        errorResponseBuilder: () => Object.assign(new Error('Too many sign-in attempts'), { statusCode: 429 }),
      },
    },
    handler: c.signIn,
  })
  app.post('/sign-out', { onRequest: requireSignedIn, handler: c.signOut })
}
