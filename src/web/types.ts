import type { Db } from '../db/client.ts'
import type { Config } from '../config.ts'
import type { Role } from '../services/users/create-user.ts'

/** The signed-in officer as pages see them: loaded from `users` on every request, never trusted from the session alone. */
export interface SignedInUser {
  id: number
  username: string
  displayName: string
  role: Role
}

/** The council named on documents such as the PDF statement. */
export interface CouncilDetails {
  name: string
  address?: string[]
}

/** What every router and middleware may depend on; built once in app.ts. */
export interface WebDeps {
  db: Db
  config: Config
  now: () => Date
  council: CouncilDetails
}

/** A GOV.UK error: `text` for the summary and the field, `href` linking the summary to the field. */
export interface FormError {
  text: string
  href: string
}

declare module 'fastify' {
  interface Session {
    userId?: number
    _csrf?: string
  }

  interface FastifyRequest {
    user: SignedInUser | null
  }

  interface FastifyReply {
    /** Renders a Nunjucks page with the layout's locals (user, CSP nonce, CSRF token) and sends it as HTML. */
    view(template: string, context?: Record<string, unknown>): Promise<FastifyReply>
  }
}
