import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPostgres, type Db } from '../../src/db/client.ts'
import { buildTestWebApp, createTestUser, signedInClient, type TestWebApp, type WebTestClient } from '../../src/web/testing/web-test-client.ts'
import { ADMIN_URL, createTestDb, testDbKinds, type TestDb } from '../databases.ts'
import { waitFor } from './cli-process.ts'

/**
 * The database going away under a running app: every connection is terminated and new ones are refused. Officers
 * get a clear error page (never a stack trace, never a hang), the health check says the database is down, and when
 * the database comes back the same app, sessions and all, works again without a restart. PostgreSQL only (PGlite
 * lives inside the app's own process).
 */
describe.skipIf(!testDbKinds.includes('postgres'))('the database going away and coming back [postgres]', () => {
  let t: TestDb
  let web: TestWebApp
  let prod: TestWebApp
  let officer: WebTestClient
  let admin: Db
  let name: string

  beforeAll(async () => {
    t = await createTestDb('postgres')
    name = (await t.db.query<{ n: string }>('select current_database() as n'))[0]!.n
    admin = await openPostgres(ADMIN_URL, 1)
    web = await buildTestWebApp(t.db)
    // A production app too, for what a caller sees there (no detail at all in a 500).
    prod = await buildTestWebApp(t.db, { config: { production: true } })
    officer = await signedInClient(web.app, await createTestUser(t.db, { role: 'income_officer' }))
  }, 60_000)
  afterAll(async () => {
    await admin?.query(`alter database ${name} with allow_connections true`).catch(() => {})
    await web?.app.close()
    await prod?.app.close()
    await admin?.close()
    await t?.dispose()
  })

  it('shows a clear error while the database is down and recovers when it returns', async () => {
    expect((await officer.get('/search')).statusCode).toBe(200)

    await admin.query(`alter database ${name} with allow_connections false`)
    await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name])

    const health = await web.app.inject({ url: '/health' })
    expect(health.statusCode).toBe(503)
    expect(health.json()).toEqual({ status: 'error', db: 'down' })
    const page = await officer.get('/search?q=smith')
    expect(page.statusCode).toBeGreaterThanOrEqual(500)
    expect(page.body).toContain('Sorry, there is a problem with the service')
    const api = await prod.app.inject({ url: '/api/v1/accounts?q=smith', headers: { authorization: 'Bearer reeve_' + 'A'.repeat(43) } })
    expect(api.statusCode).toBe(500)
    expect(api.headers['content-type']).toContain('application/problem+json')
    expect(api.json()).toMatchObject({ status: 500, detail: 'Something went wrong on our side. Quote the instance id if you report it.' })
    expect(api.body).not.toMatch(/allow connections|terminat/)
    expect((await prod.app.inject({ url: '/health' })).statusCode).toBe(503)
    expect(web.logs.join('')).toMatch(/database|connection|terminat/i)

    await admin.query(`alter database ${name} with allow_connections true`)
    await waitFor('the health check to pass again', async () => (await web.app.inject({ url: '/health' })).statusCode === 200, 20_000)
    const back = await officer.get('/search')
    expect(back.statusCode).toBe(200)
    expect(back.body).toContain('Sign out')
  }, 60_000)
})
