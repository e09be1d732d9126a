import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import nunjucks from 'nunjucks'
import {
  actorName,
  balanceText,
  dateInputItems,
  dateTime,
  fileFormat,
  findDateError,
  findError,
  humanise,
  label,
  longDate,
  readableDates,
  matchRule,
  money,
  paymentMethod,
} from './view-filters.ts'

const here = path.dirname(fileURLToPath(import.meta.url))

/** Where govuk-frontend keeps its compiled files; its templates are imported as `govuk/...` from here. */
export const govukFrontendDist = path.join(path.dirname(createRequire(import.meta.url).resolve('govuk-frontend/package.json')), 'dist')

export const viewsDir = path.join(here, 'views')

/**
 * One Nunjucks environment for every page: our views first, then govuk-frontend's templates and macros.
 * Autoescaping is on, so only values passed through `| safe` deliberately (e.g. our own SVG) are raw HTML.
 */
export function createViewEnvironment(opts: { watch?: boolean } = {}): nunjucks.Environment {
  const env = new nunjucks.Environment(
    new nunjucks.FileSystemLoader([viewsDir, govukFrontendDist], { noCache: opts.watch ?? false, watch: false }),
    { autoescape: true, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true },
  )
  env.addFilter('money', money)
  env.addFilter('date', longDate)
  env.addFilter('readableDates', readableDates)
  env.addFilter('balance', balanceText)
  env.addFilter('findError', findError)
  env.addFilter('findDateError', findDateError)
  env.addFilter('dateInputItems', dateInputItems)
  env.addFilter('humanise', humanise)
  env.addFilter('label', label)
  env.addFilter('paymentMethod', paymentMethod)
  env.addFilter('dateTime', dateTime)
  env.addFilter('actorName', actorName)
  env.addFilter('matchRule', matchRule)
  env.addFilter('fileFormat', fileFormat)
  return env
}

export function renderView(env: nunjucks.Environment, template: string, context: object): Promise<string> {
  return new Promise((resolve, reject) => {
    env.render(template, context, (err, html) => (err ? reject(err) : resolve(html ?? '')))
  })
}
