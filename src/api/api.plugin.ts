/**
 * The JSON API, `/api/v1` (decision 0013): for other systems, authenticated by bearer tokens (`reeve api-token`),
 * each with one of the roles people have. Registered in app.ts before the web session and CSRF set-up, so neither
 * applies here: a token is not a cookie, so a browser cannot be tricked into sending one (no CSRF), and no session
 * is ever made. Every request is validated by the zod schemas that also generate `/api/v1/openapi.json`; every
 * refusal is a problem details document; every caller is rate limited.
 */
import crypto from 'node:crypto'
import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { authenticateApiToken } from '../services/api-tokens/api-tokens.ts'
import { apiDeps } from './api-deps.ts'
import { registerApiRoute, type ApiRouteSpec } from './define-route.ts'
import { buildOpenApiDocument } from './openapi.ts'
import { problemFor, sendProblem } from './problem.ts'
import { accountRoutes } from './routes/accounts.ts'
import { paymentRoutes } from './routes/payments.ts'
import { recoveryRoutes } from './routes/recovery.ts'
import { reportRoutes } from './routes/reports.ts'
import './types.ts'
import type { Db } from '../db/client.ts'

export const API_PREFIX = '/api/v1'
/** Requests per caller (token, or address when there is none) per minute. */
export const API_RATE_LIMIT = { max: 600, timeWindow: 60_000 }

export interface ApiPluginOptions {
  db: Db
  now: () => Date
  /** Default API_RATE_LIMIT. */
  rateLimit?: { max: number; timeWindow: number }
}

/** Every operation of the API, in the order the document lists them. */
export function apiRouteSpecs(opts: ApiPluginOptions): ApiRouteSpec[] {
  const deps = apiDeps(opts)
  return [...accountRoutes(deps), ...paymentRoutes(deps), ...recoveryRoutes(deps), ...reportRoutes(deps)]
}

export function openApiDocument(opts: ApiPluginOptions): Record<string, unknown> {
  return buildOpenApiDocument(apiRouteSpecs(opts), {
    title: 'Reeve API',
    version: '1.0.0',
    description: 'Income management and debt recovery: accounts, statements, payments, arrangements, holds, worktray and reports. See docs/security.md for tokens.',
  })
}

const BEARER = /^Bearer ([A-Za-z0-9_.~+/=-]+)$/

function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization
  return typeof header === 'string' ? (BEARER.exec(header)?.[1] ?? null) : null
}

/** Rate limit key: a hash of the token presented (never the token itself), else the caller's address. */
function callerKey(request: FastifyRequest): string {
  const token = bearerToken(request)
  return token ? `api-token|${crypto.createHash('sha256').update(token).digest('hex').slice(0, 32)}` : `api-ip|${request.ip}`
}

export async function apiPlugin(app: FastifyInstance, opts: ApiPluginOptions): Promise<void> {
  const specs = apiRouteSpecs(opts)
  const document = openApiDocument(opts)

  app.decorateRequest('apiClient', null)
  // Marks every API route as token-authenticated, so the web app's CSRF check (set-up-csrf.ts) leaves it alone.
  app.addHook('onRoute', (route) => {
    route.config = { ...(route.config ?? {}), bearerTokenAuth: true }
  })
  await app.register(rateLimit, {
    global: true,
    ...(opts.rateLimit ?? API_RATE_LIMIT),
    keyGenerator: callerKey,
    errorResponseBuilder: (_request, context) => Object.assign(new Error(`Too many requests: try again in ${context.after}`), { statusCode: 429 }),
  })

  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config?.apiPublic) return
    const token = bearerToken(request)
    request.apiClient = token ? await authenticateApiToken(opts.db, token) : null
  })

  app.setErrorHandler(async (err, request, reply) => {
    const problem = problemFor(err, request.id)
    if (problem.status >= 500) request.log.error({ err }, 'API request failed')
    else request.log.info({ statusCode: problem.status, code: (err as { code?: unknown }).code }, 'API request refused')
    if (problem.status === 401) reply.header('www-authenticate', 'Bearer realm="reeve-api"')
    return sendProblem(reply, problem)
  })
  app.setNotFoundHandler(async (request, reply) =>
    sendProblem(reply, { type: 'about:blank', title: 'Not found', status: 404, detail: `No API operation ${request.method} ${request.url.split('?')[0]}`, instance: request.id }),
  )

  app.get('/openapi.json', { config: { apiPublic: true } }, async (_request, reply) => reply.header('cache-control', 'no-cache').send(document))
  for (const spec of specs) registerApiRoute(app, spec, opts)
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Served without a token (the OpenAPI document). */
    apiPublic?: boolean
    apiOperationId?: string
    /** Authenticated by bearer token, not by the session cookie (so exempt from the CSRF check). */
    bearerTokenAuth?: boolean
  }
}
