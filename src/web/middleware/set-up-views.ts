import type { FastifyInstance, FastifyReply } from 'fastify'
import type nunjucks from 'nunjucks'
import { takeFlash } from '../flash.ts'
import { permissionsFor } from '../roles.ts'
import { pathOnly } from '../server-options.ts'
import { createViewEnvironment, renderView } from '../nunjucks.ts'
import type { WebDeps } from '../types.ts'

/**
 * `reply.view(template, context)`: renders a page with the locals every page needs. The CSRF token is made
 * only for signed-in users (every page has the sign-out form) or when a page asks for one, so an
 * anonymous 404 does not create a session. `can` says what the user may do (to show only links they may
 * follow); `flash` is a success message left by the last POST, shown once.
 */
export function setUpViews(app: FastifyInstance, deps: Pick<WebDeps, 'council'>): nunjucks.Environment {
  const env = createViewEnvironment()
  env.addGlobal('councilName', deps.council.name)
  app.decorateReply('view', async function view(this: FastifyReply, template: string, context: Record<string, unknown> = {}) {
    const request = this.request
    const wantsCsrf = Boolean(request.user) || context.withCsrf === true
    const locals = {
      assetPath: '/assets',
      cspNonce: this.cspNonce?.script,
      currentPath: pathOnly(request.url),
      user: request.user,
      can: permissionsFor(request.user?.role),
      approvalsWaiting: request.approvalsWaiting,
      flash: request.user && request.session ? takeFlash(request) : undefined,
      csrfToken: wantsCsrf && request.session ? this.generateCsrf() : undefined,
      ...context,
    }
    const html = await renderView(env, template, locals)
    return this.type('text/html; charset=utf-8').send(html)
  })
  return env
}
