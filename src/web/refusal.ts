import { httpStatusFor, isAppError } from '../errors.ts'
import type { FormError } from './types.ts'
import { readableDates } from './view-filters.ts'

/**
 * A service's refusal (already reversed, wrong state, not yours to approve) as a page error with its HTTP
 * status, linked to `href`; anything else is not the officer's to fix and is rethrown to the error page.
 */
export function refusalOf(err: unknown, href: string): { status: number; errors: FormError[] } {
  if (!isAppError(err) || err.code === 'unauthenticated') throw err
  return { status: httpStatusFor[err.code], errors: [{ text: readableDates(err.userMessage), href }] }
}
