/**
 * A payment receipt as a one-page A5 PDF: council letterhead, receipt number, what was paid, how, when and where,
 * the account it was credited to and the balance after it. Reproducible like the statement PDF.
 */
import PDFDocument from 'pdfkit'
import { paymentMethodLabel } from '../domain/ledger/describe-posting.ts'
import { formatPounds } from '../domain/money/pence.ts'
import type { Receipt } from '../services/payments/receipt-payment.ts'
import { describeBalance, formatLongDate, joinNames } from './statement-html.ts'
import { toWinAnsi } from './pdf-style.ts'

export interface ReceiptDocumentOptions {
  councilName: string
  councilAddress?: string[]
  generatedOn: string
}

export function receiptLines(r: Receipt): { label: string; value: string }[] {
  return [
    { label: 'Receipt number', value: r.receiptNumber },
    { label: 'Amount received', value: formatPounds(r.amountPence) },
    { label: 'Paid by', value: paymentMethodLabel(r.method) },
    { label: 'Date received', value: formatLongDate(r.receivedOn) },
    ...(r.collectedAt ? [{ label: 'Collected at', value: r.collectedAt }] : []),
    ...(r.reference ? [{ label: 'Reference', value: r.reference }] : []),
    { label: 'Account', value: `${r.accountNumber} (payment reference ${r.paymentReference ?? '-'})` },
    { label: 'Property or debt', value: r.accountName },
    { label: 'Received from', value: joinNames(r.payerNames) },
    { label: 'Balance after this payment', value: describeBalance(r.balanceAfterPence) },
  ]
}

export function renderReceiptPdf(r: Receipt, opts: ReceiptDocumentOptions): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A5',
    margin: 40,
    info: { Title: `Receipt ${r.receiptNumber}`, Author: opts.councilName, CreationDate: new Date(`${opts.generatedOn}T00:00:00Z`) },
  })
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))))
  doc.font('Helvetica-Bold').fontSize(14).text(toWinAnsi(opts.councilName))
  doc.font('Helvetica').fontSize(9).fillColor('#505a5f')
  for (const line of opts.councilAddress ?? []) doc.text(toWinAnsi(line))
  doc.moveDown().fillColor('#0b0c0c').font('Helvetica-Bold').fontSize(16).text('Payment receipt')
  doc.moveDown(0.5).fontSize(10)
  for (const { label, value } of receiptLines(r)) {
    const y = doc.y
    doc.font('Helvetica-Bold').text(toWinAnsi(label), 40, y, { width: 150 })
    doc.font('Helvetica').text(toWinAnsi(value), 195, y, { width: doc.page.width - 235 })
    doc.moveDown(0.3)
  }
  doc.moveDown().fontSize(8).fillColor('#505a5f').text('Please keep this receipt. Payments are shown on your statement of account.')
  doc.end()
  return done
}
