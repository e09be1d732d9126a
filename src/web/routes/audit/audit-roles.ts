import type { Role } from '../../../services/users/create-user.ts'

/** Who may read the audit trail: auditors, team leaders and administrators (read-only; nothing here changes anything). */
export const AUDIT_READER_ROLES = ['auditor', 'team_leader', 'administrator'] as const satisfies readonly Role[]
