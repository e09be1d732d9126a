/**
 * A letter as an A4 PDF (pdfkit, standard Helvetica fonts as the statement): the council's letterhead (name and
 * address from the letterhead settings, contact lines), the addressee's name and address placed for a window
 * envelope, the date and references, the heading, and the body drawn from the template's blocks (headings,
 * paragraphs with **bold**, bullets, two-column rows, page breaks). A letter to joint tenants has one copy per
 * person, each starting on a new page. "Page X of Y" and the account on every page.
 *
 * Reproducible like the statement PDF: the only date inside is info.CreationDate, taken from `producedOn`.
 */
import PDFDocument from 'pdfkit'
import type { LetterBlock } from '../domain/templates/letter-body.ts'
import { BLUE, BOLD, FONT, GREY, INK, PAGE, RULE, toWinAnsi } from './pdf-style.ts'

export interface LetterCopy {
  /** Name and address lines for the window. */
  addressBlock: string[]
  blocks: LetterBlock[]
}

export interface LetterPdfOptions {
  councilName: string
  councilAddress: string[]
  /** e.g. "Telephone 01234 567890", "rents@…": under the letterhead address. */
  contactLines: string[]
  title: string
  /** The date as printed ("22 November 2026"). */
  dateText: string
  references: { label: string; value: string }[]
  /** ISO date: the PDF's creation date. */
  producedOn: string
  /** For the footer: "Account 1000123". */
  footer: string
  copies: LetterCopy[]
  language?: 'en' | 'cy'
}

const M = { top: 50, bottom: 60, left: 60, right: 60 }
const WIDTH = PAGE.width - M.left - M.right
const LIMIT = PAGE.height - M.bottom - 12

/** Splits "a **b** c" into runs; an unmatched ** is printed as it is. */
export function boldRuns(text: string): { text: string; bold: boolean }[] {
  const parts = text.split('**')
  if (parts.length % 2 === 0) return [{ text, bold: false }]
  return parts.map((t, i) => ({ text: t, bold: i % 2 === 1 })).filter((r) => r.text.length > 0)
}

export function renderLetterPdf(o: LetterPdfOptions): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: M,
    bufferPages: true,
    lang: o.language === 'cy' ? 'cy-GB' : 'en-GB',
    info: { Title: o.title, Author: o.councilName, Creator: 'Reeve', Producer: 'Reeve (PDFKit)', CreationDate: new Date(`${o.producedOn}T00:00:00Z`) },
  })
  const chunks: Buffer[] = []
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  const w = (t: string) => toWinAnsi(t)
  const ensure = (height: number) => {
    if (doc.y + height > LIMIT) doc.addPage()
  }
  const runs = (text: string, size: number, opts: PDFKit.Mixins.TextOptions = {}) => {
    const list = boldRuns(text)
    doc.fontSize(size).fillColor(INK)
    list.forEach((r, i) => {
      doc.font(r.bold ? BOLD : FONT).text(w(r.text), { ...opts, continued: i < list.length - 1 })
    })
  }

  o.copies.forEach((copy, copyIndex) => {
    if (copyIndex > 0) doc.addPage()
    // Letterhead: the council on the right, a rule under it.
    doc.font(BOLD).fontSize(15).fillColor(INK).text(w(o.councilName), M.left, M.top, { width: WIDTH, align: 'right' })
    doc.font(FONT).fontSize(9).fillColor(GREY)
    for (const line of [...o.councilAddress, ...o.contactLines]) if (line.trim()) doc.text(w(line), { width: WIDTH, align: 'right' })
    const ruleY = doc.y + 6
    doc.moveTo(M.left, ruleY).lineTo(PAGE.width - M.right, ruleY).lineWidth(2).strokeColor(BLUE).stroke()
    // The addressee, where a DL window envelope shows it (about 50 mm from the top).
    doc.font(FONT).fontSize(11).fillColor(INK)
    doc.y = Math.max(ruleY + 24, 150)
    for (const line of copy.addressBlock) if (line.trim()) doc.text(w(line), M.left, doc.y, { width: WIDTH / 2 })
    const afterAddress = doc.y
    // Date and references on the right, level with the address.
    doc.y = Math.max(ruleY + 24, 150)
    doc.fontSize(10)
    for (const r of [{ label: 'Date', value: o.dateText }, ...o.references]) {
      const y = doc.y
      doc.font(BOLD).text(w(r.label), M.left + WIDTH / 2 + 20, y, { width: 100 })
      doc.font(FONT).text(w(r.value), M.left + WIDTH / 2 + 120, y, { width: WIDTH / 2 - 120 })
    }
    doc.y = Math.max(afterAddress, doc.y) + 24
    doc.x = M.left
    doc.font(BOLD).fontSize(15).fillColor(INK).text(w(o.title), M.left, doc.y, { width: WIDTH })
    doc.moveDown(0.6)

    let previous: LetterBlock['type'] | null = null
    for (const b of copy.blocks) {
      doc.x = M.left
      // A little air between a table and what follows it.
      if (previous === 'row' && b.type !== 'row') doc.moveDown(0.5)
      previous = b.type
      switch (b.type) {
        case 'page_break':
          doc.addPage()
          break
        case 'heading':
          ensure(60)
          doc.moveDown(0.4).font(BOLD).fontSize(14).fillColor(INK).text(w(b.text), M.left, doc.y, { width: WIDTH })
          doc.moveDown(0.4)
          break
        case 'subheading':
          ensure(50)
          doc.moveDown(0.3).font(BOLD).fontSize(12).fillColor(INK).text(w(b.text), M.left, doc.y, { width: WIDTH })
          doc.moveDown(0.3)
          break
        case 'paragraph':
          ensure(30)
          b.lines.forEach((line) => runs(line, 11, { width: WIDTH, align: 'left' }))
          doc.moveDown(0.7)
          break
        case 'bullet': {
          ensure(20)
          const y = doc.y
          doc.font(FONT).fontSize(11).fillColor(INK).text(w('\u2022'), M.left + 4, y, { width: 12 })
          doc.y = y
          doc.x = M.left + 18
          runs(b.text, 11, { width: WIDTH - 18 })
          doc.moveDown(0.35)
          break
        }
        case 'row': {
          ensure(20)
          const y = doc.y
          const [label = '', ...rest] = b.cells
          doc.font(BOLD).fontSize(10.5).fillColor(INK).text(w(label), M.left, y, { width: WIDTH * 0.45 - 8 })
          const labelBottom = doc.y
          doc.font(FONT).text(w(rest.join('  ')), M.left + WIDTH * 0.45, y, { width: WIDTH * 0.55 })
          const bottom = Math.max(labelBottom, doc.y) + 3
          doc.moveTo(M.left, bottom).lineTo(M.left + WIDTH, bottom).lineWidth(0.5).strokeColor(RULE).stroke()
          doc.y = bottom + 4
          break
        }
      }
    }
  })

  const range = doc.bufferedPageRange()
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i)
    // The footer sits in the bottom margin: lift the margin while writing it so pdfkit does not start a new page.
    doc.page.margins.bottom = 0
    const y = PAGE.height - M.bottom + 20
    doc.font(FONT).fontSize(8).fillColor(GREY)
    doc.text(w(o.footer), M.left, y, { width: WIDTH / 2, lineBreak: false })
    doc.text(`Page ${i + 1} of ${range.count}`, M.left + WIDTH / 2, y, { width: WIDTH / 2, align: 'right', lineBreak: false })
  }
  doc.end()
  return done
}
