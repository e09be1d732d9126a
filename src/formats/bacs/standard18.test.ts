import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addDays, dayOfWeek } from '../../domain/calendar/dates.ts'
import { createWorkingDayCalendar } from '../../domain/calendar/working-days.ts'
import { AppError } from '../../errors.ts'
import {
  bacsDate,
  LABEL_LENGTH,
  MAX_RECORD_PENCE,
  parseBacsDate,
  parseStandard18File,
  RECORD_LENGTH,
  Standard18Error,
  writeStandard18File,
  type Standard18FileInput,
  type Standard18Record,
} from './standard18.ts'

const CORPUS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../test/corpus/bacs')

const FILE: Omit<Standard18FileInput, 'records'> = {
  serviceUserNumber: '123456',
  serviceUserName: 'REEVE BC',
  processingDate: '2027-01-04',
  creationDate: '2026-12-30',
  fileSerial: 'RV0042',
  originatingSortCode: '601613',
  originatingAccountNumber: '12345678',
}

const RECORDS: Standard18Record[] = [
  { sortCode: '309430', accountNumber: '00733445', accountName: 'J SMITH', reference: 'RNT101000016-01', amountPence: 41253, transactionCode: '01' },
  { sortCode: '200000', accountNumber: '55779911', accountName: 'A KHAN', reference: 'RNT101000024-01', amountPence: 19040, transactionCode: '17' },
  { sortCode: '401234', accountNumber: '10203040', accountName: 'P OBRIEN & CO', reference: 'RNT202000071-02', amountPence: 7, transactionCode: '18' },
  { sortCode: '086001', accountNumber: '20212616', accountName: 'G & J JONES', reference: 'RNT303000015-01', amountPence: 12500, transactionCode: '19' },
  { sortCode: '112233', accountNumber: '12345670', accountName: 'S PATEL', reference: 'RNT404000012-01', amountPence: 0, transactionCode: '0N' },
  { sortCode: '402020', accountNumber: '98765432', accountName: 'M DAVIES', reference: 'RNT505000019-01', amountPence: 0, transactionCode: '0C' },
]

function errorOf(f: () => unknown): Standard18Error {
  try {
    f()
  } catch (e) {
    if (e instanceof Standard18Error) return e
    throw e
  }
  throw new Error('Expected a Standard18Error')
}

describe('writeStandard18File', () => {
  it('writes the golden file byte for byte', () => {
    const golden = fs.readFileSync(path.join(CORPUS, 'good-standard18.txt'), 'utf8')
    expect(writeStandard18File({ ...FILE, records: RECORDS })).toBe(golden)
  })

  it('lays out labels, records, contra and trailer as documented', () => {
    const lines = writeStandard18File({ ...FILE, records: RECORDS }).split('\n')
    expect(lines.pop()).toBe('')
    expect(lines.map((l) => l.slice(0, 4))).toEqual(['VOL1', 'HDR1', 'HDR2', 'UHL1', '3094', '2000', '4012', '0860', '1122', '4020', '6016', 'EOF1', 'EOF2', 'UTL1'])
    for (const [i, l] of lines.entries()) expect(l.length).toBe(i >= 4 && i <= 10 ? RECORD_LENGTH : LABEL_LENGTH)
    const [vol1, hdr1, hdr2, uhl1] = lines
    expect(vol1!.slice(4, 10)).toBe('RV0042')
    expect(vol1!.slice(41, 47)).toBe('123456')
    expect(vol1![79]).toBe('1')
    expect(hdr1!.slice(4, 21)).toBe('A123456S  1123456')
    expect(hdr1!.slice(21, 27)).toBe('RV0042')
    expect(hdr1!.slice(41, 47)).toBe(' 26364') // creation 30 Dec 2026
    expect(hdr1!.slice(47, 53)).toBe(' 27004') // expiry defaults to the processing date
    expect(hdr2!.slice(4, 15)).toBe('F0200000100')
    expect(uhl1!.slice(4, 10)).toBe(' 27004')
    expect(uhl1!.slice(10, 20)).toBe('999999    ')
    expect(uhl1!.slice(28, 40)).toBe('1 DAILY  001')

    const first = lines[4]!
    expect(first.slice(0, 6)).toBe('309430')
    expect(first.slice(6, 14)).toBe('00733445')
    expect(first.slice(14, 15)).toBe('0')
    expect(first.slice(15, 17)).toBe('01')
    expect(first.slice(17, 31)).toBe('60161312345678')
    expect(first.slice(31, 35)).toBe('    ')
    expect(first.slice(35, 46)).toBe('00000041253')
    expect(first.slice(46, 64)).toBe('REEVE BC          ')
    expect(first.slice(64, 82)).toBe('RNT101000016-01   ')
    expect(first.slice(82, 100)).toBe('J SMITH           ')
    expect(lines[8]!.slice(15, 17)).toBe('0N')
    expect(lines[8]!.slice(35, 46)).toBe('00000000000')

    const contra = lines[10]!
    expect(contra).toBe('6016131234567809960161312345678    00000072800REEVE BC          CONTRA            REEVE BC          ')
    expect(lines[11]!.slice(4)).toBe(hdr1!.slice(4))
    expect(lines[12]!.slice(4)).toBe(hdr2!.slice(4))
    expect(lines[13]).toBe(`UTL1${'72800'.padStart(13, '0')}${'72800'.padStart(13, '0')}00000040000001${' '.repeat(36)}`)
  })

  it('is the same every time for the same run (idempotent for a date)', () => {
    const a = writeStandard18File({ ...FILE, records: RECORDS })
    const b = writeStandard18File({ ...FILE, records: RECORDS.map((r) => ({ ...r })) })
    expect(a).toBe(b)
  })

  it('writes CRLF when asked, a narrative on the contra, and no contra for instructions only', () => {
    const crlf = writeStandard18File({ ...FILE, records: RECORDS, lineEnding: '\r\n', contraNarrative: 'RENT JAN 2027' })
    expect(crlf.split('\r\n')).toHaveLength(15)
    expect(crlf).toContain('00000072800RENT JAN 2027     CONTRA')
    const instructions = writeStandard18File({ ...FILE, records: RECORDS.filter((r) => r.amountPence === 0) })
    const parsed = parseStandard18File(instructions)
    expect(parsed.contra).toBeNull()
    expect(parsed.instructionCount).toBe(2)
    expect(parsed.totals).toEqual({ debitTotalPence: 0, creditTotalPence: 0, debitCount: 0, creditCount: 0 })
  })

  it.each<[string, Partial<Standard18Record>, string, string]>([
    ['a lower-case name', { accountName: 'j smith' }, 'accountName', 'it has "j", "s", "m", "i", "t" and "h"'],
    ['a name over 18', { accountName: 'JONATHAN SMITHERSON' }, 'accountName', '18 characters or fewer (it has 19)'],
    ['a blank name', { accountName: '' }, 'accountName', 'must not be blank'],
    ['a padded name', { accountName: 'J SMITH ' }, 'accountName', 'must not start or end with a space'],
    ['a bad character', { accountName: "J O'SMITH" }, 'accountName', `it has "'"`],
    ['a 5-digit sort code', { sortCode: '30943' }, 'sortCode', 'must be 6 digits'],
    ['a hyphenated sort code', { sortCode: '30-94-30' }, 'sortCode', 'must be 6 digits'],
    ['a 7-digit account', { accountNumber: '0733445' }, 'accountNumber', 'must be 8 digits'],
    ['a reference starting DDIC', { reference: 'DDIC12345' }, 'reference', 'must not start with DDIC'],
    ['a short reference', { reference: 'AB12' }, 'reference', 'at least 6 letters or numbers'],
    ['a zero collection', { amountPence: 0 }, 'amountPence', 'above zero'],
    ['a fractional amount', { amountPence: 10.5 }, 'amountPence', 'whole number of pence'],
    ['12 digits of pence', { amountPence: MAX_RECORD_PENCE + 1 }, 'amountPence', 'more than 11 digits'],
    ['a credit', { transactionCode: '99' as Standard18Record['transactionCode'] }, 'transactionCode', 'not a Direct Debit transaction code'],
  ])('refuses %s, naming the record and field', (_what, change, field, fragment) => {
    const records = RECORDS.map((r, i) => (i === 1 ? { ...r, ...change } : r))
    const error = errorOf(() => writeStandard18File({ ...FILE, records }))
    expect(error.problems[0]).toMatchObject({ record: 2, line: null, field })
    expect(error.problems[0]!.message).toContain(fragment)
    expect(error.message).toContain(`record 2, ${field}`)
  })

  it('refuses an amount on an instruction', () => {
    const records = RECORDS.map((r) => (r.transactionCode === '0N' ? { ...r, amountPence: 100 } : r))
    expect(errorOf(() => writeStandard18File({ ...FILE, records })).problems).toEqual([
      { record: 5, line: null, field: 'amountPence', message: 'A 0N instruction must have a zero amount, not 100' },
    ])
  })

  it('refuses file-level mistakes, listing every one', () => {
    const error = errorOf(() =>
      writeStandard18File({
        ...FILE,
        serviceUserNumber: '12345',
        serviceUserName: 'Reeve',
        fileSerial: 'rv42',
        originatingSortCode: '60-16-13',
        originatingAccountNumber: '1234567',
        processingDate: '2027-01-02',
        fileNumber: 1000,
        records: [],
      }),
    )
    expect(error.problems.map((p) => p.field)).toEqual([
      'serviceUserNumber',
      'serviceUserName',
      'fileSerial',
      'originatingSortCode',
      'originatingAccountNumber',
      'processingDate',
      'fileNumber',
      'records',
    ])
    expect(error.problems.find((p) => p.field === 'processingDate')!.message).toBe('The processing date 2027-01-02 is not a working day')
    expect(error.toAppError()).toBeInstanceOf(AppError)
  })

  it('checks the processing date against a calendar when given one', () => {
    const calendar = createWorkingDayCalendar(['2027-01-01'])
    expect(errorOf(() => writeStandard18File({ ...FILE, processingDate: '2027-01-01', records: RECORDS, calendar })).problems[0]).toMatchObject({
      field: 'processingDate',
    })
  })

  it('refuses the same reference twice with one code, and a collection on an instruction lodged in the same file', () => {
    const dup = errorOf(() => writeStandard18File({ ...FILE, records: [RECORDS[1]!, { ...RECORDS[1]! }] }))
    expect(dup.problems).toEqual([
      { record: 2, line: null, field: 'reference', message: 'Reference RNT101000024-01 already has a 17 record in this file (record 1)' },
    ])
    const early = errorOf(() =>
      writeStandard18File({ ...FILE, records: [{ ...RECORDS[0]!, transactionCode: '0N', amountPence: 0 }, RECORDS[0]!] }),
    )
    expect(early.problems[0]).toMatchObject({ record: 2, field: 'transactionCode' })
    expect(early.problems[0]!.message).toContain('lodged by an instruction in this same file')
  })

  it('lets a 0C/0N pair amend an instruction in one file', () => {
    const pair = [{ ...RECORDS[4]!, transactionCode: '0C' as const }, RECORDS[4]!]
    expect(parseStandard18File(writeStandard18File({ ...FILE, records: pair })).instructionCount).toBe(2)
  })

  it('refuses a run too big for one contra', () => {
    const big = [
      { ...RECORDS[0]!, amountPence: MAX_RECORD_PENCE },
      { ...RECORDS[1]!, amountPence: 1 },
    ]
    expect(errorOf(() => writeStandard18File({ ...FILE, records: big })).problems[0]!.message).toContain('split the run')
  })
})

// ---------------------------------------------------------------------------------------

const isInstruction = (code: string) => ['0N', '0C', '0S'].includes(code)
const DIGITS = '0123456789'.split('')
const BACS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.&/- '.split('')
const digits = (n: number) => fc.array(fc.constantFrom(...DIGITS), { minLength: n, maxLength: n }).map((a) => a.join(''))
const bacsText = fc
  .array(fc.constantFrom(...BACS), { minLength: 1, maxLength: 18 })
  .map((a) => a.join('').trim())
  .filter((s) => s.length > 0)
const reference = fc
  .tuple(fc.constantFrom(...'ABCDEFGHJKLMNPRSTUVWXYZ'.split('')), digits(9), fc.integer({ min: 1, max: 99 }))
  .map(([letter, n, m]) => `${letter}${n}-${String(m).padStart(2, '0')}`)
const record: fc.Arbitrary<Standard18Record> = fc
  .record({
    sortCode: digits(6),
    accountNumber: digits(8),
    accountName: bacsText,
    reference,
    transactionCode: fc.constantFrom('01', '17', '18', '19', '17', '17', '0N', '0C', '0S'),
    amount: fc.integer({ min: 1, max: 50_000_000 }),
  })
  .map(({ amount, transactionCode, ...r }) => ({
    ...r,
    transactionCode: transactionCode as Standard18Record['transactionCode'],
    amountPence: isInstruction(transactionCode) ? 0 : amount,
  }))
const records = fc
  .uniqueArray(record, { minLength: 1, maxLength: 40, selector: (r) => r.reference })
const weekdays = fc
  .integer({ min: 0, max: 3000 })
  .map((n) => addDays('2026-01-01', n))
  .filter((d) => dayOfWeek(d) <= 5)
const fileInput: fc.Arbitrary<Standard18FileInput> = fc.record({
  serviceUserNumber: digits(6),
  serviceUserName: bacsText,
  processingDate: weekdays,
  fileSerial: fc.array(fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'.split('')), { minLength: 6, maxLength: 6 }).map((a) => a.join('')),
  originatingSortCode: digits(6),
  originatingAccountNumber: digits(8),
  records,
  fileNumber: fc.integer({ min: 1, max: 999 }),
  lineEnding: fc.constantFrom<'\n' | '\r\n'>('\n', '\r\n'),
})

describe('Standard 18 round trip', () => {
  it('parses back every record the writer wrote, with totals equal to the sums and a contra equal to the debits', () => {
    fc.assert(
      fc.property(fileInput, (input) => {
        const text = writeStandard18File(input)
        const lines = text.split(input.lineEnding!).slice(0, -1)
        for (const l of lines) expect([LABEL_LENGTH, RECORD_LENGTH]).toContain(l.length)

        const parsed = parseStandard18File(text)
        expect(parsed.records.map(({ sortCode, accountNumber, accountName, reference, amountPence, transactionCode }) => ({
          sortCode, accountNumber, accountName, reference, amountPence, transactionCode,
        }))).toEqual(input.records)
        for (const r of parsed.records) {
          expect(r.serviceUserName).toBe(input.serviceUserName)
          expect(r.originatingSortCode).toBe(input.originatingSortCode)
        }
        const debits = input.records.filter((r) => !isInstruction(r.transactionCode))
        const sum = debits.reduce((s, r) => s + r.amountPence, 0)
        expect(parsed.totals).toEqual({
          debitTotalPence: sum,
          creditTotalPence: sum,
          debitCount: debits.length,
          creditCount: debits.length > 0 ? 1 : 0,
        })
        expect(parsed.contra?.amountPence ?? 0).toBe(sum)
        expect(parsed.instructionCount).toBe(input.records.length - debits.length)
        expect(parsed).toMatchObject({
          serviceUserNumber: input.serviceUserNumber,
          fileSerial: input.fileSerial,
          processingDate: input.processingDate,
          fileNumber: input.fileNumber,
        })
      }),
      { numRuns: 200 },
    )
  })

  it('round-trips Bacs dates', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 36_000 }), (n) => {
        const d = addDays('2000-01-01', n)
        expect(parseBacsDate(bacsDate(d))).toBe(d)
      }),
    )
    expect(bacsDate('2026-08-21')).toBe(' 26233')
    expect(parseBacsDate(' 27366')).toBeNull() // 2027 has 365 days
    expect(parseBacsDate('27001')).toBeNull()
  })
})

describe('parseStandard18File', () => {
  const good = () => writeStandard18File({ ...FILE, records: RECORDS })
  const edit = (text: string, line: number, f: (l: string) => string) => {
    const lines = text.split('\n')
    lines[line - 1] = f(lines[line - 1]!)
    return lines.join('\n')
  }
  const splice = (l: string, at: number, s: string) => l.slice(0, at) + s + l.slice(at + s.length)

  it.each<[string, (t: string) => string, number, string, string]>([
    ['a changed trailer total', (t) => edit(t, 14, (l) => splice(l, 4, '0000000072801')), 14, 'debitTotalPence', 'the records total 72800'],
    ['a changed contra', (t) => edit(t, 11, (l) => splice(l, 35, '00000072801')), 11, 'amount', 'the collections total 72800'],
    ['a short record', (t) => edit(t, 6, (l) => l.trimEnd()), 6, 'record', 'must be 100 characters'],
    ['an unknown transaction code', (t) => edit(t, 6, (l) => splice(l, 15, 'Z9')), 6, 'transactionCode', '"Z9" is not a Direct Debit'],
    ['letters in an amount', (t) => edit(t, 5, (l) => splice(l, 35, '0000004125O')), 5, 'amount', 'not an 11-digit amount'],
    ['a lower-case name', (t) => edit(t, 5, (l) => splice(l, 82, 'j')), 5, 'accountName', 'it has "j"'],
    ['a missing UTL1', (t) => edit(t, 14, () => 'UTL2'), 14, 'label', 'Expected the UTL1 label'],
    ['labels out of order', (t) => edit(t, 2, (l) => 'HDR2' + l.slice(4)), 2, 'label', 'Expected the HDR1 label'],
    ['EOF1 not matching HDR1', (t) => edit(t, 12, (l) => splice(l, 21, 'RV0043')), 12, 'EOF1', 'must repeat HDR1'],
    ['a multi-day file', (t) => edit(t, 3, (l) => splice(l, 10, '00106')), 3, 'recordLength', 'Multi-processing-day files'],
    ['a bad processing date', (t) => edit(t, 4, (l) => splice(l, 4, ' 27400')), 4, 'processingDate', 'not a Bacs date'],
  ])('refuses %s, naming the line and field', (_what, change, line, field, fragment) => {
    const error = errorOf(() => parseStandard18File(change(good())))
    expect(error.problems[0]).toMatchObject({ line, field, record: null })
    expect(error.problems[0]!.message).toContain(fragment)
  })

  it('refuses a file that is too short to hold the labels', () => {
    expect(errorOf(() => parseStandard18File('VOL1\n')).problems[0]).toMatchObject({ line: 1, field: 'file' })
  })

  it('reads CRLF files and ignores a trailing blank line', () => {
    const crlf = writeStandard18File({ ...FILE, records: RECORDS, lineEnding: '\r\n' }) + '\r\n'
    expect(parseStandard18File(crlf).records).toHaveLength(RECORDS.length)
  })
})
