/**
 * Bacs Standard 18 input files for a Direct Debit collection run: writer and reader.
 *
 * SOURCES AND ASSUMPTIONS. Bacs publishes the Standard 18 specification only to service
 * users and bureaux, so Reeve could not check it against the primary text. The layout
 * below was assembled from, and cross-checked between:
 *   - DOMAIN.md §5.6 (ddcms-direct-file-generator "Bacs18PaymentLines" spec) for the
 *     100-character data record;
 *   - Odoo's l10n_uk_bacs module (account_journal.py: _create_header / _create_dd_payments
 *     / _create_footer), a product used with UK banks;
 *   - three independent public implementations with asserted sample files (a payroll
 *     Standard 18 golden file citing the Bacs Translation Guide v1.1 and the Access
 *     Group's position-level transcription; a PHP Bacs export; a Java Standard 18 model
 *     "uk.co.bluegecko.pay.bacs.std18" and its tests).
 * Where they disagree the majority is followed and the choice is marked ASSUMPTION.
 * Before the first live submission, send a test file through the sponsoring bank's or
 * Bacs' test facility (Bacstel-IP "test" submission): it validates every label.
 *
 * FILE = one single-processing-day user file, records separated by a line ending:
 *   VOL1  volume header label            80 characters
 *   HDR1  file header label 1            80
 *   HDR2  file header label 2            80
 *   UHL1  user header label              80
 *   data  one record per collection / instruction, then one contra   100 each
 *   EOF1  end of file label 1            80 (HDR1 positions 5–80 repeated)
 *   EOF2  end of file label 2            80 (HDR2 positions 5–80 repeated)
 *   UTL1  user trailer label             80
 * Multi-processing-day files (106-character records with a day field, work code
 * "4 MULTI") are not produced or read.
 *
 * VOL1: 1–4 "VOL1" | 5–10 volume serial number (the file serial) | 11 accessibility
 *   (space) | 12–41 spaces | 42–47 owner = service user number | 48–79 spaces |
 *   80 label standard level "1".
 * HDR1: 1–4 "HDR1" | 5–21 file identifier: "A" + SUN + "S" + 2 spaces + "1" + SUN
 *   (ASSUMPTION: position 15 is "1" as in Odoo, the Java model and the PHP export; one
 *   golden file has a space) | 22–27 file set identification = volume serial |
 *   28–31 file section "0001" | 32–35 file sequence "0001" | 36–41 generation and
 *   version (spaces) | 42–47 creation date " YYDDD" | 48–53 expiry date " YYDDD" |
 *   54 accessibility (space) | 55–60 block count "000000" (ASSUMPTION: zeros, as in the
 *   golden files; Odoo writes spaces) | 61–73 system code (spaces) | 74–80 spaces.
 * HDR2: 1–4 "HDR2" | 5 record format "F" | 6–10 block length "02000" | 11–15 record
 *   length "00100" | 16–50 spaces | 51–52 buffer offset "00" (ASSUMPTION: "00" as in the
 *   golden files; Odoo writes spaces) | 53–80 spaces.
 * UHL1: 1–4 "UHL1" | 5–10 processing day " YYDDD" | 11–20 receiving party "999999" + 4
 *   spaces (ASSUMPTION: the three sample files use 999999 for Bacs; Odoo writes the
 *   SUN) | 21–22 currency "00" | 23–28 country "000000" | 29–37 work code "1 DAILY  " |
 *   38–40 file number "001" | 41–47 spaces | 48–54 audit print identifier (spaces) |
 *   55–80 spaces.
 * UTL1: 1–4 "UTL1" | 5–17 value of debit records, pence | 18–30 value of credit records
 *   (the contra) | 31–37 count of debit records | 38–44 count of credit records |
 *   45–80 spaces. ASSUMPTION: AUDDIS instructions (0N/0C/0S, zero value) are counted in
 *   neither count; they are reported separately by the parser as `instructionCount`.
 *
 * DATA RECORD (DOMAIN.md §5.6): 1–6 destination sort code | 7–14 destination account |
 *   15 account type "0" | 16–17 transaction code | 18–23 originating (council) sort
 *   code | 24–31 originating account | 32–35 free format (4 spaces) | 36–46 amount in
 *   pence, 11 digits, zero for 0N/0C/0S | 47–64 service user name | 65–82 DDI reference |
 *   83–100 payer's account name. Text fields are left-justified and space-padded.
 * CONTRA (after the debits, only when there are any): destination = the council's own
 *   sort code and account | "0" | "99" | originating = the same | 4 spaces | total of
 *   the debits | 47–64 narrative (default: the service user name) | 65–82 "CONTRA" |
 *   83–100 the service user name. It credits the council with the file's total so the
 *   file balances (debits = credits).
 * DATES are " YYDDD": a space, the last two digits of the year and the day of the year.
 */
import { dayOfWeek, diffDays, isIsoDate, type IsoDate } from '../../domain/calendar/dates.ts'
import type { WorkingDayCalendar } from '../../domain/calendar/working-days.ts'
import { describeCharacters, disallowedBacsCharacters } from '../../domain/direct-debit/bacs-characters.ts'
import { ddiReferenceProblems } from '../../domain/direct-debit/ddi-reference.ts'
import {
  isCollectionCode,
  isInstructionCode,
  type CollectionTransactionCode,
  type InstructionTransactionCode,
} from '../../domain/direct-debit/transaction-codes.ts'
import { AppError } from '../../errors.ts'

export const LABEL_LENGTH = 80
export const RECORD_LENGTH = 100
/** 11 digits of pence: £999,999,999.99, the most one record (including the contra) can carry. */
export const MAX_RECORD_PENCE = 99_999_999_999
/** Records in one file, contra included: far above any council's run, it keeps totals in range. */
export const MAX_RECORDS = 100_000

export type Standard18TransactionCode = CollectionTransactionCode | InstructionTransactionCode

export interface Standard18Record {
  /** Payer's sort code, 6 digits. */
  sortCode: string
  /** Payer's account number, 8 digits. */
  accountNumber: string
  /** Name on the payer's account: Bacs characters, 1–18, no leading or trailing space. */
  accountName: string
  /** The DDI reference (see domain/direct-debit/ddi-reference.ts). */
  reference: string
  /** Pence: more than 0 for 01/17/18/19, exactly 0 for 0N/0C/0S. */
  amountPence: number
  transactionCode: Standard18TransactionCode
}

export interface Standard18FileInput {
  /** The council's 6-digit Bacs service user number (SUN). */
  serviceUserNumber: string
  /** The name payers see on statements: Bacs characters, 1–18. */
  serviceUserName: string
  /** Bacs processing day (day 2 of the cycle: one working day before collection). */
  processingDate: IsoDate
  /** Volume serial number: 6 characters A–Z / 0–9, different for every submission. */
  fileSerial: string
  /** The council's collection account, credited by the contra. */
  originatingSortCode: string
  originatingAccountNumber: string
  records: readonly Standard18Record[]
  /** HDR1 creation date. Default: the processing date, so the same run always gives the same bytes. */
  creationDate?: IsoDate
  /** HDR1 expiry date. Default: the processing date. */
  expiryDate?: IsoDate
  /** UHL1 file number, 1–999. Default 1. */
  fileNumber?: number
  /** Text for positions 47–64 of the contra. Default: the service user name. */
  contraNarrative?: string
  /** Between records and after the last one. Default "\n"; some bureaux want "\r\n". */
  lineEnding?: '\n' | '\r\n'
  /** When given, the processing date must be one of its working days. */
  calendar?: WorkingDayCalendar
}

export interface Standard18Problem {
  /** 1-based position in `records` (writer), or null for the file as a whole. */
  record: number | null
  /** 1-based line of the file (reader), or null. */
  line: number | null
  field: string
  message: string
}

/** The most problems listed; `totalProblems` still counts them all. */
export const MAX_PROBLEMS = 100

export class Standard18Error extends Error {
  override name = 'Standard18Error'
  readonly problems: Standard18Problem[]
  readonly totalProblems: number

  constructor(problems: Standard18Problem[], totalProblems: number = problems.length) {
    const listed = problems.slice(0, MAX_PROBLEMS)
    super(summarise(listed, totalProblems))
    this.problems = listed
    this.totalProblems = Math.max(totalProblems, listed.length)
  }

  toAppError(): AppError {
    return new AppError(
      'validation',
      this.message,
      this.problems.map((p) => ({
        field: p.record === null ? p.field : `records[${p.record - 1}].${p.field}`,
        message: p.message,
        ...(p.line === null ? {} : { line: p.line }),
      })),
    )
  }
}

function where(p: Standard18Problem): string {
  if (p.record !== null) return `record ${p.record}, ${p.field}`
  if (p.line !== null) return `line ${p.line}, ${p.field}`
  return p.field
}

function summarise(problems: Standard18Problem[], total: number): string {
  const first = problems[0]
  if (!first) return 'The Bacs file could not be made'
  const head = `${where(first)}: ${first.message}`
  if (total <= 1) return `The Bacs file has a problem: ${head}`
  return `The Bacs file has ${total} problems. The first is ${head}`
}

class Problems {
  readonly list: Standard18Problem[] = []
  count = 0
  add(p: Standard18Problem): void {
    this.count += 1
    if (this.list.length < MAX_PROBLEMS) this.list.push(p)
  }
  throwIfAny(): void {
    if (this.count > 0) throw new Standard18Error(this.list, this.count)
  }
}

// ---------------------------------------------------------------------------------------
// Field checks shared by writer and reader

function textProblem(value: string, max: number, what: string): string | null {
  if (value.length === 0) return `${what} must not be blank`
  if (value.length > max) return `${what} must be ${max} characters or fewer (it has ${value.length})`
  const bad = disallowedBacsCharacters(value)
  if (bad.length > 0) {
    return `${what} must only use A-Z, 0-9, full stop, ampersand, slash, hyphen and space (it has ${describeCharacters(bad)})`
  }
  if (value.startsWith(' ') || value.endsWith(' ')) return `${what} must not start or end with a space`
  return null
}

const SIX_DIGITS = /^\d{6}$/
const EIGHT_DIGITS = /^\d{8}$/
const SERIAL_RE = /^[A-Z0-9]{6}$/

/** " YYDDD": a space, 2-digit year, day of the year. */
export function bacsDate(date: IsoDate): string {
  const year = date.slice(0, 4)
  const dayOfYear = diffDays(`${year}-01-01`, date) + 1
  return ` ${year.slice(2)}${String(dayOfYear).padStart(3, '0')}`
}

/**
 * Reads " YYDDD" back to an ISO date. Two-digit years are taken as 2000–2099 (Bacs files
 * are only ever dated within weeks of today). Null when it is not a real day.
 */
export function parseBacsDate(text: string): IsoDate | null {
  const m = /^ (\d{2})(\d{3})$/.exec(text)
  if (!m) return null
  const year = 2000 + Number(m[1])
  const day = Number(m[2])
  if (day < 1) return null
  const d = new Date(Date.UTC(year, 0, day))
  if (d.getUTCFullYear() !== year) return null
  return d.toISOString().slice(0, 10)
}

function fixed(label: string, parts: string[]): string {
  const line = parts.join('')
  if (line.length !== LABEL_LENGTH) {
    // A programming error, not bad input: every part is validated before this point.
    throw new Error(`Internal error: ${label} label is ${line.length} characters, not ${LABEL_LENGTH}`)
  }
  return line
}

const padText = (s: string, n: number) => s.padEnd(n, ' ')
const padNumber = (n: number, width: number) => String(n).padStart(width, '0')

function hdr1Body(sun: string, serial: string, creation: IsoDate, expiry: IsoDate): string {
  return [
    'A', sun, 'S', '  ', '1', sun, // 5–21 file identifier
    serial, // 22–27 file set identification
    '0001', // 28–31 file section number
    '0001', // 32–35 file sequence number
    '    ', '  ', // 36–41 generation number and version
    bacsDate(creation), // 42–47
    bacsDate(expiry), // 48–53
    ' ', // 54 accessibility
    '000000', // 55–60 block count
    ' '.repeat(13), // 61–73 system code
    ' '.repeat(7), // 74–80
  ].join('')
}

const HDR2_BODY = ['F', '02000', '00100', ' '.repeat(35), '00', ' '.repeat(28)].join('')

function dataRecord(r: {
  sortCode: string
  accountNumber: string
  transactionCode: string
  originatingSortCode: string
  originatingAccountNumber: string
  amountPence: number
  serviceUserName: string
  reference: string
  accountName: string
}): string {
  const line = [
    r.sortCode,
    r.accountNumber,
    '0',
    r.transactionCode,
    r.originatingSortCode,
    r.originatingAccountNumber,
    '    ',
    padNumber(r.amountPence, 11),
    padText(r.serviceUserName, 18),
    padText(r.reference, 18),
    padText(r.accountName, 18),
  ].join('')
  if (line.length !== RECORD_LENGTH) throw new Error(`Internal error: data record is ${line.length} characters, not ${RECORD_LENGTH}`)
  return line
}

// ---------------------------------------------------------------------------------------
// Writer

function checkFileInput(input: Standard18FileInput, problems: Problems): void {
  const file = (field: string, message: string) => problems.add({ record: null, line: null, field, message })
  if (!SIX_DIGITS.test(input.serviceUserNumber)) file('serviceUserNumber', 'The service user number must be 6 digits')
  const nameProblem = textProblem(input.serviceUserName, 18, 'The service user name')
  if (nameProblem) file('serviceUserName', nameProblem)
  if (!SERIAL_RE.test(input.fileSerial)) file('fileSerial', 'The file serial number must be 6 characters, capital letters A-Z or digits')
  if (!SIX_DIGITS.test(input.originatingSortCode)) file('originatingSortCode', "The council's sort code must be 6 digits")
  if (!EIGHT_DIGITS.test(input.originatingAccountNumber)) file('originatingAccountNumber', "The council's account number must be 8 digits")
  for (const field of ['processingDate', 'creationDate', 'expiryDate'] as const) {
    const value = input[field]
    if (value === undefined && field !== 'processingDate') continue
    if (!isIsoDate(value)) {
      file(field, `The ${field === 'processingDate' ? 'processing' : field === 'creationDate' ? 'creation' : 'expiry'} date must be a real date in YYYY-MM-DD form, not "${String(value)}"`)
    } else if (Number(value.slice(0, 4)) < 2000 || Number(value.slice(0, 4)) > 2099) {
      file(field, `Bacs dates only carry 2 digits of the year, so ${value} cannot be written`)
    }
  }
  if (isIsoDate(input.processingDate)) {
    if (input.calendar ? !input.calendar.isWorkingDay(input.processingDate) : dayOfWeek(input.processingDate) > 5) {
      file('processingDate', `The processing date ${input.processingDate} is not a working day`)
    }
  }
  const fileNumber = input.fileNumber ?? 1
  if (!Number.isSafeInteger(fileNumber) || fileNumber < 1 || fileNumber > 999) {
    file('fileNumber', `The file number must be a whole number from 1 to 999, not ${String(fileNumber)}`)
  }
  if (input.contraNarrative !== undefined) {
    const p = textProblem(input.contraNarrative, 18, 'The contra narrative')
    if (p) file('contraNarrative', p)
  }
  if (input.lineEnding !== undefined && input.lineEnding !== '\n' && input.lineEnding !== '\r\n') {
    file('lineEnding', 'The line ending must be "\\n" or "\\r\\n"')
  }
  if (input.records.length === 0) file('records', 'There is nothing to submit: the file has no records')
  if (input.records.length >= MAX_RECORDS) {
    file('records', `The file has ${input.records.length} records, more than the limit of ${MAX_RECORDS - 1}: split the run`)
  }
}

function checkRecord(r: Standard18Record, index: number, problems: Problems): void {
  const add = (field: string, message: string) => problems.add({ record: index + 1, line: null, field, message })
  if (!SIX_DIGITS.test(r.sortCode)) add('sortCode', 'The sort code must be 6 digits')
  if (!EIGHT_DIGITS.test(r.accountNumber)) add('accountNumber', 'The account number must be 8 digits')
  const nameProblem = textProblem(r.accountName, 18, 'The account name')
  if (nameProblem) add('accountName', nameProblem)
  const refProblems = ddiReferenceProblems(r.reference)
  if (refProblems.length > 0) add('reference', refProblems.join('; '))
  else if (r.reference.endsWith(' ')) add('reference', 'The Direct Debit reference must not end with a space')
  const code: string = r.transactionCode
  if (isInstructionCode(code)) {
    if (r.amountPence !== 0) add('amountPence', `A ${code} instruction must have a zero amount, not ${String(r.amountPence)}`)
  } else if (isCollectionCode(code)) {
    if (!Number.isSafeInteger(r.amountPence) || r.amountPence <= 0) {
      add('amountPence', `A collection must be a whole number of pence above zero, not ${String(r.amountPence)}`)
    } else if (r.amountPence > MAX_RECORD_PENCE) {
      add('amountPence', `A collection cannot be more than 11 digits of pence (£999,999,999.99): ${r.amountPence}`)
    }
  } else {
    add('transactionCode', `"${code}" is not a Direct Debit transaction code: use 01, 17, 18 or 19 for collections, 0N, 0C or 0S for instructions`)
  }
}

function checkCombinations(records: readonly Standard18Record[], problems: Problems): void {
  const seen = new Map<string, number>()
  const lodged = new Set<string>()
  records.forEach((r, i) => {
    if (r.transactionCode === '0N' || r.transactionCode === '0S') lodged.add(r.reference)
    const key = `${r.reference}\u0000${r.transactionCode}`
    const first = seen.get(key)
    if (first !== undefined) {
      problems.add({
        record: i + 1,
        line: null,
        field: 'reference',
        message: `Reference ${r.reference} already has a ${r.transactionCode} record in this file (record ${first + 1})`,
      })
    } else {
      seen.set(key, i)
    }
  })
  records.forEach((r, i) => {
    if (isCollectionCode(r.transactionCode) && lodged.has(r.reference)) {
      problems.add({
        record: i + 1,
        line: null,
        field: 'transactionCode',
        message: `Reference ${r.reference} is lodged by an instruction in this same file; it cannot be collected until at least 2 working days after that instruction reaches the bank`,
      })
    }
  })
}

/**
 * Writes a Standard 18 file for one processing day. Every field of every record is
 * checked first; if anything is wrong a Standard18Error lists every problem (record
 * number and field) and nothing is written. The output depends only on the input, so
 * re-running a collection run for a date with the same records gives the same bytes.
 */
export function writeStandard18File(input: Standard18FileInput): string {
  const problems = new Problems()
  checkFileInput(input, problems)
  input.records.forEach((r, i) => checkRecord(r, i, problems))
  checkCombinations(input.records, problems)

  const debits = input.records.filter((r) => isCollectionCode(r.transactionCode))
  const debitTotal = debits.reduce((sum, r) => sum + (Number.isSafeInteger(r.amountPence) ? r.amountPence : 0), 0)
  if (debitTotal > MAX_RECORD_PENCE) {
    problems.add({
      record: null,
      line: null,
      field: 'records',
      message: `The collections total ${debitTotal} pence, more than one contra record can carry (11 digits): split the run into more than one file`,
    })
  }
  problems.throwIfAny()

  const sun = input.serviceUserNumber
  const serial = input.fileSerial
  const creation = input.creationDate ?? input.processingDate
  const expiry = input.expiryDate ?? input.processingDate
  const eol = input.lineEnding ?? '\n'
  const lines: string[] = []

  lines.push(fixed('VOL1', ['VOL1', serial, ' ', ' '.repeat(30), sun, ' '.repeat(4), ' '.repeat(28), '1']))
  lines.push(fixed('HDR1', ['HDR1', hdr1Body(sun, serial, creation, expiry)]))
  lines.push(fixed('HDR2', ['HDR2', HDR2_BODY]))
  lines.push(
    fixed('UHL1', [
      'UHL1',
      bacsDate(input.processingDate),
      '999999', ' '.repeat(4), // receiving party
      '00', // currency
      '000000', // country
      '1 DAILY  ', // work code
      padNumber(input.fileNumber ?? 1, 3),
      ' '.repeat(7),
      ' '.repeat(7), // audit print identifier
      ' '.repeat(26),
    ]),
  )

  for (const r of input.records) {
    lines.push(
      dataRecord({
        ...r,
        originatingSortCode: input.originatingSortCode,
        originatingAccountNumber: input.originatingAccountNumber,
        serviceUserName: input.serviceUserName,
      }),
    )
  }
  if (debits.length > 0) {
    lines.push(
      dataRecord({
        sortCode: input.originatingSortCode,
        accountNumber: input.originatingAccountNumber,
        transactionCode: '99',
        originatingSortCode: input.originatingSortCode,
        originatingAccountNumber: input.originatingAccountNumber,
        amountPence: debitTotal,
        serviceUserName: input.contraNarrative ?? input.serviceUserName,
        reference: 'CONTRA',
        accountName: input.serviceUserName,
      }),
    )
  }

  lines.push(fixed('EOF1', ['EOF1', hdr1Body(sun, serial, creation, expiry)]))
  lines.push(fixed('EOF2', ['EOF2', HDR2_BODY]))
  const creditTotal = debits.length > 0 ? debitTotal : 0
  lines.push(
    fixed('UTL1', [
      'UTL1',
      padNumber(debitTotal, 13),
      padNumber(creditTotal, 13),
      padNumber(debits.length, 7),
      padNumber(debits.length > 0 ? 1 : 0, 7),
      ' '.repeat(36),
    ]),
  )
  return lines.join(eol) + eol
}

// ---------------------------------------------------------------------------------------
// Reader

export interface ParsedStandard18Record extends Standard18Record {
  /** 1-based line in the file. */
  line: number
  originatingSortCode: string
  originatingAccountNumber: string
  /** Positions 47–64. */
  serviceUserName: string
}

export interface ParsedContra {
  line: number
  sortCode: string
  accountNumber: string
  amountPence: number
  /** Positions 47–64. */
  narrative: string
  /** Positions 83–100. */
  accountName: string
}

export interface ParsedStandard18File {
  serviceUserNumber: string
  fileSerial: string
  processingDate: IsoDate
  creationDate: IsoDate
  expiryDate: IsoDate
  fileNumber: number
  /** Debit and instruction records in file order (the contra is separate). */
  records: ParsedStandard18Record[]
  /** The contra, or null for a file of instructions only. */
  contra: ParsedContra | null
  /** From UTL1, already checked against the records. */
  totals: { debitTotalPence: number; creditTotalPence: number; debitCount: number; creditCount: number }
  /** 0N/0C/0S records (not counted in the UTL1 totals). */
  instructionCount: number
}

const LABEL_ORDER_HEAD = ['VOL1', 'HDR1', 'HDR2', 'UHL1'] as const
const LABEL_ORDER_TAIL = ['EOF1', 'EOF2', 'UTL1'] as const

/**
 * Reads a single-processing-day Standard 18 file as written by writeStandard18File
 * (and checks it the same way): labels in order and of the right width, every data
 * record 100 characters with valid fields, exactly one contra equal to the debits, and
 * UTL1 totals and counts equal to the records. Any problem → Standard18Error listing
 * every bad line and field.
 */
export function parseStandard18File(text: string): ParsedStandard18File {
  const problems = new Problems()
  const add = (line: number, field: string, message: string) => problems.add({ record: null, line, field, message })
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/)
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop()
  if (lines.length < LABEL_ORDER_HEAD.length + LABEL_ORDER_TAIL.length) {
    add(1, 'file', `A Standard 18 file has at least ${LABEL_ORDER_HEAD.length + LABEL_ORDER_TAIL.length} lines of labels; this has ${lines.length}`)
    problems.throwIfAny()
  }
  if (lines.length > MAX_RECORDS + 7) {
    add(MAX_RECORDS + 8, 'file', `The file has ${lines.length} lines, more than the limit`)
    problems.throwIfAny()
  }

  const head = lines.slice(0, 4)
  const tail = lines.slice(-3)
  const data = lines.slice(4, -3)
  const lastLine = lines.length
  head.forEach((l, i) => {
    if (l.slice(0, 4) !== LABEL_ORDER_HEAD[i]) add(i + 1, 'label', `Expected the ${LABEL_ORDER_HEAD[i]} label, found "${l.slice(0, 4)}"`)
    else if (l.length !== LABEL_LENGTH) add(i + 1, 'label', `The ${LABEL_ORDER_HEAD[i]} label must be ${LABEL_LENGTH} characters, not ${l.length}`)
  })
  tail.forEach((l, i) => {
    const lineNo = lastLine - 2 + i
    if (l.slice(0, 4) !== LABEL_ORDER_TAIL[i]) add(lineNo, 'label', `Expected the ${LABEL_ORDER_TAIL[i]} label, found "${l.slice(0, 4)}"`)
    else if (l.length !== LABEL_LENGTH) add(lineNo, 'label', `The ${LABEL_ORDER_TAIL[i]} label must be ${LABEL_LENGTH} characters, not ${l.length}`)
  })
  problems.throwIfAny()
  const [vol1, hdr1, hdr2, uhl1] = head as [string, string, string, string]
  const [eof1, eof2, utl1] = tail as [string, string, string]

  const fileSerial = vol1.slice(4, 10)
  const sun = vol1.slice(41, 47)
  if (!SERIAL_RE.test(fileSerial)) add(1, 'volumeSerialNumber', `"${fileSerial}" is not a 6-character volume serial number`)
  if (!SIX_DIGITS.test(sun)) add(1, 'serviceUserNumber', `"${sun}" is not a 6-digit service user number`)
  if (vol1[79] !== '1') add(1, 'labelStandardLevel', 'The VOL1 label standard level (position 80) must be "1"')

  const expectedId = `A${sun}S  1${sun}`
  if (hdr1.slice(4, 21) !== expectedId) add(2, 'fileIdentifier', `The file identifier must be "${expectedId}", not "${hdr1.slice(4, 21)}"`)
  if (hdr1.slice(21, 27) !== fileSerial) add(2, 'fileSetIdentification', `The file set identification "${hdr1.slice(21, 27)}" does not match the volume serial "${fileSerial}"`)
  const creationDate = parseBacsDate(hdr1.slice(41, 47))
  const expiryDate = parseBacsDate(hdr1.slice(47, 53))
  if (!creationDate) add(2, 'creationDate', `"${hdr1.slice(41, 47)}" is not a Bacs date ( YYDDD)`)
  if (!expiryDate) add(2, 'expiryDate', `"${hdr1.slice(47, 53)}" is not a Bacs date ( YYDDD)`)
  if (eof1.slice(4) !== hdr1.slice(4)) add(lastLine - 2, 'EOF1', 'The EOF1 label must repeat HDR1 positions 5-80')
  if (hdr2.slice(4, 15) !== 'F0200000100') {
    const multi = hdr2.slice(10, 15) === '00106'
    add(3, 'recordLength', multi ? 'Multi-processing-day files (106-character records) are not supported' : `HDR2 must declare fixed 100-character records ("F0200000100"), not "${hdr2.slice(4, 15)}"`)
  }
  if (eof2.slice(4) !== hdr2.slice(4)) add(lastLine - 1, 'EOF2', 'The EOF2 label must repeat HDR2 positions 5-80')

  const processingDate = parseBacsDate(uhl1.slice(4, 10))
  if (!processingDate) add(4, 'processingDate', `"${uhl1.slice(4, 10)}" is not a Bacs date ( YYDDD)`)
  if (uhl1.slice(28, 37) !== '1 DAILY  ') add(4, 'workCode', `Only single-processing-day files ("1 DAILY") are read, not "${uhl1.slice(28, 37).trim()}"`)
  const fileNumberText = uhl1.slice(37, 40)
  if (!/^\d{3}$/.test(fileNumberText)) add(4, 'fileNumber', `"${fileNumberText}" is not a 3-digit file number`)

  const records: ParsedStandard18Record[] = []
  let contra: ParsedContra | null = null
  let instructionCount = 0
  data.forEach((l, i) => {
    const lineNo = i + 5
    const fieldProblem = (field: string, message: string) => add(lineNo, field, message)
    if (l.length !== RECORD_LENGTH) {
      fieldProblem('record', `A data record must be ${RECORD_LENGTH} characters, not ${l.length}`)
      return
    }
    const sortCode = l.slice(0, 6)
    const accountNumber = l.slice(6, 14)
    const accountType = l.slice(14, 15)
    const code = l.slice(15, 17)
    const originatingSortCode = l.slice(17, 23)
    const originatingAccountNumber = l.slice(23, 31)
    const amountText = l.slice(35, 46)
    const serviceUserName = l.slice(46, 64).trimEnd()
    const reference = l.slice(64, 82).trimEnd()
    const accountName = l.slice(82, 100).trimEnd()
    let ok = true
    const bad = (field: string, message: string) => {
      ok = false
      fieldProblem(field, message)
    }
    if (!SIX_DIGITS.test(sortCode)) bad('sortCode', `"${sortCode}" is not a 6-digit sort code`)
    if (!EIGHT_DIGITS.test(accountNumber)) bad('accountNumber', `"${accountNumber}" is not an 8-digit account number`)
    if (accountType !== '0') bad('accountType', `The account type must be "0", not "${accountType}"`)
    if (!SIX_DIGITS.test(originatingSortCode)) bad('originatingSortCode', `"${originatingSortCode}" is not a 6-digit sort code`)
    if (!EIGHT_DIGITS.test(originatingAccountNumber)) bad('originatingAccountNumber', `"${originatingAccountNumber}" is not an 8-digit account number`)
    if (!/^\d{11}$/.test(amountText)) bad('amount', `"${amountText}" is not an 11-digit amount in pence`)
    const amountPence = Number(amountText)
    const nameProblem = textProblem(serviceUserName, 18, 'The service user name')
    if (nameProblem) bad('serviceUserName', nameProblem)
    const accountNameProblem = textProblem(accountName, 18, 'The account name')
    if (accountNameProblem) bad('accountName', accountNameProblem)

    if (code === '99') {
      if (contra) bad('transactionCode', `A second contra record (the first is on line ${contra.line})`)
      if (reference !== 'CONTRA') bad('reference', `The contra's reference must be "CONTRA", not "${reference}"`)
      if (sortCode !== originatingSortCode || accountNumber !== originatingAccountNumber) {
        bad('accountNumber', "The contra must credit the council's own account (destination = originating account)")
      }
      if (ok) contra = { line: lineNo, sortCode, accountNumber, amountPence, narrative: serviceUserName, accountName }
      return
    }
    if (contra) bad('transactionCode', `A record after the contra (line ${(contra as ParsedContra).line}): the contra must be the last data record`)
    if (!isCollectionCode(code) && !isInstructionCode(code)) {
      bad('transactionCode', `"${code}" is not a Direct Debit transaction code`)
      return
    }
    const refProblems = ddiReferenceProblems(reference)
    if (refProblems.length > 0) bad('reference', refProblems.join('; '))
    if (isInstructionCode(code)) {
      if (amountPence !== 0) bad('amount', `A ${code} instruction must have a zero amount`)
      instructionCount += 1
    } else if (amountPence === 0) {
      bad('amount', 'A collection must be for more than zero')
    }
    if (ok) {
      records.push({
        line: lineNo,
        sortCode,
        accountNumber,
        accountName,
        reference,
        amountPence,
        transactionCode: code,
        originatingSortCode,
        originatingAccountNumber,
        serviceUserName,
      })
    }
  })

  const utlNumbers = {
    debitTotalPence: utl1.slice(4, 17),
    creditTotalPence: utl1.slice(17, 30),
    debitCount: utl1.slice(30, 37),
    creditCount: utl1.slice(37, 44),
  }
  for (const [field, value] of Object.entries(utlNumbers)) {
    if (!/^\d+$/.test(value)) add(lastLine, field, `"${value}" is not a number`)
  }
  problems.throwIfAny()

  const totals = {
    debitTotalPence: Number(utlNumbers.debitTotalPence),
    creditTotalPence: Number(utlNumbers.creditTotalPence),
    debitCount: Number(utlNumbers.debitCount),
    creditCount: Number(utlNumbers.creditCount),
  }
  const debits = records.filter((r) => isCollectionCode(r.transactionCode))
  const debitSum = debits.reduce((s, r) => s + r.amountPence, 0)
  const found = contra as ParsedContra | null
  const contraSum = found ? found.amountPence : 0
  if (debits.length > 0 && !found) add(lastLine - 3, 'contra', 'The file has collections but no contra record')
  if (found && debits.length === 0) add(found.line, 'contra', 'The file has a contra but no collections')
  if (found && found.amountPence !== debitSum) {
    add(found.line, 'amount', `The contra is ${found.amountPence} pence but the collections total ${debitSum} pence`)
  }
  if (totals.debitTotalPence !== debitSum) add(lastLine, 'debitTotalPence', `UTL1 says the debits total ${totals.debitTotalPence} pence; the records total ${debitSum}`)
  if (totals.creditTotalPence !== contraSum) add(lastLine, 'creditTotalPence', `UTL1 says the credits total ${totals.creditTotalPence} pence; the contra is ${contraSum}`)
  if (totals.debitCount !== debits.length) add(lastLine, 'debitCount', `UTL1 counts ${totals.debitCount} debit records; the file has ${debits.length}`)
  if (totals.creditCount !== (found ? 1 : 0)) add(lastLine, 'creditCount', `UTL1 counts ${totals.creditCount} credit records; the file has ${found ? 1 : 0}`)
  problems.throwIfAny()

  return {
    serviceUserNumber: sun,
    fileSerial,
    processingDate: processingDate!,
    creationDate: creationDate!,
    expiryDate: expiryDate!,
    fileNumber: Number(fileNumberText),
    records,
    contra: found,
    totals,
    instructionCount,
  }
}
