/**
 * API tokens for systems (decision 0013): a token is 256 random bits shown once when it is created; only its SHA-256
 * is stored. Each token is named and has one of the roles people have, so the API checks a system exactly as the web
 * app checks an officer. Created, listed and revoked by an administrator with `reeve api-token …`; every change is
 * audited, and a token's last use is kept (to find tokens nobody uses any more).
 */
import crypto from 'node:crypto'
import type { Queryable } from '../../db/client.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'
import { ROLES, type Role } from '../users/create-user.ts'

export const TOKEN_PREFIX = 'reeve_'
const TOKEN_SHAPE = /^reeve_[A-Za-z0-9_-]{43}$/
export const TOKEN_NAME = /^[a-z0-9][a-z0-9._-]{1,59}$/

export interface ApiTokenRecord {
  id: number
  name: string
  role: Role
  tokenPrefix: string
  createdAt: Date
  createdBy: string
  revokedAt: Date | null
  lastUsedAt: Date | null
}

/** The system a request's token belongs to, as the API sees it. */
export interface ApiClient {
  tokenId: number
  name: string
  role: Role
}

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token, 'utf8').digest('hex')
}

/** The audit actor for a system: `api:<token name>` (never a person). */
export function apiActor(client: Pick<ApiClient, 'name'>): Actor {
  return { userId: null, label: `api:${client.name}` }
}

/** Creates a token; the only time the token itself is seen is in the result. */
export async function createApiToken(db: Queryable, opts: { name: string; role: Role; actor: Actor }): Promise<{ id: number; token: string }> {
  if (!TOKEN_NAME.test(opts.name)) {
    throw new AppError('validation', 'A token name is 2 to 60 lower-case letters, digits, dots, dashes or underscores', [{ field: 'name', message: 'Enter a name such as payments-portal' }])
  }
  if (!ROLES.includes(opts.role)) throw new AppError('validation', `No role ${opts.role}`, [{ field: 'role', message: `Choose one of ${ROLES.join(', ')}` }])
  const token = TOKEN_PREFIX + crypto.randomBytes(32).toString('base64url')
  const [row] = await db.query<{ id: number }>(
    `insert into api_tokens (name, role, token_prefix, token_hash, created_by) values ($1, $2, $3, $4, $5)
     on conflict (name) do nothing returning id`,
    [opts.name, opts.role, token.slice(0, TOKEN_PREFIX.length + 6), hashToken(token), opts.actor.label],
  )
  if (!row) throw new AppError('conflict', `A token named ${opts.name} already exists (revoke it, or choose another name)`)
  await recordAuditEvent(db, opts.actor, { action: 'api_token.created', entityType: 'api_token', entityId: row.id, after: { name: opts.name, role: opts.role } })
  return { id: row.id, token }
}

export async function revokeApiToken(db: Queryable, opts: { name: string; reason: string; actor: Actor }): Promise<void> {
  const [row] = await db.query<{ id: number; role: Role }>(
    `update api_tokens set revoked_at = now(), revoked_by = $2 where name = $1 and revoked_at is null returning id, role`,
    [opts.name, opts.actor.label],
  )
  if (!row) throw new AppError('not_found', `No token named ${opts.name} that is still in use`)
  await recordAuditEvent(db, opts.actor, {
    action: 'api_token.revoked',
    entityType: 'api_token',
    entityId: row.id,
    before: { name: opts.name, role: row.role, revoked: false },
    after: { revoked: true },
    reason: opts.reason,
  })
}

export async function listApiTokens(db: Queryable): Promise<ApiTokenRecord[]> {
  const rows = await db.query<{ id: number; name: string; role: Role; token_prefix: string; created_at: Date; created_by: string; revoked_at: Date | null; last_used_at: Date | null }>(
    'select id, name, role, token_prefix, created_at, created_by, revoked_at, last_used_at from api_tokens order by name',
  )
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    role: r.role,
    tokenPrefix: r.token_prefix,
    createdAt: r.created_at,
    createdBy: r.created_by,
    revokedAt: r.revoked_at,
    lastUsedAt: r.last_used_at,
  }))
}

/**
 * The client a presented token belongs to, or null (unknown, malformed or revoked). Records the use, at most once a
 * minute per token so that a busy system does not write on every request.
 */
export async function authenticateApiToken(db: Queryable, presented: string): Promise<ApiClient | null> {
  if (!TOKEN_SHAPE.test(presented)) return null
  const [row] = await db.query<{ id: number; name: string; role: Role; stale: boolean }>(
    `select id, name, role, last_used_at is null or last_used_at < now() - interval '1 minute' as stale
     from api_tokens where token_hash = $1 and revoked_at is null`,
    [hashToken(presented)],
  )
  if (!row) return null
  if (row.stale) await db.query('update api_tokens set last_used_at = now() where id = $1', [row.id])
  return { tokenId: row.id, name: row.name, role: row.role }
}
