/**
 * A statement of account as CSV (RFC 4180: CRLF line endings, fields quoted only when they
 * contain a comma, quote or line break). Amounts are plain pounds (`95.20`) so spreadsheets read
 * them as numbers; debit and credit are empty when zero and the balance is signed (positive is
 * arrears, negative is credit).
 *
 * The first data row is the opening balance and the last the closing balance. Those two rows
 * carry only a balance, never a debit or credit, so summing the debit or credit column gives the
 * statement's totals rather than double counting them.
 */
import { stringify } from 'csv-stringify/sync'
import { formatPoundsPlain } from '../domain/money/pence.ts'
import type { AccountStatement } from '../services/statements/get-account-statement.ts'

export const STATEMENT_CSV_COLUMNS = ['effective_date', 'posting_date', 'description', 'debit', 'credit', 'balance'] as const

type CsvRow = Record<(typeof STATEMENT_CSV_COLUMNS)[number], string>

// Spreadsheets treat a cell starting with one of these as a formula (or, for tab and CR, can be
// tricked into doing so), which lets a crafted payment reference run commands or exfiltrate data
// when a council officer opens the file: OWASP "CSV Injection".
const FORMULA_START = /^[=+\-@\t\r]/

/** Prefixes an apostrophe to text a spreadsheet would otherwise read as a formula. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text
}

function amount(pence: number): string {
  return pence === 0 ? '' : formatPoundsPlain(pence)
}

export function renderStatementCsv(s: AccountStatement): string {
  const { statement } = s
  const rows: CsvRow[] = [
    {
      effective_date: statement.from,
      posting_date: '',
      description: 'Opening balance',
      debit: '',
      credit: '',
      balance: formatPoundsPlain(statement.openingBalancePence),
    },
    ...statement.lines.map((l) => ({
      effective_date: l.effectiveDate,
      posting_date: l.postingDate,
      description: neutraliseFormula(l.description),
      debit: amount(l.debitPence),
      credit: amount(l.creditPence),
      balance: formatPoundsPlain(l.balancePence),
    })),
    {
      effective_date: statement.to,
      posting_date: '',
      description: 'Closing balance',
      debit: '',
      credit: '',
      balance: formatPoundsPlain(statement.closingBalancePence),
    },
  ]
  return stringify(rows, {
    header: true,
    columns: [...STATEMENT_CSV_COLUMNS],
    record_delimiter: 'windows',
  })
}
