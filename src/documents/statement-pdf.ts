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
import { BOLD, CONTENT_WIDTH, drawLetterhead, drawPageFooters, drawParticulars, FONT, GREY, HEADER_FILL, INK, MARGIN, openA4Document, type PdfColumn, type PdfRow, pdfTable, TABLE_LIMIT } from './pdf-style.ts'

export type { StatementDocumentOptions } from './statement-html.ts'

type Key = 'date' | 'description' | 'debit' | 'credit' | 'balance'

const COLUMNS: PdfColumn<Key>[] = (() => {
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

type Row = PdfRow<Key>


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
  const { doc, text, done } = openA4Document({
    title: `${title} ${account.accountNumber}, ${period}`,
    author: opts.councilName,
    subject: `${title} for account ${account.accountNumber}`,
    creationDate: creationDate(opts.generatedOn),
  })

  // Letterhead.
  let y = drawLetterhead(doc, text, opts)

  // Title and account summary.
  doc.font(BOLD).fontSize(20).fillColor(INK)
  text(title, MARGIN.left, y, { width: CONTENT_WIDTH })
  y = doc.y + 10
  y = drawParticulars(doc, text, statementSummary(s), y, 115)
  y += 14

  // Table.
  const table = pdfTable(doc, text, COLUMNS, y)
  const place = table.place
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
  y = table.y
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
  drawPageFooters(doc, text, `${title} - account ${account.accountNumber}`)
  doc.end()
  return done
}
