/**
 * Checks shared by the debt recovery operations: who may record, the account, and the rules no step may break (no
 * claim or letter of claim on a statute-barred debt, none while an agency holds the debt).
 */
import type { Queryable } from '../../db/client.ts'
import { isIsoDate } from '../../domain/calendar/dates.ts'
import type { ActionType, Stage } from '../../domain/recovery/index.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { loadCaseContext, stageForAction } from '../recovery/case-context.ts'
import type { Role } from '../users/create-user.ts'
import type { AccountDebtFacts } from './debt-facts.ts'

/** The people who work debt recovery: officers record, team leaders approve legal steps (the pathway says which). */
export const DEBT_RECOVERY_ROLES: readonly Role[] = ['debt_recovery_officer', 'income_officer', 'team_leader']

/**
 * A signed-in user must hold one of the roles; the CLI without --user acts as the council's operator (legal steps
 * still need a named officer: the recovery service checks the stage's authority).
 */
export async function requireRole(tx: Queryable, actor: Actor, roles: readonly Role[], what: string): Promise<void> {
  if (actor.userId === null) return
  const [u] = await tx.query<{ role: Role; active: boolean }>('select role, active from users where id = $1', [actor.userId])
  if (!u || !u.active || !roles.includes(u.role)) {
    throw new AppError('forbidden', `Only a ${roles.map((r) => r.replaceAll('_', ' ')).join(', ')} may ${what}`)
  }
}

export async function requireCustomerAccount(tx: Queryable, accountId: number): Promise<{ accountNumber: string; accountType: string }> {
  const [a] = await tx.query<{ account_number: string; account_type: string }>(`select account_number, account_type from accounts where id = $1 and account_class = 'customer'`, [accountId])
  if (!a) throw new AppError('not_found', `No customer account ${accountId}`)
  return { accountNumber: a.account_number, accountType: a.account_type }
}

export function requireDate(value: string | null | undefined, field: string, label: string): string {
  if (!value || !isIsoDate(value)) throw new AppError('validation', `Enter the ${label} as a real date`, [{ field, message: `Enter the ${label} as a real date` }])
  return value
}

export function requireNotStatuteBarred(facts: AccountDebtFacts, what: string): void {
  if (facts.limitation.statuteBarred) {
    throw new AppError('invalid_state', `No ${what}: the debt is ${facts.limitation.text}. Consider it for write-off (reason: statute-barred)`)
  }
}

export function requireNoPlacement(facts: AccountDebtFacts, what: string): void {
  const p = facts.openPlacement
  if (p) throw new AppError('invalid_state', `No ${what}: the debt is placed with ${p.agency} since ${p.placedOn}. Recall it from the agency first`)
}

/** The pathway stage an action of this type takes next (in sequence); the recovery service refuses it otherwise. */
export async function stageFor(tx: Queryable, accountId: number, onDate: string, type: ActionType): Promise<Stage> {
  const ctx = await loadCaseContext(tx, accountId, onDate)
  if (!ctx.pathway) throw new AppError('invalid_state', `No recovery pathway applies to account ${ctx.account.accountNumber}: ${ctx.pathwayError}`)
  const found = stageForAction(ctx, (s) => s.action.type === type)
  if (!found) throw new AppError('invalid_state', `"${ctx.pathway.name}" has no ${type.replaceAll('_', ' ')} stage`)
  return found.stage
}
