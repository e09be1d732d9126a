import type { FastifyInstance } from 'fastify'
import type { WebDeps } from '../types.ts'

/** `GET /health` for load balancers and monitoring: public, JSON, 503 when the database does not answer. */
export function setUpHealthChecks(app: FastifyInstance, deps: Pick<WebDeps, 'db'>): void {
  app.get('/health', async (request, reply) => {
    try {
      await deps.db.query('select 1')
      return reply.send({ status: 'ok', db: 'up' })
    } catch (err) {
      request.log.error({ err }, 'health check: database query failed')
      return reply.code(503).send({ status: 'error', db: 'down' })
    }
  })
}
