import type { FastifyInstance } from 'fastify'
import { requireRole } from '../../middleware/require-signed-in.ts'
import type { WebDeps } from '../../types.ts'
import { invoicesController } from './invoices.controller.ts'
import { RECORD_FORMS, type RecordFormKey } from './source-record-forms.ts'
import { sourceRecordsController } from './source-records.controller.ts'
import { CREDIT_NOTE_ROLES, INVOICE_READER_ROLES, INVOICE_ROLES } from './invoice-roles.ts'

/**
 * Sundry invoices. The account page links to `/accounts/:accountNumber/invoices` (the list, with "Raise an invoice").
 */
export async function invoicesRouter(app: FastifyInstance, deps: WebDeps): Promise<void> {
  const c = invoicesController(deps)
  const r = sourceRecordsController(deps)
  await app.register(async (readers) => {
    readers.addHook('onRequest', requireRole(...INVOICE_READER_ROLES))
    readers.get('/accounts/:accountNumber/invoices', c.list)
    readers.get('/invoices/:invoiceNumber', c.show)
    readers.get('/invoices/:invoiceNumber.pdf', c.pdf)
  })
  await app.register(async (raisers) => {
    raisers.addHook('onRequest', requireRole(...INVOICE_ROLES))
    raisers.get('/accounts/:accountNumber/invoices/new', c.showRaise)
    raisers.post('/accounts/:accountNumber/invoices/new', c.raise)
    // The records sundry debts come from: repairs, care plans, loans, storage, claims, HB overpayments.
    for (const key of Object.keys(RECORD_FORMS) as RecordFormKey[]) {
      raisers.get(`/accounts/:accountNumber/invoices/${key}/new`, r.showForm(key))
      raisers.post(`/accounts/:accountNumber/invoices/${key}/new`, r.postForm(key))
    }
    raisers.get('/accounts/:accountNumber/invoices/repairs/:repairRef', r.showRepair)
    raisers.post('/accounts/:accountNumber/invoices/repairs/:repairRef/dispute', r.dispute)
    raisers.post('/accounts/:accountNumber/invoices/repairs/:repairRef/invoice', r.invoice)
    raisers.get('/accounts/:accountNumber/invoices/care-plans/:planRef/reassess', r.showReassess)
    raisers.post('/accounts/:accountNumber/invoices/care-plans/:planRef/reassess', r.reassess)
  })
  await app.register(async (crediters) => {
    crediters.addHook('onRequest', requireRole(...CREDIT_NOTE_ROLES))
    crediters.get('/invoices/:invoiceNumber/credit-notes/new', c.showCredit)
    crediters.post('/invoices/:invoiceNumber/credit-notes/new', c.credit)
  })
}
