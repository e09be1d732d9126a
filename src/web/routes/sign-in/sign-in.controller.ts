import type { FastifyReply, FastifyRequest } from 'fastify'
import { recordAuditEvent } from '../../../services/audit/record-audit-event.ts'
import { actorFor, anonymousActor } from '../../actor.ts'
import { SESSION_COOKIE } from '../../middleware/set-up-web-session.ts'
import type { FormError, WebDeps } from '../../types.ts'
import { checkCredentials } from './check-credentials.ts'
import { safeReturnTo } from './return-to.ts'
import { validateSignIn, WRONG_CREDENTIALS } from './sign-in.validator.ts'

const AFTER_SIGN_IN = '/search'

function fieldOf(body: unknown, name: string): unknown {
  return body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined
}

interface SignInView {
  errors?: FormError[]
  username?: string
  returnTo?: string | undefined
}

function renderForm(reply: FastifyReply, status: number, view: SignInView) {
  const { errors = [], username = '', returnTo } = view
  return reply.code(status).view('pages/sign-in.njk', { withCsrf: true, errors, username, returnTo })
}

export function signInController(deps: Pick<WebDeps, 'db'>) {
  return {
    async show(request: FastifyRequest<{ Querystring: { returnTo?: string } }>, reply: FastifyReply) {
      const returnTo = safeReturnTo(request.query.returnTo)
      if (request.user) return reply.redirect(returnTo ?? AFTER_SIGN_IN, 303)
      return renderForm(reply, 200, { returnTo })
    },

    async signIn(request: FastifyRequest, reply: FastifyReply) {
      const { form, errors } = validateSignIn(request.body)
      const returnTo = safeReturnTo(fieldOf(request.body, 'returnTo'))
      if (errors.length) return renderForm(reply, 400, { errors, username: form.username, returnTo })

      const { userId, knownUserId } = await checkCredentials(deps.db, form.username, form.password)
      if (userId === null) {
        // The attempted username is recorded only when it is a real user: people type passwords into the username box.
        await recordAuditEvent(deps.db, anonymousActor, {
          action: 'user.sign_in_failed',
          entityType: 'user',
          entityId: knownUserId ?? 'unknown',
          after: { ip: request.ip },
        })
        return renderForm(reply, 401, { errors: [WRONG_CREDENTIALS], username: form.username, returnTo })
      }

      // A new session id at the moment of sign-in defeats session fixation.
      await request.session.regenerate()
      request.session.userId = userId
      await recordAuditEvent(deps.db, actorFor({ id: userId, username: form.username }), {
        action: 'user.signed_in',
        entityType: 'user',
        entityId: userId,
        after: { ip: request.ip },
      })
      return reply.redirect(returnTo ?? AFTER_SIGN_IN, 303)
    },

    async signOut(request: FastifyRequest, reply: FastifyReply) {
      if (request.user) {
        const event = { action: 'user.signed_out', entityType: 'user', entityId: request.user.id }
        await recordAuditEvent(deps.db, actorFor(request.user), event)
      }
      await request.session.destroy()
      reply.clearCookie(SESSION_COOKIE, { path: '/' })
      return reply.redirect('/sign-in', 303)
    },
  }
}
