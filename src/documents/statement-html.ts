/**
 * A statement of account as a standalone, printable HTML5 page (for `reeve statement --format
 * html`). No scripts, no external files: styles are inline so the file can be emailed, archived
 * or printed to A4 as it is. Accessible: lang="en-GB", one <h1>, a summary list, a data table
 * with a <caption> and scoped header cells, and balances in words ("owed", "in credit") rather
 * than signs or colour alone. Every piece of data is HTML-escaped.
 *
 * Also home to the statement wording shared with the PDF renderer (titles, dates, balances).
 */
import type { StatementLine } from '../domain/ledger/statement.ts'
import { formatPounds } from '../domain/money/pence.ts'
import type { AccountStatement, AccountSummary } from '../services/statements/get-account-statement.ts'
import { balancePointsFromStatement, renderBalanceChartSvg } from './balance-chart-svg.ts'

export interface StatementDocumentOptions {
  councilName: string
  /** Letterhead address, one line per entry. */
  councilAddress?: string[]
  /** When the statement was produced: `YYYY-MM-DD` or an ISO date-time. */
  generatedOn: string
}

const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
]

/** "Rent statement" for rent accounts, "Statement of account" for everything else. */
export function statementTitle(accountType: string): string {
  return accountType === 'rent' ? 'Rent statement' : 'Statement of account'
}

/** `2025-11-24` as "24 November 2025" (GOV.UK style). Anything else is returned unchanged. */
export function formatLongDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso)
  const month = m ? MONTHS[Number(m[2]) - 1] : undefined
  return m && month ? `${Number(m[3])} ${month} ${m[1]}` : iso
}

/** `2025-11-24` as "24 Nov 2025", for table columns. */
export function formatShortDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso)
  const month = m ? MONTHS[Number(m[2]) - 1] : undefined
  return m && month ? `${Number(m[3])} ${month.slice(0, 3)} ${m[1]}` : iso
}

/** A balance in words: positive is arrears ("£1,234.56 owed"), negative credit ("£12.00 in credit"). */
export function describeBalance(pence: number): string {
  if (pence > 0) return `${formatPounds(pence)} owed`
  if (pence < 0) return `${formatPounds(-pence)} in credit`
  return formatPounds(0)
}

/** "Ms A and Mr B", "A, B and C". */
export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? ''
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
}

/** The label/value pairs at the top of a statement, in order; absent values are left out. */
export function statementSummary(s: AccountStatement): { label: string; value: string }[] {
  const a: AccountSummary = s.account
  const rows: { label: string; value: string | null }[] = [
    { label: 'Account number', value: a.accountNumber },
    { label: 'Payment reference', value: a.paymentReference },
    { label: 'Address', value: a.propertyAddress },
    { label: a.parties.length === 1 ? 'Account holder' : 'Account holders', value: joinNames(a.parties.map((p) => p.name)) || null },
    { label: 'Statement period', value: `${formatLongDate(s.statement.from)} to ${formatLongDate(s.statement.to)}` },
    { label: 'Opening balance', value: describeBalance(s.statement.openingBalancePence) },
    { label: 'Closing balance', value: describeBalance(s.statement.closingBalancePence) },
  ]
  return rows.filter((r): r is { label: string; value: string } => r.value !== null && r.value !== '')
}

export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;')
}

const STYLES = `
  :root { color: #0b0c0c; background: #fff; }
  body { font-family: Arial, Helvetica, sans-serif; font-size: 1rem; line-height: 1.4; margin: 0 auto; max-width: 60rem; padding: 1.5rem; }
  .letterhead { border-bottom: 4px solid #1d70b8; margin-bottom: 1.5rem; padding-bottom: 0.75rem; }
  .council { font-size: 1.5rem; font-weight: bold; margin: 0 0 0.25rem; }
  address { font-style: normal; }
  h1 { font-size: 2rem; margin: 0 0 1rem; }
  .summary { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1.5rem; margin: 0 0 1.5rem; }
  .summary dt { font-weight: bold; }
  .summary dd { margin: 0; }
  figure { margin: 0 0 1.5rem; }
  figure svg { max-width: 100%; height: auto; }
  table { border-collapse: collapse; width: 100%; }
  caption { font-size: 1.25rem; font-weight: bold; text-align: left; padding-bottom: 0.5rem; }
  th, td { border-bottom: 1px solid #b1b4b6; padding: 0.4rem 0.5rem 0.4rem 0; text-align: left; vertical-align: top; }
  tbody th { font-weight: normal; }
  .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
  .date { white-space: nowrap; }
  tfoot th, tfoot td { font-weight: bold; border-bottom: none; border-top: 2px solid #0b0c0c; }
  .note, .generated { color: #505a5f; font-size: 0.875rem; }
  @media print {
    @page { size: A4; margin: 15mm; }
    body { max-width: none; padding: 0; font-size: 10pt; }
    thead { display: table-header-group; }
    tfoot { display: table-footer-group; }
    tr { break-inside: avoid; }
    figure { break-inside: avoid; }
  }
`

function lineRow(l: StatementLine): string {
  return (
    `<tr><td class="date">${escapeHtml(formatShortDate(l.effectiveDate))}</td>` +
    `<th scope="row">${escapeHtml(l.description)}</th>` +
    `<td class="num">${l.debitPence ? escapeHtml(formatPounds(l.debitPence)) : ''}</td>` +
    `<td class="num">${l.creditPence ? escapeHtml(formatPounds(l.creditPence)) : ''}</td>` +
    `<td class="num">${escapeHtml(describeBalance(l.balancePence))}</td></tr>`
  )
}

export function renderStatementHtml(s: AccountStatement, opts: StatementDocumentOptions): string {
  const { account, statement } = s
  const title = statementTitle(account.accountType)
  const period = `${formatLongDate(statement.from)} to ${formatLongDate(statement.to)}`
  const e = escapeHtml
  const address = (opts.councilAddress ?? []).filter((l) => l.trim() !== '')
  const chart = renderBalanceChartSvg(balancePointsFromStatement(statement), { title: `Balance from ${period}` })
  const lines = statement.lines.length
    ? statement.lines.map(lineRow).join('\n')
    : '<tr><td></td><td colspan="4">No transactions in this period</td></tr>'

  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Reeve">
<title>${e(`${title} for account ${account.accountNumber}, ${period} - ${opts.councilName}`)}</title>
<style>${STYLES}</style>
</head>
<body>
<header class="letterhead">
<p class="council">${e(opts.councilName)}</p>
${address.length ? `<address>${address.map(e).join('<br>\n')}</address>` : ''}
</header>
<main>
<h1>${e(title)}</h1>
<dl class="summary">
${statementSummary(s)
  .map((r) => `<dt>${e(r.label)}</dt><dd>${e(r.value)}</dd>`)
  .join('\n')}
</dl>
<figure>
${chart}<figcaption class="note">How the balance changed over the statement period.</figcaption>
</figure>
<table>
<caption>Transactions from ${e(period)}</caption>
<thead>
<tr><th scope="col">Date</th><th scope="col">Description</th><th scope="col" class="num">Debit</th><th scope="col" class="num">Credit</th><th scope="col" class="num">Balance</th></tr>
</thead>
<tbody>
<tr><td class="date">${e(formatShortDate(statement.from))}</td><th scope="row">Opening balance</th><td class="num"></td><td class="num"></td><td class="num">${e(describeBalance(statement.openingBalancePence))}</td></tr>
${lines}
</tbody>
<tfoot>
<tr><td></td><th scope="row">Totals</th><td class="num">${e(formatPounds(statement.totalDebitsPence))}</td><td class="num">${e(formatPounds(statement.totalCreditsPence))}</td><td class="num"></td></tr>
<tr><td class="date">${e(formatShortDate(statement.to))}</td><th scope="row">Closing balance</th><td class="num"></td><td class="num"></td><td class="num">${e(describeBalance(statement.closingBalancePence))}</td></tr>
</tfoot>
</table>
<p class="note">Debits are charges added to the account. Credits are payments and other amounts taken off it.</p>
<p class="generated">Generated on ${e(formatLongDate(opts.generatedOn))}.</p>
</main>
</body>
</html>
`
}
