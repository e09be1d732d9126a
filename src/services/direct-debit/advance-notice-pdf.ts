/**
 * An advance notice as a one-page A4 letter (PDF): council letterhead, the payer's name and address, what will be
 * collected and when, and the Direct Debit Guarantee. Rendered from the stored notice, so the letter printed later
 * is exactly what was notified. (The letters issue will move the wording to editable templates.)
 */
import PDFDocument from 'pdfkit'
import { formatPounds } from '../../domain/money/pence.ts'
import { formatLongDate } from '../../documents/statement-html.ts'
import { toWinAnsi } from '../../documents/pdf-style.ts'
import type { AdvanceNotice } from './advance-notice.ts'

export interface NoticeDocumentOptions {
  councilName: string
  councilAddress?: string[]
}

export function renderAdvanceNoticePdf(notice: AdvanceNotice, opts: NoticeDocumentOptions): Promise<Buffer> {
  const c = notice.content
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: { Title: `${c.heading} (${c.ddiReference})`, Author: opts.councilName, CreationDate: new Date(`${notice.producedOn}T00:00:00Z`) },
  })
  const chunks: Buffer[] = []
  doc.on('data', (b: Buffer) => chunks.push(b))
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))))
  const text = (s: string) => toWinAnsi(s)

  doc.font('Helvetica-Bold').fontSize(14).text(text(opts.councilName), { align: 'right' })
  doc.font('Helvetica').fontSize(9).fillColor('#505a5f')
  for (const line of opts.councilAddress ?? []) doc.text(text(line), { align: 'right' })
  doc.moveDown(2).fillColor('#0b0c0c').fontSize(11)
  doc.text(text(c.to))
  for (const line of c.address) doc.text(text(line))
  doc.moveDown()
  doc.text(text(formatLongDate(notice.producedOn)))
  doc.text(text(`Account ${c.accountNumber}, ${c.propertyOrDebt}`))
  doc.text(text(`Direct Debit reference ${c.ddiReference}`))
  doc.moveDown().font('Helvetica-Bold').fontSize(14).text(text(c.heading))
  doc.moveDown(0.5).font('Helvetica').fontSize(11)
  for (const p of c.paragraphs) doc.text(text(p)).moveDown(0.5)

  doc.moveDown(0.5).font('Helvetica-Bold').text(text(notice.frequency === 'once' ? 'Payment' : 'Your next payments'))
  doc.font('Helvetica')
  for (const col of c.collections) {
    const y = doc.y
    doc.text(text(formatLongDate(col.date)), 56, y, { width: 220 })
    doc.text(text(formatPounds(col.amountPence)), 280, y, { width: 120 })
  }
  doc.x = 56
  doc.moveDown(1.5)
  const g = c.guarantee
  doc.rect(56, doc.y, doc.page.width - 112, 0.5).fill('#0b0c0c')
  doc.moveDown(0.5).fillColor('#0b0c0c').font('Helvetica-Bold').fontSize(11).text(text(g.heading), 56)
  doc.font('Helvetica').fontSize(9)
  for (const p of g.paragraphs) doc.moveDown(0.3).text(text(`\u2022 ${p}`))
  doc.end()
  return done
}
