import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isIsoDate } from '../../domain/calendar/dates.ts'
import { AppError } from '../../errors.ts'
import {
  contentHash,
  MAX_PAYMENT_PENCE,
  parseAllpayFile,
  parseBankCsv,
  parseBenefitSchedule,
  parsePaymentFile,
  type BenefitKind,
  type ParsedPayment,
  type ParsedPaymentFile,
  PaymentFileError,
  type PaymentFileFormat,
} from './index.ts'
import { type PaymentSpec, writeAllpay, writeBankCsv, writeBenefitSchedule } from './writers.test-helper.ts'

const CORPUS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../test/corpus/payments')

function corpus(name: string): string {
  return fs.readFileSync(path.join(CORPUS, name), 'utf8')
}

/** The PaymentFileError a parse throws (fails the test if it returns or throws anything else). */
function problemsOf(parse: () => unknown): PaymentFileError {
  try {
    parse()
  } catch (e) {
    if (e instanceof PaymentFileError) return e
    throw e
  }
  throw new Error('Expected a PaymentFileError but the file parsed')
}

describe('good corpus files', () => {
  it('reads a bank CSV (BOM, CRLF, any column order and case, extra columns, both date styles, £ and commas)', () => {
    const file = parseBankCsv(corpus('good-bank.csv'))
    expect(file).toEqual<ParsedPaymentFile>({
      format: 'bank-csv',
      fileId: null,
      payments: [
        { line: 2, reference: '101000016', amountPence: 9520, receivedOn: '2026-04-06', method: 'bank_transfer', payerName: 'J SMITH', externalId: 'FP26040600001' },
        { line: 3, reference: '1010 0002 4', amountPence: 19040, receivedOn: '2026-04-06', method: 'standing_order', payerName: 'MR A KHAN', externalId: 'SO26040600002' },
        { line: 4, reference: 'RNT0100003', amountPence: 5000, receivedOn: '2026-04-07', method: 'cash', payerName: "Mrs P O'Brien" },
        { line: 5, reference: '101000040', amountPence: 1250, receivedOn: '2026-04-07', method: 'cheque', externalId: 'CHQ000123' },
        { line: 6, reference: '202000071', amountPence: 123456, receivedOn: '2026-04-08', method: 'bank_transfer', payerName: 'D JONES', externalId: 'FP26040800003' },
      ],
    })
  })

  it('reads an allpay file, with its file id, creation date and checked trailer', () => {
    const file = parseAllpayFile(corpus('good-allpay.txt'))
    expect(file).toEqual<ParsedPaymentFile>({
      format: 'allpay',
      fileId: 'RVC00001-000042',
      createdOn: '2026-04-07',
      declaredCount: 4,
      declaredTotalPence: 32060,
      payments: [
        { line: 2, reference: '101000016', amountPence: 9520, receivedOn: '2026-04-06', method: 'paypoint', externalId: 'PP7731000012345' },
        // A card printed with the network's issuer prefix is kept whole; matching takes the last 9 digits.
        { line: 3, reference: '9826150000101000024', amountPence: 19040, receivedOn: '2026-04-06', method: 'post_office', externalId: 'PO0000998877' },
        { line: 4, reference: '101000032', amountPence: 2000, receivedOn: '2026-04-06', method: 'allpay', externalId: 'AP-20260406-000301' },
        { line: 5, reference: '303000129', amountPence: 1500, receivedOn: '2026-04-06', method: 'paypoint', externalId: 'PP7731000012399' },
      ],
    })
  })

  it('reads a housing benefit schedule: received on the period end, claim reference kept', () => {
    const file = parseBenefitSchedule(corpus('good-hb-schedule.csv'), 'housing_benefit')
    const period = { from: '2026-03-30', to: '2026-04-26' }
    expect(file).toEqual<ParsedPaymentFile>({
      format: 'benefit-schedule',
      fileId: null,
      payments: [
        { line: 2, reference: '101000016', amountPence: 38080, receivedOn: '2026-04-26', method: 'housing_benefit', period, payerName: 'Jane Smith', externalId: 'HB0012345' },
        { line: 3, reference: '101000024', amountPence: 15200, receivedOn: '2026-04-26', method: 'housing_benefit', period, payerName: 'Amir Khan', externalId: 'HB0012346' },
        { line: 4, reference: 'RNT0100005', amountPence: 9520, receivedOn: '2026-04-26', method: 'housing_benefit', period, payerName: 'Lee Wong', externalId: 'HB0012399' },
      ],
    })
  })

  it('reads a Universal Credit schedule with payment dates and a TOTAL row', () => {
    const file = parseBenefitSchedule(corpus('good-uc-schedule.csv'), 'universal_credit')
    expect(file).toEqual<ParsedPaymentFile>({
      format: 'benefit-schedule',
      fileId: null,
      declaredTotalPence: 81050,
      payments: [
        {
          line: 2,
          reference: '101000032',
          amountPence: 41250,
          receivedOn: '2026-04-18',
          method: 'universal_credit',
          period: { from: '2026-03-12', to: '2026-04-11' },
          payerName: "Patricia O'Brien",
        },
        {
          line: 3,
          reference: '101000057',
          amountPence: 39800,
          receivedOn: '2026-04-26',
          method: 'universal_credit',
          period: { from: '2026-03-20', to: '2026-04-19' },
          payerName: 'Kai Taylor',
        },
      ],
    })
  })
})

interface ExpectedError {
  format: PaymentFileFormat
  kind?: BenefitKind
  line: number
  field: string
  message: string
}

const expectedErrors = JSON.parse(corpus('expected-errors.json')) as Record<string, ExpectedError>

describe('bad corpus files', () => {
  it('has an expected error for every bad file, and a file for every expected error', () => {
    const bad = fs.readdirSync(CORPUS).filter((f) => f.startsWith('bad-') || f === 'empty.csv')
    expect(bad.sort()).toEqual(Object.keys(expectedErrors).sort())
  })

  it.each(Object.entries(expectedErrors))('%s', (name, expected) => {
    const err = problemsOf(() => parsePaymentFile(corpus(name), expected.format, expected.kind ? { kind: expected.kind } : {}))
    const [first] = err.problems
    expect(first).toMatchObject({ line: expected.line, field: expected.field })
    expect(first!.message).toContain(expected.message)
    expect(err.message).toContain(`line ${expected.line}`)
  })
})

describe('parseBankCsv', () => {
  const header = 'date,reference,amount,method,name,transaction_id'

  it('lists every bad line, not just the first, each with its line number and field', () => {
    const text = [header, '32/01/2026,101000016,95.20,,,', '01/01/2026,,95.20,,,', '01/01/2026,101000016,0,,,', '01/01/2026,101000016,5.00,giro,,', 'x,,abc,,,'].join('\n')
    const err = problemsOf(() => parseBankCsv(text))
    expect(err.problems.map((p) => [p.line, p.field])).toEqual([
      [2, 'date'],
      [3, 'reference'],
      [4, 'amount'],
      [5, 'method'],
      [6, 'date'],
      [6, 'reference'],
      [6, 'amount'],
    ])
    expect(err.totalProblems).toBe(7)
    expect(err.message).toMatch(/^The payment file has 7 problems\. The first is line 2, date:/)
  })

  it('caps the listed problems at 100 but counts them all', () => {
    const rows = Array.from({ length: 150 }, () => '30/02/2026,101000016,1.00')
    const err = problemsOf(() => parseBankCsv(['date,reference,amount', ...rows].join('\n')))
    expect(err.problems).toHaveLength(100)
    expect(err.totalProblems).toBe(150)
    expect(err.problems[99]!.line).toBe(101)
    expect(err.message).toContain('150 problems (the first 100 are listed)')
  })

  it('counts physical lines: blank lines and a quoted line break inside a value are lines too', () => {
    const text = `${header}\r\n\r\n01/04/2026,101000016,1.00,,"Jane\r\nSmith",\r\n\r\n02/04/2026,101000024,2.00,,,\r\n03/04/2026,,3.00,,,`
    const err = problemsOf(() => parseBankCsv(text))
    expect(err.problems).toEqual([{ line: 7, field: 'reference', message: 'The reference is empty' }])
    const ok = parseBankCsv(text.replace(',,3.00', ',101000032,3.00'))
    expect(ok.payments.map((p) => p.line)).toEqual([3, 6, 7])
    expect(ok.payments[0]!.payerName).toBe('Jane\nSmith')
  })

  it('accepts method spellings and defaults an empty method to bank transfer', () => {
    const rows = ['Standing Order', 'postal-order', 'CARD', '', 'Cheque'].map((m, i) => `01/04/2026,10100001${i},1.00,${m},,`)
    const file = parseBankCsv([header, ...rows].join('\n'))
    expect(file.payments.map((p) => p.method)).toEqual(['standing_order', 'postal_order', 'card', 'bank_transfer', 'cheque'])
  })

  it('reads a file without the optional columns', () => {
    const file = parseBankCsv('Amount,Reference,Date\n"£2,000",RNT0100001,1/4/2026\n')
    expect(file.payments).toEqual([{ line: 2, reference: 'RNT0100001', amountPence: 200000, receivedOn: '2026-04-01', method: 'bank_transfer' }])
  })

  it('tolerates empty trailing cells a spreadsheet adds, but not real extra values', () => {
    expect(parseBankCsv('date,reference,amount\n01/04/2026,X1,1.00,,\n').payments).toHaveLength(1)
    const err = problemsOf(() => parseBankCsv('date,reference,amount\n01/04/2026,X1,1.00,oops\n'))
    expect(err.problems[0]).toMatchObject({ line: 2, field: 'columns' })
  })

  it.each([
    ['1,23.00', 'not an amount'],
    ['12.345', 'not an amount'],
    ['.50', 'not an amount'],
    ['-1.00', 'more than £0.00'],
    ['0.00', 'more than £0.00'],
    ['', 'Enter an amount'],
    ['10000000.01', 'largest single payment'],
  ])('rejects the amount %j', (amount, message) => {
    const err = problemsOf(() => parseBankCsv(`date,reference,amount\n01/04/2026,X1,"${amount}"\n`))
    expect(err.problems[0]).toMatchObject({ line: 2, field: 'amount' })
    expect(err.problems[0]!.message).toContain(message)
  })

  it.each(['29/02/2025', '2026-13-01', '04/31/2026', '2026/04/01', '1 April 2026', ''])('rejects the date %j', (date) => {
    const err = problemsOf(() => parseBankCsv(`date,reference,amount\n"${date}",X1,1.00\n`))
    expect(err.problems[0]).toMatchObject({ line: 2, field: 'date' })
  })

  it('accepts 29 February in a leap year', () => {
    expect(parseBankCsv('date,reference,amount\n29/02/2028,X1,1.00\n').payments[0]!.receivedOn).toBe('2028-02-29')
  })

  it('refuses a transaction id used twice', () => {
    const err = problemsOf(() => parseBankCsv('date,reference,amount,transaction_id\n01/04/2026,X1,1.00,T1\n01/04/2026,X2,1.00,T1\n'))
    expect(err.problems).toEqual([{ line: 3, field: 'transaction_id', message: 'Transaction id "T1" is also on line 2' }])
  })

  it('refuses a header with a column twice', () => {
    const err = problemsOf(() => parseBankCsv('date,reference,amount,Amount\n01/04/2026,X1,1.00,2.00\n'))
    expect(err.problems[0]).toMatchObject({ line: 1, field: 'amount' })
  })

  it('says what to do with a file that has no header row', () => {
    const err = problemsOf(() => parseBankCsv('01/04/2026,101000016,95.20\n'))
    expect(err.problems.map((p) => p.field)).toEqual(['date', 'reference', 'amount'])
    expect(err.problems[0]!.message).toContain('the first line must name the columns')
  })

  it('refuses a file over the line limit before reading it, and accepts one at the limit', () => {
    const row = '01/04/2026,101000016,1.00'
    const atLimit = ['date,reference,amount', ...Array.from({ length: 49_999 }, () => row)].join('\n') + '\n\n'
    expect(parseBankCsv(atLimit).payments).toHaveLength(49_999)
    const err = problemsOf(() => parseBankCsv(atLimit + row))
    expect(err.problems).toEqual([{ line: 50_001, field: 'file', message: expect.stringContaining('more than the limit of 50,000') }])
    expect(problemsOf(() => parseBankCsv(['date,reference,amount', row, row].join('\n'), { maxLines: 2 })).problems[0]!.line).toBe(3)
  })

  it('treats a file of only blank lines and a BOM as empty', () => {
    expect(problemsOf(() => parseBankCsv('\uFEFF\r\n  \r\n')).problems).toEqual([{ line: 1, field: 'file', message: 'The file is empty' }])
  })
})

const H = 'H' + 'RVC00001' + '000042' + '20260407' + '060512'
const D1 = 'D' + '0000000000101000016' + '0000009520' + '20260406' + '093015' + 'PP' + 'PP7731000012345'.padEnd(20) + 'PP012345'
const D2 = 'D' + '0000000000101000024' + '0000001000' + '20260406' + '101500' + 'AP' + 'AP0001'.padEnd(20)
const T = (count: number, total: number) => 'T' + String(count).padStart(8, '0') + String(total).padStart(12, '0')
const allpay = (...records: string[]) => records.map((r) => r.padEnd(80)).join('\r\n') + '\r\n'

describe('parseAllpayFile', () => {
  it('reads CRLF files', () => {
    expect(parseAllpayFile(allpay(H, D1, D2, T(2, 10520))).payments).toHaveLength(2)
  })

  it('refuses a file whose trailing spaces an editor has trimmed, naming each record', () => {
    const trimmed = allpay(H, D1, D2, T(2, 10520))
      .split('\r\n')
      .map((l) => l.trimEnd())
      .join('\n')
    const err = problemsOf(() => parseAllpayFile(trimmed))
    expect(err.problems.map((p) => [p.line, p.field])).toEqual([
      [1, 'record_length'],
      [2, 'record_length'],
      [3, 'record_length'],
      [4, 'record_length'],
    ])
  })

  it('needs the header first and the trailer last, once each', () => {
    expect(problemsOf(() => parseAllpayFile(allpay(D1, D2, T(2, 10520)))).problems[0]).toMatchObject({ line: 1, field: 'record_type', message: expect.stringContaining('header') })
    expect(problemsOf(() => parseAllpayFile(allpay(H, D1, T(1, 9520), D2))).problems.map((p) => [p.line, p.field])).toEqual([
      [3, 'record_count'],
      [3, 'total_amount'],
      [4, 'record_type'],
    ])
    expect(problemsOf(() => parseAllpayFile(allpay(H, D1, H, T(1, 9520)))).problems[0]).toMatchObject({ line: 3, field: 'record_type' })
  })

  it('checks each detail field', () => {
    const bad = 'D' + '000000000000000000A' + '0000000000' + '20260100' + '250000' + 'pp' + ''.padEnd(20)
    const err = problemsOf(() => parseAllpayFile(allpay(H, bad, T(1, 0))))
    expect(err.problems.map((p) => p.field)).toEqual(['reference', 'amount', 'date', 'time', 'channel', 'transaction_id'])
    expect(err.problems.every((p) => p.line === 2)).toBe(true)
  })

  it('checks the header fields', () => {
    const bad = 'H' + '        ' + '00004X' + '20260407' + '246000'
    const err = problemsOf(() => parseAllpayFile(allpay(bad, D1, T(1, 9520))))
    expect(err.problems.map((p) => p.field)).toEqual(['client_code', 'file_sequence', 'creation_time'])
  })

  it('refuses an all-zero card number', () => {
    const d = D1.replace('0000000000101000016', '0'.repeat(19))
    expect(problemsOf(() => parseAllpayFile(allpay(H, d, T(1, 9520)))).problems[0]).toMatchObject({ line: 2, field: 'reference' })
  })

  it('does not check the total when an amount could not be read, so the amount is the one problem', () => {
    const d = D1.replace('0000009520', '00000095.0')
    expect(problemsOf(() => parseAllpayFile(allpay(H, d, T(1, 9520)))).problems).toHaveLength(1)
  })
})

describe('parseBenefitSchedule', () => {
  const header = 'reference,period_start,period_end,amount'

  it('accepts a one-day period and UK dates', () => {
    const file = parseBenefitSchedule(`${header}\n101000016,06/04/2026,6/4/2026,13.60\n`, 'housing_benefit')
    expect(file.payments[0]).toEqual({
      line: 2,
      reference: '101000016',
      amountPence: 1360,
      receivedOn: '2026-04-06',
      method: 'housing_benefit',
      period: { from: '2026-04-06', to: '2026-04-06' },
    })
  })

  it('needs the TOTAL row to be the last', () => {
    const err = problemsOf(() => parseBenefitSchedule(`${header}\nTOTAL,,,1.00\n101000016,2026-04-06,2026-04-12,1.00\n`, 'universal_credit'))
    expect(err.problems[0]).toMatchObject({ line: 2, field: 'reference', message: 'The TOTAL row must be the last row' })
  })

  it('refuses a schedule that is only a TOTAL row', () => {
    const err = problemsOf(() => parseBenefitSchedule(`${header}\nTOTAL,,,1.00\n`, 'universal_credit'))
    expect(err.problems[0]).toMatchObject({ field: 'file', message: 'The file has no payments in it' })
  })

  it('dispatches from parsePaymentFile only with a kind', () => {
    const text = `${header}\n101000016,2026-04-06,2026-04-12,1.00\n`
    expect(parsePaymentFile(text, 'benefit-schedule', { kind: 'universal_credit' }).payments[0]!.method).toBe('universal_credit')
    expect(() => parsePaymentFile(text, 'benefit-schedule')).toThrow(RangeError)
  })
})

describe('PaymentFileError and contentHash', () => {
  it('converts to a validation AppError with the same problems', () => {
    const err = problemsOf(() => parseBankCsv('date,reference,amount\n01/04/2026,,1.00\n'))
    const app = err.toAppError()
    expect(app).toBeInstanceOf(AppError)
    expect(app.code).toBe('validation')
    expect(app.details).toEqual([{ line: 2, field: 'reference', message: 'The reference is empty' }])
  })

  it('hashes the bytes as given', () => {
    expect(contentHash('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
    expect(contentHash(Buffer.from('£1', 'utf8'))).toBe(contentHash('£1'))
    expect(contentHash('\uFEFFabc')).not.toBe(contentHash('abc'))
    expect(contentHash('a\r\n')).not.toBe(contentHash('a\n'))
  })
})

// ---------------------------------------------------------------------------------------------
// Fuzzing: nothing a file contains may crash a parser or slip a bad amount through.

type Parser = (text: string) => ParsedPaymentFile

const PARSERS: [string, Parser, string][] = [
  ['bank-csv', (t) => parseBankCsv(t), corpus('good-bank.csv')],
  ['allpay', (t) => parseAllpayFile(t), corpus('good-allpay.txt')],
  ['benefit-schedule (HB)', (t) => parseBenefitSchedule(t, 'housing_benefit'), corpus('good-hb-schedule.csv')],
  ['benefit-schedule (UC)', (t) => parseBenefitSchedule(t, 'universal_credit'), corpus('good-uc-schedule.csv')],
]

/** Parses, and fails unless it returned only good payments or threw a well-formed PaymentFileError. */
function parsesSafely(parse: Parser, text: string): void {
  let file: ParsedPaymentFile
  try {
    file = parse(text)
  } catch (e) {
    if (!(e instanceof PaymentFileError)) throw e
    expect(e.problems.length).toBeGreaterThan(0)
    expect(e.problems.length).toBeLessThanOrEqual(100)
    for (const p of e.problems) {
      expect(Number.isSafeInteger(p.line) && p.line >= 1).toBe(true)
      expect(p.field).not.toBe('')
      expect(p.message).not.toBe('')
    }
    return
  }
  expect(file.payments.length).toBeGreaterThan(0)
  for (const p of file.payments) {
    expect(Number.isSafeInteger(p.amountPence) && p.amountPence > 0 && p.amountPence <= MAX_PAYMENT_PENCE).toBe(true)
    expect(isIsoDate(p.receivedOn)).toBe(true)
    expect(p.reference).not.toBe('')
    expect(Number.isSafeInteger(p.line) && p.line >= 1).toBe(true)
  }
}

const STRUCTURE_CHARS = ['H', 'D', 'T', 'X', '0', '1', '9', ',', '"', '\n', '\r', ' ', '/', '-', '.', '£', 'P', '\uFEFF', 'TOTAL']

const mutation = fc.record({
  at: fc.nat(),
  op: fc.constantFrom('insert', 'delete', 'replace', 'duplicate-line', 'drop-line'),
  text: fc.oneof(fc.constantFrom(...STRUCTURE_CHARS), fc.string({ unit: 'binary', minLength: 1, maxLength: 3 })),
})

function mutate(text: string, ops: { at: number; op: string; text: string }[]): string {
  let s = text
  for (const { at, op, text: t } of ops) {
    const i = s.length === 0 ? 0 : at % (s.length + 1)
    if (op === 'insert') s = s.slice(0, i) + t + s.slice(i)
    else if (op === 'delete') s = s.slice(0, i) + s.slice(i + 1 + (at % 5))
    else if (op === 'replace') s = s.slice(0, i) + t + s.slice(i + t.length)
    else {
      const lines = s.split('\n')
      const j = at % lines.length
      if (op === 'duplicate-line') lines.splice(j, 0, lines[j]!)
      else lines.splice(j, 1)
      s = lines.join('\n')
    }
  }
  return s
}

describe.each(PARSERS)('fuzzing %s', (_name, parse, good) => {
  it('never crashes on random text', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: 'binary', maxLength: 400 }), fc.string({ unit: fc.constantFrom(...STRUCTURE_CHARS), maxLength: 400 })),
        (text) => parsesSafely(parse, text),
      ),
      { numRuns: 300 },
    )
  })

  it('never crashes on a mutated good file', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), (ops) => parsesSafely(parse, mutate(good, ops))),
      { numRuns: 500 },
    )
  })
})

// ---------------------------------------------------------------------------------------------
// Round trips: whatever a writer that follows the documented layout writes, the parser reads back.

const isoDate = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10))
const amount = fc.oneof(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: MAX_PAYMENT_PENCE }))
const text = (chars: string, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...chars), minLength: 1, maxLength }).filter((s) => s.trim() === s && s !== '')
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined })

function withLines(specs: PaymentSpec[], firstLine = 2): ParsedPayment[] {
  return specs.map((p, i) => {
    const out: ParsedPayment = { line: firstLine + i, ...p }
    for (const key of Object.keys(out) as (keyof ParsedPayment)[]) if (out[key] === undefined) delete out[key]
    return out
  })
}

/** Numbers each payment's external id so ids are unique within the file. */
function uniqueIds<T extends { externalId?: string }>(list: T[]): T[] {
  return list.map((p, i) => (p.externalId === undefined ? p : { ...p, externalId: `${p.externalId}${i}` }))
}

describe('round trips', () => {
  it('bank CSV', () => {
    const payment = fc.record({
      reference: text(`${ALNUM} ,"'/-`, 18),
      amountPence: amount,
      receivedOn: isoDate,
      method: fc.constantFrom('cash', 'cheque', 'postal_order', 'card', 'bank_transfer', 'standing_order' as const),
      payerName: optional(text(`${ALNUM} ,'".-`, 30)),
      externalId: optional(text(ALNUM, 12)),
    })
    const style = fc.record({ ukDates: fc.boolean(), poundSign: fc.boolean(), crlf: fc.boolean(), bom: fc.boolean(), blankDefaultMethod: fc.boolean() })
    fc.assert(
      fc.property(fc.array(payment, { minLength: 1, maxLength: 20 }), style, (list, s) => {
        const specs = uniqueIds(list)
        expect(parseBankCsv(writeBankCsv(specs, s)).payments).toEqual(withLines(specs))
      }),
    )
  })

  it('allpay', () => {
    const payment = fc.record({
      reference: fc.tuple(fc.integer({ min: 1, max: 9 }), fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: 18 })).map(([d, rest]) => `${d}${rest}`),
      amountPence: amount,
      receivedOn: isoDate,
      method: fc.constantFrom('paypoint', 'post_office', 'allpay' as const),
      externalId: text(ALNUM + '-/', 17),
    })
    const header = fc.record({ clientCode: text(ALNUM, 8), sequence: fc.integer({ min: 0, max: 999_999 }), createdOn: isoDate })
    fc.assert(
      fc.property(fc.array(payment, { minLength: 1, maxLength: 20 }), header, fc.constantFrom('\n', '\r\n'), (list, h, eol) => {
        const specs = uniqueIds(list)
        const file = parseAllpayFile(writeAllpay(specs, h, eol))
        expect(file.payments).toEqual(withLines(specs))
        expect(file.fileId).toBe(`${h.clientCode}-${String(h.sequence).padStart(6, '0')}`)
        expect(file.createdOn).toBe(h.createdOn)
        expect(file.declaredCount).toBe(specs.length)
        expect(file.declaredTotalPence).toBe(specs.reduce((sum, p) => sum + p.amountPence, 0))
      }),
    )
  })

  it('benefit schedules', () => {
    const payment = fc
      .record({
        reference: fc.oneof(text('0123456789', 9), text('RNT0123456789', 10)),
        amountPence: amount,
        dates: fc.tuple(isoDate, isoDate, isoDate),
        payerName: optional(text(`${ALNUM} ,'".-`, 30)),
        externalId: optional(text(ALNUM, 10)),
      })
      .map(({ dates, ...p }) => {
        const [from, to] = [dates[0], dates[1]].sort() as [string, string]
        return { ...p, period: { from, to }, paidOn: dates[2] }
      })
    const style = fc.record({ paymentDate: fc.boolean(), totalRow: fc.boolean(), ukDates: fc.boolean() })
    fc.assert(
      fc.property(fc.array(payment, { minLength: 1, maxLength: 20 }), style, fc.constantFrom<BenefitKind>('housing_benefit', 'universal_credit'), (list, s, kind) => {
        const specs: PaymentSpec[] = list.map(({ paidOn, ...p }) => ({ ...p, method: kind, receivedOn: s.paymentDate ? paidOn : p.period.to }))
        const file = parseBenefitSchedule(writeBenefitSchedule(specs, s), kind)
        expect(file.payments).toEqual(withLines(specs))
        expect(file.declaredTotalPence).toBe(s.totalRow ? specs.reduce((sum, p) => sum + p.amountPence, 0) : undefined)
      }),
    )
  })
})
