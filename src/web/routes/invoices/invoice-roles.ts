import type { Role } from '../../../services/users/create-user.ts'

/**
 * Who may raise sundry invoices: the officers who run sundry debts, team leaders and finance. Cancelling one by
 * credit note reduces a debt, so income officers (who may raise a recharge on their patch) may not; auditors read.
 */
export const INVOICE_ROLES = ['income_officer', 'debt_recovery_officer', 'team_leader', 'finance'] as const satisfies readonly Role[]
export const CREDIT_NOTE_ROLES = ['debt_recovery_officer', 'team_leader', 'finance'] as const satisfies readonly Role[]
export const INVOICE_READER_ROLES = [...INVOICE_ROLES, 'auditor'] as const satisfies readonly Role[]

export const canRaiseInvoices = (role: Role | undefined) => role !== undefined && (INVOICE_ROLES as readonly Role[]).includes(role)
export const canIssueCreditNotes = (role: Role | undefined) => role !== undefined && (CREDIT_NOTE_ROLES as readonly Role[]).includes(role)
