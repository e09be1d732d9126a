import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Command } from 'commander'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { registerDirectDebit } from '../src/cli/commands/direct-debit.ts'
import { openConfiguredDb } from '../src/cli/context.ts'
import { parseStandard18File } from '../src/formats/bacs/standard18.ts'
import { makeTenancy } from './fixtures.ts'

// The Direct Debit commands as a user runs them, in process, on an embedded database in a temporary folder.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reeve-dd-cli-'))
const saved = { REEVE_DATA_DIR: process.env.REEVE_DATA_DIR, DATABASE_URL: process.env.DATABASE_URL }

async function reeve(...args: string[]): Promise<{ out: string; error: unknown }> {
  const program = new Command('reeve').exitOverride()
  const run = program.command('run')
  const imp = program.command('import')
  const report = program.command('report')
  registerDirectDebit(program, run, imp, report)
  const lines: string[] = []
  const spy = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => {
    lines.push(a.join(' '))
  })
  try {
    await program.parseAsync(['node', 'reeve', ...args])
    return { out: lines.join('\n'), error: null }
  } catch (error) {
    return { out: lines.join('\n'), error }
  } finally {
    spy.mockRestore()
  }
}

describe('reeve dd, run dd-collection, import bacs-report, report dd-year-end', () => {
  let account = ''
  let reference = ''
  const file = (name: string) => path.join(dataDir, name)

  beforeAll(async () => {
    process.env.REEVE_DATA_DIR = dataDir
    delete process.env.DATABASE_URL
    const db = await openConfiguredDb()
    try {
      account = (await makeTenancy(db, { startDate: '2026-11-02', charges: [{ chargeType: 'rent', weeklyPence: 9500 }] })).accountNumber
    } finally {
      await db.close()
    }
  }, 120_000)

  afterAll(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
    fs.rmSync(dataDir, { recursive: true, force: true })
  })

  it('refuses bad bank details naming each option, and an unknown frequency', async () => {
    const r = await reeve('dd', 'setup', account, '--sort-code', '30-94', '--account-number', '1', '--name', 'Jo', '--frequency', 'monthly', '--day', '1')
    expect(r.error).toMatchObject({ code: 'validation', message: expect.stringMatching(/Sort code must be 6 digits long; Account number must be between 6 and 8 digits/) })
    expect((r.error as { details: { field: string }[] }).details.map((d) => d.field)).toEqual(['--sort-code', '--account-number'])
    const f = await reeve('dd', 'setup', account, '--sort-code', '309430', '--account-number', '00733445', '--name', 'Jo', '--frequency', 'yearly', '--day', '1')
    expect(f.error).toMatchObject({ code: 'validation', message: expect.stringMatching(/--frequency/) })
  }, 60_000)

  it('sets up, shows (Guarantee, masked bank account), collects, imports an unpaid, amends, reports and cancels', async () => {
    const setup = await reeve('dd', 'setup', account, '--sort-code', '30-94-30', '--account-number', '00733445', '--name', "Jo O'Brien", '--frequency', 'weekly', '--day', 'monday', '--date', '2026-12-14')
    expect(setup.error).toBeNull()
    reference = /Direct Debit (RNT\d{9}-01) set up/.exec(setup.out)![1]!
    expect(setup.out).toMatch(/0N queued for the next collection run/)
    expect(setup.out).toMatch(/Bank account: 30-94-30 \*\*\*\*3445 JO OBRIEN/)
    expect(setup.out).toMatch(/Collects £95.00 every Monday \(or the next working day\)\. First collection 4 January 2027/)
    expect(setup.out).toMatch(/The Direct Debit Guarantee\n {2}- This Guarantee is offered by all banks/)

    const show = await reeve('dd', 'show', account, '--date', '2026-12-14')
    expect(show.out).toMatch(new RegExp(`${reference} {2}pending lodgement`))
    expect(show.out).toMatch(/The Direct Debit Guarantee/)
    const list = await reeve('dd', 'list')
    expect(list.out).toMatch(/\*\*\*\*3445/)
    for (const out of [setup.out, show.out, list.out]) expect(out).not.toContain('00733445')

    const lodge = await reeve('run', 'dd-collection', '--date', '2026-12-16', '--posting-date', '2026-12-14', '--output', file('lodge.txt'))
    expect(lodge.out).toMatch(/instructions 0N: 1/)
    expect(parseStandard18File(fs.readFileSync(file('lodge.txt'), 'utf8')).records.map((x) => x.transactionCode)).toEqual(['0N'])
    const first = await reeve('run', 'dd-collection', '--date', '2027-01-04', '--posting-date', '2026-12-31', '--output', file('first.txt'))
    expect(first.out).toMatch(/Collection run for 2027-01-04 \(processing day 2026-12-31, submit on 2026-12-30\): 1 collection\(s\) totalling £95.00 \(01: 1\)/)
    const again = await reeve('run', 'dd-collection', '--date', '2027-01-04', '--output', file('again.txt'))
    expect(again.out).toMatch(/Already run for 2027-01-04.*Nothing new was posted/)
    expect(fs.readFileSync(file('again.txt'), 'utf8')).toBe(fs.readFileSync(file('first.txt'), 'utf8'))
    const weekend = await reeve('run', 'dd-collection', '--date', '2027-01-09')
    expect(weekend.error).toMatchObject({ code: 'validation', message: expect.stringMatching(/not a working day/) })

    fs.writeFileSync(
      file('arudd.xml'),
      `<?xml version="1.0" encoding="UTF-8"?>
<BACSDocument><Data><ARUDD>
  <Header reportType="REFT1234" adviceNumber="007" currentProcessingDate="2027-01-06"/>
  <ServiceLicenseInformation userName="REEVESBY COUNCIL" userNumber="123456"/>
  <Advice><OriginatingAccountRecords><OriginatingAccountRecord>
    <ReturnedDebitItem ref="${reference}" transCode="01" returnCode="0" returnDescription="REFER TO PAYER" originalProcessingDate="2026-12-31" valueOf="95.00" currency="GBP">
      <PayerAccount number="00733445" name="JO OBRIEN" sortCode="309430"/>
    </ReturnedDebitItem>
    <Totals numberOf="1" valueOf="95.00"/>
  </OriginatingAccountRecord></OriginatingAccountRecords></Advice>
</ARUDD></Data></BACSDocument>`,
    )
    const imp = await reeve('import', 'bacs-report', file('arudd.xml'), '--date', '2027-01-06')
    expect(imp.error).toBeNull()
    expect(imp.out).toMatch(/ARUDD report ARUDD-123456-2027-01-06-007 \(2027-01-06\) applied.*\n1 unpaid reversed \(£95.00\); 1 re-presentation\(s\) planned; 1 officer task\(s\)\./)
    const twice = await reeve('import', 'bacs-report', file('arudd.xml'), '--date', '2027-01-07')
    expect(twice.error).toMatchObject({ code: 'conflict' })
    const tasks = await reeve('dd', 'tasks')
    expect(tasks.out).toMatch(/dd_unpaid .*\n.*re-presented on 2027-01-13/)

    const amend = await reeve('dd', 'amend', account, '--instalment', '5.00', '--date', '2027-01-06')
    expect(amend.out).toMatch(/Collections change from £95.00 to £100.00 from 2027-01-25 \(advance notice (\d+)\)/)
    const noticeId = /advance notice (\d+)\)/.exec(amend.out)![1]!
    const pdf = await reeve('dd', 'notice', noticeId, '--output', file('notice.pdf'))
    expect(pdf.out).toMatch(/written to/)
    expect(fs.readFileSync(file('notice.pdf')).subarray(0, 5).toString()).toBe('%PDF-')

    const adj = await reeve('run', 'dd-adjustments', '--effective-from', '2027-01-25', '--date', '2027-01-07', '--output-dir', file('letters'))
    expect(adj.out).toMatch(/Checked 1 Direct Debit\(s\): 0 re-planned/)

    const ye = await reeve('report', 'dd-year-end', '--date', '2027-01-06')
    expect(ye.out).toMatch(/Rent year 2026\/27 ends 2027-04-04/)
    expect(ye.out).toMatch(new RegExp(`${account} {2}${reference}`))

    const cancel = await reeve('dd', 'cancel', account, '--reason', 'Paying by card', '--date', '2027-01-20')
    expect(cancel.out).toMatch(/cancelled; \d+ planned collection\(s\) cancelled; 0C queued for the next collection run/)
  }, 240_000)
})
