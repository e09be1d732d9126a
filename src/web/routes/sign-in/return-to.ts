/**
 * Where to go after signing in. Only a path on this site is accepted: anything else (`https://evil`,
 * `//evil`, `/\evil`, control characters) would make the sign-in page an open redirect.
 */
const BASE = 'http://reeve.invalid'

export function safeReturnTo(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2000) return undefined
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return undefined
  // eslint-disable-next-line no-control-regex -- control characters are exactly what we reject
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return undefined
  let url: URL
  try {
    url = new URL(value, BASE)
  } catch {
    return undefined
  }
  if (url.origin !== BASE) return undefined
  const path = url.pathname + url.search
  // Sending someone back to the sign-in or sign-out page after signing in would be a loop.
  if (url.pathname === '/sign-in' || url.pathname === '/sign-out') return undefined
  return path
}

export function signInPathFor(returnTo: string | undefined): string {
  const safe = safeReturnTo(returnTo)
  return safe && safe !== '/' ? `/sign-in?returnTo=${encodeURIComponent(safe)}` : '/sign-in'
}
