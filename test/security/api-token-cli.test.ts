import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestUser } from '../../src/web/testing/web-test-client.ts'
import { ADMIN_URL, createTestDb, testDbKinds, type TestDb } from '../databases.ts'
import { runCli } from '../faults/cli-process.ts'
import { authenticateApiToken } from '../../src/services/api-tokens/api-tokens.ts'

/** `reeve api-token create|list|revoke` through the real command (PostgreSQL: the child process needs a server). */
describe.skipIf(!testDbKinds.includes('postgres'))('reeve api-token [postgres]', () => {
  let t: TestDb
  let url: string
  beforeAll(async () => {
    t = await createTestDb('postgres')
    const u = new URL(ADMIN_URL)
    u.pathname = `/${(await t.db.query<{ n: string }>('select current_database() as n'))[0]!.n}`
    url = u.toString()
  })
  afterAll(async () => {
    await t?.dispose()
  })

  it('lets an administrator create, list and revoke a token, and nobody else', async () => {
    const admin = await createTestUser(t.db, { role: 'administrator' })
    const leader = await createTestUser(t.db, { role: 'team_leader' })
    const refused = await runCli(url, ['api-token', 'create', 'portal', '--role', 'finance', '--user', leader.username]).done
    expect(refused.code).toBe(2)
    expect(refused.out).toContain('Only administrator users can manage API tokens')

    const created = await runCli(url, ['api-token', 'create', 'portal', '--role', 'finance', '--user', admin.username]).done
    expect(created.code, created.out).toBe(0)
    const token = /reeve_[A-Za-z0-9_-]{43}/.exec(created.out)?.[0]
    expect(token).toBeDefined()
    expect(await authenticateApiToken(t.db, token!)).toMatchObject({ name: 'portal', role: 'finance' })

    const revoked = await runCli(url, ['api-token', 'revoke', 'portal', '--reason', 'Portal replaced', '--user', admin.username]).done
    expect(revoked.code, revoked.out).toBe(0)
    expect(await authenticateApiToken(t.db, token!)).toBeNull()
    const audit = await t.db.query<{ action: string; actor: string }>(`select action, actor from audit_events where entity_type = 'api_token' order by id`)
    expect(audit).toEqual([
      { action: 'api_token.created', actor: `user:${admin.username}` },
      { action: 'api_token.revoked', actor: `user:${admin.username}` },
    ])
    const [stored] = await t.db.query<{ token_hash: string; token_prefix: string }>('select token_hash, token_prefix from api_tokens')
    expect(stored!.token_hash).not.toContain(token!.slice(12))
  }, 60_000)
})
