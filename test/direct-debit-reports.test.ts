import { beforeAll, expect, it } from 'vitest'
import type { Db } from '../src/db/client.ts'
import { parseStandard18File } from '../src/formats/bacs/standard18.ts'
import { runDdCollection } from '../src/jobs/dd-collection-run.ts'
import { cliActor } from '../src/services/actor.ts'
import { getAdvanceNotice } from '../src/services/direct-debit/advance-notice.ts'
import { getMandateDetail } from '../src/services/direct-debit/get-mandate.ts'
import { importBacsReport } from '../src/services/direct-debit/import-bacs-report.ts'
import { listOfficerTasks } from '../src/services/direct-debit/officer-tasks.ts'
import { setUpMandate, type SetUpMandateResult } from '../src/services/direct-debit/set-up-mandate.ts'
import { describeEachDb } from './databases.ts'
import { balanceOf, controlAccountId, makeTenancy, type TenancyFixture } from './fixtures.ts'

// Bacs reports in their XML form, written for these tests in the shapes src/formats/bacs/bacs-reports.ts reads.

const pounds = (p: number) => `${Math.floor(p / 100)}.${String(p % 100).padStart(2, '0')}`

interface Returned {
  ref: string
  code: string
  returnCode: string
  description: string
  processed: string
  pence: number
}

function arudd(advice: string, date: string, items: Returned[]): string {
  const total = items.reduce((s, i) => s + i.pence, 0)
  return `<?xml version="1.0" encoding="UTF-8"?>
<BACSDocument>
  <Data>
    <ARUDD>
      <Header reportType="REFT1234" adviceNumber="${advice}" currentProcessingDate="${date}"/>
      <AddresseeInformation name="REEVESBY COUNCIL"/>
      <ServiceLicenseInformation userName="REEVESBY COUNCIL" userNumber="123456"/>
      <Advice>
        <OriginatingAccountRecords>
          <OriginatingAccountRecord>
            <OriginatingAccount name="REEVESBY COUNCIL" number="12345678" sortCode="60-16-13" type="0"/>
${items
  .map(
    (i) => `            <ReturnedDebitItem ref="${i.ref}" transCode="${i.code}" returnCode="${i.returnCode}" returnDescription="${i.description}" originalProcessingDate="${i.processed}" valueOf="${pounds(i.pence)}" currency="GBP">
              <PayerAccount number="00733445" ref="${i.ref}" name="MS JO OBRIEN" sortCode="30-94-30"/>
            </ReturnedDebitItem>`,
  )
  .join('\n')}
            <Totals numberOf="${items.length}" valueOf="${pounds(total)}" currency="GBP"/>
          </OriginatingAccountRecord>
        </OriginatingAccountRecords>
      </Advice>
    </ARUDD>
  </Data>
</BACSDocument>
`
}

function messagingAdvices(date: string, sequence: string, advices: Record<string, string>[], errors = ''): string {
  const attrs = (a: Record<string, string>) => Object.entries(a).map(([k, v]) => `${k}="${v}"`).join(' ')
  return `<?xml version="1.0" encoding="UTF-8"?>
<BACSDocument>
  <Data>
    <MessagingAdvices>
      <MessagingHeader user-number="123456" user-name="REEVESBY COUNCIL" report-generation-date="${date}" envelope-sequence-number="${sequence}"/>
${advices.map((a) => `      <MessagingAdvice user-number="123456" ${attrs(a)}/>`).join('\n')}
${errors}
    </MessagingAdvices>
  </Data>
</BACSDocument>
`
}

const payer = { 'payer-name': 'MS JO OBRIEN', 'payer-account-number': '00733445', 'payer-sort-code': '309430' }

const BANK = { sortCode: '30-94-30', accountNumber: '00733445', accountName: "Ms Jo O'Brien" }

function tenancy(db: Db): Promise<TenancyFixture> {
  return makeTenancy(db, { startDate: '2026-11-02', charges: [{ chargeType: 'rent', weeklyPence: 10000 }, { chargeType: 'service_charge', weeklyPence: 1000 }] })
}

async function snapshot(db: Db) {
  const [r] = await db.query<Record<string, number>>(
    `select (select count(*) from payment_reversals)::int as reversals, (select count(*) from postings)::int as postings,
       (select count(*) from officer_tasks)::int as tasks, (select count(*) from dd_mandate_events)::int as events,
       (select count(*) from bacs_reports)::int as reports, (select count(*) from dd_collections where status = 'unpaid')::int as unpaid,
       (select count(*) from dd_advance_notices)::int as notices`,
  )
  return r!
}

async function collectionOf(db: Db, mandateId: number, date: string) {
  const [c] = await db.query<{ id: number; status: string; transaction_code: string | null; unpaid_reason_code: string | null; amount_pence: number }>(
    'select id, status, transaction_code, unpaid_reason_code, amount_pence from dd_collections where mandate_id = $1 and collection_date = $2 order by id',
    [mandateId, date],
  )
  return c
}

describeEachDb('Bacs reports: ARUDD unpaid Direct Debits', (ctx) => {
  let a: TenancyFixture
  let b: TenancyFixture
  let ma: SetUpMandateResult
  let mb: SetUpMandateResult
  const AMOUNT = 47667 // £110 a week × 52 ÷ 12

  beforeAll(async () => {
    a = await tenancy(ctx.db)
    b = await tenancy(ctx.db)
    ma = await setUpMandate(ctx.db, { account: a.accountNumber, ...BANK, frequency: 'monthly', day: 1, today: '2026-12-01', actor: cliActor })
    mb = await setUpMandate(ctx.db, { account: b.accountNumber, ...BANK, frequency: 'monthly', day: 1, today: '2026-12-01', actor: cliActor })
    await runDdCollection(ctx.db, { date: '2026-12-03', postingDate: '2026-12-01' })
    // Fri 1 Jan 2027 is a bank holiday: collected Mon 4 Jan, processed Thu 31 Dec.
    const run = await runDdCollection(ctx.db, { date: '2027-01-04', postingDate: '2026-12-31' })
    expect(run.totalPence).toBe(2 * AMOUNT)
  })

  it('reverses each unpaid and tells the officer; re-presents ARUDD 0 with code 18 after notice; stops the mandate on ARUDD 1', async () => {
    const report = arudd('001', '2027-01-06', [
      { ref: ma.ddiReference, code: '01', returnCode: '0128', description: 'REFER TO PAYER', processed: '2026-12-31', pence: AMOUNT },
      { ref: mb.ddiReference, code: '01', returnCode: '1012', description: 'INSTRUCTION CANCELLED', processed: '2026-12-31', pence: AMOUNT },
    ])
    const r = await importBacsReport(ctx.db, { content: report, fileName: 'arudd-001.xml', today: '2027-01-06', actor: cliActor })
    expect(r).toMatchObject({ kind: 'ARUDD', reportId: 'ARUDD-123456-2027-01-06-001' })
    expect(r.summary).toMatchObject({ items: 2, reversed: 2, reversedPence: 2 * AMOUNT, representations: 1, cancelled: 1, tasks: 2 })

    // The postings are reversed: both accounts and the Direct Debit receipts back where they were.
    expect(await balanceOf(ctx.db, a.accountId)).toBe(0)
    expect(await balanceOf(ctx.db, b.accountId)).toBe(0)
    expect(await balanceOf(ctx.db, await controlAccountId(ctx.db, 'GL-RECEIPTS-DIRECT_DEBIT'))).toBe(0)
    const reversals = await ctx.db.query<{ reason: string; effective_date: string }>(
      'select r.reason, t.effective_date from payment_reversals r join ledger_transactions t on t.id = r.transaction_id order by r.id',
    )
    expect(reversals).toEqual([
      { reason: 'direct_debit_unpaid', effective_date: '2027-01-06' },
      { reason: 'direct_debit_unpaid', effective_date: '2027-01-06' },
    ])
    expect(await collectionOf(ctx.db, ma.mandateId, '2027-01-04')).toMatchObject({ status: 'unpaid', unpaid_reason_code: '0', transaction_code: '01' })
    expect(await collectionOf(ctx.db, mb.mandateId, '2027-01-04')).toMatchObject({ status: 'unpaid', unpaid_reason_code: '1' })

    // ARUDD 0: re-presented once, 5 working days after today (Wed 13 Jan), within a month of the original processing day.
    const rep = await collectionOf(ctx.db, ma.mandateId, '2027-01-13')
    expect(rep).toMatchObject({ status: 'planned', transaction_code: '18', amount_pence: AMOUNT })
    const tasks = await listOfficerTasks(ctx.db)
    const ta = tasks.find((t) => t.accountId === a.accountId)!
    expect(ta).toMatchObject({ kind: 'dd_unpaid', status: 'open', dueOn: '2027-01-08' })
    expect(ta.summary).toMatch(/returned unpaid: ARUDD 0 \(Refer to payer\)\. It will be re-presented on 2027-01-13/)
    const notice = await getAdvanceNotice(ctx.db, ta.details.representationNoticeId as number)
    expect(notice).toMatchObject({ kind: 'representation', frequency: 'once', firstCollectionDate: '2027-01-13', earliestCollection: '2027-01-13', amountPence: AMOUNT })

    // ARUDD 1: the instruction is cancelled at the bank: no re-presentation, mandate cancelled, and no 0C to send.
    const tb = tasks.find((t) => t.accountId === b.accountId)!
    expect(tb.kind).toBe('dd_cancelled')
    expect(tb.details).not.toHaveProperty('representationDate')
    const db_ = (await getMandateDetail(ctx.db, b.accountNumber, '2027-01-06')).mandates[0]!
    expect(db_).toMatchObject({ status: 'cancelled', cancelledOn: '2027-01-06', cancelReason: 'ARUDD 1: Instruction cancelled' })
    expect(db_.instructions.map((i) => i.code)).toEqual(['0N'])
    expect(db_.collections.filter((c) => c.status === 'planned')).toEqual([])

    // The re-presentation goes in the file for its date with code 18 and is posted again.
    const run = await runDdCollection(ctx.db, { date: '2027-01-13', postingDate: '2027-01-11' })
    expect(parseStandard18File(run.content!).records.map((x) => [x.reference, x.transactionCode, x.amountPence])).toEqual([[ma.ddiReference, '18', AMOUNT]])
    expect(await balanceOf(ctx.db, a.accountId)).toBe(-AMOUNT)
  })

  it('refuses the same report a second time, by content or by its Bacs identity, applying nothing', async () => {
    const report = arudd('001', '2027-01-06', [
      { ref: ma.ddiReference, code: '01', returnCode: '0128', description: 'REFER TO PAYER', processed: '2026-12-31', pence: AMOUNT },
      { ref: mb.ddiReference, code: '01', returnCode: '1012', description: 'INSTRUCTION CANCELLED', processed: '2026-12-31', pence: AMOUNT },
    ])
    const before = await snapshot(ctx.db)
    await expect(importBacsReport(ctx.db, { content: report, fileName: 'again.xml', today: '2027-01-14', actor: cliActor })).rejects.toThrow(
      /already imported \(report \d+, arudd-001.xml, .*\): same content\. Nothing was applied/,
    )
    await expect(importBacsReport(ctx.db, { content: report.replace('<Data>', '<Data>\n'), fileName: 'again.xml', today: '2027-01-14', actor: cliActor })).rejects.toThrow(
      /same report ARUDD-123456-2027-01-06-001\. Nothing was applied/,
    )
    expect(await snapshot(ctx.db)).toEqual(before)
  })

  it('applies nothing from a malformed report, or one naming an unknown reference or a collection that was not made', async () => {
    const before = await snapshot(ctx.db)
    const good = { ref: ma.ddiReference, code: '18', returnCode: '0128', description: 'REFER TO PAYER', processed: '2027-01-12', pence: AMOUNT }
    const malformed = arudd('002', '2027-01-15', [good]).replace('</ARUDD>', '')
    await expect(importBacsReport(ctx.db, { content: malformed, fileName: 'bad.xml', today: '2027-01-15', actor: cliActor })).rejects.toMatchObject({
      code: 'validation',
      message: expect.stringMatching(/The Bacs report has a problem/),
    })
    const unknownRecord = arudd('002', '2027-01-15', [good]).replace('<Totals', '<Surprise/>\n<Totals')
    await expect(importBacsReport(ctx.db, { content: unknownRecord, fileName: 'bad.xml', today: '2027-01-15', actor: cliActor })).rejects.toThrow(/Unknown record <Surprise>/)
    const unknownRef = arudd('002', '2027-01-15', [good, { ...good, ref: 'RNT999999999-01' }])
    const err = await importBacsReport(ctx.db, { content: unknownRef, fileName: 'bad.xml', today: '2027-01-15', actor: cliActor }).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'validation', message: expect.stringMatching(/Item 2: no Direct Debit has the reference "RNT999999999-01".*Nothing was applied/) })
    expect((err as { details: { field: string }[] }).details.map((d) => d.field)).toEqual(['items[1].reference'])
    const wrongAmount = arudd('002', '2027-01-15', [good, { ...good, ref: mb.ddiReference, code: '17', pence: 100 }])
    await expect(importBacsReport(ctx.db, { content: wrongAmount, fileName: 'bad.xml', today: '2027-01-15', actor: cliActor })).rejects.toThrow(
      /Item 2: no 17 collection of £1.00 processed on 2027-01-12 for RNT\d{9}-01/,
    )
    expect(await snapshot(ctx.db)).toEqual(before)
    expect(await collectionOf(ctx.db, ma.mandateId, '2027-01-13')).toMatchObject({ status: 'collected' })

    // The re-presentation itself comes back: reversed, but never re-presented again.
    const r = await importBacsReport(ctx.db, { content: arudd('002', '2027-01-15', [good]), fileName: 'arudd-002.xml', today: '2027-01-15', actor: cliActor })
    expect(r.summary).toMatchObject({ reversed: 1, representations: 0 })
    const task = (await listOfficerTasks(ctx.db, { accountId: a.accountId })).at(-1)!
    expect(task.summary).toMatch(/cannot be re-presented: A re-presented collection may not be re-presented again/)
    expect(await balanceOf(ctx.db, a.accountId)).toBe(0)
  })
})

describeEachDb('Bacs reports: ADDACS amendments and cancellations', (ctx) => {
  const m: Record<string, { t: TenancyFixture; r: SetUpMandateResult }> = {}

  beforeAll(async () => {
    for (const k of ['cancelled', 'transferred', 'deceased', 'branch']) {
      const t = await tenancy(ctx.db)
      m[k] = { t, r: await setUpMandate(ctx.db, { account: t.accountNumber, ...BANK, frequency: 'weekly', day: 1, today: '2026-12-14', actor: cliActor }) }
    }
    await runDdCollection(ctx.db, { date: '2026-12-16', postingDate: '2026-12-14' })
    await runDdCollection(ctx.db, { date: '2027-01-04', postingDate: '2026-12-31' })
  })

  it('cancels, relodges a transferred account with a 0N (no 0C), stops for a death, and updates a branch transfer; a task for each', async () => {
    const report = messagingAdvices('2027-01-06', '00000003', [
      { 'record-type': 'A', aosn: '00000004', 'effective-date': '2027-01-06', reference: m.cancelled!.r.ddiReference, ...payer, 'reason-code': '1' },
      { 'record-type': 'A', aosn: '00000005', 'effective-date': '2027-01-06', reference: m.transferred!.r.ddiReference, ...payer, 'reason-code': '3', 'payer-new-account-number': '66880022', 'payer-new-sort-code': '08-60-01' },
      { 'record-type': 'A', aosn: '00000006', 'effective-date': '2027-01-06', reference: m.deceased!.r.ddiReference, ...payer, 'reason-code': '2' },
      { 'record-type': 'A', aosn: '00000007', 'effective-date': '2027-01-06', reference: m.branch!.r.ddiReference, ...payer, 'reason-code': 'C', 'payer-new-account-number': '20212616', 'payer-new-sort-code': '608301' },
    ])
    const r = await importBacsReport(ctx.db, { content: Buffer.from(report), fileName: 'addacs.xml', today: '2027-01-06', actor: cliActor })
    expect(r.summary).toMatchObject({ items: 4, cancelled: 2, relodged: 1, bankDetailsUpdated: 1, tasks: 4, reversed: 0 })
    const show = async (k: string) => (await getMandateDetail(ctx.db, m[k]!.t.accountNumber, '2027-01-06')).mandates[0]!

    const cancelled = await show('cancelled')
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: 'ADDACS 1: Instruction cancelled by payer' })
    expect(cancelled.instructions.map((i) => i.code)).toEqual(['0N']) // the bank cancelled it: no 0C
    expect(cancelled.collections.filter((c) => c.status === 'planned')).toEqual([])

    // Transferred with new details: update and lodge at the new bank with a 0N; never a 0C to the old one (since 2013).
    const moved = await show('transferred')
    expect(moved).toMatchObject({ status: 'pending_lodgement', sortCode: '08-60-01', accountNumberMasked: '****0022' })
    expect(moved.instructions.map((i) => [i.code, i.status])).toEqual([
      ['0N', 'submitted'],
      ['0N', 'pending'],
    ])
    // The new 0N reaches the bank on Fri 8 Jan at the earliest: Mon 11 Jan is too soon and is cancelled.
    expect(moved.collections.find((c) => c.date === '2027-01-11')).toMatchObject({ status: 'cancelled' })
    expect(moved.collections.find((c) => c.date === '2027-01-18')).toMatchObject({ status: 'planned' })

    expect(await show('deceased')).toMatchObject({ status: 'cancelled', cancelReason: 'ADDACS 2: Payer deceased' })
    const branch = await show('branch')
    expect(branch).toMatchObject({ status: 'active', sortCode: '60-83-01', accountNumberMasked: '****2616' })
    expect(branch.instructions.map((i) => i.code)).toEqual(['0N']) // no 0C/0N pair for a branch transfer
    expect(branch.events.at(-1)).toMatchObject({ event: 'bank_details_changed', source: `bacs_report:${r.id}` })
    expect(JSON.stringify(branch.events)).not.toContain('20212616')

    const kinds = (await listOfficerTasks(ctx.db)).map((t) => [t.accountNumber, t.kind])
    expect(kinds).toEqual(
      expect.arrayContaining([
        [m.cancelled!.t.accountNumber, 'dd_cancelled'],
        [m.transferred!.t.accountNumber, 'dd_account_transferred'],
        [m.deceased!.t.accountNumber, 'payer_deceased'],
        [m.branch!.t.accountNumber, 'dd_amended'],
      ]),
    )

    // The next collection run lodges the new instruction with the new details.
    const run = await runDdCollection(ctx.db, { date: '2027-01-08', postingDate: '2027-01-06' })
    expect(parseStandard18File(run.content!).records.map((x) => [x.transactionCode, x.reference, x.sortCode, x.accountNumber])).toEqual([
      ['0N', m.transferred!.r.ddiReference, '086001', '66880022'],
    ])
  })

  it('suspends on a disputed advance notice and restarts a reinstated instruction after a new notice', async () => {
    const report = messagingAdvices('2027-01-12', '00000004', [
      { 'record-type': 'A', aosn: '00000008', 'effective-date': '2027-01-12', reference: m.branch!.r.ddiReference, ...payer, 'reason-code': 'D' },
      { 'record-type': 'A', aosn: '00000009', 'effective-date': '2027-01-12', reference: m.cancelled!.r.ddiReference, ...payer, 'reason-code': 'R' },
    ])
    const r = await importBacsReport(ctx.db, { content: report, fileName: 'addacs-2.xml', today: '2027-01-12', actor: cliActor })
    expect(r.summary).toMatchObject({ suspended: 1, reinstated: 1, tasks: 2 })
    const branch = (await getMandateDetail(ctx.db, m.branch!.t.accountNumber, '2027-01-12')).mandates[0]!
    expect(branch.status).toBe('suspended')
    expect(branch.collections.filter((c) => c.status === 'planned')).toEqual([])
    const back = (await getMandateDetail(ctx.db, m.cancelled!.t.accountNumber, '2027-01-12')).mandates[0]!
    expect(back).toMatchObject({ status: 'active', cancelledOn: null })
    // A fresh notice: 10 working days from Tue 12 Jan is Tue 26 Jan; the Monday collections start on 1 Feb.
    expect(back.notices.at(-1)).toMatchObject({ kind: 'resume', firstCollection: '2027-02-01' })
    expect(back.collections.filter((c) => c.status === 'planned')[0]).toMatchObject({ date: '2027-02-01' })
    expect(back.events.map((e) => e.event).slice(-2)).toEqual(['cancelled', 'reinstated'])
  })
})

describeEachDb('Bacs reports: AUDDIS rejections', (ctx) => {
  it('marks the mandate failed when its 0N is rejected, with a task, and reports a rejected file', async () => {
    const t = await tenancy(ctx.db)
    const r = await setUpMandate(ctx.db, { account: t.accountNumber, ...BANK, frequency: 'weekly', day: 2, today: '2026-12-14', actor: cliActor })
    const lodge = await runDdCollection(ctx.db, { date: '2026-12-16', postingDate: '2026-12-14' })
    const serial = parseStandard18File(lodge.content!).fileSerial
    const report = messagingAdvices('2026-12-17', '00000011', [
      { 'record-type': 'V', 'vol-serial-number': serial, 'originator-file-number': '001', 'accepted-ddi': '0', 'rejected-ddi': '1', 'file-type': 'LIVE' },
      { 'record-type': 'N', reference: r.ddiReference, ...payer, 'reason-code': '5', 'transaction-code': '0N', 'effective-date': '2026-12-17' },
    ])
    // An instruction the council never sent cannot be rejected: refused whole.
    const stray = messagingAdvices('2026-12-17', '00000012', [{ 'record-type': 'N', reference: r.ddiReference, ...payer, 'reason-code': '5', 'transaction-code': '0C' }])
    await expect(importBacsReport(ctx.db, { content: stray, fileName: 'auddis-x.xml', today: '2026-12-17', actor: cliActor })).rejects.toThrow(/no 0C instruction awaiting a reply/)

    const res = await importBacsReport(ctx.db, { content: report, fileName: 'auddis.xml', today: '2026-12-17', actor: cliActor })
    expect(res).toMatchObject({ kind: 'AUDDIS', summary: { items: 1, failed: 1, tasks: 1 } })
    const d = (await getMandateDetail(ctx.db, t.accountNumber, '2026-12-17')).mandates[0]!
    expect(d.status).toBe('failed')
    expect(d.instructions).toEqual([{ code: '0N', status: 'rejected', requestedOn: '2026-12-14', runDate: '2026-12-16' }])
    expect(d.collections.filter((c) => c.status === 'planned')).toEqual([])
    const [task] = await listOfficerTasks(ctx.db, { accountId: t.accountId })
    expect(task).toMatchObject({ kind: 'dd_instruction_rejected' })
    expect(task!.summary).toMatch(/0N rejected, AUDDIS 5: No account/)
    // A failed mandate leaves the account free for a new instruction.
    await expect(setUpMandate(ctx.db, { account: t.accountNumber, ...BANK, sortCode: '201234', frequency: 'weekly', day: 2, today: '2026-12-18', actor: cliActor })).resolves.toMatchObject({
      ddiReference: r.ddiReference.replace(/-01$/, '-02'),
    })

    const rejectedFile = messagingAdvices(
      '2026-12-18',
      '00000013',
      [{ 'record-type': 'R', 'vol-serial-number': serial, 'originator-file-number': '001', 'file-type': 'LIVE' }],
      '      <MessagingError line1="FILE REJECTED" line2="CONTRA RECORD MISSING"/>',
    )
    const rf = await importBacsReport(ctx.db, { content: rejectedFile, fileName: 'auddis-r.xml', today: '2026-12-18', actor: cliActor })
    expect(rf.summary.tasks).toBe(1)
    const fileTask = (await listOfficerTasks(ctx.db)).find((x) => x.kind === 'dd_file_rejected')!
    expect(fileTask).toMatchObject({ accountId: null })
    expect(fileTask.summary).toMatch(new RegExp(`Bacs rejected the AUDDIS file ${serial} \\(collection run 2026-12-16\\): FILE REJECTED CONTRA RECORD MISSING`))
  })
})
