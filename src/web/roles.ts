import type { Role } from '../services/users/create-user.ts'
import { WRITE_OFF_ROLES } from '../services/write-off/write-off-common.ts'

/**
 * Who may do what with money, in one place for routers (`requireRole`) and pages (`can`, to show only the
 * links a user may follow). The services check approvals again themselves; this is the web layer's first line.
 */
export const PAYMENT_ROLES = ['income_officer', 'debt_recovery_officer', 'team_leader', 'finance'] as const satisfies readonly Role[]
export const FINANCE_ROLES = ['finance', 'team_leader'] as const satisfies readonly Role[]
export const SUSPENSE_ROLES = ['finance', 'team_leader', 'income_officer'] as const satisfies readonly Role[]
export const APPROVER_ROLES = ['team_leader', 'finance'] as const satisfies readonly Role[]
/** Read an account's case: recovery, arrangement, benefits (the routers check again with their own lists). */
export const CASE_READER_ROLES = ['income_officer', 'debt_recovery_officer', 'team_leader', 'finance', 'auditor'] as const satisfies readonly Role[]
/** Work a case: record contacts and actions, set up arrangements, place holds. */
export const CASE_WORKER_ROLES = ['income_officer', 'debt_recovery_officer', 'team_leader'] as const satisfies readonly Role[]

export interface Permissions {
  /** Take, reverse and move payments; ask for refunds. */
  takePayments: boolean
  /** The finance area: imports, refunds, reconciliation. */
  finance: boolean
  /** See and clear suspense items. */
  suspense: boolean
  /** Approve or reject suspense clearances and refunds. */
  approve: boolean
  /** Read an account's recovery case, arrangement and benefits. */
  readCases: boolean
  /** Work a case: contacts, notes, arrangements, recovery actions. */
  workCases: boolean
  /** Prepare write-off cases and write debts back on. */
  writeOffs: boolean
}

const has = (roles: readonly Role[], role: Role | undefined) => role !== undefined && roles.includes(role)

/** Pure: what a user in `role` may do (nothing when nobody is signed in). */
export function permissionsFor(role: Role | undefined): Permissions {
  return {
    takePayments: has(PAYMENT_ROLES, role),
    finance: has(FINANCE_ROLES, role),
    suspense: has(SUSPENSE_ROLES, role),
    approve: has(APPROVER_ROLES, role),
    readCases: has(CASE_READER_ROLES, role),
    workCases: has(CASE_WORKER_ROLES, role),
    writeOffs: has(WRITE_OFF_ROLES, role),
  }
}
