import type { Role } from '../../src/services/users/create-user.ts'

/**
 * Who may reach each route the app registers: ONE entry per route, checked by access-control.test.ts against every
 * role and anonymous. A new route without an entry fails that test, which names it: add it here.
 *
 * The key is `METHOD /path` as Fastify registers it. Where two routes share a path position with different
 * parameter names, Fastify's tree shows the first name (e.g. `/finance/suspense/:suspenseId/decision`).
 *
 * - `PUBLIC`: anyone, signed in or not.
 * - `SIGNED_IN`: any signed-in officer; anyone else is sent to sign in.
 * - `web(...roles)`: only those roles; other officers get the 403 page; anyone else is sent to sign in.
 * - `api(...roles)`: the JSON API; a bearer token of one of those roles; no token (a session cookie is not one) 401,
 *   another role's token 403.
 */
export type Access = { kind: 'public' } | { kind: 'signed-in' } | { kind: 'web'; roles: readonly Role[] } | { kind: 'api'; roles: readonly Role[] }

export const PUBLIC: Access = { kind: 'public' }
export const SIGNED_IN: Access = { kind: 'signed-in' }
export const web = (...roles: Role[]): Access => ({ kind: 'web', roles })
export const api = (...roles: Role[]): Access => ({ kind: 'api', roles })

// The role lists are written out here on purpose rather than imported from the routers: this table is the second
// opinion, so a change to a router's list shows up as a failing test to be agreed, not silently.
const IO = 'income_officer' as const
const DRO = 'debt_recovery_officer' as const
const TL = 'team_leader' as const
const FIN = 'finance' as const
const AUD = 'auditor' as const
const ADM = 'administrator' as const
const ALL: Role[] = [IO, DRO, TL, FIN, AUD, ADM]

const PAYMENTS: Role[] = [IO, DRO, TL, FIN]
const SUSPENSE: Role[] = [FIN, TL, IO]
const FINANCE: Role[] = [FIN, TL]
const APPROVERS: Role[] = [TL, FIN]
const CASE_WORKERS: Role[] = [IO, DRO, TL]
const CASE_READERS: Role[] = [IO, DRO, TL, FIN, AUD]
const RECOVERY_READERS: Role[] = [IO, DRO, TL, AUD]
const CONTACTS: Role[] = [IO, DRO, TL, FIN]
const AUDIT: Role[] = [AUD, TL, ADM]
const WRITE_OFF: Role[] = [IO, DRO, TL, FIN]

export const ACCESS: Record<string, Access> = {
  // Public
  'GET /health': PUBLIC,
  'GET /sign-in': PUBLIC,
  'POST /sign-in': PUBLIC,
  'GET /api/v1/openapi.json': PUBLIC,

  // Any officer
  'GET /': SIGNED_IN,
  'GET /search': SIGNED_IN,
  'POST /sign-out': SIGNED_IN,
  'GET /accounts/:accountNumber': SIGNED_IN,
  'GET /accounts/:accountNumber/statement.csv': SIGNED_IN,
  'GET /accounts/:accountNumber/statement.pdf': SIGNED_IN,
  'GET /people/:partyRef': SIGNED_IN,
  'GET /api/v1/people/:partyRef/debt': SIGNED_IN,

  // Money in
  'GET /accounts/:accountNumber/payments/new': web(...PAYMENTS),
  'POST /accounts/:accountNumber/payments/new': web(...PAYMENTS),
  'GET /payments/:paymentId/reverse': web(...PAYMENTS),
  'POST /payments/:paymentId/reverse': web(...PAYMENTS),
  'GET /payments/:paymentId/move': web(...PAYMENTS),
  'POST /payments/:paymentId/move': web(...PAYMENTS),
  'GET /receipts/:receiptNumber': web(...PAYMENTS, AUD),
  'GET /receipts/:receiptNumber.pdf': web(...PAYMENTS, AUD),
  'GET /accounts/:accountNumber/refund': web(...PAYMENTS),
  'POST /accounts/:accountNumber/refund': web(...PAYMENTS),
  'GET /accounts/:accountNumber/refund/requested': web(...PAYMENTS),

  // Finance
  'GET /finance': web(...SUSPENSE),
  'GET /finance/suspense': web(...SUSPENSE),
  'GET /finance/suspense/:suspenseId/clear': web(...SUSPENSE),
  'POST /finance/suspense/:suspenseId/clear': web(...SUSPENSE),
  'GET /finance/refunds': web(...FINANCE),
  'POST /finance/refunds/export': web(...FINANCE),
  'GET /finance/reconciliation': web(...FINANCE),
  'GET /finance/imports': web(...FINANCE),
  'POST /finance/imports': web(...FINANCE),
  'GET /finance/imports/:importId': web(...FINANCE),

  // Approvals (second person)
  'GET /approvals': web(...APPROVERS),
  'POST /finance/suspense/:suspenseId/decision': web(...APPROVERS),
  'POST /finance/refunds/:id/decision': web(...APPROVERS),
  'POST /write-offs/:id/decision': web(...APPROVERS),
  'POST /write-offs/lists/:id/decision': web(...APPROVERS),

  // Recovery
  'GET /worktray': web(...RECOVERY_READERS),
  'GET /accounts/:accountNumber/recovery': web(...RECOVERY_READERS),
  'GET /accounts/:accountNumber/recovery/court-pack.csv': web(...RECOVERY_READERS),
  'GET /accounts/:accountNumber/recovery/court-pack.pdf': web(...RECOVERY_READERS),
  'POST /accounts/:accountNumber/recovery/actions': web(...CASE_WORKERS),
  'POST /accounts/:accountNumber/recovery/holds': web(...CASE_WORKERS),
  'POST /accounts/:accountNumber/recovery/holds/end': web(...CASE_WORKERS),
  'POST /accounts/:accountNumber/recovery/notices': web(...CASE_WORKERS),
  'POST /accounts/:accountNumber/recovery/pap': web(...CASE_WORKERS),
  'POST /accounts/:accountNumber/recovery/claims': web(...CASE_WORKERS),
  'POST /accounts/:accountNumber/recovery/hearings': web(...CASE_WORKERS),
  'POST /accounts/:accountNumber/recovery/hearings/outcome': web(...CASE_WORKERS),
  'POST /accounts/:accountNumber/recovery/warrants': web(...CASE_WORKERS),
  'POST /accounts/:accountNumber/recovery/evictions': web(...CASE_WORKERS),
  'POST /accounts/:accountNumber/recovery/evictions/outcome': web(...CASE_WORKERS),

  // Contacts and notes
  'GET /accounts/:accountNumber/contacts/new': web(...CONTACTS),
  'POST /accounts/:accountNumber/contacts/new': web(...CONTACTS),
  'GET /accounts/:accountNumber/notes/new': web(...CONTACTS),
  'POST /accounts/:accountNumber/notes/new': web(...CONTACTS),

  // Arrangements
  'GET /accounts/:accountNumber/arrangement': web(...CASE_READERS),
  'GET /accounts/:accountNumber/arrangement/income-expenditure': web(...CASE_WORKERS),
  'POST /accounts/:accountNumber/arrangement/income-expenditure': web(...CASE_WORKERS),
  'GET /accounts/:accountNumber/arrangement/new': web(...CASE_WORKERS),
  'POST /accounts/:accountNumber/arrangement/new': web(...CASE_WORKERS),
  'POST /accounts/:accountNumber/arrangement/confirm': web(...CASE_WORKERS),
  'GET /accounts/:accountNumber/arrangement/amend': web(...CASE_WORKERS),
  'POST /accounts/:accountNumber/arrangement/amend': web(...CASE_WORKERS),
  'GET /accounts/:accountNumber/arrangement/cancel': web(...CASE_WORKERS),
  'POST /accounts/:accountNumber/arrangement/cancel': web(...CASE_WORKERS),

  // Benefits, referrals, safeguarding
  'GET /accounts/:accountNumber/benefits': web(...CASE_READERS),
  'POST /accounts/:accountNumber/benefits/claims': web(...CASE_WORKERS),
  'POST /accounts/:accountNumber/benefits/claims/change': web(...CASE_WORKERS),
  'POST /accounts/:accountNumber/benefits/dhp': web(...CASE_WORKERS),
  'POST /accounts/:accountNumber/benefits/dhp/decision': web(...CASE_WORKERS),
  'POST /accounts/:accountNumber/benefits/referrals': web(...CASE_WORKERS),
  'POST /accounts/:accountNumber/benefits/referrals/outcome': web(...CASE_WORKERS),
  'POST /accounts/:accountNumber/benefits/safeguarding': web(...CASE_WORKERS),

  // Audit
  'GET /audit': web(...AUDIT),
  'GET /accounts/:accountNumber/audit': web(...AUDIT),

  // Sundry invoices and credit notes
  'GET /accounts/:accountNumber/invoices': web(IO, DRO, TL, FIN, AUD),
  'GET /invoices/:invoiceNumber': web(IO, DRO, TL, FIN, AUD),
  'GET /invoices/:invoiceNumber.pdf': web(IO, DRO, TL, FIN, AUD),
  'GET /accounts/:accountNumber/invoices/new': web(IO, DRO, TL, FIN),
  'POST /accounts/:accountNumber/invoices/new': web(IO, DRO, TL, FIN),
  'GET /accounts/:accountNumber/invoices/repairs/new': web(IO, DRO, TL, FIN),
  'POST /accounts/:accountNumber/invoices/repairs/new': web(IO, DRO, TL, FIN),
  'GET /accounts/:accountNumber/invoices/care-plans/new': web(IO, DRO, TL, FIN),
  'POST /accounts/:accountNumber/invoices/care-plans/new': web(IO, DRO, TL, FIN),
  'GET /accounts/:accountNumber/invoices/loans/new': web(IO, DRO, TL, FIN),
  'POST /accounts/:accountNumber/invoices/loans/new': web(IO, DRO, TL, FIN),
  'GET /accounts/:accountNumber/invoices/storage/new': web(IO, DRO, TL, FIN),
  'POST /accounts/:accountNumber/invoices/storage/new': web(IO, DRO, TL, FIN),
  'GET /accounts/:accountNumber/invoices/claims/new': web(IO, DRO, TL, FIN),
  'POST /accounts/:accountNumber/invoices/claims/new': web(IO, DRO, TL, FIN),
  'GET /accounts/:accountNumber/invoices/hb-overpayments/new': web(IO, DRO, TL, FIN),
  'POST /accounts/:accountNumber/invoices/hb-overpayments/new': web(IO, DRO, TL, FIN),
  'GET /accounts/:accountNumber/invoices/repairs/:repairRef': web(IO, DRO, TL, FIN),
  'POST /accounts/:accountNumber/invoices/repairs/:repairRef/dispute': web(IO, DRO, TL, FIN),
  'POST /accounts/:accountNumber/invoices/repairs/:repairRef/invoice': web(IO, DRO, TL, FIN),
  'GET /accounts/:accountNumber/invoices/care-plans/:planRef/reassess': web(IO, DRO, TL, FIN),
  'POST /accounts/:accountNumber/invoices/care-plans/:planRef/reassess': web(IO, DRO, TL, FIN),
  'GET /invoices/:invoiceNumber/credit-notes/new': web(DRO, TL, FIN),
  'POST /invoices/:invoiceNumber/credit-notes/new': web(DRO, TL, FIN),

  // Write-off and write-on
  'GET /write-offs': web(...WRITE_OFF, AUD),
  'GET /write-offs/:id': web(...WRITE_OFF, AUD),
  'GET /write-offs/lists': web(...WRITE_OFF, AUD),
  'GET /write-offs/lists/:id': web(...WRITE_OFF, AUD),
  'GET /write-ons': web(...WRITE_OFF, AUD),
  'GET /write-offs/report': web(...WRITE_OFF, AUD),
  'GET /write-offs/report.csv': web(...WRITE_OFF, AUD),
  'GET /write-offs/find': web(...WRITE_OFF),
  'GET /accounts/:accountNumber/write-off': web(...WRITE_OFF),
  'POST /accounts/:accountNumber/write-off': web(...WRITE_OFF),
  'POST /write-offs/:id/post': web(...WRITE_OFF),
  'POST /write-offs/:id/withdraw': web(...WRITE_OFF),
  'GET /write-offs/lists/new': web(...WRITE_OFF),
  'POST /write-offs/lists/new': web(...WRITE_OFF),
  'POST /write-offs/lists/:id/post': web(...WRITE_OFF),
  'POST /write-offs/lists/:id/withdraw': web(...WRITE_OFF),
  'GET /accounts/:accountNumber/write-on': web(...WRITE_OFF),
  'POST /accounts/:accountNumber/write-on': web(...WRITE_OFF),

  // Debt recovery (sundry debts: reminders, agencies, court)
  'GET /accounts/:accountNumber/debt-recovery': web(IO, DRO, TL, AUD, FIN),
  'POST /accounts/:accountNumber/debt-recovery/:form': web(IO, DRO, TL, FIN),

  // Documents, letters and templates
  'GET /accounts/:accountNumber/documents': web(IO, DRO, TL, FIN, AUD),
  'POST /accounts/:accountNumber/documents': web(IO, DRO, TL),
  'GET /documents/:id/pdf': web(IO, DRO, TL, FIN, AUD),
  'GET /letters': web(TL, AUD),
  'GET /letters/:id': web(TL, AUD),
  'POST /letters/:id/approve': web(TL),
  'GET /letters/:id/print': web(TL),
  'GET /templates': web(ADM),
  'GET /templates/:key/:language': web(ADM),
  'POST /templates/:key/:language': web(ADM),
  'GET /templates/:key/:language/versions/:id/preview': web(ADM),
  'POST /templates/:key/:language/versions/:id/publish': web(ADM),

  // Performance
  'GET /performance': web(...ALL),
  'GET /performance/export/:file': web(...ALL),
  'GET /performance/targets': web(TL, ADM),
  'POST /performance/targets': web(TL, ADM),

  // The JSON API (tokens)
  'GET /api/v1/accounts': api(...ALL),
  'GET /api/v1/accounts/:accountKey': api(...ALL),
  'GET /api/v1/accounts/:accountKey/statement': api(...ALL),
  'GET /api/v1/parties/:partyRef/debt': api(...ALL),
  'GET /api/v1/accounts/:accountKey/payments': api(...PAYMENTS, AUD),
  'POST /api/v1/accounts/:accountKey/payments': api(...PAYMENTS),
  'POST /api/v1/payment-imports': api(...FINANCE),
  'GET /api/v1/accounts/:accountKey/arrangement': api(...CASE_READERS),
  'GET /api/v1/accounts/:accountKey/holds': api(...RECOVERY_READERS),
  'POST /api/v1/accounts/:accountKey/holds': api(...CASE_WORKERS),
  'GET /api/v1/accounts/:accountKey/recommendation': api(...RECOVERY_READERS),
  'GET /api/v1/worktray': api(DRO, TL, AUD),
  'GET /api/v1/reports/suspense': api(...FINANCE, AUD),
  'GET /api/v1/reports/cash-reconciliation': api(...FINANCE, AUD),
}
