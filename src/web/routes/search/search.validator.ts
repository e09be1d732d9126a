import type { FormError } from '../../types.ts'

export const MIN_QUERY_LENGTH = 2
export const MAX_QUERY_LENGTH = 100

/** Pure: the trimmed query, and an error when it is too short (or too long) to search on. Absent means "not searched yet". */
export function validateSearch(query: unknown): { q: string; searched: boolean; errors: FormError[] } {
  const q = typeof query === 'string' ? query.trim() : ''
  if (query === undefined) return { q, searched: false, errors: [] }
  if (q.length < MIN_QUERY_LENGTH) {
    return { q, searched: false, errors: [{ text: `Enter at least ${MIN_QUERY_LENGTH} characters to search for`, href: '#q' }] }
  }
  if (q.length > MAX_QUERY_LENGTH) {
    return { q, searched: false, errors: [{ text: `Search for ${MAX_QUERY_LENGTH} characters or fewer`, href: '#q' }] }
  }
  return { q, searched: true, errors: [] }
}
