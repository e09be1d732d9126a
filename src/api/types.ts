import type { ApiClient } from '../services/api-tokens/api-tokens.ts'

declare module 'fastify' {
  interface FastifyRequest {
    /** The system whose API token came with the request (null outside /api/v1, or before authentication). */
    apiClient: ApiClient | null
  }
}

export type { ApiClient }
