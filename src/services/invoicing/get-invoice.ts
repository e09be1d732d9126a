/**
 * An invoice as documents and pages show it: the account and who is liable, lines, credit notes against it,
 * what is left after them, and the wording for how to pay and how to dispute it.
 */
import type { Queryable } from '../../db/client.ts'
import { parseDocumentNumber } from '../../domain/invoicing/document-number.ts'
import { invoiceStatus, type InvoiceStatus } from '../../domain/invoicing/invoice.ts'
import type { VatTreatment } from '../../domain/invoicing/vat.ts'
import { AppError } from '../../errors.ts'
import { documentTextOn, type DocumentText } from './invoicing-settings.ts'

export interface InvoiceView {
  id: number
  invoiceNumber: string
  issueDate: string
  dueDate: string
  source: string
  period: { start: string; end: string } | null
  netPence: number
  vatPence: number
  totalPence: number
  creditedPence: number
  /** Total less credit notes: what the invoice still charges. */
  outstandingPence: number
  status: InvoiceStatus
  raisedBy: string
  account: { id: number; accountNumber: string; paymentReference: string; accountType: string; name: string }
  /** The people (or organisations) liable, and the first one's address if the account has a property. */
  billTo: { names: string[]; address: string[] }
  lines: { id: number; lineNo: number; chargeType: string; chargeLabel: string; description: string; netPence: number; vatTreatment: VatTreatment; vatRateBps: number; vatPence: number; totalPence: number }[]
  creditNotes: { creditNoteNumber: string; issueDate: string; reason: string; totalPence: number; actor: string }[]
  loanSchedule: { instalmentNo: number; dueOn: string; amountPence: number }[]
  text: DocumentText
}

export async function getInvoice(db: Queryable, invoiceNumber: string): Promise<InvoiceView> {
  const parsed = parseDocumentNumber(invoiceNumber)
  if (!parsed || parsed.series !== 'INV') throw new AppError('not_found', `No invoice ${invoiceNumber}`)
  const [i] = await db.query<{
    id: number; invoice_number: string; issue_date: string; due_date: string; source: string; period_start: string | null; period_end: string | null
    net_pence: number; vat_pence: number; total_pence: number; actor: string; account_id: number; account_number: string; payment_reference: string
    account_type: string; name: string; address: string | null; credited: number
  }>(
    `select i.id, i.invoice_number, i.issue_date, i.due_date, i.source, i.period_start, i.period_end, i.net_pence, i.vat_pence, i.total_pence, i.actor,
       a.id as account_id, a.account_number, a.payment_reference, a.account_type, a.name,
       (select concat_ws('|', pr.address_line1, pr.address_line2, pr.town, pr.postcode) from tenancies t join properties pr on pr.id = t.property_id where t.id = a.tenancy_id) as address,
       coalesce((select sum(c.total_pence) from credit_notes c where c.invoice_id = i.id), 0)::bigint as credited
     from invoices i join accounts a on a.id = i.account_id where i.invoice_number = $1`,
    [invoiceNumber.trim().toUpperCase()],
  )
  if (!i) throw new AppError('not_found', `No invoice ${invoiceNumber}`)
  const [names, lines, notes, schedule, ctAddress] = await Promise.all([
    db.query<{ name: string }>(
      `select coalesce(p.organisation_name, concat_ws(' ', p.title, p.forename, p.surname)) as name
       from account_parties ap join parties p on p.id = ap.party_id where ap.account_id = $1 order by p.id`,
      [i.account_id],
    ),
    db.query<{ id: number; line_no: number; charge_type: string; label: string; description: string; net_pence: number; vat_treatment: VatTreatment; vat_rate_bps: number; vat_pence: number }>(
      `select l.id, l.line_no, l.charge_type, t.label, l.description, l.net_pence, l.vat_treatment, l.vat_rate_bps, l.vat_pence
       from invoice_lines l join invoice_charge_types t on t.code = l.charge_type where l.invoice_id = $1 order by l.line_no`,
      [i.id],
    ),
    db.query<{ credit_note_number: string; issue_date: string; reason: string; total_pence: number; actor: string }>(
      'select credit_note_number, issue_date, reason, total_pence, actor from credit_notes where invoice_id = $1 order by id',
      [i.id],
    ),
    db.query<{ instalment_no: number; due_on: string; amount_pence: number }>(
      `select li.instalment_no, li.due_on, li.amount_pence from loans l join loan_instalments li on li.loan_id = l.id
       where l.invoice_id = $1 order by li.instalment_no`,
      [i.id],
    ),
    db.query<{ property_address: string }>('select property_address from council_tax_accounts where account_id = $1', [i.account_id]),
  ])
  const address = i.address ? i.address.split('|').filter(Boolean) : ctAddress[0] ? [ctAddress[0].property_address] : []
  return {
    id: i.id,
    invoiceNumber: i.invoice_number,
    issueDate: i.issue_date,
    dueDate: i.due_date,
    source: i.source,
    period: i.period_start && i.period_end ? { start: i.period_start, end: i.period_end } : null,
    netPence: i.net_pence,
    vatPence: i.vat_pence,
    totalPence: i.total_pence,
    creditedPence: i.credited,
    outstandingPence: i.total_pence - i.credited,
    status: invoiceStatus(i.total_pence, i.credited),
    raisedBy: i.actor,
    account: { id: i.account_id, accountNumber: i.account_number, paymentReference: i.payment_reference, accountType: i.account_type, name: i.name },
    billTo: { names: names.map((n) => n.name), address },
    lines: lines.map((l) => ({
      id: l.id,
      lineNo: l.line_no,
      chargeType: l.charge_type,
      chargeLabel: l.label,
      description: l.description,
      netPence: l.net_pence,
      vatTreatment: l.vat_treatment,
      vatRateBps: l.vat_rate_bps,
      vatPence: l.vat_pence,
      totalPence: l.net_pence + l.vat_pence,
    })),
    creditNotes: notes.map((n) => ({ creditNoteNumber: n.credit_note_number, issueDate: n.issue_date, reason: n.reason, totalPence: n.total_pence, actor: n.actor })),
    loanSchedule: schedule.map((s) => ({ instalmentNo: s.instalment_no, dueOn: s.due_on, amountPence: s.amount_pence })),
    text: await documentTextOn(db, i.issue_date),
  }
}

export interface InvoiceListItem {
  invoiceNumber: string
  issueDate: string
  dueDate: string
  description: string
  totalPence: number
  creditedPence: number
  status: InvoiceStatus
}

/** An account's invoices, newest first. */
export async function listAccountInvoices(db: Queryable, accountId: number): Promise<InvoiceListItem[]> {
  const rows = await db.query<{ invoice_number: string; issue_date: string; due_date: string; description: string; total_pence: number; credited: number }>(
    `select i.invoice_number, i.issue_date, i.due_date, i.total_pence,
       (select l.description from invoice_lines l where l.invoice_id = i.id order by l.line_no limit 1) as description,
       coalesce((select sum(c.total_pence) from credit_notes c where c.invoice_id = i.id), 0)::bigint as credited
     from invoices i where i.account_id = $1 order by i.issue_date desc, i.id desc`,
    [accountId],
  )
  return rows.map((r) => ({
    invoiceNumber: r.invoice_number,
    issueDate: r.issue_date,
    dueDate: r.due_date,
    description: r.description,
    totalPence: r.total_pence,
    creditedPence: r.credited,
    status: invoiceStatus(r.total_pence, r.credited),
  }))
}
