import Fastify, { type FastifyInstance } from 'fastify'
import { apiPlugin } from '../api/api.plugin.ts'
import type { Config } from '../config.ts'
import type { Db } from '../db/client.ts'
import { councilLetterhead } from '../documents/letterhead.ts'
import { requireSignedIn } from './middleware/require-signed-in.ts'
import { setUpCurrentUser } from './middleware/set-up-current-user.ts'
import { setUpApprovalsCount } from './middleware/set-up-approvals-count.ts'
import { setUpCsrf } from './middleware/set-up-csrf.ts'
import { setUpErrorPages } from './middleware/set-up-error-pages.ts'
import { setUpHealthChecks } from './middleware/set-up-health-checks.ts'
import { setUpRateLimiting } from './middleware/set-up-rate-limiting.ts'
import { setUpStaticAssets } from './middleware/set-up-static-assets.ts'
import { setUpViews } from './middleware/set-up-views.ts'
import { setUpWebSecurity } from './middleware/set-up-web-security.ts'
import { setUpWebSession } from './middleware/set-up-web-session.ts'
import { accountsRouter } from './routes/accounts/accounts.router.ts'
import { approvalsRouter } from './routes/approvals/approvals.router.ts'
import { auditRouter } from './routes/audit/audit.router.ts'
import { arrangementsRouter } from './routes/arrangements/arrangements.router.ts'
import { benefitsRouter } from './routes/benefits/benefits.router.ts'
import { contactsRouter } from './routes/contacts/contacts.router.ts'
import { documentsRouter } from './routes/documents/documents.router.ts'
import { templatesRouter } from './routes/templates/templates.router.ts'
import { financeRouter } from './routes/finance/finance.router.ts'
import { invoicesRouter } from './routes/invoices/invoices.router.ts'
import { paymentsRouter } from './routes/payments/payments.router.ts'
import { recoveryRouter } from './routes/recovery/recovery.router.ts'
import { debtRecoveryRouter } from './routes/debt-recovery/debt-recovery.router.ts'
import { peopleRouter } from './routes/people/people.router.ts'
import { performanceRouter } from './routes/performance/performance.router.ts'
import { refundRequestRouter } from './routes/refund-request/refund-request.router.ts'
import { searchRouter } from './routes/search/search.router.ts'
import { signInRouter } from './routes/sign-in/sign-in.router.ts'
import { worktrayRouter } from './routes/worktray/worktray.router.ts'
import { writeOffRouter } from './routes/write-off/write-off.router.ts'
import { webServerOptions } from './server-options.ts'
import type { CouncilDetails, WebDeps } from './types.ts'

export interface BuildWebAppOptions {
  db: Db
  config: Config
  /** false for silence, true for defaults, or pino options such as `{ level, stream }`. Default true. */
  logger?: boolean | object
  /** The clock for business dates (today's statement period, "generated on"). Default: the system clock. */
  now?: () => Date
  /** Names the council on documents. Default: REEVE_COUNCIL_NAME / REEVE_COUNCIL_ADDRESS, via documents/letterhead.ts. */
  council?: CouncilDetails
  /** Set when behind a TLS-terminating proxy (e.g. `true` or its address), so Secure cookies and client IPs work. */
  trustProxy?: boolean | string | string[]
}

/**
 * The officer web application: one Fastify instance, assembled in order. Each step is one concern;
 * pages inside the signed-in area are reachable only with a session for an active user.
 */
export async function buildWebApp(opts: BuildWebAppOptions): Promise<FastifyInstance> {
  const deps: WebDeps = {
    db: opts.db,
    config: opts.config,
    now: opts.now ?? (() => new Date()),
    council: opts.council ?? defaultCouncil(),
  }
  const app = Fastify(webServerOptions({ config: opts.config, logger: opts.logger, trustProxy: opts.trustProxy ?? opts.config.trustProxy }))

  await setUpWebSecurity(app, deps)
  await setUpStaticAssets(app)
  setUpHealthChecks(app, deps)
  await app.register(apiPlugin, { prefix: '/api/v1', db: deps.db, now: deps.now }) // bearer tokens, not cookies: CSRF skips it (set-up-csrf.ts)
  await setUpWebSession(app, deps)
  await setUpCsrf(app)
  await setUpRateLimiting(app)
  setUpCurrentUser(app, deps)
  setUpApprovalsCount(app, deps)
  setUpViews(app, deps)
  setUpErrorPages(app, deps)

  await app.register(signInRouter, deps)
  await app.register(async (signedIn) => {
    signedIn.addHook('onRequest', requireSignedIn)
    await signedIn.register(searchRouter, deps)
    await signedIn.register(accountsRouter, deps)
    await signedIn.register(paymentsRouter, deps)
    await signedIn.register(refundRequestRouter, deps)
    await signedIn.register(financeRouter, deps)
    await signedIn.register(approvalsRouter, deps)
    await signedIn.register(worktrayRouter, deps)
    await signedIn.register(recoveryRouter, deps)
    await signedIn.register(debtRecoveryRouter, deps)
    await signedIn.register(peopleRouter, deps)
    await signedIn.register(contactsRouter, deps)
    await signedIn.register(documentsRouter, deps)
    await signedIn.register(templatesRouter, deps)
    await signedIn.register(arrangementsRouter, deps)
    await signedIn.register(benefitsRouter, deps)
    await signedIn.register(invoicesRouter, deps)
    await signedIn.register(auditRouter, deps)
    await signedIn.register(writeOffRouter, deps)
    await signedIn.register(performanceRouter, deps)
  })
  return app
}

function defaultCouncil(): CouncilDetails {
  const { councilName, councilAddress } = councilLetterhead()
  return { name: councilName, address: councilAddress }
}
