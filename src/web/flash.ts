import type { FastifyRequest } from 'fastify'

/** A success message for the next page (post-redirect-get), shown as a GOV.UK success notification banner. */
export interface Flash {
  heading: string
  /** Further lines under the heading. */
  lines?: string[]
}

export function setFlash(request: FastifyRequest, flash: Flash): void {
  request.session.flash = flash
}

/** The waiting message, removed from the session so it shows once. */
export function takeFlash(request: FastifyRequest): Flash | undefined {
  const flash = request.session?.flash
  if (flash) delete request.session.flash
  return flash
}
