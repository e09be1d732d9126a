import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isIsoDate } from '../../domain/calendar/index.ts'
import { formatPoundsPlain } from '../../domain/money/pence.ts'
import { COUNCIL_TAX_STAGES, CouncilTaxFileError, MAX_CT_BALANCE_PENCE, parseCouncilTaxFile, type CouncilTaxRow } from './index.ts'

const CORPUS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../test/corpus/council-tax')
const corpus = (name: string) => fs.readFileSync(path.join(CORPUS, name), 'utf8')
const TODAY = '2026-11-22'
const parse = (text: string) => parseCouncilTaxFile(text, { today: TODAY })

function problemsOf(f: () => unknown): CouncilTaxFileError {
  try {
    f()
  } catch (e) {
    if (e instanceof CouncilTaxFileError) return e
    throw e
  }
  throw new Error('Expected a CouncilTaxFileError but the file parsed')
}

describe('the good extract', () => {
  it('reads every account: BOM, CRLF, header names in any style, extra columns, both date styles, £ and commas, stage spellings', () => {
    const base = { title: null, forename: null, surname: null, organisation: null, partyRef: null }
    expect(parse(corpus('good-council-tax.csv'))).toEqual<CouncilTaxRow[]>([
      { ...base, line: 2, accountRef: 'CT00012345', title: 'Mrs', forename: 'Ann', surname: 'Example', propertyAddress: '4 Mill Lane, Reevesby RV2 3CD', balancePence: 41250, balanceDate: '2026-11-20', stage: 'final_notice', stageDate: '2026-10-30' },
      { ...base, line: 3, accountRef: 'CT00012346', title: 'Mr', forename: 'Bob', surname: 'Sample', propertyAddress: 'Flat 2, 9 High Street, Reevesby RV1 2AB', balancePence: 120400, balanceDate: '2026-11-20', stage: 'liability_order', stageDate: '2026-09-12' },
      { ...base, line: 4, accountRef: 'CT00012347', organisation: 'Reevesby Lettings Ltd', propertyAddress: 'Unit 5, Dock Road, Reevesby RV9 9ZZ', balancePence: -1200, balanceDate: '2026-11-20', stage: 'none', stageDate: null },
      { ...base, line: 5, accountRef: 'CT00012348', title: 'Ms', forename: 'Cat', surname: 'Person', propertyAddress: '22 Oak Road, Reevesby RV3 1QQ', balancePence: 0, balanceDate: '2026-11-20', stage: 'enforcement_agent', stageDate: '2026-11-02' },
    ])
  })
})

const expected = JSON.parse(corpus('expected-errors.json')) as Record<string, { line: number; field: string; message: string }>

describe('bad extracts', () => {
  it('has an expected error for every bad file, and a file for every expected error', () => {
    const bad = fs.readdirSync(CORPUS).filter((f) => f.startsWith('bad-') || f === 'empty.csv')
    expect(bad.sort()).toEqual(Object.keys(expected).sort())
  })

  it.each(Object.entries(expected))('%s', (name, e) => {
    const err = problemsOf(() => parse(corpus(name)))
    expect(err.problems[0]).toMatchObject({ line: e.line, field: e.field })
    expect(err.problems[0]!.message).toContain(e.message)
    expect(err.message).toContain(`line ${e.line}`)
    expect(err.toAppError().details[0]).toMatchObject({ line: e.line, field: e.field })
  })

  it('lists every bad line and field at once', () => {
    const text = [
      'account_ref,surname,property_address,balance,balance_date,stage,stage_date',
      'C1,Smith,1 Road,10.00,2026-11-20,reminder,2026-11-01',
      'CT1002,,,x,2026-13-01,summons,',
      'CT1003,Jones,3 Road,5.00,2026-11-20,nonsense,2026-11-01',
    ].join('\n')
    const err = problemsOf(() => parse(text))
    expect(err.problems.map((p) => [p.line, p.field])).toEqual([
      [2, 'account_ref'],
      [3, 'property_address'],
      [3, 'balance'],
      [3, 'balance_date'],
      [3, 'stage_date'],
      [3, 'surname'],
      [4, 'stage'],
    ])
    expect(err.message).toMatch(/^The council tax file has 7 problems\. The first is line 2, account_ref:/)
  })
})

// Fuzzing: nothing in a file may crash the parser or let a bad row through.
function parsesSafely(text: string): void {
  let rows: CouncilTaxRow[]
  try {
    rows = parse(text)
  } catch (e) {
    if (!(e instanceof CouncilTaxFileError)) throw e
    expect(e.problems.length).toBeGreaterThan(0)
    for (const p of e.problems) {
      expect(Number.isSafeInteger(p.line) && p.line >= 1).toBe(true)
      expect(p.field).not.toBe('')
      expect(p.message).not.toBe('')
    }
    return
  }
  expect(rows.length).toBeGreaterThan(0)
  const refs = new Set<string>()
  for (const r of rows) {
    expect(Number.isSafeInteger(r.balancePence) && Math.abs(r.balancePence) <= MAX_CT_BALANCE_PENCE).toBe(true)
    expect(isIsoDate(r.balanceDate) && r.balanceDate <= TODAY).toBe(true)
    expect(COUNCIL_TAX_STAGES).toContain(r.stage)
    if (r.stage !== 'none') expect(r.stageDate !== null && r.stageDate <= r.balanceDate).toBe(true)
    expect(refs.has(r.accountRef)).toBe(false)
    refs.add(r.accountRef)
    expect(r.surname ?? r.organisation ?? r.partyRef).toBeTruthy()
  }
}

const STRUCTURE = [',', '"', '\n', '\r', ' ', '-', '.', '/', '£', '0', '1', '9', 'CT', 'none', 'summons', '\uFEFF']

describe('fuzzing the council tax parser', () => {
  const good = corpus('good-council-tax.csv')
  it('never crashes on random text', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ unit: fc.constantFrom(...STRUCTURE), maxLength: 300 })), parsesSafely), { numRuns: 300 })
  })

  it('never crashes on a mutated good file', () => {
    const op = fc.record({ at: fc.nat(), kind: fc.constantFrom('insert', 'delete', 'replace'), text: fc.oneof(fc.constantFrom(...STRUCTURE), fc.string({ unit: 'binary', minLength: 1, maxLength: 3 })) })
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 6 }), (ops) => {
        let s = good
        for (const o of ops) {
          const i = o.at % (s.length + 1)
          s = o.kind === 'insert' ? s.slice(0, i) + o.text + s.slice(i) : o.kind === 'delete' ? s.slice(0, i) + s.slice(i + 1 + (o.at % 5)) : s.slice(0, i) + o.text + s.slice(i + o.text.length)
        }
        parsesSafely(s)
      }),
      { numRuns: 500 },
    )
  })

  it('reads back whatever a writer following the documented format writes', () => {
    const isoDate = fc.date({ min: new Date('2015-01-01T00:00:00Z'), max: new Date(`${TODAY}T00:00:00Z`), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10))
    const row = fc.record({
      ref: fc.string({ unit: fc.constantFrom(...'ABCDEFGHJK0123456789'), minLength: 3, maxLength: 20 }),
      surname: fc.string({ unit: fc.constantFrom(...'abcdefg \'-'), minLength: 1, maxLength: 20 }).map((s) => `X${s.trim()}`),
      address: fc.string({ unit: fc.constantFrom(...'abc 12,"'), minLength: 0, maxLength: 30 }).map((s) => `1 ${s.trim()}`.trim()),
      balance: fc.integer({ min: -MAX_CT_BALANCE_PENCE, max: MAX_CT_BALANCE_PENCE }),
      dates: fc.tuple(isoDate, isoDate),
      stage: fc.constantFrom(...COUNCIL_TAX_STAGES),
    })
    fc.assert(
      fc.property(fc.uniqueArray(row, { minLength: 1, maxLength: 15, selector: (r) => r.ref }), fc.boolean(), (rows, crlf) => {
        const q = (s: string) => `"${s.replace(/"/g, '""')}"`
        const lines = ['account_ref,surname,property_address,balance,balance_date,stage,stage_date']
        for (const r of rows) {
          const [a, b] = r.dates.sort()
          lines.push([r.ref, q(r.surname), q(r.address), formatPoundsPlain(r.balance), b, r.stage, r.stage === 'none' ? '' : a].join(','))
        }
        const parsed = parse(lines.join(crlf ? '\r\n' : '\n'))
        expect(parsed.map((p) => [p.accountRef, p.surname, p.propertyAddress, p.balancePence, p.stage])).toEqual(rows.map((r) => [r.ref, r.surname, r.address, r.balance, r.stage]))
      }),
      { numRuns: 200 },
    )
  })
})
