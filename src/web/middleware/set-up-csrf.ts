import fastifyCsrf from '@fastify/csrf-protection'
import fastifyFormbody from '@fastify/formbody'
import type { FastifyInstance } from 'fastify'

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/**
 * Every state-changing request must carry the `_csrf` token from a form we rendered. The secret lives
 * in the session; the token goes in a hidden field (see `csrfToken` in views), so it works without JS.
 * Checked in preHandler because the token is in the parsed body. A failure is a 403 error page.
 */
export async function setUpCsrf(app: FastifyInstance): Promise<void> {
  await app.register(fastifyFormbody)
  await app.register(fastifyCsrf, { sessionPlugin: '@fastify/session', logLevel: 'info' })
  app.addHook('preHandler', (request, reply, done) => {
    if (!UNSAFE_METHODS.has(request.method)) return done()
    // The JSON API (src/api) authenticates by bearer token, which a browser never sends by itself: no CSRF there.
    if (request.routeOptions.config?.bearerTokenAuth) return done()
    app.csrfProtection(request, reply, done)
  })
}
