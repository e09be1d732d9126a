import type { Command } from 'commander'
import { z } from 'zod'
import { createApiToken, listApiTokens, revokeApiToken, TOKEN_NAME } from '../../services/api-tokens/api-tokens.ts'
import { requireUserRole } from '../../services/users/require-role.ts'
import { ROLES, type Role } from '../../services/users/create-user.ts'
import type { Db } from '../../db/client.ts'
import type { Actor } from '../../services/actor.ts'
import { resolveCliActor } from '../actor.ts'
import { parseOptions, withDb } from '../context.ts'

const name = z.string().regex(TOKEN_NAME, 'use 2 to 60 lower-case letters, digits, dots, dashes or underscores')

/** Tokens are an administrator's to give and take away: the CLI must name one (`--user`). */
async function administrator(db: Db, username: string): Promise<Actor> {
  const actor = await resolveCliActor(db, username)
  await requireUserRole(db, actor, ['administrator'], 'manage API tokens')
  return actor
}

/** `reeve api-token create|revoke|list`: bearer tokens for systems using the JSON API (docs/security.md). */
export function registerApiTokens(program: Command): void {
  const cmd = program.command('api-token').description('API tokens for other systems (administrators only)')

  cmd
    .command('create <name>')
    .description('create a token for a system; it is shown once, so copy it into that system now')
    .requiredOption('--role <role>', ROLES.join(', '))
    .requiredOption('--user <username>', 'the administrator creating it')
    .action(async (tokenName: string, raw) => {
      const o = parseOptions(z.object({ name, role: z.enum(ROLES as [Role, ...Role[]]), user: z.string() }), { ...raw, name: tokenName })
      await withDb(async (db) => {
        const { token } = await createApiToken(db, { name: o.name, role: o.role, actor: await administrator(db, o.user) })
        console.log(`Token ${o.name} (${o.role}) created. It is shown only this once:\n${token}`)
      })
    })

  cmd
    .command('revoke <name>')
    .description('revoke a token at once (requests with it are refused from now on)')
    .requiredOption('--reason <text>', 'why, for the audit trail')
    .requiredOption('--user <username>', 'the administrator revoking it')
    .action(async (tokenName: string, raw) => {
      const o = parseOptions(z.object({ name, reason: z.string().trim().min(1).max(500), user: z.string() }), { ...raw, name: tokenName })
      await withDb(async (db) => {
        await revokeApiToken(db, { name: o.name, reason: o.reason, actor: await administrator(db, o.user) })
        console.log(`Token ${o.name} revoked.`)
      })
    })

  cmd
    .command('list')
    .description('every token: name, role, created, last used, revoked')
    .requiredOption('--user <username>', 'the administrator asking')
    .action(async (raw) => {
      const o = parseOptions(z.object({ user: z.string() }), raw)
      await withDb(async (db) => {
        await administrator(db, o.user)
        const tokens = await listApiTokens(db)
        if (tokens.length === 0) console.log('No API tokens.')
        for (const t of tokens) {
          const state = t.revokedAt ? `revoked ${t.revokedAt.toISOString()}` : 'in use'
          console.log(
            `${t.name.padEnd(24)} ${t.role.padEnd(22)} ${t.tokenPrefix}…  created ${t.createdAt.toISOString()} by ${t.createdBy}; ` +
              `last used ${t.lastUsedAt ? t.lastUsedAt.toISOString() : 'never'}; ${state}`,
          )
        }
      })
    })
}
