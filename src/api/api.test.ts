import crypto from 'node:crypto'
import Ajv2020Module from 'ajv/dist/2020.js'
import Fastify from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDb } from '../../test/databases.ts'
import { registeredRoutes } from '../../test/security/routes.ts'
import { cliActor } from '../services/actor.ts'
import { createApiToken, revokeApiToken } from '../services/api-tokens/api-tokens.ts'
import type { Role } from '../services/users/create-user.ts'
import { makeAccountWithStatement, type WebAccountFixture } from '../web/testing/account-fixture.ts'
import { buildTestWebApp, TEST_NOW, type TestWebApp } from '../web/testing/web-test-client.ts'
import { API_RATE_LIMIT, apiPlugin, apiRouteSpecs } from './api.plugin.ts'

/**
 * The API against its own document: every route is documented, every documented request schema is the one the
 * server enforces (checked with an independent JSON Schema validator, Ajv, reading the served document), and every
 * answer matches the documented response schema.
 */

type Json = Record<string, unknown>
// Ajv is CommonJS: its class is the module's default export's default under Node's ESM interop.
const Ajv2020 = ((Ajv2020Module as unknown as { default?: unknown }).default ?? Ajv2020Module) as typeof Ajv2020Module.default
interface Example {
  params?: Record<string, string>
  query?: Record<string, string | undefined>
  headers?: Record<string, string>
  body?: unknown
}
/** A fresh Idempotency-Key header (writes that move money require one). */
const newKey = () => ({ 'Idempotency-Key': crypto.randomUUID() })
interface OperationExamples {
  valid: (f: WebAccountFixture & { partyRef: string }) => Example
  /** Requests the document's schema rejects, and the field the 400 must name. */
  invalid: (f: WebAccountFixture & { partyRef: string }) => (Example & { field: string; ruleInDescription?: string })[]
  role: Role
}

/** One entry per operation: a new operation without one fails 'has an example for every operation'. */
const EXAMPLES: Record<string, OperationExamples> = {
  searchAccounts: { role: 'auditor', valid: (f) => ({ query: { q: f.accountNumber } }), invalid: () => [{ query: { q: 'x' }, field: 'query.q' }, { query: {}, field: 'query.q' }] },
  getAccount: { role: 'auditor', valid: (f) => ({ params: { accountKey: f.accountNumber } }), invalid: () => [{ params: { accountKey: 'a b' }, field: 'params.accountKey' }] },
  getStatement: {
    role: 'income_officer',
    valid: (f) => ({ params: { accountKey: f.paymentReference }, query: { from: '2026-11-01', to: '2026-11-30' } }),
    invalid: (f) => [
      { params: { accountKey: f.accountNumber }, query: { from: '2026-13-01', to: '2026-11-30' }, field: 'query.from' },
      { params: { accountKey: f.accountNumber }, query: { from: '2026-11-01' }, field: 'query.to' },
    ],
  },
  getPartyDebt: { role: 'income_officer', valid: (f) => ({ params: { partyRef: f.partyRef } }), invalid: () => [{ params: { partyRef: '-bad' }, field: 'params.partyRef' }] },
  listAccountPayments: { role: 'finance', valid: (f) => ({ params: { accountKey: f.accountNumber } }), invalid: () => [{ params: { accountKey: 'x%27' }, field: 'params.accountKey' }] },
  postPayment: {
    role: 'income_officer',
    valid: (f) => ({ params: { accountKey: f.accountNumber }, headers: newKey(), body: { amountPence: 1234, method: 'card', receivedOn: '2026-11-20', reference: 'API test' } }),
    invalid: (f) => [
      { params: { accountKey: f.accountNumber }, body: { amountPence: 1234, method: 'card', receivedOn: '2026-11-20' }, field: 'header.Idempotency-Key' },
      { params: { accountKey: f.accountNumber }, headers: { 'Idempotency-Key': 'short' }, body: { amountPence: 1234, method: 'card', receivedOn: '2026-11-20' }, field: 'header.Idempotency-Key' },
      { params: { accountKey: f.accountNumber }, body: { amountPence: 12.5, method: 'card', receivedOn: '2026-11-20' }, field: 'body.amountPence' },
      { params: { accountKey: f.accountNumber }, body: { amountPence: 100, method: 'allpay', receivedOn: '2026-11-20' }, field: 'body.method' },
      { params: { accountKey: f.accountNumber }, body: { amountPence: 100, method: 'card', receivedOn: '2026-11-20', extra: 1 }, field: 'body' },
    ],
  },
  importPaymentFile: {
    role: 'finance',
    valid: (f) => ({ headers: newKey(), body: { format: 'bank-csv', fileName: 'api.csv', content: `date,reference,amount,name,method\r\n20/11/2026,${f.paymentReference},10.00,A Payer,bank_transfer\r\n` } }),
    invalid: () => [
      { body: { format: 'excel', fileName: 'a.csv', content: 'x' }, field: 'body.format' },
      { body: { format: 'bank-csv', fileName: '../a.csv', content: 'x' }, field: 'body.fileName' },
    ],
  },
  getArrangement: { role: 'auditor', valid: (f) => ({ params: { accountKey: f.accountNumber } }), invalid: () => [{ params: { accountKey: 'é' }, field: 'params.accountKey' }] },
  listHolds: { role: 'debt_recovery_officer', valid: (f) => ({ params: { accountKey: f.accountNumber } }), invalid: () => [{ params: { accountKey: 'a.b' }, field: 'params.accountKey' }] },
  placeHold: {
    role: 'debt_recovery_officer',
    valid: (f) => ({ params: { accountKey: f.accountNumber }, body: { type: 'breathing_space_standard', startsOn: '2026-11-20', reason: 'Debt adviser notified us', reference: 'BS123' } }),
    invalid: (f) => [
      { params: { accountKey: f.accountNumber }, body: { type: 'holiday', startsOn: '2026-11-20', reason: 'x' }, field: 'body.type' },
      { params: { accountKey: f.accountNumber }, body: { type: 'breathing_space_standard', startsOn: '2026-11-20', reason: '' }, field: 'body.reason' },
    ],
  },
  getRecommendation: { role: 'team_leader', valid: (f) => ({ params: { accountKey: f.accountNumber } }), invalid: () => [{ params: { accountKey: 'a/b' }, field: 'params.accountKey' }] },
  getWorktray: { role: 'team_leader', valid: () => ({ query: { page: '1', hold: 'not_held' } }), invalid: () => [{ query: { page: '0' }, field: 'query.page' }, { query: { hold: 'maybe' }, field: 'query.hold' }] },
  getSuspenseReport: { role: 'finance', valid: () => ({ query: { status: 'outstanding' } }), invalid: () => [{ query: { status: 'lost' }, field: 'query.status' }] },
  getCashReconciliation: {
    role: 'auditor',
    valid: () => ({ query: { from: '2026-11-01', to: '2026-11-22' } }),
    invalid: () => [{ query: { from: '2026-11-22', to: '2026-11-01' }, field: 'query.from', ruleInDescription: 'on or before' }, { query: { from: 'yesterday', to: '2026-11-01' }, field: 'query.from' }],
  },
}

describeEachDb('the JSON API', (ctx) => {
  let t: TestWebApp
  let doc: Json
  let fixture: WebAccountFixture & { partyRef: string }
  const tokens = new Map<Role, string>()
  const ajv = new Ajv2020({ strict: false, allErrors: true, coerceTypes: false })
  const ajvQuery = new Ajv2020({ strict: false, allErrors: true, coerceTypes: true })

  beforeAll(async () => {
    t = await buildTestWebApp(ctx.db)
    fixture = { ...(await makeAccountWithStatement(ctx.db, { forename: 'Apia', surname: 'Tokenova' })), partyRef: '' }
    const [p] = await ctx.db.query<{ party_ref: string }>('select p.party_ref from parties p join account_parties ap on ap.party_id = p.id where ap.account_id = $1', [fixture.accountId])
    fixture.partyRef = p!.party_ref
    for (const role of ['income_officer', 'debt_recovery_officer', 'team_leader', 'finance', 'auditor', 'administrator'] as Role[]) {
      tokens.set(role, (await createApiToken(ctx.db, { name: `test-${role.replace(/_/g, '-')}-${ctx.kind}`, role, actor: cliActor })).token)
    }
    doc = (await t.app.inject({ url: '/api/v1/openapi.json' })).json()
  })
  afterAll(async () => {
    await t?.app.close()
  })

  const call = (method: string, url: string, role: Role | null, ex: Example = {}) => {
    let path = url
    for (const [k, v] of Object.entries(ex.params ?? {})) path = path.replace(`:${k}`, encodeURIComponent(v))
    const qs = new URLSearchParams(Object.entries(ex.query ?? {}).filter((e): e is [string, string] => e[1] !== undefined)).toString()
    return t.app.inject({
      method: method as 'GET' | 'POST',
      url: `/api/v1${path}${qs ? `?${qs}` : ''}`,
      headers: { ...(ex.headers ?? {}), ...(role ? { authorization: `Bearer ${tokens.get(role)}` } : {}) },
      ...(ex.body !== undefined ? { payload: ex.body as Json } : {}),
    })
  }

  const operation = (method: string, url: string) => {
    const path = url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')
    return ((doc.paths as Json)[path] as Json | undefined)?.[method.toLowerCase()] as Json | undefined
  }

  /** Validates a request part against what the document shows for it. */
  const documentedRequestErrors = (op: Json, ex: Example): string[] => {
    const errors: string[] = []
    for (const p of (op.parameters as Json[]) ?? []) {
      const source = p.in === 'path' ? ex.params : p.in === 'header' ? ex.headers : ex.query
      const value = source?.[p.name as string]
      if (value === undefined) {
        if (p.required) errors.push(`${p.in}.${String(p.name)} missing`)
        continue
      }
      if (!(p.in === 'header' ? ajv : ajvQuery).validate(p.schema as Json, value)) errors.push(`${p.in}.${String(p.name)}`)
    }
    const body = (op.requestBody as Json | undefined)?.content as Json | undefined
    if (body) {
      const schema = (body['application/json'] as Json).schema as Json
      if (!ajv.validate(schema, ex.body ?? {})) errors.push('body')
    }
    const known = new Set(((op.parameters as Json[]) ?? []).filter((p) => p.in === 'query').map((p) => p.name))
    for (const k of Object.keys(ex.query ?? {})) if (!known.has(k)) errors.push(`query.${k} unknown`)
    return errors
  }

  it('documents every API route the app registers, and nothing it does not', async () => {
    // The one view of debt at /api/v1/people/:partyRef/debt predates the token API: it is part of the web app (session
    // sign-in, for the pages' own use), so it is not in the document. Every other /api/v1 route must be.
    const webOnly = new Set(['GET /api/v1/people/:partyRef/debt'])
    const registered = registeredRoutes(t.app)
      .filter((r) => r.url.startsWith('/api/v1/') && r.url !== '/api/v1/openapi.json')
      .map((r) => `${r.method} ${r.url}`)
      .filter((r) => !webOnly.has(r))
    const documented = Object.entries(doc.paths as Record<string, Json>).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} /api/v1${path.replace(/\{([A-Za-z0-9_]+)\}/g, ':$1')}`),
    )
    expect(registered.sort()).toEqual(documented.sort())
    expect(registered.length).toBeGreaterThanOrEqual(14)
    expect(doc.openapi).toBe('3.1.0')
  })

  it('has an example for every operation (add one to EXAMPLES in this file for a new operation)', () => {
    const ids = apiRouteSpecs({ db: ctx.db, now: () => TEST_NOW }).map((s) => s.operationId)
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids.filter((id) => !EXAMPLES[id])).toEqual([])
  })

  it.each(apiRouteSpecs({ db: null as never, now: () => TEST_NOW }).map((s) => [s.operationId, s.method, s.url] as const))(
    '%s: accepts what the document allows, refuses with 400 what it does not, and answers as documented',
    async (operationId, method, url) => {
      const ex = EXAMPLES[operationId]!
      const op = operation(method, url)!
      expect(op, `${method} ${url} in the document`).toBeDefined()
      expect(op.operationId).toBe(operationId)

      const valid = ex.valid(fixture)
      expect(documentedRequestErrors(op, valid), 'the valid example fits the documented schema').toEqual([])
      const ok = await call(method, url, ex.role, valid)
      expect(ok.statusCode, ok.body).toBeLessThan(300)
      const status = Object.keys(op.responses as Json).find((s) => s.startsWith('2'))!
      expect(String(ok.statusCode)).toBe(status)
      const responseSchema = (((op.responses as Json)[status] as Json).content as Json)['application/json'] as Json
      expect(ajv.validate(responseSchema.schema as Json, ok.json()), JSON.stringify(ajv.errors)).toBe(true)

      for (const bad of ex.invalid(fixture)) {
        // A rule across fields (from on or before to) is beyond JSON Schema: the operation's description must state it.
        if (bad.ruleInDescription) expect(op.description).toContain(bad.ruleInDescription)
        else expect(documentedRequestErrors(op, bad).length, `the document's schema rejects ${JSON.stringify(bad)}`).toBeGreaterThan(0)
        const res = await call(method, url, ex.role, bad)
        expect(res.statusCode, res.body).toBe(400)
        expect(res.headers['content-type']).toContain('application/problem+json')
        const problem = res.json() as { errors: { field: string }[] }
        expect(problem.errors.map((e) => e.field).some((f) => f === bad.field || f.startsWith(`${bad.field}.`)), JSON.stringify(problem)).toBe(true)
      }
    },
  )

  it('posts a payment to the ledger, audited as the system, and imports a file once only', async () => {
    const before = await ctx.db.query<{ b: number }>('select coalesce(sum(amount_pence), 0)::bigint as b from postings where account_id = $1', [fixture.accountId])
    const res = await call('POST', '/accounts/:accountKey/payments', 'team_leader', { params: { accountKey: fixture.accountNumber }, headers: newKey(), body: { amountPence: 2500, method: 'cash', receivedOn: '2026-11-21' } })
    expect(res.statusCode).toBe(201)
    const receipt = res.json() as { paymentId: number; balanceAfterPence: number }
    expect(receipt.balanceAfterPence).toBe(before[0]!.b - 2500)
    const [audit] = await ctx.db.query<{ actor: string }>(`select actor from audit_events where action like 'payment%' and entity_id = $1 or (after->>'paymentId')::text = $1 order by id desc limit 1`, [String(receipt.paymentId)])
    const [payment] = await ctx.db.query<{ source: string; user_id: number | null }>('select source, user_id from payments where id = $1', [receipt.paymentId])
    expect(payment).toEqual({ source: 'user', user_id: null })
    expect(audit?.actor ?? (await ctx.db.query<{ actor: string }>(`select actor from audit_events order by id desc limit 1`))[0]!.actor).toMatch(/^api:test-team-leader/)

    const file = { format: 'bank-csv', fileName: 'twice.csv', content: `date,reference,amount,name,method\r\n21/11/2026,${fixture.paymentReference},7.00,A Payer,bank_transfer\r\n` }
    const key = newKey()
    const first = await call('POST', '/payment-imports', 'finance', { headers: key, body: file })
    expect(first.statusCode, first.body).toBe(201)
    expect(first.json()).toMatchObject({ count: 1, matched: 1, totalPence: 700 })
    // A retry with its key gets the first summary back; the same key with another file is refused.
    const retry = await call('POST', '/payment-imports', 'finance', { headers: key, body: file })
    expect(retry.statusCode).toBe(201)
    expect(retry.headers['idempotent-replayed']).toBe('true')
    expect(retry.json()).toEqual(first.json())
    const reused = await call('POST', '/payment-imports', 'finance', { headers: key, body: { ...file, fileName: 'again.csv' } })
    expect(reused.statusCode).toBe(422)
    expect((reused.json() as { errors: { field: string }[] }).errors[0]!.field).toBe('header.Idempotency-Key')
    const again = await call('POST', '/payment-imports', 'finance', { headers: newKey(), body: { ...file, fileName: 'again.csv' } })
    expect(again.statusCode).toBe(409)
    expect(again.json()).toMatchObject({ status: 409, title: 'Conflict' })
    expect(again.json().detail).toContain('already imported')
    const bad = await call('POST', '/payment-imports', 'finance', { headers: newKey(), body: { ...file, content: 'date,reference,amount\r\nnot a date,1,x\r\n' } })
    expect(bad.statusCode).toBe(400)
    expect((bad.json() as { errors: { line?: number }[] }).errors.some((e) => e.line === 2)).toBe(true)
  })

  it('places a hold that the holds list then shows, and refuses a role that may not', async () => {
    const placed = await call('POST', '/accounts/:accountKey/holds', 'income_officer', {
      params: { accountKey: fixture.accountNumber },
      body: { scope: 'person', partyRef: fixture.partyRef, type: 'dispute', startsOn: '2026-11-22', reason: 'Disputes the charge' },
    })
    expect(placed.statusCode, placed.body).toBe(201)
    const list = await call('GET', '/accounts/:accountKey/holds', 'auditor', { params: { accountKey: fixture.accountNumber } })
    const holds = (list.json() as { holds: { id: number; scope: string; activeOn: boolean }[] }).holds
    expect(holds.find((h) => h.id === placed.json().id)).toMatchObject({ scope: 'party', activeOn: true })
    const refused = await call('POST', '/accounts/:accountKey/holds', 'finance', { params: { accountKey: fixture.accountNumber }, body: {} })
    expect(refused.statusCode).toBe(403)
    expect(refused.json()).toMatchObject({ status: 403, title: 'Not allowed' })
  })

  it('refuses no token, an unknown or revoked token with 401, records last use, and never starts a session', async () => {
    const none = await call('GET', '/accounts/:accountKey', null, { params: { accountKey: fixture.accountNumber } })
    expect(none.statusCode).toBe(401)
    expect(none.headers['www-authenticate']).toContain('Bearer')
    const forged = await t.app.inject({ url: `/api/v1/accounts/${fixture.accountNumber}`, headers: { authorization: `Bearer reeve_${'A'.repeat(43)}` } })
    expect(forged.statusCode).toBe(401)

    const { token } = await createApiToken(ctx.db, { name: `revoke-me-${ctx.kind}`, role: 'auditor', actor: cliActor })
    const used = await t.app.inject({ url: `/api/v1/accounts/${fixture.accountNumber}`, headers: { authorization: `Bearer ${token}` } })
    expect(used.statusCode).toBe(200)
    expect(used.cookies).toEqual([])
    const [row] = await ctx.db.query<{ last_used_at: Date | null; token_hash: string }>('select last_used_at, token_hash from api_tokens where name = $1', [`revoke-me-${ctx.kind}`])
    expect(row!.last_used_at).not.toBeNull()
    expect(row!.token_hash).not.toContain(token.slice(6, 20))
    await revokeApiToken(ctx.db, { name: `revoke-me-${ctx.kind}`, reason: 'test', actor: cliActor })
    const revoked = await t.app.inject({ url: `/api/v1/accounts/${fixture.accountNumber}`, headers: { authorization: `Bearer ${token}` } })
    expect(revoked.statusCode).toBe(401)
    // The web app's own headers apply to the API too, and its rate limit is announced.
    expect(used.headers['x-content-type-options']).toBe('nosniff')
    expect(used.headers['cache-control']).toBe('no-store')
    expect(used.headers['x-ratelimit-limit']).toBe(String(API_RATE_LIMIT.max))
  })

  it('answers malformed JSON, a wrong content type and an oversized body with a 4xx problem', async () => {
    const auth = { authorization: `Bearer ${tokens.get('finance')}` }
    const url = `/api/v1/accounts/${fixture.accountNumber}/payments`
    const broken = await t.app.inject({ method: 'POST', url, headers: { ...auth, 'content-type': 'application/json' }, payload: '{"amountPence": ' })
    expect(broken.statusCode).toBe(400)
    expect(broken.headers['content-type']).toContain('application/problem+json')
    const xml = await t.app.inject({ method: 'POST', url, headers: { ...auth, 'content-type': 'application/xml' }, payload: '<a/>' })
    expect(xml.statusCode).toBe(415)
    const huge = await t.app.inject({ method: 'POST', url, headers: { ...auth, 'content-type': 'application/json' }, payload: JSON.stringify({ reference: 'x'.repeat(100_000) }) })
    expect(huge.statusCode).toBe(413)
    expect(huge.json()).toMatchObject({ status: 413 })
  })

  it('rate limits each token, with a 429 problem', async () => {
    const app = Fastify()
    app.decorateRequest('user', null)
    await app.register(apiPlugin, { prefix: '/api/v1', db: ctx.db, now: () => TEST_NOW, rateLimit: { max: 3, timeWindow: 60_000 } })
    const headers = { authorization: `Bearer ${tokens.get('auditor')}` }
    const statuses = []
    for (let i = 0; i < 5; i++) statuses.push((await app.inject({ url: `/api/v1/accounts/${fixture.accountNumber}`, headers })).statusCode)
    expect(statuses).toEqual([200, 200, 200, 429, 429])
    const other = await app.inject({ url: `/api/v1/accounts/${fixture.accountNumber}`, headers: { authorization: `Bearer ${tokens.get('finance')}` } })
    expect(other.statusCode).toBe(200)
    const limited = await app.inject({ url: `/api/v1/accounts/${fixture.accountNumber}`, headers })
    expect(limited.json()).toMatchObject({ status: 429, title: 'Too many requests' })
    await app.close()
  })
})
