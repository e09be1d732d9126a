import type { Db } from '../db/client.ts'
import type { Config } from '../config.ts'
import type { Role } from '../services/users/create-user.ts'
import type { Flash } from './flash.ts'

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

/** What a refund request did, kept in the session for the result page after the redirect. */
export interface RefundRequestedView {
  accountNumber: string
  creditPence: number
  offsets: { accountNumber: string; amountPence: number }[]
  refundId: number | null
  refundPence: number
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
    /** A success message for the next page shown (post-redirect-get). */
    flash?: Flash
    /** What the last refund request did, for its result page. */
    refundRequested?: RefundRequestedView
  }

  interface FastifyRequest {
    user: SignedInUser | null
    /** Suspense clearances and refunds waiting for approval, for an approver's navigation; null otherwise. */
    approvalsWaiting: number | null
    /** The name of a file uploaded with a multipart form (the file itself is in the body). */
    uploadedFileName: string | null
  }

  interface FastifyReply {
    /** Renders a Nunjucks page with the layout's locals (user, CSP nonce, CSRF token) and sends it as HTML. */
    view(template: string, context?: Record<string, unknown>): Promise<FastifyReply>
  }
}
