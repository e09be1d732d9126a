import crypto from 'node:crypto'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { describeEachDb } from '../../test/databases.ts'
import { cliActor } from '../services/actor.ts'
import { createApiToken } from '../services/api-tokens/api-tokens.ts'
import { makeAccountWithStatement, type WebAccountFixture } from '../web/testing/account-fixture.ts'
import { TEST_NOW } from '../web/testing/web-test-client.ts'
import { apiPlugin } from './api.plugin.ts'
import { idempotencyKeyOf, requestHash } from './idempotency.ts'

/**
 * Idempotency-Key on the API's writes: a retried payment posts once, on both databases, including when the retries
 * arrive at the same moment.
 */

describe('requestHash and idempotencyKeyOf', () => {
  it('treats JSON bodies with the same members in another order as the same request, and any other change as different', () => {
    const a = requestHash({ method: 'POST', path: '/api/v1/accounts/1/payments', body: { amountPence: 100, method: 'card', x: { b: 1, a: [1, 2] } } })
    expect(requestHash({ method: 'POST', path: '/api/v1/accounts/1/payments', body: { x: { a: [1, 2], b: 1 }, method: 'card', amountPence: 100 } })).toBe(a)
    expect(requestHash({ method: 'POST', path: '/api/v1/accounts/1/payments', body: { amountPence: 101, method: 'card', x: { b: 1, a: [1, 2] } } })).not.toBe(a)
    expect(requestHash({ method: 'POST', path: '/api/v1/accounts/1/payments', body: { amountPence: 100, method: 'card', x: { b: 1, a: [2, 1] } } })).not.toBe(a)
    expect(requestHash({ method: 'POST', path: '/api/v1/accounts/2/payments', body: { amountPence: 100, method: 'card', x: { b: 1, a: [1, 2] } } })).not.toBe(a)
  })

  it('reads the key bare or quoted, requires it where asked, and refuses a malformed one', () => {
    expect(idempotencyKeyOf({ 'idempotency-key': 'portal:2026-11-22:0001' }, 'required')).toBe('portal:2026-11-22:0001')
    expect(idempotencyKeyOf({ 'idempotency-key': '"8e03978e-40d5-43e8-bc93-6894a57f9324"' }, 'required')).toBe('8e03978e-40d5-43e8-bc93-6894a57f9324')
    expect(idempotencyKeyOf({}, 'optional')).toBeUndefined()
    expect(() => idempotencyKeyOf({}, 'required')).toThrow(/Idempotency-Key/)
    for (const bad of ['short', 'has space in it', 'x'.repeat(256), 'semi;colon;key']) expect(() => idempotencyKeyOf({ 'idempotency-key': bad }, 'optional')).toThrow(/not valid/)
  })
})

describeEachDb('Idempotency-Key on API writes', (ctx) => {
  let app: FastifyInstance
  let account: WebAccountFixture
  let portal: string
  let crm: string
  let clock = TEST_NOW

  const balance = async () => (await ctx.db.query<{ b: number }>('select coalesce(sum(amount_pence), 0)::bigint as b from postings where account_id = $1', [account.accountId]))[0]!.b
  const paymentsWith = async (reference: string) => (await ctx.db.query<{ id: number }>('select id from payments where reference = $1 order by id', [reference])).map((r) => r.id)
  const pay = (token: string, key: string | null, body: Record<string, unknown>) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/accounts/${account.accountNumber}/payments`,
      headers: { authorization: `Bearer ${token}`, ...(key ? { 'idempotency-key': key } : {}) },
      payload: body,
    })

  beforeAll(async () => {
    account = await makeAccountWithStatement(ctx.db, { forename: 'Idem', surname: 'Potent' })
    portal = (await createApiToken(ctx.db, { name: `portal-${ctx.kind}`, role: 'income_officer', actor: cliActor })).token
    crm = (await createApiToken(ctx.db, { name: `crm-${ctx.kind}`, role: 'debt_recovery_officer', actor: cliActor })).token
    // The API alone, with a clock the tests move (the rate limit set high: these tests send many requests).
    app = Fastify()
    app.decorateRequest('user', null)
    await app.register(apiPlugin, { prefix: '/api/v1', db: ctx.db, now: () => clock, rateLimit: { max: 10_000, timeWindow: 60_000 } })
  })
  afterAll(async () => {
    await app?.close()
  })

  it('posts a retried payment once and returns the first receipt again, marked as replayed', async () => {
    const key = crypto.randomUUID()
    const body = { amountPence: 1500, method: 'card', receivedOn: '2026-11-21', reference: 'retry-1' }
    const before = await balance()
    const first = await pay(portal, key, body)
    expect(first.statusCode, first.body).toBe(201)
    expect(first.headers['idempotent-replayed']).toBeUndefined()
    // The same body with its members in another order is the same request.
    const retry = await pay(portal, key, { reference: 'retry-1', receivedOn: '2026-11-21', method: 'card', amountPence: 1500 })
    expect(retry.statusCode).toBe(201)
    expect(retry.headers['idempotent-replayed']).toBe('true')
    expect(retry.json()).toEqual(first.json())
    expect(await paymentsWith('retry-1')).toEqual([first.json().paymentId])
    expect(await balance()).toBe(before - 1500)
    const audits = await ctx.db.query<{ entity_id: string }>(`select entity_id from audit_events where action = 'payment.recorded' and entity_id = $1`, [String(first.json().paymentId)])
    expect(audits).toHaveLength(1)
  })

  it('refuses the same key with a different body with 422, posting nothing', async () => {
    const key = crypto.randomUUID()
    const first = await pay(portal, key, { amountPence: 700, method: 'card', receivedOn: '2026-11-21', reference: 'diff-1' })
    expect(first.statusCode).toBe(201)
    const before = await balance()
    const other = await pay(portal, key, { amountPence: 7000, method: 'card', receivedOn: '2026-11-21', reference: 'diff-1' })
    expect(other.statusCode).toBe(422)
    expect(other.headers['content-type']).toContain('application/problem+json')
    expect(other.json()).toMatchObject({ status: 422, errors: [{ field: 'header.Idempotency-Key' }] })
    expect(other.json().detail).toContain('different request')
    expect(await balance()).toBe(before)
    expect(await paymentsWith('diff-1')).toHaveLength(1)
  })

  it('requires a key on a payment (400 naming the header) and posts nothing without one', async () => {
    const before = await balance()
    const res = await pay(portal, null, { amountPence: 900, method: 'cash', receivedOn: '2026-11-21', reference: 'nokey-1' })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ status: 400, errors: [{ field: 'header.Idempotency-Key' }] })
    expect(await balance()).toBe(before)
    expect(await paymentsWith('nokey-1')).toEqual([])
  })

  it('posts once when the same request arrives several times at the same moment', async () => {
    const key = crypto.randomUUID()
    const body = { amountPence: 2300, method: 'card', receivedOn: '2026-11-21', reference: 'parallel-1' }
    const before = await balance()
    const answers = await Promise.all(Array.from({ length: 6 }, () => pay(portal, key, body)))
    expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201, 201, 201, 201])
    expect(new Set(answers.map((a) => a.json().paymentId)).size).toBe(1)
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(5)
    expect(await paymentsWith('parallel-1')).toHaveLength(1)
    expect(await balance()).toBe(before - 2300)
    // Different keys at the same moment are different payments, all posted.
    const distinct = await Promise.all(Array.from({ length: 4 }, () => pay(portal, crypto.randomUUID(), { ...body, reference: 'parallel-2' })))
    expect(distinct.map((a) => a.statusCode)).toEqual([201, 201, 201, 201])
    expect(await paymentsWith('parallel-2')).toHaveLength(4)
  })

  it('keeps no key for a refused request, so its corrected retry runs', async () => {
    const key = crypto.randomUUID()
    // Received tomorrow: refused by the handler, inside the key's transaction.
    const refused = await pay(portal, key, { amountPence: 400, method: 'card', receivedOn: '2026-11-23', reference: 'refused-1' })
    expect(refused.statusCode).toBe(400)
    const [stored] = await ctx.db.query<{ n: number }>('select count(*)::int as n from api_idempotency_keys where idempotency_key = $1', [key])
    expect(stored!.n).toBe(0)
    const fixed = await pay(portal, key, { amountPence: 400, method: 'card', receivedOn: '2026-11-22', reference: 'refused-1' })
    expect(fixed.statusCode).toBe(201)
    expect(fixed.headers['idempotent-replayed']).toBeUndefined()
    expect(await paymentsWith('refused-1')).toHaveLength(1)
  })

  it('keeps keys apart per token', async () => {
    const key = crypto.randomUUID()
    const { token: other } = await createApiToken(ctx.db, { name: `other-portal-${ctx.kind}`, role: 'income_officer', actor: cliActor })
    const body = { amountPence: 100, method: 'card', receivedOn: '2026-11-21', reference: 'per-token-1' }
    expect((await pay(portal, key, body)).statusCode).toBe(201)
    const theirs = await pay(other, key, body)
    expect(theirs.statusCode).toBe(201)
    expect(theirs.headers['idempotent-replayed']).toBeUndefined()
    expect(await paymentsWith('per-token-1')).toHaveLength(2)
  })

  it('remembers a key for the policy period (7 days), then forgets and prunes it', async () => {
    const key = crypto.randomUUID()
    const body = { amountPence: 250, method: 'card', receivedOn: '2026-11-21', reference: 'expiry-1' }
    const first = await pay(portal, key, body)
    expect(first.statusCode).toBe(201)
    const [row] = await ctx.db.query<{ created_at: Date; expires_at: Date }>('select created_at, expires_at from api_idempotency_keys where idempotency_key = $1', [key])
    expect(row!.expires_at.getTime() - row!.created_at.getTime()).toBe(7 * 86_400_000)
    try {
      clock = new Date(TEST_NOW.getTime() + 6 * 86_400_000)
      const within = await pay(portal, key, body)
      expect(within.headers['idempotent-replayed']).toBe('true')
      expect(await paymentsWith('expiry-1')).toHaveLength(1)
      clock = new Date(TEST_NOW.getTime() + 8 * 86_400_000)
      // Any keyed write prunes every expired key, this one's included.
      expect((await pay(portal, crypto.randomUUID(), { ...body, reference: 'expiry-other' })).statusCode).toBe(201)
      expect(await ctx.db.query('select 1 from api_idempotency_keys where idempotency_key = $1', [key])).toEqual([])
      const after = await pay(portal, key, body)
      expect(after.statusCode).toBe(201)
      expect(after.headers['idempotent-replayed']).toBeUndefined()
      expect(await paymentsWith('expiry-1')).toHaveLength(2)
    } finally {
      clock = TEST_NOW
    }
  })

  it('shows the header in the OpenAPI document: required on writes that move money, optional on holds, absent on reads', async () => {
    const doc = (await app.inject({ url: '/api/v1/openapi.json' })).json() as { paths: Record<string, Record<string, { parameters: { name: string; in: string; required: boolean }[]; responses: Record<string, { headers?: Record<string, unknown> }> }>> }
    const header = (path: string, method: string) => doc.paths[path]![method]!.parameters.find((p) => p.in === 'header' && p.name === 'Idempotency-Key')
    expect(header('/accounts/{accountKey}/payments', 'post')?.required).toBe(true)
    expect(header('/payment-imports', 'post')?.required).toBe(true)
    expect(header('/accounts/{accountKey}/holds', 'post')?.required).toBe(false)
    expect(header('/accounts/{accountKey}/payments', 'get')).toBeUndefined()
    expect(doc.paths['/accounts/{accountKey}/payments']!.post!.responses['201']!.headers).toHaveProperty('Idempotent-Replayed')
  })

  it('places a hold once for a retried request with a key, and twice without one (the key is optional there)', async () => {
    const url = `/api/v1/accounts/${account.accountNumber}/holds`
    const body = { type: 'breathing_space_standard', startsOn: '2026-11-20', reason: 'Debt adviser notified us', reference: 'BS-IDEM' }
    const countHolds = async () => (await ctx.db.query<{ n: number }>(`select count(*)::int as n from holds where reference = 'BS-IDEM'`))[0]!.n
    const key = crypto.randomUUID()
    const headers = { authorization: `Bearer ${crm}`, 'idempotency-key': key }
    const [a, b] = await Promise.all([app.inject({ method: 'POST', url, headers, payload: body }), app.inject({ method: 'POST', url, headers, payload: body })])
    expect([a.statusCode, b.statusCode]).toEqual([201, 201])
    expect(a.json().id).toBe(b.json().id)
    expect(await countHolds()).toBe(1)
    const plain = await app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${crm}` }, payload: body })
    expect(plain.statusCode).toBe(201)
    expect(await countHolds()).toBe(2)
  })
})
