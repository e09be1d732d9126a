import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROLES, type Role } from '../../src/services/users/create-user.ts'
import { buildTestWebApp, type TestWebApp } from '../../src/web/testing/web-test-client.ts'
import { createTestDb, type TestDb } from '../databases.ts'
import { ACCESS, type Access } from './access-table.ts'
import { appRoutes, concreteUrl, isAccessRefusal, isSignInRedirect, makeSecurityWorld, routeKey, type SecurityWorld } from './security-fixtures.ts'

/**
 * The access-control matrix: every route the app registers (read from Fastify itself) × every role and anonymous,
 * against the one table in access-table.ts. A refused role must get the refusal (403 page, 401/403 problem, or
 * the sign-in page), an allowed role must not, and nobody may get a 500.
 */
// On PGlite only: the matrix tests the web layer's checks (about 900 requests), which do not differ by database; the
// services' own checks run on both databases in their tests.
describe('access control for every route and role', () => {
  let db: TestDb
  let t: TestWebApp
  let w: SecurityWorld

  beforeAll(async () => {
    db = await createTestDb('pglite')
    t = await buildTestWebApp(db.db)
    w = await makeSecurityWorld(db.db, t, 'ac')
  }, 120_000)
  afterAll(async () => {
    await t?.app.close()
    await db?.dispose()
  })

  it('has an entry in test/security/access-table.ts for every route the app registers', () => {
    const missing = appRoutes(t).map(routeKey).filter((k) => !ACCESS[k])
    expect(missing, `Add these routes to ACCESS in test/security/access-table.ts, saying who may reach them:\n${missing.join('\n')}`).toEqual([])
  })

  const expectation = (access: Access, role: Role | null): 'allowed' | 'refused' => {
    if (access.kind === 'public') return 'allowed'
    if (role === null) return 'refused'
    if (access.kind === 'signed-in') return 'allowed'
    return access.roles.includes(role) ? 'allowed' : 'refused'
  }

  it('lets in exactly the roles the table names, on every route', async () => {
    const failures: string[] = []
    // Sign-out last: it ends the session the other requests use.
    const routes = appRoutes(t).sort((a, b) => Number(a.url === '/sign-out') - Number(b.url === '/sign-out'))
    for (const route of routes) {
      const key = routeKey(route)
      const access = ACCESS[key]
      if (!access) continue
      const url = concreteUrl(route.url, w)
      for (const role of [null, ...ROLES] as (Role | null)[]) {
        const who = role ?? 'anonymous'
        const expected = expectation(access, role)
        let res
        if (access.kind === 'api') {
          const headers = role ? { authorization: `Bearer ${w.tokens.get(role)}` } : {}
          res = await t.app.inject({ method: route.method as 'GET' | 'POST', url, headers, ...(route.method === 'POST' ? { payload: {} } : {}) })
          const refused = res.statusCode === (role ? 403 : 401) && String(res.headers['content-type']).includes('application/problem+json')
          if (expected === 'refused' && !refused) failures.push(`${key} as ${who}: expected ${role ? 403 : 401}, got ${res.statusCode}`)
          if (expected === 'allowed' && (res.statusCode === 401 || res.statusCode === 403)) failures.push(`${key} as ${who}: expected to be let in, got ${res.statusCode}`)
        } else {
          const client = role ? w.clients.get(role)! : null
          if (route.method === 'GET') res = client ? await client.get(url) : await t.app.inject({ url })
          else res = client ? await client.post(url, {}) : await t.app.inject({ method: 'POST', url, payload: {} })
          const refused = role === null ? isSignInRedirect(res) : isAccessRefusal(res)
          if (expected === 'refused' && !refused) failures.push(`${key} as ${who}: expected refusal, got ${res.statusCode}`)
          // Signing out ends at the sign-in page: for sign-out that is being let in.
          const letIn = !isAccessRefusal(res) && (role === null || key === 'POST /sign-out' || !isSignInRedirect(res))
          if (expected === 'allowed' && !letIn) failures.push(`${key} as ${who}: expected to be let in, got ${res.statusCode}`)
        }
        if (res.statusCode >= 500) failures.push(`${key} as ${who}: ${res.statusCode} (a request must never cause a server error)`)
      }
    }
    expect(failures).toEqual([])
  }, 300_000)

  it('does not accept an officer’s session cookie as API authentication', async () => {
    const client = w.clients.get('team_leader')!
    const res = await t.app.inject({ url: `/api/v1/accounts/${w.account.accountNumber}`, headers: { cookie: `reeve.sid=${client.cookie}` } })
    expect(res.statusCode).toBe(401)
  })
})
