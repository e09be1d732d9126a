import type { FastifyRequest } from 'fastify'
import { readableDates } from './view-filters.ts'

/** A success message for the next page (post-redirect-get), shown as a GOV.UK success notification banner. */
export interface Flash {
  heading: string
  /** Further lines under the heading. */
  lines?: string[]
}

/** Dates in the message read as GOV.UK writes them (services word their results with ISO dates). */
export function setFlash(request: FastifyRequest, flash: Flash): void {
  request.session.flash = { heading: readableDates(flash.heading), ...(flash.lines ? { lines: flash.lines.map(readableDates) } : {}) }
}

/** The waiting message, removed from the session so it shows once. */
export function takeFlash(request: FastifyRequest): Flash | undefined {
  const flash = request.session?.flash
  if (flash) delete request.session.flash
  return flash
}
