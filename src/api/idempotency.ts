/**
 * Idempotency keys for the API's writes (decision 0013; the IETF httpapi "Idempotency-Key" header draft). A system
 * that times out waiting for `POST /accounts/{key}/payments` cannot know whether the payment was posted; it sends the
 * request again with the same `Idempotency-Key`, and gets the first answer back (with `Idempotent-Replayed: true`)
 * instead of a second payment.
 *
 * - The key, a hash of the request and the answer are stored in the same transaction as the write itself, so either
 *   both happen or neither: there is no moment at which the payment exists but the key does not.
 * - Concurrency: a transaction-scoped advisory lock on (token, key) is taken first, so a second request with the same
 *   key waits for the first to commit or roll back, then finds its answer (or, after a rollback, runs itself).
 * - Only a successful answer is kept. A refused request (404, 409, 422…) changed nothing and keeps no key: its retry
 *   runs again and may succeed once the cause is fixed.
 * - The same key with a different request (another body, account or operation) is refused with 422; nothing runs.
 * - Keys are kept for `api.idempotency_key_days` (a dated policy value), then forgotten and pruned.
 */
import crypto from 'node:crypto'
import { z } from 'zod'
import type { Db, Queryable } from '../db/client.ts'
import { todayInLondon } from '../domain/calendar/dates.ts'
import { AppError } from '../errors.ts'
import { getPolicyValue } from '../services/policy/get-policy-value.ts'

export const IDEMPOTENCY_HEADER = 'idempotency-key'
export const REPLAYED_HEADER = 'idempotent-replayed'
/** 8 to 255 characters that need no quoting: a UUID, a payment portal's transaction id, `portal:2026-11-22:000123`. */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9._:~+/=-]{8,255}$/

export const IdempotencyKeySchema = z
  .string()
  .regex(IDEMPOTENCY_KEY_PATTERN, 'Expected 8 to 255 letters, digits or . _ : ~ + / = -')
  .meta({ description: 'A key the caller makes once per intended write (a UUID is ideal) and sends again, unchanged, with every retry of that write.' })

const KeyDays = z.number().int().min(1).max(366)

export type IdempotencyMode = 'required' | 'optional'

/**
 * The key a request carries: undefined when there is none (an error if `mode` is 'required'). The header may be sent
 * bare or as a structured-field string (`"…"`, as the IETF draft writes it).
 */
export function idempotencyKeyOf(headers: Record<string, string | string[] | undefined>, mode: IdempotencyMode): string | undefined {
  const raw = headers[IDEMPOTENCY_HEADER]
  if (raw === undefined) {
    if (mode === 'optional') return undefined
    throw new AppError('validation', 'Send an Idempotency-Key header with this request, and the same key again if you retry it', [
      { field: 'header.Idempotency-Key', message: 'Required: a new key (e.g. a UUID) for each payment, the same key for its retries' },
    ])
  }
  const value = (Array.isArray(raw) ? raw.join(',') : raw).trim().replace(/^"(.*)"$/, '$1')
  if (!IDEMPOTENCY_KEY_PATTERN.test(value)) {
    throw new AppError('validation', 'The Idempotency-Key header is not valid', [{ field: 'header.Idempotency-Key', message: 'Expected 8 to 255 letters, digits or . _ : ~ + / = -' }])
  }
  return value
}

/** Plain JSON with object keys sorted, so that `{a,b}` and `{b,a}` are the same request. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined)
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

/** What makes two requests "the same": method, path (with its account key) and JSON body. */
export function requestHash(req: { method: string; path: string; body: unknown }): string {
  return crypto.createHash('sha256').update(canonicalJson({ method: req.method, path: req.path, body: req.body ?? null }), 'utf8').digest('hex')
}

/**
 * A `Db` whose every query runs in the given transaction; a `transaction()` inside it is a savepoint. Lets a service
 * that opens its own transaction (receiptPayment, importPaymentFile) run inside the one that also stores the key.
 */
export function dbInTransaction(db: Db, tx: Queryable): Db {
  let depth = 0
  return {
    kind: db.kind,
    query: (sql, params) => tx.query(sql, params),
    exec: (sql) => tx.exec(sql),
    async transaction(fn) {
      const name = `reeve_nested_${++depth}`
      await tx.exec(`savepoint ${name}`)
      try {
        const result = await fn(tx)
        await tx.exec(`release savepoint ${name}`)
        return result
      } catch (err) {
        await tx.exec(`rollback to savepoint ${name}`).catch(() => {})
        throw err
      } finally {
        depth--
      }
    },
    close: () => Promise.reject(new Error('The transaction belongs to its caller')),
  }
}

export interface StoredResponse {
  status: number
  body: unknown
  replayed: boolean
}

export interface IdempotentWrite {
  db: Db
  now: Date
  tokenId: number
  key: string
  operationId: string
  requestSha256: string
  /** Runs the write with a `Db` bound to the key's transaction; returns the status and the body to send. */
  run(db: Db): Promise<{ status: number; body: unknown }>
}

/** Runs a write once per (token, key): the first time for real, every later time (until expiry) from the store. */
export async function runIdempotent(w: IdempotentWrite): Promise<StoredResponse> {
  // Forget expired keys (any token's). Outside the write's transaction: a failure here must not refuse the write.
  await w.db.query('delete from api_idempotency_keys where expires_at <= $1', [w.now]).catch(() => {})
  return w.db.transaction(async (tx) => {
    // Serialises requests with one key (the two-int lock space is apart from the one-bigint space other locks use).
    await tx.query(`select pg_advisory_xact_lock(hashtext('api_idempotency_keys'), hashtext($1))`, [`${w.tokenId}|${w.key}`])
    await tx.query('delete from api_idempotency_keys where api_token_id = $1 and idempotency_key = $2 and expires_at <= $3', [w.tokenId, w.key, w.now])
    const [seen] = await tx.query<{ operation_id: string; request_sha256: string; response_status: number; response_body: unknown; created_at: Date }>(
      `select operation_id, request_sha256, response_status, response_body, created_at from api_idempotency_keys
       where api_token_id = $1 and idempotency_key = $2`,
      [w.tokenId, w.key],
    )
    if (seen) {
      if (seen.operation_id !== w.operationId || seen.request_sha256 !== w.requestSha256) {
        throw new AppError(
          'invalid_state',
          `Idempotency-Key ${w.key} was used on ${seen.created_at.toISOString()} for a different request. Use a new key for a new request; send a retry unchanged.`,
          [{ field: 'header.Idempotency-Key', message: 'Already used for a different request' }],
        )
      }
      return { status: seen.response_status, body: seen.response_body, replayed: true }
    }
    const days = await getPolicyValue(tx, 'api.idempotency_key_days', todayInLondon(w.now), KeyDays)
    const result = await w.run(dbInTransaction(w.db, tx))
    await tx.query(
      `insert into api_idempotency_keys (api_token_id, idempotency_key, operation_id, request_sha256, response_status, response_body, created_at, expires_at)
       values ($1, $2, $3, $4, $5, $6::jsonb, $7, $8)`,
      [w.tokenId, w.key, w.operationId, w.requestSha256, result.status, JSON.stringify(result.body), w.now, new Date(w.now.getTime() + days * 86_400_000)],
    )
    return { ...result, replayed: false }
  })
}
