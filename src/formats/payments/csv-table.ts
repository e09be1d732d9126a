/**
 * Reads a CSV payment file into rows keyed by column name, with physical line numbers, for the
 * bank CSV and benefit schedule parsers. Column names are matched ignoring case, surrounding
 * spaces, and spaces or hyphens in place of underscores (`Transaction ID` is `transaction_id`);
 * columns the parser does not know are ignored, since bank exports carry extras such as a balance.
 */
import { CsvError, parse } from 'csv-parse/sync'
import { checkLineLimit, clip, fail, NO_PAYMENTS_MESSAGE, type ParseOptions, type Problems, stripBom } from './common.ts'

export interface CsvRow<C extends string> {
  /** Physical line the row starts on (1-based; the header is usually line 1). */
  line: number
  /** Trimmed cell values for the known columns present in the header. */
  cells: Partial<Record<C, string>>
}

export interface CsvTable<C extends string> {
  headerLine: number
  columns: ReadonlySet<C>
  rows: CsvRow<C>[]
}

/** `Transaction ID` → `transaction_id`. */
export function canonicalColumnName(name: string): string {
  return name.trim().toLowerCase().replace(/[\s-]+/g, '_')
}

const MAX_RECORD_CHARS = 10_000

/**
 * Parses the table, recording header and column-count problems in `problems`. Throws a
 * PaymentFileError straight away for a file that cannot be read as CSV at all, has no header, is
 * missing a required column, or has no data rows.
 */
export function readCsvTable<C extends string>(
  text: string,
  spec: { required: readonly C[]; optional: readonly C[] },
  problems: Problems,
  opts: ParseOptions = {},
): CsvTable<C> {
  checkLineLimit(text, opts)
  // One line ending throughout, so csv-parse's line count is the line number an editor shows
  // (it would otherwise count the CR and LF of a CRLF inside quotes as two lines).
  const normalised = stripBom(text).replace(/\r\n?/g, '\n')
  let records: CsvRecord[]
  try {
    records = parseRecords(normalised)
  } catch (e) {
    if (e instanceof CsvError) fail(failingRecordLine(normalised, e), 'file', `The file is not valid CSV: ${csvErrorText(e)}`)
    throw e
  }

  const [header, ...data] = records
  if (!header) fail(1, 'file', 'The file is empty')
  const headerLine = startLine(header)

  const known = new Set<string>([...spec.required, ...spec.optional])
  const index = new Map<C, number>()
  for (const [i, raw] of header.record.entries()) {
    const name = canonicalColumnName(raw)
    if (!known.has(name)) continue
    if (index.has(name as C)) {
      problems.add(headerLine, name, `The header has more than one "${name}" column`)
      continue
    }
    index.set(name as C, i)
  }
  for (const name of spec.required) {
    if (!index.has(name)) {
      problems.add(headerLine, name, `The header row has no "${name}" column (the first line must name the columns: ${spec.required.join(', ')})`)
    }
  }
  problems.throwIfAny()
  if (data.length === 0) fail(headerLine, 'file', NO_PAYMENTS_MESSAGE)

  const width = header.record.length
  const rows: CsvRow<C>[] = []
  for (const r of data) {
    const line = startLine(r)
    const cells = r.record
    // Spreadsheets often pad rows with empty trailing cells; only real extra values are an error.
    const extra = cells.slice(width).some((c) => c !== '')
    if (cells.length < width || extra) {
      problems.add(line, 'columns', `The line has ${cells.length} values but the header has ${width} columns`)
      continue
    }
    const row: Partial<Record<C, string>> = {}
    for (const [name, i] of index) row[name] = (cells[i] ?? '').trim()
    rows.push({ line, cells: row })
  }
  return { headerLine, columns: new Set(index.keys()), rows }
}

type CsvRecord = { record: string[]; info: { lines: number } }

function parseRecords(text: string, to?: number): CsvRecord[] {
  return parse(text, {
    info: true,
    record_delimiter: '\n',
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_empty_values: true,
    trim: true,
    max_record_size: MAX_RECORD_CHARS,
    ...(to !== undefined ? { to } : {}),
  }) as unknown as CsvRecord[]
}

/** The line a record starts on (csv-parse gives the line it ends on). */
function startLine(r: CsvRecord): number {
  return Math.max(1, r.info.lines - r.record.reduce((n, cell) => n + countNewlines(cell), 0))
}

/**
 * The line the record csv-parse could not read starts on. csv-parse reports where it gave up,
 * which for a stray quote can be the end of the file; the officer needs the line with the quote.
 * Re-reading just the good records before it finds where they end.
 */
function failingRecordLine(text: string, e: CsvError): number {
  const reported = typeof e.lines === 'number' && Number.isSafeInteger(e.lines) ? Math.max(1, e.lines) : 1
  const good = typeof e.records === 'number' && Number.isSafeInteger(e.records) ? e.records : -1
  if (good < 0) return reported
  let afterGood = 0
  if (good > 0) {
    try {
      const before = parseRecords(text, good)
      afterGood = before.length > 0 ? before[before.length - 1]!.info.lines : 0
    } catch {
      return reported
    }
  }
  const lines = text.split('\n')
  for (let i = afterGood; i < lines.length && i + 1 <= reported; i++) {
    if (lines[i]!.trim() !== '') return i + 1
  }
  return reported
}

function countNewlines(s: string): number {
  let n = 0
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n += 1
  return n
}

function csvErrorText(e: CsvError): string {
  switch (e.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'a quoted value on this line is not closed properly (look for a stray or missing ")'
    case 'CSV_MAX_RECORD_SIZE':
      return `a line is longer than ${MAX_RECORD_CHARS.toLocaleString('en-GB')} characters`
    default:
      return clip(e.message.replace(/ at line \d+.*$/s, ''), 120)
  }
}
