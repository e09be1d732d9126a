import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Role } from '../../src/services/users/create-user.ts'
import { buildTestWebApp, type TestWebApp, type WebTestClient } from '../../src/web/testing/web-test-client.ts'
import { describeEachDb } from '../databases.ts'
import { ACCESS } from './access-table.ts'
import { appRoutes, concreteUrl, isAccessRefusal, isCsrfRefusal, isSignInRedirect, makeSecurityWorld, routeKey, type SecurityWorld } from './security-fixtures.ts'

/** A payload that is both markup and SQL: shown raw it would run script; spliced into SQL it would end the statement. */
const XSS = `<script>alert("reeve-xss")</script>`
const SQLI = `' OR '1'='1'; drop table postings; --`
const PAYLOAD = `${XSS}${SQLI}`

interface Form {
  page: string
  action: string
  fields: Record<string, string>
  textFields: string[]
}

/** The POST forms on a page, with each field's default (first option, checked box, hidden value). */
function formsOn(page: string, html: string): Form[] {
  const forms: Form[] = []
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const attrs = m[1]!
    if (!/method="post"/i.test(attrs)) continue
    const action = (/action="([^"]*)"/.exec(attrs)?.[1] ?? page).replace(/&amp;/g, '&')
    if (action === '/sign-out') continue
    const fields: Record<string, string> = {}
    const textFields: string[] = []
    for (const f of m[2]!.matchAll(/<(input|textarea|select)\b([^>]*)>([\s\S]*?<\/select>)?/g)) {
      const name = /name="([^"]+)"/.exec(f[2]!)?.[1]
      if (!name || name === '_csrf') continue
      const type = /type="([^"]+)"/.exec(f[2]!)?.[1] ?? (f[1] === 'input' ? 'text' : f[1]!)
      const value = /value="([^"]*)"/.exec(f[2]!)?.[1] ?? ''
      if (f[1] === 'select') fields[name] ??= /<option[^>]*value="([^"]*)"/.exec(f[3] ?? '')?.[1] ?? ''
      else if (type === 'radio' || type === 'checkbox') fields[name] ??= value
      else if (type === 'hidden' || type === 'submit' || type === 'file') fields[name] ??= value
      else {
        fields[name] = value
        textFields.push(name)
      }
    }
    forms.push({ page, action, fields, textFields })
  }
  return forms
}

describeEachDb('attacks on the web app', (ctx) => {
  let t: TestWebApp
  let w: SecurityWorld
  const clientFor = (roles: readonly Role[]): WebTestClient => w.clients.get(roles.includes('team_leader') ? 'team_leader' : roles[0]!)!

  beforeAll(async () => {
    t = await buildTestWebApp(ctx.db)
    w = await makeSecurityWorld(ctx.db, t, `wa-${ctx.kind}`)
  }, 120_000)
  afterAll(async () => {
    await t?.app.close()
  })

  const postRoutes = () => appRoutes(t).filter((r) => r.method === 'POST' && !r.url.startsWith('/api/') && r.url !== '/sign-out')

  it('refuses every POST form route without the CSRF token, changing nothing', async () => {
    // Every change is audited: count the changes (not page views or sign-ins) before and after.
    const changes = async () => (await ctx.db.query<{ n: number }>(`select count(*)::int as n from audit_events where action not like '%viewed%' and action not like 'sign%'`))[0]!.n
    const before = await changes()
    const failures: string[] = []
    for (const route of postRoutes()) {
      const access = ACCESS[routeKey(route)]
      const url = concreteUrl(route.url, w)
      // A route without an entry in the access table is reported by access-control.test.ts.
      if (!access) continue
      let res
      if (access.kind === 'public') {
        // Sign-in: a fresh visitor with a session from the sign-in page, but no token in the form.
        const anon = await t.app.inject({ url: '/sign-in' })
        const cookie = anon.cookies.find((c) => c.name === 'reeve.sid')
        res = await t.app.inject({ method: 'POST', url, headers: cookie ? { cookie: `reeve.sid=${cookie.value}` } : {}, payload: { username: 'x', password: 'y' } })
      } else {
        const client = access.kind === 'signed-in' ? w.clients.get('team_leader')! : clientFor(access.roles as Role[])
        res = await client.post(url, { _csrf: null })
        const forged = await client.post(url, { _csrf: 'forged-token' })
        if (!isCsrfRefusal(forged)) failures.push(`${route.url} with a forged token: ${forged.statusCode}`)
      }
      if (!isCsrfRefusal(res)) failures.push(`${route.url} without a token: ${res.statusCode}`)
    }
    expect(failures).toEqual([])
    expect(await changes()).toBe(before)
  }, 120_000)

  it('keeps SQL and script payloads in every text field of every form inert: stored as text, shown escaped', async () => {
    const pages = appRoutes(t).filter((r) => r.method === 'GET' && !r.url.startsWith('/api/') && !/\.(csv|pdf)$/.test(r.url) && !r.url.includes('export'))
    const failures: string[] = []
    let submitted = 0
    for (const route of pages) {
      const access = ACCESS[routeKey(route)]
      if (!access || access.kind === 'public' || access.kind === 'api') continue
      const client = access.kind === 'signed-in' ? w.clients.get('team_leader')! : clientFor(access.roles as Role[])
      const page = await client.get(concreteUrl(route.url, w))
      if (page.statusCode !== 200) continue
      for (const form of formsOn(route.url, page.body)) {
        if (form.textFields.length === 0) continue
        const fields = { ...form.fields, ...Object.fromEntries(form.textFields.map((f) => [f, PAYLOAD])) }
        const res = await client.post(form.action, fields)
        submitted++
        if (res.statusCode >= 500) failures.push(`${form.action} (from ${route.url}): ${res.statusCode}`)
        if (res.body.includes(XSS)) failures.push(`${form.action} (from ${route.url}) shows the payload unescaped`)
        if (isAccessRefusal(res) || isSignInRedirect(res) || isCsrfRefusal(res)) failures.push(`${form.action}: refused (${res.statusCode}) — the form is on a page the user may see`)
      }
    }
    expect(failures).toEqual([])
    expect(submitted).toBeGreaterThan(10)
    // The ledger's tables are all there and still balance: nothing was executed.
    const [ledger] = await ctx.db.query<{ n: number; s: number }>('select count(*)::int as n, coalesce(sum(amount_pence), 0)::bigint as s from postings')
    expect(ledger!.n).toBeGreaterThan(0)
    expect(ledger!.s).toBe(0)
    // Where a form stored the text (a note), it is stored exactly as typed and shown escaped on the account page.
    const [stored] = await ctx.db.query<{ n: number }>('select count(*)::int as n from notes where text = $1', [PAYLOAD])
    expect(stored!.n).toBeGreaterThan(0)
    const accountPage = await w.clients.get('team_leader')!.get(`/accounts/${w.account.accountNumber}`)
    expect(accountPage.body).toContain('&lt;script&gt;alert(&quot;reeve-xss&quot;)&lt;/script&gt;')
    expect(accountPage.body).not.toContain(XSS)
  }, 240_000)

  it('treats search terms and URL parameters as text', async () => {
    const client = w.clients.get('income_officer')!
    const search = await client.get(`/search?q=${encodeURIComponent(PAYLOAD)}`)
    expect(search.statusCode).toBeLessThan(500)
    expect(search.body).not.toContain(XSS)
    for (const url of [`/accounts/${encodeURIComponent(SQLI)}`, `/people/${encodeURIComponent(XSS)}`, `/payments/${encodeURIComponent("1 or 1=1")}/reverse`]) {
      const res = await client.get(url)
      expect(res.statusCode, url).toBeGreaterThanOrEqual(400)
      expect(res.statusCode, url).toBeLessThan(500)
      expect(res.body, url).not.toContain(XSS)
    }
    const api = await t.app.inject({ url: `/api/v1/accounts?q=${encodeURIComponent(SQLI)}`, headers: { authorization: `Bearer ${w.tokens.get('auditor')}` } })
    expect(api.statusCode).toBe(200)
    expect(api.json()).toEqual({ results: [], truncated: false })
  })

  it('answers oversized and malformed bodies on every POST route with a 4xx, never a 500', async () => {
    const failures: string[] = []
    const client = w.clients.get('team_leader')!
    const cookie = { cookie: `reeve.sid=${client.cookie}` }
    for (const route of postRoutes()) {
      const url = concreteUrl(route.url, w)
      const attempts = [
        { what: 'a 2 MB form', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `_csrf=${client.csrfToken}&text=${'a'.repeat(2 * 1024 * 1024)}` },
        { what: 'broken JSON', headers: { 'content-type': 'application/json' }, payload: '{"_csrf": ' },
        { what: 'an unknown content type', headers: { 'content-type': 'application/x-reeve' }, payload: 'x' },
        { what: 'a broken multipart body', headers: { 'content-type': 'multipart/form-data; boundary=zzz' }, payload: '--zzz\r\nContent-Disposition: form-data; name="a"\r\n\r\nunterminated' },
        { what: 'a form with repeated fields', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `_csrf=${client.csrfToken}&_csrf=${client.csrfToken}&amount=1&amount=2` },
      ]
      for (const a of attempts) {
        const res = await t.app.inject({ method: 'POST', url, headers: { ...cookie, ...a.headers }, payload: a.payload })
        if (res.statusCode >= 500 || res.statusCode < 300) {
          if (res.statusCode >= 500 || a.what !== 'a form with repeated fields') failures.push(`${route.url} with ${a.what}: ${res.statusCode}`)
        }
      }
    }
    expect(failures).toEqual([])
  }, 120_000)

  it('sends the security headers on every page: CSP with frame-ancestors, nosniff, Referrer-Policy; HSTS in production', async () => {
    const failures: string[] = []
    const pages = appRoutes(t).filter((r) => r.method === 'GET')
    for (const route of pages) {
      const access = ACCESS[routeKey(route)]
      const client = !access || access.kind === 'public' || access.kind === 'api' ? null : access.kind === 'signed-in' ? w.clients.get('team_leader')! : clientFor(access.roles as Role[])
      const url = concreteUrl(route.url, w)
      const res = client ? await client.get(url) : await t.app.inject({ url, headers: access?.kind === 'api' ? { authorization: `Bearer ${w.tokens.get('team_leader')}` } : {} })
      const csp = String(res.headers['content-security-policy'] ?? '')
      if (!csp.includes("frame-ancestors 'none'") || !csp.includes("default-src 'self'")) failures.push(`${route.url}: CSP ${csp}`)
      if (res.headers['x-content-type-options'] !== 'nosniff') failures.push(`${route.url}: no nosniff`)
      if (res.headers['referrer-policy'] !== 'same-origin') failures.push(`${route.url}: Referrer-Policy ${String(res.headers['referrer-policy'])}`)
      if (!res.headers['x-frame-options']) failures.push(`${route.url}: no X-Frame-Options`)
    }
    expect(failures).toEqual([])
    const prod = await buildTestWebApp(ctx.db, { config: { production: true } })
    try {
      for (const url of ['/sign-in', '/health', '/api/v1/openapi.json', '/no-such-page']) {
        const res = await prod.app.inject({ url })
        expect(res.headers['strict-transport-security'], url).toContain('max-age=31536000')
        expect(res.headers['content-security-policy'], url).toContain('upgrade-insecure-requests')
      }
    } finally {
      await prod.app.close()
    }
  }, 120_000)
})
