import crypto from 'node:crypto'
import fastifyCookie from '@fastify/cookie'
import fastifySession from '@fastify/session'
import type { FastifyInstance } from 'fastify'
import { PgSessionStore } from '../plugins/pg-session-store.ts'
import type { WebDeps } from '../types.ts'

export const SESSION_COOKIE = 'reeve.sid'
export const SESSION_MAX_AGE_MS = 8 * 60 * 60 * 1000

/**
 * Server-side sessions in the `sessions` table; the cookie holds only the signed session id.
 *
 * Not rolling: a session ends 8 hours after sign-in (a working day) however busy it is, and a page view
 * that changes nothing writes nothing. Not saved until something is put in it, so anonymous visitors
 * (health checks, the first sign-in page view before its CSRF secret) do not fill the table.
 */
export async function setUpWebSession(app: FastifyInstance, deps: Pick<WebDeps, 'db' | 'config'>): Promise<PgSessionStore> {
  const secret = deps.config.sessionSecret ?? developmentSecret(app)
  const store = new PgSessionStore(deps.db, {
    defaultMaxAgeMs: SESSION_MAX_AGE_MS,
    onError: (err) => app.log.warn({ err }, 'session clean-up failed'),
  })
  await app.register(fastifyCookie)
  await app.register(fastifySession, {
    secret,
    cookieName: SESSION_COOKIE,
    store,
    rolling: false,
    saveUninitialized: false,
    cookie: {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      // Behind a TLS-terminating proxy this needs trustProxy, or the session is never saved (see app.ts).
      secure: deps.config.production,
      maxAge: SESSION_MAX_AGE_MS,
    },
  })
  return store
}

function developmentSecret(app: FastifyInstance): string {
  // loadConfig() already refuses to start in production without SESSION_SECRET; elsewhere a throwaway
  // secret is fine, at the cost of signing everyone out on restart.
  app.log.warn('SESSION_SECRET is not set: using a random session secret; sessions will not survive a restart')
  return crypto.randomBytes(32).toString('hex')
}
