import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../errors.ts'
import {
  BacsReportError,
  parseBacsReport,
  type AddacsReport,
  type AruddReport,
  type AuddisReport,
  type BacsReportProblem,
} from './bacs-reports.ts'

const CORPUS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../test/corpus/bacs')
const bytes = (name: string) => fs.readFileSync(path.join(CORPUS, name))
const text = (name: string) => fs.readFileSync(path.join(CORPUS, name), 'latin1')

function errorOf(f: () => unknown): BacsReportError {
  try {
    f()
  } catch (e) {
    if (e instanceof BacsReportError) return e
    throw e
  }
  throw new Error('Expected a BacsReportError but the report parsed')
}

describe('good corpus reports', () => {
  it('reads an ARUDD advice: reasons from descriptions and codes, pence, trimmed references, 6-digit sort codes', () => {
    const report = parseBacsReport(bytes('good-arudd.xml')) as AruddReport
    expect(report).toMatchObject({
      kind: 'ARUDD',
      reportId: 'ARUDD-123456-2027-01-08-042',
      generated: '2027-01-08',
      serviceUserNumber: '123456',
      serviceUserName: 'REEVE BC',
      adviceNumber: '042',
      reportType: 'REFT1234',
      totalPence: 60300,
    })
    expect(report.items.map((i) => [i.index, i.reference, i.transactionCode, i.returnCode, i.reason.code, i.reason.action, i.amountPence])).toEqual([
      [1, 'RNT101000016-01', '17', '0128', '0', 're-present', 41253],
      [2, 'RNT101000024-01', '01', '1012', '1', 'cancel-mandate', 19040],
      [3, 'RNT202000071-02', '18', '2', '2', 'deceased', 7],
    ])
    expect(report.items[0]).toMatchObject({
      originalProcessingDate: '2027-01-05',
      returnDescription: 'REFER TO PAYER',
      payer: { sortCode: '309430', accountNumber: '00733445', name: 'J SMITH', reference: 'RNT101000016-01', bankName: 'A BANK', branchName: 'HIGH STREET' },
      originatingAccount: { sortCode: '601613', accountNumber: '12345678', name: 'REEVE BC RENTS' },
    })
    expect(report.items[2]!.payer).toMatchObject({ sortCode: '401234', name: "P O'BRIEN & CO", bankName: null })
  })

  it('reads an ADDACS report', () => {
    const report = parseBacsReport(text('good-addacs.xml')) as AddacsReport
    expect(report).toMatchObject({ kind: 'ADDACS', reportId: 'ADDACS-123456-2027-01-11-00000003', generated: '2027-01-11', serviceUserNumber: '123456' })
    expect(report.items.map((i) => [i.reference, i.reasonCode, i.reason.action, i.newAccount])).toEqual([
      ['RNT101000016-01', '1', 'cancel-mandate', null],
      ['RNT101000024-01', '3', 'update-mandate', { sortCode: '086001', accountNumber: '66880022', name: null }],
      ['RNT303000015-01', 'C', 'update-mandate', { sortCode: '608301', accountNumber: '20212616', name: null }],
      ['RNT202000071-02', '2', 'deceased', null],
    ])
    expect(report.items[1]).toMatchObject({ payer: { sortCode: '200000', accountNumber: '55779911' }, effectiveDate: '2027-01-11', aosn: '00000005', payerName: 'A KHAN' })
    expect(report.items[1]!.reason.auddis).toBe('send-0N')
    expect(report.items[2]!.payerName).toBe('G & J JONES')
  })

  it('reads an AUDDIS report: file summary and rejected instructions', () => {
    const report = parseBacsReport(text('good-auddis.xml')) as AuddisReport
    expect(report).toMatchObject({ kind: 'AUDDIS', reportId: 'AUDDIS-123456-2027-01-07-00000011', generated: '2027-01-07' })
    expect(report.files).toEqual([
      { recordType: 'V', volumeSerialNumber: 'RV0042', originatorFileNumber: '001', acceptedInstructions: 10, rejectedInstructions: 2, fileType: 'LIVE', errors: [] },
    ])
    expect(report.items).toEqual([
      expect.objectContaining({ index: 2, recordType: 'N', reference: 'RNT404000012-01', reasonCode: '5', transactionCode: '0N', payer: { sortCode: '112233', accountNumber: '12345670' }, newAccount: null }),
      expect.objectContaining({ index: 3, reasonCode: 'C', newAccount: { sortCode: '402099', accountNumber: '98765439' } }),
    ])
    expect(report.items[0]!.reason.action).toBe('query')
  })
})

describe('bad corpus reports', () => {
  const expected = JSON.parse(text('expected-errors.json')) as Record<string, Omit<BacsReportProblem, 'message'> & { message: string }>
  const badFiles = fs.readdirSync(CORPUS).filter((f) => f.startsWith('bad-')).sort()

  it('has an expectation for every bad file and a file for every expectation', () => {
    expect(Object.keys(expected).sort()).toEqual(badFiles)
  })

  it.each(badFiles)('%s is refused with the expected first problem', (name) => {
    const want = expected[name]!
    const error = errorOf(() => parseBacsReport(bytes(name)))
    const first = error.problems[0]!
    expect({ item: first.item, field: first.field, line: first.line }).toEqual({ item: want.item, field: want.field, line: want.line })
    expect(first.message).toContain(want.message)
    expect(error.message).toContain(want.message)
    expect(error.toAppError()).toBeInstanceOf(AppError)
  })
})

describe('parseBacsReport', () => {
  const arudd = text('good-arudd.xml')

  it('lists every problem in the report, not just the first', () => {
    const broken = arudd.replace('valueOf="412.53"', 'valueOf="x"').replace('transCode="01"', 'transCode="99"').replace('sortCode="20-00-00"', 'sortCode="20-00"')
    const error = errorOf(() => parseBacsReport(broken))
    expect(error.problems.map((p) => [p.item, p.field])).toEqual([
      [1, 'ReturnedDebitItem@valueOf'],
      [2, 'ReturnedDebitItem@transCode'],
      [2, 'PayerAccount@sortCode'],
    ])
    expect(error.totalProblems).toBe(3)
    expect(error.message).toMatch(/^The Bacs report has 3 problems\. The first is item 1, ReturnedDebitItem@valueOf/)
  })

  it('decodes ISO-8859-1 bytes using the XML declaration', () => {
    const withAccent = Buffer.from(arudd.replace('name="J SMITH"', 'name="JOSÉ SMITH"'), 'latin1')
    const report = parseBacsReport(withAccent) as AruddReport
    expect(report.items[0]!.payer.name).toBe('JOSÉ SMITH')
  })

  it('refuses bytes that are not UTF-8 when no other encoding is declared', () => {
    const addacs = text('good-addacs.xml')
    const at = addacs.indexOf('J SMITH')
    const bad = Buffer.concat([Buffer.from(addacs.slice(0, at), 'utf8'), Buffer.from([0xff]), Buffer.from(addacs.slice(at), 'utf8')])
    expect(errorOf(() => parseBacsReport(bad)).problems[0]!.message).toContain('not valid UTF-8')
  })

  it('checks the service user number and report kind when asked', () => {
    expect(errorOf(() => parseBacsReport(arudd, { expectedServiceUserNumber: '654321' })).problems[0]!.message).toContain(
      'The report is for service user number 123456',
    )
    expect(errorOf(() => parseBacsReport(arudd, { expectedKind: 'ADDACS' })).problems[0]!.message).toBe('This is an ARUDD report, not ADDACS')
    expect(errorOf(() => parseBacsReport(text('good-addacs.xml'), { expectedKind: 'AUDDIS' })).problems[0]!.message).toBe(
      'This is an ADDACS report, not AUDDIS',
    )
  })

  it('uses a confirmed return code map, and refuses a map to a non-code', () => {
    const unknown = arudd.replace('returnDescription="REFER TO PAYER"', 'returnDescription="UNPAID"')
    expect(() => parseBacsReport(unknown)).toThrow(BacsReportError)
    const report = parseBacsReport(unknown, { returnCodeMap: { '0128': '0' } }) as AruddReport
    expect(report.items[0]!.reason.code).toBe('0')
    expect(report.items[0]!.returnDescription).toBe('UNPAID')
    expect(errorOf(() => parseBacsReport(unknown, { returnCodeMap: { '0128': 'Q' } })).problems[0]!.message).toContain('not an ARUDD reason code')
  })

  it('reads advice-type from the header and Smart Debit style <Header>', () => {
    const addacs = text('good-addacs.xml').replace('<MessagingHeader ', '<Header advice-type="ADDACS" ')
    expect(parseBacsReport(addacs).kind).toBe('ADDACS')
    const mislabelled = text('good-addacs.xml').replace('<MessagingHeader ', '<MessagingHeader advice-type="ARUCS" ')
    expect(errorOf(() => parseBacsReport(mislabelled)).problems[0]!.message).toContain('is not an ADDACS or AUDDIS report')
  })

  it('reads a rejected AUDDIS file with its error lines', () => {
    const rejected = `<?xml version="1.0"?>
<BACSDocument><Data><MessagingAdvices>
  <MessagingHeader user-number="123456" report-generation-date="2027-01-07"/>
  <MessagingAdvice user-number="123456" record-type="R" vol-serial-number="RV0043" originator-file-number="001" accepted-ddi="0" rejected-ddi="3" file-type="LIVE"/>
  <MessagingError line1="FILE REJECTED" line2="  CONTRA DOES NOT BALANCE " line10="SEE BACS"/>
</MessagingAdvices></Data></BACSDocument>`
    const report = parseBacsReport(rejected) as AuddisReport
    expect(report.files).toEqual([
      { recordType: 'R', volumeSerialNumber: 'RV0043', originatorFileNumber: '001', acceptedInstructions: 0, rejectedInstructions: 3, fileType: 'LIVE', errors: ['FILE REJECTED CONTRA DOES NOT BALANCE SEE BACS'] },
    ])
    expect(report.items).toEqual([])
  })

  it('refuses advices of mixed kinds, and an advice for another service user', () => {
    const mixed = text('good-addacs.xml').replace('record-type="A" aosn="00000005"', 'record-type="N" aosn="00000005"')
    expect(errorOf(() => parseBacsReport(mixed)).problems[0]!.field).toBe('MessagingAdvice@record-type')
    const other = text('good-addacs.xml').replace('user-number="123456" record-type="A" aosn="00000006"', 'user-number="999999" record-type="A" aosn="00000006"')
    expect(errorOf(() => parseBacsReport(other)).problems[0]).toMatchObject({ item: 3, field: 'MessagingAdvice@user-number' })
  })

  it('refuses a record type that does not belong to the declared report', () => {
    const addacs = text('good-addacs.xml').replace('<MessagingHeader ', '<MessagingHeader advice-type="ADDACS" ').replace('record-type="A" aosn="00000007"', 'record-type="N" aosn="00000007"')
    expect(errorOf(() => parseBacsReport(addacs)).problems[0]).toMatchObject({ item: 4, field: 'MessagingAdvice@record-type' })
    const auddis = text('good-auddis.xml').replace('<MessagingHeader ', '<MessagingHeader advice-type="AUDDIS" ').replace('record-type="N" reference="RNT404000012-01"', 'record-type="A" reference="RNT404000012-01"')
    expect(errorOf(() => parseBacsReport(auddis)).problems[0]).toMatchObject({ item: 2, field: 'MessagingAdvice@record-type' })
  })

  it('refuses ADDACS C without the new details', () => {
    const noNew = text('good-addacs.xml').replace(' payer-new-account-number="20212616" payer-new-sort-code="608301"', '')
    expect(errorOf(() => parseBacsReport(noNew)).problems[0]).toMatchObject({ item: 3, field: 'MessagingAdvice@payer-new-sort-code' })
  })

  it('treats attributes named like Object methods, and odd element names, safely', () => {
    const proto = arudd.replace('<Totals ', '<Totals toString="x" hasOwnProperty="y" ')
    expect(parseBacsReport(proto).kind).toBe('ARUDD')
    expect(errorOf(() => parseBacsReport('<BACSDocument><Data><constructor/></Data></BACSDocument>')).problems[0]!.field).toBe('xml')
    expect(errorOf(() => parseBacsReport('')).problems[0]!.message).toBe('The report is empty')
  })

  it('reads any amount of pounds exactly as pence', () => {
    const pounds = fc.tuple(fc.integer({ min: 0, max: 999_999_999 }), fc.integer({ min: 0, max: 99 })).filter(([p, q]) => p + q > 0)
    fc.assert(
      fc.property(fc.array(pounds, { minLength: 1, maxLength: 20 }), (amounts) => {
        const items = amounts
          .map(
            ([p, q], i) =>
              `<ReturnedDebitItem ref="REF${String(i).padStart(6, '0')}" transCode="17" returnCode="0128" returnDescription="REFER TO PAYER" originalProcessingDate="2027-01-05" valueOf="${p}.${String(q).padStart(2, '0')}" currency="GBP"><PayerAccount number="12345678" sortCode="11-22-33"/></ReturnedDebitItem>`,
          )
          .join('')
        const total = amounts.reduce((s, [p, q]) => s + p * 100 + q, 0)
        const xml = `<BACSDocument><Data><ARUDD><Header currentProcessingDate="2027-01-08"/><ServiceLicenseInformation userNumber="123456"/><Advice><OriginatingAccountRecords><OriginatingAccountRecord>${items}<Totals numberOf="${amounts.length}" valueOf="${Math.floor(total / 100)}.${String(total % 100).padStart(2, '0')}"/></OriginatingAccountRecord></OriginatingAccountRecords></Advice></ARUDD></Data></BACSDocument>`
        const report = parseBacsReport(xml) as AruddReport
        expect(report.items.map((i) => i.amountPence)).toEqual(amounts.map(([p, q]) => p * 100 + q))
        expect(report.totalPence).toBe(total)
        expect(report.reportId).toBe('ARUDD-123456-2027-01-08')
      }),
      { numRuns: 100 },
    )
  })
})
