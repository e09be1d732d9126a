import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { parsePounds } from '../domain/money/pence.ts'
import { sampleAccountStatement, withLineDescription } from '../documents/statement-fixture.test-helper.ts'
import { neutraliseFormula, renderStatementCsv } from './statement-csv.ts'

function parseCsv(text: string): string[][] {
  return parse(text, { relax_column_count: false }) as string[][]
}

describe('renderStatementCsv', () => {
  it('writes a header, the opening balance, one row per line and the closing balance', () => {
    const s = sampleAccountStatement(4)
    const rows = parseCsv(renderStatementCsv(s))
    expect(rows).toEqual([
      ['effective_date', 'posting_date', 'description', 'debit', 'credit', 'balance'],
      ['2025-11-24', '', 'Opening balance', '', '', '123.45'],
      ['2025-11-24', '2025-11-24', 'Rent w/c 2025-11-24', '95.20', '', '218.65'],
      ['2025-11-28', '2025-11-28', 'Payment: Direct Debit', '', '90.00', '128.65'],
      ['2025-12-01', '2025-12-01', 'Rent w/c 2025-12-01', '95.20', '', '223.85'],
      ['2025-12-05', '2025-12-05', 'Payment: Direct Debit', '', '90.00', '133.85'],
      ['2025-12-07', '', 'Closing balance', '', '', '133.85'],
    ])
  })

  it('uses CRLF record endings as RFC 4180 asks', () => {
    const csv = renderStatementCsv(sampleAccountStatement(2))
    expect(csv.startsWith('effective_date,posting_date,description,debit,credit,balance\r\n')).toBe(true)
    // header, opening, 2 lines, closing, then the empty string after the final CRLF
    expect(csv.split('\r\n')).toHaveLength(6)
    expect(csv.endsWith('\r\n')).toBe(true)
    expect(csv.replaceAll('\r\n', '')).not.toContain('\n')
  })

  it('has debit and credit columns that sum to the statement totals and balances that reconcile', () => {
    const s = sampleAccountStatement(51)
    const [, ...data] = parseCsv(renderStatementCsv(s))
    const sum = (col: number) => data.reduce((t, r) => t + (r[col] ? parsePounds(r[col]) : 0), 0)
    expect(sum(3)).toBe(s.statement.totalDebitsPence)
    expect(sum(4)).toBe(s.statement.totalCreditsPence)
    const opening = parsePounds(data[0]![5]!)
    const closing = parsePounds(data.at(-1)![5]!)
    expect(closing).toBe(s.statement.closingBalancePence)
    expect(closing).toBe(opening + sum(3) - sum(4))
    expect(data).toHaveLength(51 + 2)
  })

  it('writes a credit balance as a negative plain amount without an apostrophe', () => {
    const s = sampleAccountStatement(1, { openingBalancePence: -20000 })
    const rows = parseCsv(renderStatementCsv(s))
    expect(rows[1]).toEqual(['2025-11-24', '', 'Opening balance', '', '', '-200.00'])
    expect(rows[2]![5]).toBe('-104.80')
  })

  it('writes only the opening and closing rows for a period with no transactions', () => {
    const rows = parseCsv(renderStatementCsv(sampleAccountStatement(0)))
    expect(rows.slice(1).map((r) => r[2])).toEqual(['Opening balance', 'Closing balance'])
    expect(rows[2]![5]).toBe('123.45')
  })

  it('quotes descriptions containing commas, quotes and line breaks so they round-trip', () => {
    const description = 'Refund, "overpaid"\nsee note'
    const rows = parseCsv(renderStatementCsv(withLineDescription(sampleAccountStatement(2), 1, description)))
    expect(rows[3]![2]).toBe(description)
    expect(renderStatementCsv(withLineDescription(sampleAccountStatement(2), 1, description))).toContain(
      '"Refund, ""overpaid""\nsee note"',
    )
  })

  it.each(['=HYPERLINK("http://evil.example","Click")', '+1+1', '-2+3', '@SUM(A1:A2)', '\tcmd', '\rcmd'])(
    'puts an apostrophe before a description that a spreadsheet would run as a formula: %j',
    (description) => {
      const rows = parseCsv(renderStatementCsv(withLineDescription(sampleAccountStatement(2), 0, description)))
      expect(rows[2]![2]).toBe(`'${description}`)
    },
  )

  it('leaves ordinary descriptions, including ones with a formula character later on, untouched', () => {
    expect(neutraliseFormula('Payment: Direct Debit')).toBe('Payment: Direct Debit')
    expect(neutraliseFormula('Rent w/c 2025-11-24 = 95.20')).toBe('Rent w/c 2025-11-24 = 95.20')
    expect(neutraliseFormula('')).toBe('')
  })
})
