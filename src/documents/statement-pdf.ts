/**
 * A statement of account as an A4 PDF, drawn with pdfkit and the PDF standard Helvetica fonts
 * (nothing to embed, no font files on disk). Letterhead, title, account summary, a table of
 * lines that breaks across pages with the header row repeated, totals, the closing balance and
 * "Page X of Y" on every page.
 *
 * Reproducible: the only date inside the file is info.CreationDate, taken from opts.generatedOn,
 * and pdfkit derives the file ID from the info dictionary, so the same statement and options
 * always give byte-identical output.
 */
import PDFDocument from 'pdfkit'
import { formatPounds } from '../domain/money/pence.ts'
import type { StatementLine } from '../domain/ledger/statement.ts'
import type { AccountStatement } from '../services/statements/get-account-statement.ts'
import {
  describeBalance,
  formatLongDate,
  formatShortDate,
  statementSummary,
  statementTitle,
  type StatementDocumentOptions,
} from './statement-html.ts'
import { BOLD, CONTENT_WIDTH, drawLetterhead, FONT, FOOTER_Y, GREY, HEADER_FILL, INK, MARGIN, PAGE, RULE, TABLE_LIMIT } from './pdf-style.ts'

export type { StatementDocumentOptions } from './statement-html.ts'

const TABLE_FONT_SIZE = 9
const CELL_PAD_Y = 4
const CELL_GAP = 6

interface Column {
  key: 'date' | 'description' | 'debit' | 'credit' | 'balance'
  label: string
  width: number
  align: 'left' | 'right'
}

const COLUMNS: Column[] = (() => {
  const fixed = { date: 62, debit: 66, credit: 66, balance: 104 }
  const description = CONTENT_WIDTH - fixed.date - fixed.debit - fixed.credit - fixed.balance
  return [
    { key: 'date', label: 'Date', width: fixed.date, align: 'left' },
    { key: 'description', label: 'Description', width: description, align: 'left' },
    { key: 'debit', label: 'Debit', width: fixed.debit, align: 'right' },
    { key: 'credit', label: 'Credit', width: fixed.credit, align: 'right' },
    { key: 'balance', label: 'Balance', width: fixed.balance, align: 'right' },
  ]
})()

type Row = Record<Column['key'], string> & { bold?: boolean }

// The standard fonts use WinAnsiEncoding: printable Latin-1 plus these characters. pdfkit writes
// anything else as a malformed glyph code, so text is folded into this set first.
const WIN_ANSI_EXTRA = new Set(
  '\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178',
)
const FALLBACKS: Record<string, string> = {
  'Ł': 'L', 'ł': 'l', 'Đ': 'D', 'đ': 'd', 'ı': 'i', 'Ħ': 'H', 'ħ': 'h', 'ŀ': 'l', 'Ŀ': 'L',
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2212': '-', '\u00a0': ' ',
}

function isWinAnsi(ch: string): boolean {
  const c = ch.codePointAt(0)!
  return (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff) || WIN_ANSI_EXTRA.has(ch)
}

/** Text the standard PDF fonts can show: controls become spaces, accents outside Latin-1 are dropped where possible, the rest "?". */
export function toWinAnsi(text: string): string {
  let out = ''
  for (const ch of text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ')) {
    if (isWinAnsi(ch)) out += ch
    else if (FALLBACKS[ch]) out += FALLBACKS[ch]
    else {
      const folded = ch.normalize('NFKD').replace(/\p{M}/gu, '')
      out += folded && [...folded].every(isWinAnsi) ? folded : '?'
    }
  }
  return out
}

function creationDate(generatedOn: string): Date {
  const d = new Date(generatedOn)
  if (!/^\d{4}-\d{2}-\d{2}/.test(generatedOn) || Number.isNaN(d.getTime())) {
    throw new RangeError(`generatedOn must be an ISO date or date-time: "${generatedOn}"`)
  }
  return d
}

function lineRow(l: StatementLine): Row {
  return {
    date: formatShortDate(l.effectiveDate),
    description: l.description,
    debit: l.debitPence ? formatPounds(l.debitPence) : '',
    credit: l.creditPence ? formatPounds(l.creditPence) : '',
    balance: describeBalance(l.balancePence),
  }
}

export async function renderStatementPdf(s: AccountStatement, opts: StatementDocumentOptions): Promise<Buffer> {
  const { account, statement } = s
  const title = statementTitle(account.accountType)
  const period = `${formatLongDate(statement.from)} to ${formatLongDate(statement.to)}`
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    lang: 'en-GB',
    displayTitle: true,
    info: {
      // Document info strings are Unicode (pdfkit writes UTF-16 when needed), so no folding here.
      Title: `${title} ${account.accountNumber}, ${period}`,
      Author: opts.councilName,
      Subject: `${title} for account ${account.accountNumber}`,
      Creator: 'Reeve',
      Producer: 'Reeve (PDFKit)',
      CreationDate: creationDate(opts.generatedOn),
    },
  })
  const chunks: Buffer[] = []
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })

  const text = (t: string, x: number, y: number, o: PDFKit.Mixins.TextOptions = {}) =>
    doc.text(toWinAnsi(t), x, y, { lineBreak: true, ...o })

  // Letterhead.
  let y = drawLetterhead(doc, text, opts)

  // Title and account summary.
  doc.font(BOLD).fontSize(20).fillColor(INK)
  text(title, MARGIN.left, y, { width: CONTENT_WIDTH })
  y = doc.y + 10
  const labelWidth = 115
  for (const { label, value } of statementSummary(s)) {
    doc.font(BOLD).fontSize(10)
    text(label, MARGIN.left, y, { width: labelWidth })
    const labelBottom = doc.y
    doc.font(FONT)
    text(value, MARGIN.left + labelWidth + 10, y, { width: CONTENT_WIDTH - labelWidth - 10 })
    y = Math.max(labelBottom, doc.y) + 3
  }
  y += 14

  // Table.
  const rowHeight = (row: Row) => {
    doc.font(row.bold ? BOLD : FONT).fontSize(TABLE_FONT_SIZE)
    const heights = COLUMNS.map((c) => doc.heightOfString(toWinAnsi(row[c.key]) || ' ', { width: c.width - CELL_GAP }))
    return Math.max(...heights) + CELL_PAD_Y * 2
  }
  const drawRow = (row: Row, top: number, height: number, fill?: string) => {
    if (fill) doc.rect(MARGIN.left, top, CONTENT_WIDTH, height).fillColor(fill).fill()
    doc.font(row.bold ? BOLD : FONT).fontSize(TABLE_FONT_SIZE).fillColor(INK)
    let x = MARGIN.left
    for (const c of COLUMNS) {
      const cellText = row[c.key]
      if (cellText) {
        // Right-aligned cells keep the gap on their left; left-aligned ones on their right.
        const cx = c.align === 'right' ? x + CELL_GAP : x
        text(cellText, cx, top + CELL_PAD_Y, { width: c.width - CELL_GAP, align: c.align })
      }
      x += c.width
    }
    doc.moveTo(MARGIN.left, top + height).lineTo(MARGIN.left + CONTENT_WIDTH, top + height).lineWidth(0.5).strokeColor(RULE).stroke()
  }
  const header: Row = { date: 'Date', description: 'Description', debit: 'Debit', credit: 'Credit', balance: 'Balance', bold: true }
  const headerHeight = rowHeight(header)
  const drawHeader = (top: number) => {
    drawRow(header, top, headerHeight, HEADER_FILL)
    return top + headerHeight
  }
  const place = (row: Row, fill?: string) => {
    const h = rowHeight(row)
    if (y + h > TABLE_LIMIT) {
      doc.addPage()
      y = drawHeader(MARGIN.top)
    }
    drawRow(row, y, h, fill)
    y += h
  }

  // Keep the header with at least a couple of rows: start a new page if there is no room.
  if (y + headerHeight * 3 > TABLE_LIMIT) {
    doc.addPage()
    y = MARGIN.top
  }
  y = drawHeader(y)
  place({ date: formatShortDate(statement.from), description: 'Opening balance', debit: '', credit: '', balance: describeBalance(statement.openingBalancePence), bold: true })
  if (statement.lines.length === 0) {
    place({ date: '', description: 'No transactions in this period', debit: '', credit: '', balance: '' })
  }
  for (const line of statement.lines) place(lineRow(line))
  place({ date: '', description: 'Totals', debit: formatPounds(statement.totalDebitsPence), credit: formatPounds(statement.totalCreditsPence), balance: '', bold: true }, HEADER_FILL)
  place({ date: formatShortDate(statement.to), description: 'Closing balance', debit: '', credit: '', balance: describeBalance(statement.closingBalancePence), bold: true }, HEADER_FILL)

  // Notes after the table.
  const notes = [
    'Debits are charges added to the account. Credits are payments and other amounts taken off it.',
    `Generated on ${formatLongDate(opts.generatedOn)}.`,
  ]
  doc.font(FONT).fontSize(9)
  const notesHeight = notes.reduce((h, n) => h + doc.heightOfString(n, { width: CONTENT_WIDTH }) + 3, 12)
  if (y + notesHeight > TABLE_LIMIT) {
    doc.addPage()
    y = MARGIN.top
  }
  y += 12
  doc.fillColor(GREY)
  for (const note of notes) {
    text(note, MARGIN.left, y, { width: CONTENT_WIDTH })
    y = doc.y + 3
  }

  // Footer on every page, now the page count is known.
  const range = doc.bufferedPageRange()
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i)
    doc.moveTo(MARGIN.left, FOOTER_Y - 6).lineTo(PAGE.width - MARGIN.right, FOOTER_Y - 6).lineWidth(0.5).strokeColor(RULE).stroke()
    doc.font(FONT).fontSize(8).fillColor(GREY)
    const half = CONTENT_WIDTH / 2
    text(`${title} - account ${account.accountNumber}`, MARGIN.left, FOOTER_Y, { width: half, lineBreak: false })
    text(`Page ${i + 1} of ${range.count}`, MARGIN.left + half, FOOTER_Y, { width: half, align: 'right', lineBreak: false })
  }
  doc.end()
  return done
}
