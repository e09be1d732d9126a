/**
 * Sample statements for tests of the statement renderers (CSV, PDF, HTML, chart). Built with the
 * real buildStatement so running balances and totals are exactly what the service would return.
 * Deterministic: the same arguments always give the same statement.
 */
import { inflateSync } from 'node:zlib'
import { addDays } from '../domain/calendar/dates.ts'
import { describePosting } from '../domain/ledger/describe-posting.ts'
import { buildStatement, type StatementEntry } from '../domain/ledger/statement.ts'
import type { AccountStatement, AccountSummary } from '../services/statements/get-account-statement.ts'

export const SAMPLE_FROM = '2025-11-24' // a Monday
export const SAMPLE_WEEKLY_RENT_PENCE = 9520
export const SAMPLE_PAYMENT_PENCE = 9000

export interface SampleStatementOptions {
  /** Balance brought forward; positive is arrears. Defaults to 12345 (£123.45 owed). */
  openingBalancePence?: number
  /** Fields to override on the account summary (e.g. accountType, parties). */
  account?: Partial<AccountSummary>
}

/**
 * A rent account statement with exactly `lines` lines from 2025-11-24: even lines are the weekly
 * rent charge of £95.20 on the Monday, odd lines a Direct Debit payment of £90.00 on the Friday.
 * The period runs to the Sunday after the last week (at least one week).
 */
export function sampleAccountStatement(lines: number, opts: SampleStatementOptions = {}): AccountStatement {
  if (!Number.isSafeInteger(lines) || lines < 0) throw new RangeError(`lines must be a whole number >= 0: ${lines}`)
  const entries: StatementEntry[] = []
  for (let i = 0; i < lines; i++) {
    const monday = addDays(SAMPLE_FROM, Math.floor(i / 2) * 7)
    const isCharge = i % 2 === 0
    const effectiveDate = isCharge ? monday : addDays(monday, 4)
    const postingType = isCharge ? 'rent' : 'direct_debit'
    const txnType = isCharge ? 'charge' : 'payment'
    entries.push({
      postingId: 1000 + i,
      effectiveDate,
      postingDate: effectiveDate,
      postingType,
      txnType,
      amountPence: isCharge ? SAMPLE_WEEKLY_RENT_PENCE : -SAMPLE_PAYMENT_PENCE,
      description: describePosting({
        postingType,
        txnType,
        description: null,
        txnDescription: isCharge ? 'Weekly charges' : 'Payment',
        periodStart: isCharge ? monday : null,
      }),
    })
  }
  const weeks = Math.max(1, Math.ceil(lines / 2))
  const to = addDays(SAMPLE_FROM, weeks * 7 - 1)
  const statement = buildStatement(SAMPLE_FROM, to, opts.openingBalancePence ?? 12345, entries)
  const account: AccountSummary = {
    id: 42,
    accountNumber: 'RNT0000123',
    paymentReference: '100001239',
    accountType: 'rent',
    name: '14 Acacia Avenue',
    status: 'open',
    openedOn: '2019-04-01',
    closedOn: null,
    tenancyRef: 'TEN0000042',
    tenure: 'secure',
    propertyAddress: 'Flat 2, 14 Acacia Avenue, Northtown, NT1 4AA',
    patchName: 'North',
    parties: [
      { id: 7, partyRef: 'PTY0000007', name: 'Ms Jane Smith' },
      { id: 8, partyRef: 'PTY0000008', name: 'Mr Samuel Okafor' },
    ],
    balancePence: statement.closingBalancePence,
    ...opts.account,
  }
  return { account, statement }
}

/** A copy of s with line `index` given a different description (for escaping and injection tests). */
export function withLineDescription(s: AccountStatement, index: number, description: string): AccountStatement {
  const lines = s.statement.lines.map((l, i) => (i === index ? { ...l, description } : l))
  if (!s.statement.lines[index]) throw new RangeError(`No line ${index}`)
  return { ...s, statement: { ...s.statement, lines } }
}

// windows-1252 bytes 0x80-0x9F ('' where unassigned). Node 20's TextDecoder('windows-1252')
// decodes these as C1 control characters, so the table is spelled out here.
const CP1252_80_9F =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178'

function decodeWinAnsi(bytes: Uint8Array): string {
  let out = ''
  for (const b of bytes) out += b >= 0x80 && b <= 0x9f ? CP1252_80_9F[b - 0x80] : String.fromCharCode(b)
  return out
}

/**
 * Text drawn in a PDF made by pdfkit with the standard (WinAnsi) fonts, one string per text
 * operation, per page in order. Needs nothing outside Node: content streams are inflated with
 * node:zlib and the hex strings in `[...] TJ` arrays decoded as windows-1252 (WinAnsi). Not a general PDF
 * parser: it relies on pdfkit's output shape (one content stream per page, objects in page order).
 */
export function extractPdfText(pdf: Buffer): { pages: string[][]; text: string } {
  const raw = pdf.toString('latin1')
  const pages: string[][] = []
  const streamRe = /<<([^]*?)>>\s*stream\r?\n/g
  for (let m = streamRe.exec(raw); m; m = streamRe.exec(raw)) {
    const dict = m[1]!
    const length = /\/Length (\d+)/.exec(dict)
    if (!length) continue
    const start = m.index + m[0].length
    const bytes = pdf.subarray(start, start + Number(length[1]))
    const content = (/\/Filter \/FlateDecode/.test(dict) ? inflateSync(bytes) : bytes).toString('latin1')
    if (!/\bBT\b/.test(content)) continue
    const fragments: string[] = []
    for (const tj of content.matchAll(/\[((?:<[0-9a-fA-F]*>\s*-?[\d.]*\s*)+)\]\s*TJ/g)) {
      const hex = [...tj[1]!.matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]).join('')
      fragments.push(decodeWinAnsi(Buffer.from(hex, 'hex')))
    }
    pages.push(fragments)
  }
  return { pages, text: pages.map((p) => p.join('\n')).join('\n') }
}

const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr'])

/**
 * Problems with the nesting of tags in generated HTML or SVG (empty when every element is closed
 * in order). A cheap stand-in for an XML parser: it trusts that text and attribute values are
 * escaped, which the renderers guarantee, so `<` and `>` only ever delimit tags.
 */
export function markupNestingProblems(markup: string): string[] {
  const problems: string[] = []
  const stack: string[] = []
  const body = markup.replace(/<!DOCTYPE[^>]*>/i, '').replace(/<style>[^<]*<\/style>/g, '')
  for (const m of body.matchAll(/<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+(?:="[^"<>]*")?)*)\s*(\/?)>/g)) {
    const [, closing, name = '', , selfClosing] = m
    if (selfClosing || (!closing && VOID_ELEMENTS.has(name.toLowerCase()))) continue
    if (!closing) stack.push(name)
    else if (stack.pop() !== name) problems.push(`unexpected </${name}> at ${m.index}`)
  }
  if (stack.length) problems.push(`unclosed: ${stack.join(' > ')}`)
  const stray = body.replace(/<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+(?:="[^"<>]*")?)*)\s*(\/?)>/g, '')
  if (/[<>]/.test(stray)) problems.push(`stray < or > in text: ${stray.match(/.{0,20}[<>].{0,20}/)?.[0]}`)
  return problems
}
