/**
 * The council tax extract: a CSV file exported by the council tax system, one row per council tax account, giving
 * its balance and current recovery stage (format in docs/sundry-debts.md):
 *
 *   account_ref,title,forename,surname,organisation,party_ref,property_address,balance,balance_date,stage,stage_date
 *   CT00012345,Mrs,Ann,Example,,,"4 Mill Lane, Reevesby RV2 3CD",412.50,2026-11-20,final_notice,2026-10-30
 *
 * Columns (named in the header, any order, names matched ignoring case, spaces or hyphens for underscores):
 *   account_ref       required  the council tax system's account reference: 3 to 20 letters, digits or hyphens; once per file
 *   property_address  required  the address the tax is for
 *   balance           required  pounds owed, negative for a credit: `412.50`, `-12.00`, `£1,204.00`
 *   balance_date      required  the date the balance is at: YYYY-MM-DD or DD/MM/YYYY; not in the future
 *   stage             required  none, reminder, second_reminder, final_notice, summons, liability_order,
 *                               enforcement_agent, committal, attachment_of_earnings or attachment_of_benefits
 *   stage_date        required unless the stage is none; not after balance_date
 *   title, forename, surname, organisation   optional; a surname or organisation is needed for an account Reeve
 *                               does not know yet unless party_ref names the person
 *   party_ref         optional  links the account to a person already in Reeve (checked on import)
 *
 * Whole file or nothing: every problem is listed with its line and column, and nothing is imported until there are none.
 */
import { CsvError, parse } from 'csv-parse/sync'
import { isIsoDate } from '../../domain/calendar/index.ts'
import { formatPounds, MoneyParseError, parsePounds } from '../../domain/money/pence.ts'
import { AppError } from '../../errors.ts'
import { COUNCIL_TAX_STAGES, isCouncilTaxStage, type CouncilTaxStage } from './stages.ts'

export const CT_REQUIRED = ['account_ref', 'property_address', 'balance', 'balance_date', 'stage', 'stage_date'] as const
export const CT_OPTIONAL = ['title', 'forename', 'surname', 'organisation', 'party_ref'] as const
type Column = (typeof CT_REQUIRED)[number] | (typeof CT_OPTIONAL)[number]

export const MAX_CT_LINES = 200_000
export const MAX_CT_BALANCE_PENCE = 100_000_000
const MAX_PROBLEMS = 100
const MAX_TEXT = 120

export interface CouncilTaxRow {
  line: number
  accountRef: string
  propertyAddress: string
  balancePence: number
  balanceDate: string
  stage: CouncilTaxStage
  stageDate: string | null
  title: string | null
  forename: string | null
  surname: string | null
  organisation: string | null
  partyRef: string | null
}

export interface CouncilTaxProblem {
  line: number
  field: string
  message: string
}

export class CouncilTaxFileError extends Error {
  override name = 'CouncilTaxFileError'
  readonly problems: CouncilTaxProblem[]
  readonly totalProblems: number
  constructor(problems: CouncilTaxProblem[], total = problems.length) {
    const sorted = [...problems].sort((a, b) => a.line - b.line).slice(0, MAX_PROBLEMS)
    const first = sorted[0]
    const head = first ? `line ${first.line}, ${first.field}: ${first.message}` : 'it could not be read'
    super(total <= 1 ? `The council tax file has a problem: ${head}` : `The council tax file has ${total} problems. The first is ${head}`)
    this.problems = sorted
    this.totalProblems = Math.max(total, sorted.length)
  }

  toAppError(): AppError {
    return new AppError('validation', this.message, this.problems.map((p) => ({ line: p.line, field: p.field, message: p.message })))
  }
}

const canonical = (name: string) => name.trim().toLowerCase().replace(/[\s-]+/g, '_')
const clip = (s: string, max = 40) => (s.length > max ? `${s.slice(0, max)}…` : s)

function readDate(text: string): string | null {
  const s = text.trim()
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return isIsoDate(s) ? s : null
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s)
  if (!m) return null
  const iso = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`
  return isIsoDate(iso) ? iso : null
}

type Rec = { record: string[]; info: { lines: number } }

/** Parses the extract; `today` (YYYY-MM-DD) is the latest balance date accepted. */
export function parseCouncilTaxFile(text: string, opts: { today: string }): CouncilTaxRow[] {
  const problems: CouncilTaxProblem[] = []
  let count = 0
  const add = (line: number, field: string, message: string) => {
    count += 1
    if (problems.length < MAX_PROBLEMS * 2) problems.push({ line, field, message })
  }
  const fail = (line: number, field: string, message: string): never => {
    throw new CouncilTaxFileError([{ line, field, message }])
  }
  const body = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).replace(/\r\n?/g, '\n')
  if (body.trim() === '') fail(1, 'file', 'The file is empty')
  const lineCount = body.trimEnd().split('\n').length
  if (lineCount > MAX_CT_LINES) fail(MAX_CT_LINES + 1, 'file', `The file has more than ${MAX_CT_LINES.toLocaleString('en-GB')} lines: split it`)

  let records: Rec[]
  try {
    records = parse(body, { info: true, record_delimiter: '\n', relax_column_count: true, skip_empty_lines: true, skip_records_with_empty_values: true, max_record_size: 10_000 }) as unknown as Rec[]
  } catch (e) {
    if (e instanceof CsvError) {
      const line = typeof e.lines === 'number' && e.lines >= 1 ? e.lines : 1
      return fail(line, 'file', `The file is not valid CSV: ${e.code === 'CSV_MAX_RECORD_SIZE' ? 'a line is too long' : 'a quoted value is not closed properly (look for a stray or missing ")'}`)
    }
    throw e
  }
  const startLine = (r: Rec) => Math.max(1, r.info.lines - r.record.reduce((n, c) => n + (c.match(/\n/g)?.length ?? 0), 0))
  const [header, ...data] = records
  if (!header) return fail(1, 'file', 'The file is empty')
  const headerLine = startLine(header)
  const known = new Set<string>([...CT_REQUIRED, ...CT_OPTIONAL])
  const index = new Map<Column, number>()
  for (const [i, raw] of header.record.entries()) {
    const name = canonical(raw)
    if (!known.has(name)) continue
    if (index.has(name as Column)) add(headerLine, name, `The header has more than one "${name}" column`)
    else index.set(name as Column, i)
  }
  for (const name of CT_REQUIRED) if (!index.has(name)) add(headerLine, name, `The header row has no "${name}" column (the first line must name the columns: ${CT_REQUIRED.join(', ')})`)
  if (count) throw new CouncilTaxFileError(problems, count)
  if (data.length === 0) fail(headerLine, 'file', 'The file has no council tax accounts in it')

  const width = header.record.length
  const seen = new Map<string, number>()
  const rows: CouncilTaxRow[] = []
  for (const r of data) {
    const line = startLine(r)
    if (r.record.length < width || r.record.slice(width).some((c) => c.trim() !== '')) {
      add(line, 'columns', `The line has ${r.record.length} values but the header has ${width} columns`)
      continue
    }
    const cell = (c: Column) => (index.has(c) ? (r.record[index.get(c)!] ?? '').trim() : '')
    const opt = (c: Column) => {
      const v = cell(c)
      if (v.length > MAX_TEXT) {
        add(line, c, `${c} is longer than ${MAX_TEXT} characters`)
        return null
      }
      return v || null
    }
    let ok = true
    const bad = (field: string, message: string) => {
      ok = false
      add(line, field, message)
    }

    const accountRef = cell('account_ref').toUpperCase()
    if (!accountRef) bad('account_ref', 'The account reference is empty')
    else if (!/^[A-Z0-9][A-Z0-9-]{2,19}$/.test(accountRef)) bad('account_ref', `"${clip(accountRef)}" is not an account reference (3 to 20 letters, digits or hyphens)`)
    else if (seen.has(accountRef)) bad('account_ref', `Account ${accountRef} is already on line ${seen.get(accountRef)}: each account once per file`)
    else seen.set(accountRef, line)

    const propertyAddress = cell('property_address')
    if (!propertyAddress) bad('property_address', 'The property address is empty')
    else if (propertyAddress.length > 200) bad('property_address', 'The property address is longer than 200 characters')

    let balancePence = 0
    const balanceText = cell('balance')
    if (!balanceText) bad('balance', 'The balance is empty (write 0.00 for a clear account)')
    else {
      try {
        balancePence = parsePounds(balanceText)
        if (Math.abs(balancePence) > MAX_CT_BALANCE_PENCE) bad('balance', `The balance ${formatPounds(balancePence)} is more than ${formatPounds(MAX_CT_BALANCE_PENCE)} either way`)
      } catch (e) {
        if (!(e instanceof MoneyParseError)) throw e
        bad('balance', `"${clip(balanceText)}" is not an amount of money (expected pounds such as 412.50 or -12.00)`)
      }
    }

    const balanceDate = readDate(cell('balance_date'))
    if (!cell('balance_date')) bad('balance_date', 'The balance date is empty')
    else if (!balanceDate) bad('balance_date', `"${clip(cell('balance_date'))}" is not a real date (YYYY-MM-DD or DD/MM/YYYY)`)
    else if (balanceDate > opts.today) bad('balance_date', `The balance date ${balanceDate} is in the future`)

    const stageText = canonical(cell('stage'))
    const stage = isCouncilTaxStage(stageText) ? stageText : null
    if (!stageText) bad('stage', 'The stage is empty (write none when there is no recovery action)')
    else if (!stage) bad('stage', `"${clip(cell('stage'))}" is not a council tax recovery stage (one of ${COUNCIL_TAX_STAGES.join(', ')})`)

    const stageDateText = cell('stage_date')
    let stageDate: string | null = null
    if (stageDateText) {
      stageDate = readDate(stageDateText)
      if (!stageDate) bad('stage_date', `"${clip(stageDateText)}" is not a real date (YYYY-MM-DD or DD/MM/YYYY)`)
      else if (balanceDate && stageDate > balanceDate) bad('stage_date', `The stage date ${stageDate} is after the balance date ${balanceDate}`)
    } else if (stage && stage !== 'none') bad('stage_date', `The date of the ${stage.replace(/_/g, ' ')} is empty`)

    const title = opt('title')
    const forename = opt('forename')
    const surname = opt('surname')
    const organisation = opt('organisation')
    const partyRef = opt('party_ref')
    if (!surname && !organisation && !partyRef) bad('surname', 'Give the surname (or organisation, or the party_ref of a person Reeve knows)')

    if (ok && stage && balanceDate) {
      rows.push({ line, accountRef, propertyAddress, balancePence, balanceDate, stage, stageDate, title, forename, surname, organisation, partyRef })
    }
  }
  if (count) throw new CouncilTaxFileError(problems, count)
  return rows
}
