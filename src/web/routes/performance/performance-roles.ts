import type { Role } from '../../../services/users/create-user.ts'
import { TARGET_SETTER_ROLES } from '../../../services/performance/targets.ts'

/**
 * Who sees the performance dashboard: everyone who works the income (officers see their own and the team's figures,
 * as the seeds ask them to "deliver against targets"; finance and auditors read them). Only managers set targets.
 * (Kept beside the routes so this issue touches only its own files.)
 */
export const PERFORMANCE_READ_ROLES = ['income_officer', 'debt_recovery_officer', 'team_leader', 'finance', 'auditor', 'administrator'] as const satisfies readonly Role[]
export const PERFORMANCE_TARGET_ROLES = TARGET_SETTER_ROLES satisfies readonly Role[]
