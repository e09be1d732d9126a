/**
 * The OpenAPI 3.1 document, generated from the route declarations (define-route.ts) with zod's own JSON Schema
 * output (`z.toJSONSchema`, draft 2020-12, which OpenAPI 3.1 uses as is). Request schemas are shown as the API reads
 * them (`io: 'input'`), responses as it writes them.
 */
import { z } from 'zod'
import type { ApiRouteSpec } from './define-route.ts'
import { IdempotencyKeySchema, type IdempotencyMode } from './idempotency.ts'
import { ProblemSchema } from './problem.ts'

type JsonSchema = Record<string, unknown>

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' }) as JsonSchema
  return rest
}

/** `/accounts/:accountKey` → `/accounts/{accountKey}` */
export function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')
}

function parameters(where: 'path' | 'query', schema: z.ZodObject<z.ZodRawShape> | undefined): JsonSchema[] {
  if (!schema) return []
  return Object.entries(schema.shape).map(([name, prop]) => {
    const s = jsonSchema(prop as z.ZodType, 'input')
    const description = (prop as z.ZodType).description
    return {
      name,
      in: where,
      required: where === 'path' || !(prop as z.ZodType).safeParse(undefined).success,
      ...(description ? { description } : {}),
      schema: s,
    }
  })
}

/** The Idempotency-Key request header of a write (idempotency.ts), required on writes that move money. */
function idempotencyParameter(mode: IdempotencyMode): JsonSchema {
  return {
    name: 'Idempotency-Key',
    in: 'header',
    required: mode === 'required',
    description:
      'A new key for each write, sent again unchanged with every retry of it: a retry with the same key and body gets the first answer back ' +
      '(with Idempotent-Replayed: true) and changes nothing; the same key with a different request is refused with 422. Keys are per token and ' +
      'remembered for the policy value api.idempotency_key_days (7 days). Only successful answers are remembered: a refused request may be retried with its key.',
    schema: jsonSchema(IdempotencyKeySchema, 'input'),
  }
}

const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } })

export interface OpenApiInfo {
  title: string
  version: string
  description: string
}

export function buildOpenApiDocument(specs: readonly ApiRouteSpec[], info: OpenApiInfo, serverUrl = '/api/v1'): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const spec of specs) {
    const path = openApiPath(spec.url)
    const status = String(spec.status ?? 200)
    const operation = {
      operationId: spec.operationId,
      summary: spec.summary,
      ...(spec.description ? { description: spec.description } : {}),
      tags: [spec.tag],
      'x-reeve-roles': [...spec.roles],
      parameters: [...parameters('path', spec.params), ...parameters('query', spec.query), ...(spec.idempotency ? [idempotencyParameter(spec.idempotency)] : [])],
      ...(spec.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(spec.body, 'input') } } } }
        : {}),
      responses: {
        [status]: {
          description: 'Success',
          ...(spec.idempotency
            ? { headers: { 'Idempotent-Replayed': { description: 'Present (true) when this is the stored answer to an earlier request with the same Idempotency-Key', schema: { type: 'string', enum: ['true'] } } } }
            : {}),
          content: { 'application/json': { schema: jsonSchema(spec.response, 'output') } },
        },
        '400': problemResponse('The request is not valid: `errors` names each field'),
        '401': problemResponse('No valid API token'),
        '403': problemResponse("The token's role may not do this"),
        '404': problemResponse('Not found'),
        ...(spec.method === 'POST' ? {
              '409': problemResponse('Conflict (e.g. a file already imported)'),
              '422': problemResponse(spec.idempotency ? 'Not possible in the current state, or the Idempotency-Key was used for a different request' : 'Not possible in the current state'),
            } : {}),
        '429': problemResponse('Too many requests: wait and try again'),
      },
    }
    paths[path] = { ...(paths[path] ?? {}), [spec.method.toLowerCase()]: operation }
  }
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info,
    servers: [{ url: serverUrl }],
    security: [{ bearerToken: [] }],
    paths,
    components: {
      securitySchemes: {
        bearerToken: { type: 'http', scheme: 'bearer', description: 'A token from `reeve api-token create` (an administrator makes one per system)' },
      },
      schemas: { Problem: jsonSchema(ProblemSchema, 'output') },
    },
  }
}
