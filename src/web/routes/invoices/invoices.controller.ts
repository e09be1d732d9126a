import type { FastifyReply, FastifyRequest } from 'fastify'
import { todayInLondon } from '../../../domain/calendar/index.ts'
import { invoiceParticulars, renderInvoicePdf } from '../../../documents/invoice-pdf.ts'
import { VAT_TREATMENT_LABELS } from '../../../domain/invoicing/vat.ts'
import { INVOICE_STATUS_LABELS } from '../../../domain/invoicing/invoice.ts'
import { isAppError } from '../../../errors.ts'
import { creditInvoice } from '../../../services/invoicing/credit-invoice.ts'
import { getInvoice, listAccountInvoices, type InvoiceView } from '../../../services/invoicing/get-invoice.ts'
import { chargeTypesFor, loadChargeTypes } from '../../../services/invoicing/invoicing-settings.ts'
import { raiseInvoice } from '../../../services/invoicing/raise-invoice.ts'
import { listAccountCarePlans, listAccountRepairs } from '../../../services/invoicing/source-records.ts'
import type { AccountSummary } from '../../../services/statements/get-account-statement.ts'
import { requestActor } from '../../actor.ts'
import { safeFilename, sendAttachment } from '../../downloads.ts'
import { setFlash } from '../../flash.ts'
import { formErrorsFrom } from '../../form-fields.ts'
import { recordPageView } from '../../page-views.ts'
import type { FormError, WebDeps } from '../../types.ts'
import { findCustomerAccount } from '../accounts/account.controller.ts'
import { validateCreditNote, type CreditNoteInput } from './credit-note.validator.ts'
import { canIssueCreditNotes, canRaiseInvoices } from './invoice-roles.ts'
import { blankRaiseInvoice, validateRaiseInvoice, type RaiseInvoiceInput } from './raise-invoice.validator.ts'

type AccountRequest = FastifyRequest<{ Params: { accountNumber: string } }>
type InvoiceRequest = FastifyRequest<{ Params: { invoiceNumber: string } }>

export const invoicesPath = (accountNumber: string) => `/accounts/${encodeURIComponent(accountNumber)}/invoices`
export const invoicePath = (invoiceNumber: string) => `/invoices/${encodeURIComponent(invoiceNumber)}`

/** List, raise, view, print and credit sundry invoices. Thin: every rule is in the services. */
export function invoicesController(deps: WebDeps) {
  const today = () => todayInLondon(deps.now())
  const offered = async (account: AccountSummary) => chargeTypesFor(await loadChargeTypes(deps.db), account.accountType)

  const renderRaise = async (reply: FastifyReply, status: number, account: AccountSummary, input: RaiseInvoiceInput, errors: FormError[]) =>
    reply.code(status).view('pages/invoices/raise.njk', { account, input, errors, chargeTypes: await offered(account) })

  const renderCredit = (reply: FastifyReply, status: number, invoice: InvoiceView, input: CreditNoteInput, errors: FormError[]) =>
    reply.code(status).view('pages/invoices/credit-note.njk', { invoice, input, errors })

  const loadInvoice = async (request: InvoiceRequest, format: 'html' | 'pdf') => {
    const invoice = await getInvoice(deps.db, request.params.invoiceNumber)
    recordPageView(deps, request, { action: 'invoice.viewed', entityType: 'invoice', entityId: invoice.invoiceNumber, after: { format } })
    return invoice
  }

  return {
    async list(request: AccountRequest, reply: FastifyReply) {
      const account = await findCustomerAccount(deps, request.params.accountNumber)
      recordPageView(deps, request, { action: 'invoices.listed', entityType: 'account', entityId: account.id })
      const [invoices, repairs, carePlans] = await Promise.all([listAccountInvoices(deps.db, account.id), listAccountRepairs(deps.db, account.id), listAccountCarePlans(deps.db, account.id)])
      return reply.view('pages/invoices/list.njk', { account, invoices, repairs, carePlans, statusLabels: INVOICE_STATUS_LABELS, canRaise: canRaiseInvoices(request.user?.role) })
    },

    async showRaise(request: AccountRequest, reply: FastifyReply) {
      const account = await findCustomerAccount(deps, request.params.accountNumber)
      return renderRaise(reply, 200, account, blankRaiseInvoice(today()), [])
    },

    async raise(request: AccountRequest, reply: FastifyReply) {
      const account = await findCustomerAccount(deps, request.params.accountNumber)
      const allowed = (await offered(account)).map((t) => t.code)
      const result = validateRaiseInvoice(request.body, today(), allowed)
      if (!result.ok) return renderRaise(reply, 400, account, result.input, result.errors)
      try {
        const raised = await raiseInvoice(deps.db, {
          accountId: account.id,
          issueDate: result.form.issueDate,
          postingDate: today(),
          lines: [{ chargeType: result.form.chargeType, description: result.form.description, netPence: result.form.netPence }],
          actor: requestActor(request),
        })
        setFlash(request, { heading: `Invoice ${raised.invoiceNumber} raised` })
        return reply.redirect(invoicePath(raised.invoiceNumber), 303)
      } catch (err) {
        if (!isAppError(err) || (err.code !== 'validation' && err.code !== 'invalid_state')) throw err
        return renderRaise(reply, 400, account, result.input, formErrorsFrom(err, { chargeType: '#chargeType', amount: '#amount', description: '#description' }, '#chargeType'))
      }
    },

    async show(request: InvoiceRequest, reply: FastifyReply) {
      const invoice = await loadInvoice(request, 'html')
      return reply.view('pages/invoices/invoice.njk', {
        invoice,
        particulars: invoiceParticulars(invoice),
        statusLabel: INVOICE_STATUS_LABELS[invoice.status],
        vatLabels: VAT_TREATMENT_LABELS,
        canCredit: canIssueCreditNotes(request.user?.role) && invoice.outstandingPence > 0,
      })
    },

    async pdf(request: InvoiceRequest, reply: FastifyReply) {
      const invoice = await loadInvoice(request, 'pdf')
      const pdf = await renderInvoicePdf(invoice, { councilName: deps.council.name, councilAddress: deps.council.address, generatedOn: today() })
      return sendAttachment(reply, 'application/pdf', `invoice-${safeFilename(invoice.invoiceNumber)}.pdf`, pdf)
    },

    async showCredit(request: InvoiceRequest, reply: FastifyReply) {
      const invoice = await getInvoice(deps.db, request.params.invoiceNumber)
      return renderCredit(reply, 200, invoice, { extent: '', amount: '', reason: '' }, [])
    },

    async credit(request: InvoiceRequest, reply: FastifyReply) {
      const invoice = await getInvoice(deps.db, request.params.invoiceNumber)
      const result = validateCreditNote(request.body)
      if (!result.ok) return renderCredit(reply, 400, invoice, result.input, result.errors)
      try {
        const note = await creditInvoice(deps.db, { invoiceNumber: invoice.invoiceNumber, amount: result.amount, reason: result.reason, issueDate: today(), postingDate: today(), actor: requestActor(request) })
        setFlash(request, { heading: `Credit note ${note.creditNoteNumber} issued`, lines: [`It cancels ${result.amount === 'whole' ? 'the rest' : 'part'} of invoice ${invoice.invoiceNumber}.`] })
        return reply.redirect(invoicePath(invoice.invoiceNumber), 303)
      } catch (err) {
        if (!isAppError(err) || (err.code !== 'validation' && err.code !== 'invalid_state')) throw err
        return renderCredit(reply, 400, invoice, result.input, formErrorsFrom(err, { amount: '#amount', reason: '#reason', issueDate: '#extent' }, '#extent'))
      }
    },
  }
}
