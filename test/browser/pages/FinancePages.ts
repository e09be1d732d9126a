import { pageHeaded } from './BasePage.ts'

export const FinancePage = pageHeaded('Finance')
export const SuspensePage = pageHeaded('Suspense')
export const RefundsPage = pageHeaded('Refunds')
export const ReconciliationPage = pageHeaded('Cash reconciliation')
export const ImportsPage = pageHeaded('Import a payment file')
export const ApprovalsPage = pageHeaded('Approvals')
