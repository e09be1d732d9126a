import type { FastifyReply, FastifyRequest } from 'fastify'
import { AppError } from '../../errors.ts'
import type { Role } from '../../services/users/create-user.ts'
import { signInPathFor } from '../routes/sign-in/return-to.ts'

/** onRequest hook for the signed-in area: anyone else is sent to sign in, and brought back afterwards. */
export async function requireSignedIn(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  if (request.user) return undefined
  // Only a GET can be replayed after sign-in; a POST from an expired session starts again.
  const returnTo = request.method === 'GET' ? request.url : undefined
  return reply.redirect(signInPathFor(returnTo), 303)
}

/** preHandler that lets only the given roles through; everyone else gets the 403 page. */
export function requireRole(...roles: Role[]) {
  return async function checkRole(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    if (!request.user) return requireSignedIn(request, reply)
    if (!roles.includes(request.user.role)) throw new AppError('forbidden', 'You do not have permission to see this page')
    return undefined
  }
}
