import type { Queryable } from '../../db/client.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'
import { hashPassword } from './passwords.ts'

export type Role = 'income_officer' | 'debt_recovery_officer' | 'team_leader' | 'finance' | 'auditor' | 'administrator'

export const ROLES: readonly Role[] = ['income_officer', 'debt_recovery_officer', 'team_leader', 'finance', 'auditor', 'administrator']

export interface CreateUserOptions {
  username: string
  displayName: string
  role: Role
  password: string
  email?: string | null
  actor: Actor
}

export async function createUser(tx: Queryable, opts: CreateUserOptions): Promise<number> {
  if (opts.password.length < 8) throw new AppError('validation', 'A password needs at least 8 characters')
  const hash = await hashPassword(opts.password)
  const [row] = await tx.query<{ id: number }>(
    `insert into users (username, display_name, email, role, password_hash) values ($1, $2, $3, $4, $5)
     on conflict (username) do nothing returning id`,
    [opts.username, opts.displayName, opts.email ?? null, opts.role, hash],
  )
  if (!row) throw new AppError('conflict', `User ${opts.username} already exists`)
  await recordAuditEvent(tx, opts.actor, {
    action: 'user.created',
    entityType: 'user',
    entityId: row.id,
    after: { username: opts.username, role: opts.role },
  })
  return row.id
}
