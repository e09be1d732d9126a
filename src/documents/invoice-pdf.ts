/**
 * A sundry invoice as an A4 PDF, in the house pattern of the statement PDF (pdfkit, standard Helvetica, text folded to
 * WinAnsi, letterhead from documents/letterhead.ts, reproducible: the only date inside is `generatedOn`). Shows the
 * invoice number, dates, who it is to, the payment reference, the lines with their VAT treatment, the total, any
 * credit notes and what is left to pay, a loan's repayment schedule, how to pay and how to dispute the invoice.
 */
import { VAT_TREATMENT_LABELS } from '../domain/invoicing/vat.ts'
import { formatPounds } from '../domain/money/pence.ts'
import type { InvoiceView } from '../services/invoicing/get-invoice.ts'
import { formatLongDate, formatShortDate } from './statement-html.ts'
import { BOLD, CONTENT_WIDTH, drawLetterhead, drawPageFooters, FONT, HEADER_FILL as FILL, INK, MARGIN, openA4Document, RULE, TABLE_LIMIT as LIMIT, toWinAnsi } from './pdf-style.ts'

export interface InvoiceDocumentOptions {
  councilName: string
  councilAddress?: string[]
  generatedOn: string
}


/** The invoice's details as label and value, shared with the HTML page. */
export function invoiceParticulars(inv: InvoiceView): { label: string; value: string }[] {
  return [
    { label: 'Invoice number', value: inv.invoiceNumber },
    { label: 'Invoice date', value: formatLongDate(inv.issueDate) },
    { label: 'Payment due by', value: formatLongDate(inv.dueDate) },
    ...(inv.period ? [{ label: 'Period', value: `${formatLongDate(inv.period.start)} to ${formatLongDate(inv.period.end)}` }] : []),
    { label: 'Account number', value: inv.account.accountNumber },
    { label: 'Payment reference', value: inv.account.paymentReference },
  ]
}

const SHORT_VAT: Record<string, string> = { outside_scope: 'Outside scope', exempt: 'Exempt', zero_rated: 'Zero-rated' }
const vatColumn = (l: InvoiceView['lines'][number]) => (l.vatTreatment === 'standard' ? `${l.vatRateBps / 100}%` : (SHORT_VAT[l.vatTreatment] ?? VAT_TREATMENT_LABELS[l.vatTreatment]))

export function renderInvoicePdf(inv: InvoiceView, opts: InvoiceDocumentOptions): Promise<Buffer> {
  const { doc, text, done } = openA4Document({
    title: `Invoice ${inv.invoiceNumber}`,
    author: opts.councilName,
    subject: `Invoice ${inv.invoiceNumber} for account ${inv.account.accountNumber}`,
    creationDate: new Date(`${opts.generatedOn.slice(0, 10)}T00:00:00Z`),
  })
  let y = MARGIN.top
  const room = (h: number) => {
    if (y + h > LIMIT) {
      doc.addPage()
      y = MARGIN.top
    }
  }

  // Letterhead.
  y = drawLetterhead(doc, text, opts, y)

  // To, and the particulars beside it.
  const half = CONTENT_WIDTH / 2
  doc.font(BOLD).fontSize(10).fillColor(INK)
  text('To', MARGIN.left, y, { width: half - 10 })
  doc.font(FONT)
  for (const line of [...inv.billTo.names, ...inv.billTo.address]) text(line, MARGIN.left, doc.y, { width: half - 10 })
  const leftBottom = doc.y
  let ry = y
  for (const { label, value } of invoiceParticulars(inv)) {
    doc.font(BOLD).fontSize(10)
    text(label, MARGIN.left + half, ry, { width: 110 })
    doc.font(FONT)
    text(value, MARGIN.left + half + 112, ry, { width: half - 112 })
    ry = doc.y + 2
  }
  y = Math.max(leftBottom, ry) + 16

  doc.font(BOLD).fontSize(20).fillColor(INK)
  text(inv.status === 'credited' ? 'Invoice (cancelled)' : 'Invoice', MARGIN.left, y, { width: CONTENT_WIDTH })
  y = doc.y + 8

  // Lines.
  type Key = 'description' | 'vat' | 'net' | 'vatAmount' | 'total'
  const cols: { key: Key; label: string; width: number; align: 'left' | 'right' }[] = [
    { key: 'description', label: 'Description', width: CONTENT_WIDTH - 95 - 65 - 55 - 65, align: 'left' },
    { key: 'vat', label: 'VAT', width: 95, align: 'left' },
    { key: 'net', label: 'Amount', width: 65, align: 'right' },
    { key: 'vatAmount', label: 'VAT', width: 55, align: 'right' },
    { key: 'total', label: 'Total', width: 65, align: 'right' },
  ]
  type Row = Record<Key, string> & { bold?: boolean }
  const heightOf = (row: Row) => {
    doc.font(row.bold ? BOLD : FONT).fontSize(9)
    return Math.max(...cols.map((c) => doc.heightOfString(toWinAnsi(row[c.key]) || ' ', { width: c.width - 6 }))) + 8
  }
  const draw = (row: Row, fill?: string) => {
    const h = heightOf(row)
    room(h)
    if (fill) doc.rect(MARGIN.left, y, CONTENT_WIDTH, h).fillColor(fill).fill()
    doc.font(row.bold ? BOLD : FONT).fontSize(9).fillColor(INK)
    let x = MARGIN.left
    for (const c of cols) {
      if (row[c.key]) text(row[c.key], c.align === 'right' ? x + 6 : x, y + 4, { width: c.width - 6, align: c.align })
      x += c.width
    }
    doc.moveTo(MARGIN.left, y + h).lineTo(MARGIN.left + CONTENT_WIDTH, y + h).lineWidth(0.5).strokeColor(RULE).stroke()
    y += h
  }
  draw({ description: 'Description', vat: 'VAT treatment', net: 'Amount', vatAmount: 'VAT', total: 'Total', bold: true }, FILL)
  for (const l of inv.lines) {
    draw({ description: `${l.chargeLabel}: ${l.description}`, vat: vatColumn(l), net: formatPounds(l.netPence), vatAmount: formatPounds(l.vatPence), total: formatPounds(l.totalPence) })
  }
  draw({ description: 'Total', vat: '', net: formatPounds(inv.netPence), vatAmount: formatPounds(inv.vatPence), total: formatPounds(inv.totalPence), bold: true }, FILL)
  for (const c of inv.creditNotes) {
    draw({ description: `Credit note ${c.creditNoteNumber}, ${formatShortDate(c.issueDate)}: ${c.reason}`, vat: '', net: '', vatAmount: '', total: `-${formatPounds(c.totalPence)}` })
  }
  if (inv.creditNotes.length) draw({ description: 'Left to pay on this invoice', vat: '', net: '', vatAmount: '', total: formatPounds(inv.outstandingPence), bold: true }, FILL)

  const section = (heading: string, paras: string[]) => {
    doc.font(FONT).fontSize(9)
    const h = paras.reduce((s, p) => s + doc.heightOfString(toWinAnsi(p), { width: CONTENT_WIDTH }) + 3, 22)
    room(h)
    y += 10
    doc.font(BOLD).fontSize(11).fillColor(INK)
    text(heading, MARGIN.left, y, { width: CONTENT_WIDTH })
    y = doc.y + 3
    doc.font(FONT).fontSize(9)
    for (const p of paras) {
      text(p, MARGIN.left, y, { width: CONTENT_WIDTH })
      y = doc.y + 3
    }
  }

  if (inv.loanSchedule.length) {
    const shown = inv.loanSchedule.map((s) => `${s.instalmentNo}. ${formatLongDate(s.dueOn)}: ${formatPounds(s.amountPence)}`)
    section('Repayment schedule', [`Repay the loan in ${inv.loanSchedule.length} instalments:`, shown.join('; ')])
  }
  if (inv.vatPence > 0) section('VAT', ['VAT is charged where the law requires it (for example on storage of goods). Other charges on this invoice are outside the scope of VAT.'])
  section('How to pay', [
    inv.outstandingPence > 0 ? `Please pay ${formatPounds(inv.outstandingPence)} by ${formatLongDate(inv.dueDate)}, quoting your payment reference ${inv.account.paymentReference}.` : 'Nothing is left to pay on this invoice.',
    ...inv.text.howToPay.map((h) => `\u2022 ${h}`),
    'If you cannot pay in full, contact us straight away to agree an affordable arrangement.',
  ])
  section('If you disagree with this invoice', [inv.text.dispute])
  section('Contact', [inv.text.contact, `Generated on ${formatLongDate(opts.generatedOn)}.`])

  drawPageFooters(doc, text, `Invoice ${inv.invoiceNumber}`, { rule: false })
  doc.end()
  return done
}
