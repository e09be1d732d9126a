import path from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance } from 'fastify'
import { govukFrontendDist } from '../nunjucks.ts'

const publicDir = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'public')

/**
 * govuk-frontend's compiled files, served where its CSS and template expect them: fonts and images under
 * `/assets` (the CSS has `url(/assets/fonts/…)` baked in), plus our own `/stylesheets` and `/javascripts`.
 * The JavaScript is progressive enhancement only: every page works without it.
 */
export async function setUpStaticAssets(app: FastifyInstance): Promise<void> {
  const govuk = path.join(govukFrontendDist, 'govuk')
  const cacheFor = { maxAge: '1h', immutable: false }
  await app.register(fastifyStatic, { root: path.join(govuk, 'assets'), prefix: '/assets/', ...cacheFor })
  await app.register(fastifyStatic, {
    root: [path.join(publicDir, 'stylesheets'), govuk],
    prefix: '/stylesheets/',
    decorateReply: false,
    allowedPath: (pathName) => pathName === '/govuk-frontend.min.css' || pathName.startsWith('/reeve'),
    ...cacheFor,
  })
  await app.register(fastifyStatic, {
    root: [path.join(publicDir, 'javascripts'), govuk],
    prefix: '/javascripts/',
    decorateReply: false,
    allowedPath: (pathName) => pathName === '/govuk-frontend.min.js' || pathName.startsWith('/application'),
    ...cacheFor,
  })
}
