import crypto from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { FastifyServerOptions } from 'fastify'
import type { Config } from '../config.ts'

// A caller (load balancer, another service) may pass its own correlation id; we accept it only when it
// looks like an id, so a crafted header cannot smuggle text into logs or response headers.
const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/

export function requestIdFor(req: IncomingMessage): string {
  const given = req.headers['x-request-id']
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : crypto.randomUUID()
}

/** The path without its query string: search terms (names, addresses, postcodes) live in the query. */
export function pathOnly(url: string | undefined): string {
  return (url ?? '').split('?', 1)[0] ?? ''
}

interface LoggableRequest {
  method?: string
  url?: string
  id?: string
}

/**
 * Serializers that keep personal data out of the logs: no query strings, headers (cookies), bodies or
 * client addresses, and errors without driver `detail` fields (which quote the offending values).
 */
export const personalDataSafeSerializers = {
  // A payment reference in the path (/accounts/101000016) is the customer's own number: long digit runs are masked.
  req: (req: LoggableRequest) => ({ method: req.method, url: pathOnly(req.url).replace(/\d{7,}/g, '[number]') }),
  res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
  err: (err: Error & { code?: unknown; statusCode?: unknown }) => ({
    type: err.name,
    message: err.message,
    code: err.code,
    statusCode: err.statusCode,
    stack: err.stack ?? '',
  }),
}

export interface WebServerOptionsInput {
  config: Config
  /** false for silence, true for defaults, or pino options (e.g. `{ stream }` in tests); our serializers always win. */
  logger?: boolean | object
  /** Trust X-Forwarded-* from this proxy (needed for Secure cookies behind a TLS-terminating proxy). */
  trustProxy?: boolean | string | string[]
}

export function webServerOptions(input: WebServerOptionsInput): FastifyServerOptions {
  const { config } = input
  const logger = input.logger ?? true
  const loggerOptions =
    logger === false
      ? false
      : {
          level: config.logLevel,
          ...(logger === true ? {} : logger),
          serializers: personalDataSafeSerializers,
          // Belt and braces: should anything ever log a whole request, these never reach the output.
          redact: ['req.headers.cookie', 'req.headers.authorization', 'req.body', 'body', 'password'],
        }
  return {
    logger: loggerOptions,
    genReqId: requestIdFor,
    trustProxy: input.trustProxy ?? false,
    // Forms are small; a large body is a mistake or an attack.
    bodyLimit: 64 * 1024,
  }
}
