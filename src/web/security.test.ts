import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDb } from '../../test/databases.ts'
import type { Db } from '../db/client.ts'
import { requireRole, requireSignedIn } from './middleware/require-signed-in.ts'
import { buildTestWebApp, createTestUser, signedInClient, type TestWebApp, type WebTestClient } from './testing/web-test-client.ts'

describeEachDb('web security and plumbing', (ctx) => {
  let t: TestWebApp
  let client: WebTestClient

  beforeAll(async () => {
    t = await buildTestWebApp(ctx.db)
    client = await signedInClient(t.app, await createTestUser(ctx.db))
  })
  afterAll(async () => {
    await t?.app.close()
  })

  it('sends a CSP whose script nonce is the one on govuk-frontend\'s inline script, and the usual headers', async () => {
    const res = await client.get('/search')
    const csp = String(res.headers['content-security-policy'])
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toContain("form-action 'self'")
    expect(csp).not.toContain('unsafe-inline')
    const nonce = /script-src 'self' 'nonce-([0-9a-f]+)'/.exec(csp)?.[1]
    expect(nonce).toBeDefined()
    expect(res.body).toContain(`<script nonce="${nonce}">document.body.className += ' js-enabled'`)
    // A different nonce on every response.
    const again = await client.get('/search')
    expect(again.headers['content-security-policy']).not.toContain(nonce)

    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN')
    expect(res.headers['referrer-policy']).toBe('same-origin')
    expect(res.headers['cache-control']).toBe('no-store')
    expect(res.headers['strict-transport-security']).toBeUndefined()
  })

  it('gives every response an X-Request-Id, reusing a well-formed one from the caller', async () => {
    const own = await t.app.inject({ url: '/health' })
    expect(own.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
    const given = await t.app.inject({ url: '/health', headers: { 'x-request-id': 'lb-1234abcd' } })
    expect(given.headers['x-request-id']).toBe('lb-1234abcd')
    const junk = await t.app.inject({ url: '/health', headers: { 'x-request-id': 'bad id <script>' } })
    expect(junk.headers['x-request-id']).not.toContain('<')
  })

  it('answers /health without signing in, and 503 when the database is down', async () => {
    const ok = await t.app.inject({ url: '/health' })
    expect(ok.statusCode).toBe(200)
    expect(ok.json()).toEqual({ status: 'ok', db: 'up' })
    expect(ok.headers['cache-control']).toBe('no-store')

    const broken = { ...ctx.db, query: () => Promise.reject(new Error('connection refused')) } as unknown as Db
    const down = await buildTestWebApp(broken)
    try {
      const res = await down.app.inject({ url: '/health' })
      expect(res.statusCode).toBe(503)
      expect(res.json()).toEqual({ status: 'error', db: 'down' })
    } finally {
      await down.app.close()
    }
  })

  it('serves govuk-frontend\'s CSS, JavaScript, fonts and images, and our own, without signing in', async () => {
    for (const [url, type] of [
      ['/stylesheets/govuk-frontend.min.css', 'text/css'],
      ['/stylesheets/reeve.css', 'text/css'],
      ['/javascripts/govuk-frontend.min.js', 'javascript'],
      ['/javascripts/application.js', 'javascript'],
      ['/assets/images/favicon.svg', 'image/svg+xml'],
      ['/assets/manifest.json', 'json'],
    ] as const) {
      const res = await t.app.inject({ url })
      expect(res.statusCode, url).toBe(200)
      expect(res.headers['content-type'], url).toContain(type)
      expect(res.headers['cache-control'], url).toContain('max-age=3600')
    }
    // Only the files pages use are reachable under /stylesheets and /javascripts.
    expect((await t.app.inject({ url: '/javascripts/all.mjs' })).statusCode).toBe(404)
    for (const url of ['/stylesheets/../package.json', '/stylesheets/%2e%2e/package.json', '/assets/..%2f..%2fpackage.json']) {
      const res = await t.app.inject({ url })
      expect(res.statusCode, url).not.toBe(200)
      expect(res.body, url).not.toContain('"govuk-frontend"')
    }
  })

  it('shows a GOV.UK 404 page to a signed-in officer and asks anyone else to sign in', async () => {
    const res = await client.get('/no-such-page')
    expect(res.statusCode).toBe(404)
    expect(res.body).toContain('Page not found')
    expect(res.body).toContain('govuk-template')
    const anon = await t.app.inject({ url: '/no-such-page' })
    expect(anon.statusCode).toBe(303)
    expect(anon.headers.location).toBe('/sign-in?returnTo=%2Fno-such-page')
  })

  it('shows a 500 page without detail in production, and logs the error', async () => {
    const prod = await buildTestWebApp(ctx.db, { config: { production: true } })
    prod.app.get('/boom', async () => {
      throw new Error('secret internals')
    })
    try {
      const res = await prod.app.inject({ url: '/boom' })
      expect(res.statusCode).toBe(500)
      expect(res.body).toContain('Sorry, there is a problem with the service')
      expect(res.body).not.toContain('secret internals')
      expect(res.headers['strict-transport-security']).toContain('max-age=31536000')
      expect(prod.logs.join('')).toContain('secret internals')
    } finally {
      await prod.app.close()
    }
  })

  it('lets only the named roles through requireRole', async () => {
    const app = (await buildTestWebApp(ctx.db)).app
    app.get('/only-admins', { onRequest: requireSignedIn, preHandler: requireRole('administrator', 'team_leader') }, async () => 'secret')
    try {
      const officer = await signedInClient(app, await createTestUser(ctx.db, { role: 'income_officer' }))
      const denied = await officer.get('/only-admins')
      expect(denied.statusCode).toBe(403)
      expect(denied.body).toContain('You do not have access to this page')
      const admin = await signedInClient(app, await createTestUser(ctx.db, { role: 'administrator' }))
      expect((await admin.get('/only-admins')).body).toBe('secret')
      expect((await app.inject({ url: '/only-admins' })).statusCode).toBe(303)
    } finally {
      await app.close()
    }
  })

  it('marks the session cookie Secure in production (and so keeps no session over plain HTTP)', async () => {
    const prod = await buildTestWebApp(ctx.db, { config: { production: true } })
    try {
      const res = await prod.app.inject({ url: '/sign-in', headers: { 'x-forwarded-proto': 'https' } })
      expect(res.statusCode).toBe(200)
      expect(res.cookies.find((c) => c.name === 'reeve.sid')).toBeUndefined()
    } finally {
      await prod.app.close()
    }
    // Behind a TLS-terminating proxy that the app is told to trust, the cookie is set, and Secure.
    const proxied = await buildTestWebApp(ctx.db, { config: { production: true }, trustProxy: true })
    try {
      const res = await proxied.app.inject({ url: '/sign-in', headers: { 'x-forwarded-proto': 'https' } })
      expect(res.cookies.find((c) => c.name === 'reeve.sid')).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Lax' })
    } finally {
      await proxied.app.close()
    }
  })
})
