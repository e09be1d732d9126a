import helmet from '@fastify/helmet'
import type { FastifyInstance } from 'fastify'
import type { WebDeps } from '../types.ts'

/**
 * Security headers for every response.
 *
 * The CSP allows scripts and styles from our own origin only, plus a per-request nonce: govuk-frontend's
 * page template has one inline script (`document.body.className += ' js-enabled' …`) that must run before
 * first paint so that collapsible components do not flash open; the template puts `cspNonce` on it.
 * A nonce rather than the script's hash, because the hash changes whenever govuk-frontend edits that line.
 */
export async function setUpWebSecurity(app: FastifyInstance, deps: Pick<WebDeps, 'config'>): Promise<void> {
  const { production } = deps.config
  await app.register(helmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(production ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    // HSTS only where we know the site is served over TLS; on a developer's http://localhost it would be noise.
    strictTransportSecurity: production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
  })

  // Correlation id on every response, so an officer's screenshot of an error page can be found in the logs.
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id)
  })

  // Pages show personal and financial data: never let a browser or proxy cache them. Static assets set
  // their own Cache-Control, which we leave alone.
  app.addHook('onSend', async (_request, reply, payload) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store')
    return payload
  })
}
