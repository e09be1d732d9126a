import type { Role } from '../../../services/users/create-user.ts'

/** Who sees a case's documents and messages, and who may produce a letter (the officers who work cases). */
export const DOCUMENT_READ_ROLES = ['income_officer', 'debt_recovery_officer', 'team_leader', 'finance', 'auditor'] as const satisfies readonly Role[]
export const DOCUMENT_WRITE_ROLES = ['income_officer', 'debt_recovery_officer', 'team_leader'] as const satisfies readonly Role[]
/** Letter batches: team leaders approve and print; auditors may look. */
export const BATCH_READ_ROLES = ['team_leader', 'auditor'] as const satisfies readonly Role[]
export const BATCH_APPROVER_ROLES = ['team_leader'] as const satisfies readonly Role[]

export const canWriteDocuments = (role: Role | undefined): boolean => role !== undefined && (DOCUMENT_WRITE_ROLES as readonly Role[]).includes(role)
