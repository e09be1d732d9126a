import type { Role } from '../../../services/users/create-user.ts'

/**
 * Who may record contacts and notes: the people who talk to customers about their accounts. Finance is included
 * (they take calls about payments and refunds); auditors and administrators only read.
 */
export const CONTACT_ROLES = ['income_officer', 'debt_recovery_officer', 'team_leader', 'finance'] as const satisfies readonly Role[]

export function canRecordContacts(role: Role | undefined): boolean {
  return role !== undefined && (CONTACT_ROLES as readonly Role[]).includes(role)
}
