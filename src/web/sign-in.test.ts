import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { describeEachDb } from '../../test/databases.ts'
import { SIGN_IN_ATTEMPTS } from './routes/sign-in/sign-in.router.ts'
import { buildTestWebApp, createTestUser, signedInClient, WebTestClient, type TestUser, type TestWebApp } from './testing/web-test-client.ts'

describeEachDb('web sign-in', (ctx) => {
  let t: TestWebApp
  let officer: TestUser

  beforeAll(async () => {
    t = await buildTestWebApp(ctx.db)
    officer = await createTestUser(ctx.db, { displayName: 'Priya Officerperson' })
  })
  afterAll(async () => {
    await t?.app.close()
  })

  const auditOf = (action: string) =>
    ctx.db.query<{ actor: string; user_id: number | null; entity_id: string; after: unknown }>(
      'select actor, user_id, entity_id, after from audit_events where action = $1 order by id',
      [action],
    )

  it('redirects someone who is not signed in to the sign-in page, remembering where they were going', async () => {
    const res = await t.app.inject({ url: '/search?q=smith' })
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toBe('/sign-in?returnTo=%2Fsearch%3Fq%3Dsmith')
    expect((await t.app.inject({ url: '/' })).headers.location).toBe('/sign-in')
    expect((await t.app.inject({ url: '/accounts/RNT1' })).headers.location).toBe('/sign-in?returnTo=%2Faccounts%2FRNT1')
  })

  it('shows the sign-in form with a CSRF field, without creating a session row for a mere health check', async () => {
    const before = await ctx.db.query<{ n: number }>('select count(*)::int as n from sessions')
    await t.app.inject({ url: '/health' })
    const after = await ctx.db.query<{ n: number }>('select count(*)::int as n from sessions')
    expect(after[0]!.n).toBe(before[0]!.n)

    const res = await t.app.inject({ url: '/sign-in' })
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('<h1 class="govuk-heading-l">Sign in</h1>')
    expect(res.body).toMatch(/<input type="hidden" name="_csrf" value="[^"]+">/)
    const cookie = res.cookies.find((c) => c.name === 'reeve.sid')!
    expect(cookie.httpOnly).toBe(true)
    expect(cookie.sameSite).toBe('Lax')
    expect(cookie.secure).toBeFalsy()
    // 8 hours, give or take the test's own run time.
    const ttl = (cookie.expires as Date).getTime() - Date.now()
    expect(ttl).toBeGreaterThan(8 * 3600_000 - 60_000)
    expect(ttl).toBeLessThanOrEqual(8 * 3600_000)
  })

  it('signs in with the right password, with a new session id, and audits it', async () => {
    const client = new WebTestClient(t.app)
    await client.get('/sign-in')
    const anonymousSid = client.cookie
    const res = await client.post('/sign-in', { username: officer.username, password: officer.password })
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toBe('/search')
    expect(client.cookie).toBeDefined()
    expect(client.cookie).not.toBe(anonymousSid)

    const page = await client.get('/search')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Signed in as Priya Officerperson')
    expect(page.body).toContain('action="/sign-out"')

    const events = await auditOf('user.signed_in')
    expect(events.at(-1)).toMatchObject({ actor: `user:${officer.username}`, user_id: officer.id, entity_id: String(officer.id) })
    // The pre-sign-in session is gone from the table.
    const sid = anonymousSid!.split('.')[0]
    expect(await ctx.db.query('select 1 from sessions where sid = $1', [sid])).toHaveLength(0)
  })

  it('takes the officer back to the page they asked for, but only within the site', async () => {
    const client = new WebTestClient(t.app)
    const form = await client.get('/sign-in?returnTo=%2Fsearch%3Fq%3Dab')
    expect(form.body).toContain('name="returnTo" value="/search?q=ab"')
    const res = await client.post('/sign-in', { username: officer.username, password: officer.password, returnTo: '/search?q=ab' })
    expect(res.headers.location).toBe('/search?q=ab')

    const other = new WebTestClient(t.app)
    await other.get('/sign-in')
    const evil = await other.post('/sign-in', { username: officer.username, password: officer.password, returnTo: '//evil.example/x' })
    expect(evil.headers.location).toBe('/search')
  })

  it('shows a GOV.UK error summary and field errors when the fields are empty', async () => {
    const client = new WebTestClient(t.app)
    await client.get('/sign-in')
    const res = await client.post('/sign-in', { username: '', password: '' })
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain('<title>Error: Sign in – Reeve</title>')
    expect(res.body).toContain('govuk-error-summary')
    expect(res.body).toContain('<a href="#username">Enter your username</a>')
    expect(res.body).toContain('<a href="#password">Enter your password</a>')
    expect(res.body).toMatch(/id="username-error"[\s\S]*Enter your username/)
    expect(res.body).toMatch(/id="password-error"[\s\S]*Enter your password/)
  })

  it('refuses a wrong password and an unknown user alike, keeping the username but never the password', async () => {
    const client = new WebTestClient(t.app)
    await client.get('/sign-in')
    const wrong = await client.post('/sign-in', { username: officer.username, password: 'not the password' })
    expect(wrong.statusCode).toBe(401)
    expect(wrong.body).toContain('The username or password is not right')
    expect(wrong.body).toContain(`value="${officer.username}"`)
    expect(wrong.body).not.toContain('not the password')

    const unknown = await client.post('/sign-in', { username: 'nobody-here', password: 'whatever it is' })
    expect(unknown.statusCode).toBe(401)
    expect(unknown.body).toContain('The username or password is not right')

    const failures = await auditOf('user.sign_in_failed')
    expect(failures.map((f) => [f.actor, f.entity_id])).toEqual(
      expect.arrayContaining([
        ['anonymous', String(officer.id)],
        ['anonymous', 'unknown'],
      ]),
    )
    expect(JSON.stringify(failures)).not.toContain('whatever it is')
    expect(JSON.stringify(failures)).not.toContain('nobody-here')
  })

  it('does not sign in a deactivated user, and ends the session of one who is signed in', async () => {
    const leaver = await createTestUser(ctx.db)
    const client = await signedInClient(t.app, leaver)
    await ctx.db.query('update users set active = false where id = $1', [leaver.id])
    expect((await client.get('/search')).statusCode).toBe(303)

    const again = new WebTestClient(t.app)
    await again.get('/sign-in')
    expect((await again.post('/sign-in', { username: leaver.username, password: leaver.password })).statusCode).toBe(401)
  })

  describe('CSRF', () => {
    it('refuses a POST without a token, or with a wrong one, with a 403 error page', async () => {
      const client = await signedInClient(t.app, officer)
      const missing = await client.post('/sign-out', { _csrf: null })
      expect(missing.statusCode).toBe(403)
      expect(missing.body).toContain('govuk-heading-l')
      expect(missing.body).toContain('Sorry, there is a problem with this form')

      const wrong = await client.post('/sign-out', { _csrf: 'forged-token' })
      expect(wrong.statusCode).toBe(403)
      // Still signed in: the forged sign-out did nothing.
      expect((await client.get('/search')).statusCode).toBe(200)
    })

    it('refuses a sign-in POST from a page we did not render', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/sign-in',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ username: officer.username, password: officer.password }).toString(),
      })
      expect(res.statusCode).toBe(403)
    })
  })

  it('signs out: the session is destroyed, audited, and the old cookie no longer works', async () => {
    const client = await signedInClient(t.app, officer)
    const oldCookie = client.cookie
    const res = await client.post('/sign-out')
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toBe('/sign-in')
    expect(client.cookie).toBeUndefined()
    const replay = await t.app.inject({ url: '/search', headers: { cookie: `reeve.sid=${oldCookie}` } })
    expect(replay.statusCode).toBe(303)
    expect(replay.headers.location).toBe('/sign-in?returnTo=%2Fsearch')
    expect((await auditOf('user.signed_out')).at(-1)).toMatchObject({ actor: `user:${officer.username}` })
  })

  it(`allows ${SIGN_IN_ATTEMPTS.max} attempts per 15 minutes for one username from one address, then shows a 429 page`, async () => {
    const target = await createTestUser(ctx.db)
    const client = new WebTestClient(t.app)
    await client.get('/sign-in')
    for (let i = 0; i < SIGN_IN_ATTEMPTS.max; i++) {
      expect((await client.post('/sign-in', { username: target.username, password: `guess ${i}` })).statusCode).toBe(401)
    }
    const blocked = await client.post('/sign-in', { username: target.username, password: target.password })
    expect(blocked.statusCode).toBe(429)
    expect(blocked.body).toContain('Too many attempts')
    expect(blocked.headers['retry-after']).toBeDefined()
    // Another username is unaffected.
    expect((await client.post('/sign-in', { username: officer.username, password: officer.password })).statusCode).toBe(303)
  })

  it('never writes a password, a display name or a search term to the logs', async () => {
    const client = await signedInClient(t.app, officer)
    await client.get('/search?q=Officerperson')
    const logs = t.logs.join('')
    expect(logs.length).toBeGreaterThan(0)
    expect(logs).toContain('"url":"/search"')
    expect(logs).not.toContain(officer.password)
    expect(logs).not.toContain('not the password')
    expect(logs).not.toContain('Officerperson')
    expect(logs).not.toContain('_csrf')
    expect(logs).not.toMatch(/reeve\.sid=/)
  })
})
