import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { httpStatusFor, isAppError } from '../../errors.ts'
import { signInPathFor } from '../routes/sign-in/return-to.ts'
import type { WebDeps } from '../types.ts'

interface ErrorPage {
  status: number
  title: string
  message: string
}

const CSRF_CODES = new Set(['FST_CSRF_MISSING_SECRET', 'FST_CSRF_INVALID_TOKEN'])
const ASSET_PREFIXES = ['/assets/', '/stylesheets/', '/javascripts/']

/** Maps anything thrown to the page an officer sees. One table (errors.ts) decides the status of AppErrors. */
export function errorPageFor(err: unknown): ErrorPage {
  if (isAppError(err)) {
    const status = httpStatusFor[err.code]
    if (status === 404) return { status, title: 'Page not found', message: err.userMessage }
    if (status === 403) return { status, title: 'You do not have access to this page', message: err.userMessage }
    return { status, title: 'There is a problem', message: err.userMessage }
  }
  const e = err as Partial<FastifyError>
  if (e.code && CSRF_CODES.has(e.code)) {
    return {
      status: 403,
      title: 'Sorry, there is a problem with this form',
      message:
        'The form could not be checked, perhaps because you signed out or it was open for a long time. ' +
        'Go back, reload the page and try again.',
    }
  }
  if (e.statusCode === 413) {
    return { status: 413, title: 'The file is too large', message: 'The selected file must be smaller than 10 MB. Split it into smaller files and upload each one.' }
  }
  if (e.statusCode === 429) {
    return { status: 429, title: 'Too many attempts', message: 'You have tried too many times. Wait 15 minutes, then try again.' }
  }
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
    return { status: e.statusCode, title: 'There is a problem', message: 'The request could not be understood. Go back and try again.' }
  }
  return { status: 500, title: 'Sorry, there is a problem with the service', message: 'Try again later.' }
}

/**
 * GOV.UK-styled error pages. In production a 500 shows nothing of the error; elsewhere the message and
 * stack help the developer. 5xx are logged as errors, 4xx as info (STYLE 5.2 item 9).
 */
export function setUpErrorPages(app: FastifyInstance, deps: Pick<WebDeps, 'config'>): void {
  app.setErrorHandler(async (err: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const page = errorPageFor(err)
    if (page.status >= 500) request.log.error({ err }, 'request failed')
    // A refusal is routine (a bad date, an expired form); its code says enough without a stack trace.
    else request.log.info({ statusCode: page.status, code: (err as { code?: unknown }).code }, 'request refused')
    const showDetail = page.status >= 500 && !deps.config.production && err instanceof Error
    const detail = showDetail ? `${err.message}\n\n${err.stack ?? ''}` : undefined
    return renderErrorPage(reply, page, detail)
  })

  app.setNotFoundHandler(async (request, reply) => {
    const isAsset = ASSET_PREFIXES.some((p) => request.url.startsWith(p))
    // Only a signed-in officer learns which pages exist; anyone else is asked to sign in first.
    if (!request.user && !isAsset && request.method === 'GET') return reply.redirect(signInPathFor(request.url), 303)
    return renderErrorPage(reply, { status: 404, title: 'Page not found', message: 'If you typed the web address, check it is correct.' })
  })
}

async function renderErrorPage(reply: FastifyReply, page: ErrorPage, detail?: string): Promise<FastifyReply> {
  reply.code(page.status)
  try {
    return await reply.view('pages/error.njk', { ...page, detail })
  } catch (renderErr) {
    // The error page itself failed (e.g. a broken template): fall back to plain text rather than loop.
    reply.log.error({ err: renderErr }, 'error page failed to render')
    return reply.type('text/plain; charset=utf-8').send(`${page.title}\n\n${page.message}`)
  }
}
