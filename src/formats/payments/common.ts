/**
 * Pieces shared by the payment file parsers: problem collection, the line limit, dates and amounts.
 */
import { isIsoDate } from '../../domain/calendar/dates.ts'
import { formatPounds, MoneyParseError, parsePounds } from '../../domain/money/pence.ts'
import { MAX_LINES, MAX_PAYMENT_PENCE, MAX_PROBLEMS, PaymentFileError, type PaymentFileProblem } from './types.ts'

export interface ParseOptions {
  /** Refuse files with more lines than this (default MAX_LINES, 50,000). */
  maxLines?: number
}

/** Collects problems (keeping the first MAX_PROBLEMS but counting all), then throws them together. */
export class Problems {
  private readonly list: PaymentFileProblem[] = []
  private count = 0

  add(line: number, field: string, message: string): void {
    this.count += 1
    if (this.list.length < MAX_PROBLEMS * 2) this.list.push({ line, field, message })
  }

  get any(): boolean {
    return this.count > 0
  }

  throwIfAny(): void {
    if (this.count > 0) throw new PaymentFileError(this.list, this.count)
  }
}

export function fail(line: number, field: string, message: string): never {
  throw new PaymentFileError([{ line, field, message }])
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}

/**
 * Splits text into physical lines (LF, CRLF or a lone CR), dropping blank lines at the end, and
 * refuses a file with more than maxLines lines or with nothing in it at all.
 */
export function splitLines(text: string, opts: ParseOptions = {}): string[] {
  const lines = stripBom(text).split(/\r\n|\n|\r/)
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop()
  checkLineCount(lines.length, opts)
  if (lines.length === 0) fail(1, 'file', 'The file is empty')
  return lines
}

/** Counts physical lines (ignoring blank ones at the end) without building them, and applies the limit. */
export function checkLineLimit(text: string, opts: ParseOptions = {}): void {
  const body = stripBom(text).trimEnd()
  if (body === '') fail(1, 'file', 'The file is empty')
  const count = 1 + (body.match(/\r\n|\n|\r/g)?.length ?? 0)
  checkLineCount(count, opts)
}

function checkLineCount(count: number, opts: ParseOptions): void {
  const max = opts.maxLines ?? MAX_LINES
  if (count > max) {
    fail(max + 1, 'file', `The file has ${count.toLocaleString('en-GB')} lines, more than the limit of ${max.toLocaleString('en-GB')}: split it into smaller files`)
  }
}

export const NO_PAYMENTS_MESSAGE = 'The file has no payments in it'

const UK_DATE_RE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/
const ISO_DATE_RE = /^\d{4}-\d{2}-\d{2}$/

/** Reads `DD/MM/YYYY` (day and month may be one digit) or `YYYY-MM-DD`; null unless it is a real calendar date. */
export function parseUkOrIsoDate(text: string): string | null {
  const s = text.trim()
  if (ISO_DATE_RE.test(s)) return isIsoDate(s) ? s : null
  const m = UK_DATE_RE.exec(s)
  if (!m) return null
  const iso = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`
  return isIsoDate(iso) ? iso : null
}

/** Reads `YYYYMMDD`; null unless it is a real calendar date. */
export function parseCompactDate(text: string): string | null {
  if (!/^\d{8}$/.test(text)) return null
  const iso = `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}`
  return isIsoDate(iso) ? iso : null
}

/** Reads `HHMMSS` (24-hour); null unless it is a real time of day. */
export function parseCompactTime(text: string): string | null {
  if (!/^\d{6}$/.test(text)) return null
  const [h, m, s] = [Number(text.slice(0, 2)), Number(text.slice(2, 4)), Number(text.slice(4, 6))]
  if (h > 23 || m > 59 || s > 59) return null
  return `${text.slice(0, 2)}:${text.slice(2, 4)}:${text.slice(4, 6)}`
}

/** Pounds text to a positive number of pence, or a message saying what is wrong with it. */
export function parsePositivePounds(text: string): { pence: number } | { error: string } {
  const s = text.trim()
  if (s === '') return { error: 'Enter an amount' }
  let pence: number
  try {
    pence = parsePounds(s)
  } catch (e) {
    if (e instanceof MoneyParseError) return { error: `"${clip(s)}" is not an amount of money (expected pounds such as 95.20)` }
    throw e
  }
  return checkAmount(pence)
}

/** A positive amount no larger than MAX_PAYMENT_PENCE, or what is wrong with it. */
export function checkAmount(pence: number): { pence: number } | { error: string } {
  if (pence <= 0) return { error: `The amount must be more than £0.00, not ${formatPounds(pence)}` }
  if (pence > MAX_PAYMENT_PENCE) {
    return { error: `The amount ${formatPounds(pence)} is more than the largest single payment a file may hold (${formatPounds(MAX_PAYMENT_PENCE)})` }
  }
  return { pence }
}

/** Shortens text quoted back in a message so a garbage line cannot flood the error report. */
export function clip(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max)}…` : text
}
