/**
 * One declaration per API operation: URL, roles, zod schemas for params, query, body and response, and the
 * handler. `registerApiRoute` validates every request with those schemas before the handler runs, and keeps the
 * declaration so that the OpenAPI document (openapi.ts) is generated from the very same schemas: the document
 * cannot drift from what the API accepts.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { z } from 'zod'
import type { Db } from '../db/client.ts'
import { AppError } from '../errors.ts'
import type { ApiClient } from '../services/api-tokens/api-tokens.ts'
import type { Role } from '../services/users/create-user.ts'
import { idempotencyKeyOf, REPLAYED_HEADER, requestHash, runIdempotent, type IdempotencyMode } from './idempotency.ts'
import { ApiValidationError, zodProblems } from './problem.ts'

type AnyObject = z.ZodObject<z.ZodRawShape>

export interface ApiRouteSpec<P extends AnyObject = AnyObject, Q extends AnyObject = AnyObject, B extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  method: 'GET' | 'POST'
  /** Relative to /api/v1, Fastify style (`/accounts/:accountKey`). */
  url: string
  operationId: string
  summary: string
  description?: string
  tag: string
  /** Roles whose tokens may call it. */
  roles: readonly Role[]
  params?: P
  query?: Q
  body?: B
  /** Largest body accepted, in bytes (default 64 KiB). */
  bodyLimit?: number
  /** Success status (default 200) and its body. */
  status?: 200 | 201
  response: R
  /**
   * Writes only: whether an `Idempotency-Key` header is required (writes that move money) or optional (idempotency.ts).
   * Unset: the header is ignored.
   */
  idempotency?: IdempotencyMode
  handler(ctx: {
    params: z.infer<P>
    query: z.infer<Q>
    body: z.infer<B>
    client: ApiClient
    request: FastifyRequest
    reply: FastifyReply
    /**
     * The database to write through: for a request with an Idempotency-Key it is bound to the transaction that also
     * stores the key (every query of the write must use it, never the app's own Db).
     */
    db: Db
  }): Promise<z.input<R>>
}

/** Keeps the type of each spec while collecting them as one list. */
export function defineRoute<P extends AnyObject, Q extends AnyObject, B extends z.ZodType, R extends z.ZodType>(spec: ApiRouteSpec<P, Q, B, R>): ApiRouteSpec {
  return spec as unknown as ApiRouteSpec
}

function parse<S extends z.ZodType>(where: string, schema: S | undefined, value: unknown): z.infer<S> | undefined {
  if (!schema) return undefined
  const r = schema.safeParse(value ?? {})
  if (!r.success) throw new ApiValidationError(zodProblems(where, r.error))
  return r.data
}

export const DEFAULT_BODY_LIMIT = 64 * 1024

export function registerApiRoute(app: FastifyInstance, spec: ApiRouteSpec, deps: { db: Db; now: () => Date }): void {
  app.route({
    method: spec.method,
    url: spec.url,
    bodyLimit: spec.bodyLimit ?? DEFAULT_BODY_LIMIT,
    config: { apiOperationId: spec.operationId },
    // Role first, before any body is read or validated: a refused caller learns nothing about the schema.
    preValidation: async (request) => {
      const client = request.apiClient
      if (!client) throw new AppError('unauthenticated', 'Send an API token as "Authorization: Bearer <token>"')
      if (!spec.roles.includes(client.role)) throw new AppError('forbidden', `A ${client.role.replace(/_/g, ' ')} token cannot ${spec.summary.toLowerCase()}`)
    },
    handler: async (request, reply) => {
      const params = parse('params', spec.params, request.params)
      const query = parse('query', spec.query, request.query)
      const body = spec.body ? parse('body', spec.body, request.body) : undefined
      const client = request.apiClient!
      const status = spec.status ?? 200
      // Through the documented schema on the way out too: a field the document does not show is never sent.
      const run = async (db: Db) => spec.response.parse(await spec.handler({ params, query, body, client, request, reply, db } as never))
      const key = spec.idempotency ? idempotencyKeyOf(request.headers, spec.idempotency) : undefined
      if (key === undefined) return reply.code(status).send(await run(deps.db))
      const out = await runIdempotent({
        db: deps.db,
        now: deps.now(),
        tokenId: client.tokenId,
        key,
        operationId: spec.operationId,
        requestSha256: requestHash({ method: request.method, path: request.url.split('?')[0]!, body: request.body }),
        run: async (db) => ({ status, body: await run(db) }),
      })
      if (out.replayed) reply.header(REPLAYED_HEADER, 'true')
      return reply.code(out.status).send(out.body)
    },
  })
}
