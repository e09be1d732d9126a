import type { Role } from '../../../services/users/create-user.ts'

/**
 * Restricted personal data: who may see it. Today that is the date of birth; vulnerability and safeguarding
 * flags (special-category data, DESIGN.md §4) will join it, and may need a narrower list of their own then.
 *
 * Decision: the people who deal with the customer or their money see it, because they need it to be sure who they
 * are talking to or paying (identity checks on the phone, tracing a former tenant, matching a benefit schedule,
 * a refund). Auditors check the ledger and the audit trail, and administrators manage users: neither needs to know
 * a person's date of birth, so neither sees it (UK GDPR Article 5(1)(c), data minimisation). An auditor who
 * needs it for an investigation asks a team leader, who can see it, and the asking is on record.
 */
export const RESTRICTED_DATA_ROLES = ['income_officer', 'debt_recovery_officer', 'team_leader', 'finance'] as const satisfies readonly Role[]

/** Pure: whether a user in `role` may see restricted personal data (nobody when nobody is signed in). */
export function canSeeRestricted(role: Role | undefined): boolean {
  return role !== undefined && (RESTRICTED_DATA_ROLES as readonly Role[]).includes(role)
}
