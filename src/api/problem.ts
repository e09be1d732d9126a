/**
 * Errors as RFC 9457 problem details (`application/problem+json`): one shape for every refusal, so a caller's code
 * has one branch. `errors` names each field at fault by its JSON path (`body.amountPence`, `query.from`). A 5xx says
 * nothing of its cause (that is in the log, under the request id the response carries).
 */
import type { FastifyReply } from 'fastify'
import { z } from 'zod'
import { httpStatusFor, isAppError, type FieldProblem } from '../errors.ts'

export const ProblemSchema = z
  .object({
    type: z.string().meta({ description: 'A URI naming the kind of problem (about:blank when the status says it all)' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional().meta({ description: 'The request id, to quote when asking about this response' }),
    errors: z.array(z.object({ field: z.string(), message: z.string(), line: z.number().int().optional() })).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' })

export type Problem = z.infer<typeof ProblemSchema>

const TITLES: Record<number, string> = {
  400: 'The request is not valid',
  401: 'Authentication needed',
  403: 'Not allowed',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'The request body is too large',
  415: 'Unsupported media type',
  422: 'The request cannot be carried out in the current state',
  429: 'Too many requests',
  500: 'Internal error',
  503: 'Service unavailable',
}

export class ApiValidationError extends Error {
  readonly problems: FieldProblem[]
  constructor(problems: FieldProblem[]) {
    super('The request is not valid')
    this.problems = problems
  }
}

/** A zod error's issues as field problems, the path prefixed by where the value came from (body, query, params). */
export function zodProblems(where: string, error: z.ZodError): FieldProblem[] {
  return error.issues.map((i) => ({ field: [where, ...i.path.map(String)].join('.'), message: i.message }))
}

/** Maps anything thrown to a problem. */
export function problemFor(err: unknown, requestId: string): Problem {
  const base = (status: number, detail?: string, errors?: FieldProblem[]): Problem => ({
    type: 'about:blank',
    title: TITLES[status] ?? 'Error',
    status,
    ...(detail ? { detail } : {}),
    instance: requestId,
    ...(errors && errors.length ? { errors } : {}),
  })
  if (err instanceof ApiValidationError) return base(400, 'See errors for the fields at fault', err.problems)
  if (isAppError(err)) return base(httpStatusFor[err.code], err.userMessage, err.details)
  const e = err as { statusCode?: unknown; code?: unknown; message?: unknown }
  const status = typeof e.statusCode === 'number' ? e.statusCode : 500
  if (status >= 400 && status < 500) {
    // Fastify's own refusals (unparseable JSON, wrong content type, too large): their messages name no data.
    return base(status, typeof e.message === 'string' ? e.message : undefined)
  }
  return base(500, 'Something went wrong on our side. Quote the instance id if you report it.')
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.code(problem.status).type('application/problem+json; charset=utf-8').send(problem)
}
