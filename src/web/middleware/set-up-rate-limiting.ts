import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance } from 'fastify'

/**
 * Makes `config.rateLimit` available to routes (sign-in uses it); nothing is limited globally. Counters are in
 * this process's memory: with several app processes each counts separately, which a shared store would fix.
 */
export async function setUpRateLimiting(app: FastifyInstance): Promise<void> {
  await app.register(rateLimit, { global: false })
}
