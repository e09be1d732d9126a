import type { Role } from '../../../services/users/create-user.ts'

/**
 * Who may use recovery pages (the web layer's first line; the services check stage authority again). Income officers
 * see their own patches' worktray; team leaders and debt recovery officers see every patch; auditors may read.
 * (Kept beside the routes rather than in web/roles.ts so this issue touches only its own files; they can move.)
 */
export const RECOVERY_READ_ROLES = ['income_officer', 'debt_recovery_officer', 'team_leader', 'auditor'] as const satisfies readonly Role[]
export const RECOVERY_ACT_ROLES = ['income_officer', 'debt_recovery_officer', 'team_leader'] as const satisfies readonly Role[]

export function mayActOnRecovery(role: Role | undefined): boolean {
  return role !== undefined && (RECOVERY_ACT_ROLES as readonly Role[]).includes(role)
}
