import { expect, it } from 'vitest'
import type { Db } from '../src/db/client.ts'
import { extractPdfText } from '../src/documents/statement-fixture.test-helper.ts'
import { parseStandard18File } from '../src/formats/bacs/standard18.ts'
import { runDdAdjustments } from '../src/jobs/dd-adjustments.ts'
import { runDdCollection } from '../src/jobs/dd-collection-run.ts'
import { runRentDebits } from '../src/jobs/rent-debit-run.ts'
import { cliActor } from '../src/services/actor.ts'
import { applyRentChange } from '../src/services/charges/apply-rent-change.ts'
import { getAdvanceNotice } from '../src/services/direct-debit/advance-notice.ts'
import { renderAdvanceNoticePdf } from '../src/services/direct-debit/advance-notice-pdf.ts'
import { amendMandate } from '../src/services/direct-debit/amend-mandate.ts'
import { cancelMandate } from '../src/services/direct-debit/cancel-mandate.ts'
import { getMandateDetail, listMandates } from '../src/services/direct-debit/get-mandate.ts'
import { listOfficerTasks } from '../src/services/direct-debit/officer-tasks.ts'
import { setUpMandate, type SetUpMandateOptions } from '../src/services/direct-debit/set-up-mandate.ts'
import { ddYearEndCheck } from '../src/services/direct-debit/year-end-check.ts'
import { receiptPayment } from '../src/services/payments/receipt-payment.ts'
import { describeEachDb } from './databases.ts'
import { balanceOf, controlAccountId, makeTenancy } from './fixtures.ts'

// Calendar notes (England and Wales): Fri 25 and Mon 28 Dec 2026, Fri 1 Jan 2027 and Mon 3 May 2027 are bank holidays.

const BANK = { sortCode: '30-94-30', accountNumber: '00733445', accountName: "Ms Jo O'Brien" }

function tenancy(db: Db, weekly = 11000, startDate = '2026-11-02') {
  return makeTenancy(db, { startDate, charges: [{ chargeType: 'rent', weeklyPence: weekly - 1000 }, { chargeType: 'service_charge', weeklyPence: 1000 }] })
}

function setUp(db: Db, account: string, o: Partial<SetUpMandateOptions> = {}) {
  return setUpMandate(db, { account, ...BANK, frequency: 'weekly', day: 1, today: '2026-12-14', actor: cliActor, ...o })
}

async function collectionsOf(db: Db, mandateId: number) {
  return db.query<{ collection_date: string; amount_pence: number; transaction_code: string | null; status: string }>(
    'select collection_date, amount_pence, transaction_code, status from dd_collections where mandate_id = $1 order by collection_date, id',
    [mandateId],
  )
}

async function instructionsOf(db: Db, mandateId: number) {
  return db.query<{ code: string; status: string; sort_code: string; account_number: string }>(
    'select code, status, sort_code, account_number from dd_instructions where mandate_id = $1 order by id',
    [mandateId],
  )
}

const count = async (db: Db, table: string) => (await db.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0]!.n

describeEachDb('Direct Debit: setting up a mandate', (ctx) => {
  it('refuses bad bank details with a clear message per field, and sets nothing up', async () => {
    const t = await tenancy(ctx.db)
    const err = await setUp(ctx.db, t.accountNumber, { sortCode: '30-94', accountNumber: '12AB', accountName: 'J Sm@th' }).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'validation' })
    expect((err as Error).message).toMatch(/bank details are not valid: Sort code must be 6 digits long; Enter an account number like 00733445; Name on the account must only include/)
    expect((err as { details: { field: string }[] }).details.map((d) => d.field)).toEqual(['--sort-code', '--account-number', '--name'])
    await expect(setUp(ctx.db, t.accountNumber, { accountNumber: '1234567890' })).rejects.toThrow(/Account number must be between 6 and 8 digits/)
    await expect(setUp(ctx.db, t.accountNumber, { frequency: 'monthly', day: 2 })).rejects.toThrow(/monthly Direct Debit is collected on 1 \(1st of the month\), 8/)
    await expect(setUp(ctx.db, t.accountNumber, { frequency: 'weekly', day: 6 })).rejects.toThrow(/weekly Direct Debit is collected on 1 \(Monday\)/)
    await expect(setUp(ctx.db, t.accountNumber, { frequency: 'yearly' })).rejects.toThrow(/frequency must be one of monthly/)
    await expect(setUp(ctx.db, t.accountNumber, { noticeWorkingDays: 2 })).rejects.toThrow(/at least 3 working days/)
    await expect(setUp(ctx.db, 'RNT9999999')).rejects.toThrow(/No customer account RNT9999999/)
    expect(await count(ctx.db, 'dd_mandates')).toBe(0)
  })

  it('sets up a paperless weekly mandate: 0N queued, first collection after 10 working days of notice across the Christmas bank holidays', async () => {
    const t = await tenancy(ctx.db)
    const r = await setUp(ctx.db, t.accountNumber)
    // Notice given Mon 14 Dec 2026: 10 working days, skipping Fri 25 and Mon 28 Dec, is Wed 30 Dec (without the bank
    // holidays it would be Mon 28 Dec). Monday collections: 28 Dec is a bank holiday (→ Tue 29 Dec, still too early),
    // so the first is Mon 4 Jan 2027.
    expect(r.earliestAllowed.byNotice).toBe('2026-12-30')
    expect(r.collections.map((c) => c.date)).toEqual(['2027-01-04', '2027-01-11', '2027-01-18', '2027-01-25', '2027-02-01', '2027-02-08'])
    expect(r).toMatchObject({ amountPence: 11000, instruction: '0N', accountName: 'MS JO OBRIEN' })
    expect(r.ddiReference).toMatch(/^RNT\d{9}-01$/)
    expect(r.guarantee.heading).toBe('The Direct Debit Guarantee')
    expect(r.guarantee.paragraphs.join(' ')).toMatch(/REEVESBY COUNCIL will notify you 10 working days in advance.*full and immediate refund.*cancel a Direct Debit at any time/)
    expect(await instructionsOf(ctx.db, r.mandateId)).toEqual([{ code: '0N', status: 'pending', sort_code: '309430', account_number: '00733445' }])

    const notice = await getAdvanceNotice(ctx.db, r.noticeId)
    expect(notice).toMatchObject({ kind: 'new_mandate', producedOn: '2026-12-14', firstCollectionDate: '2027-01-04', earliestCollection: '2026-12-30', constraintSatisfied: true, amountPence: 11000, frequency: 'weekly' })
    expect(notice.content.paragraphs.join(' ')).toMatch(/We will collect £110.00 every Monday \(or the next working day\).*first payment will be collected on 4 January 2027/)
    expect(notice.content.bank).toEqual({ sortCode: '30-94-30', accountNumber: '****3445' })
    const pdf = await renderAdvanceNoticePdf(notice, { councilName: 'Borough of Reevesby Council' })
    const text = extractPdfText(pdf).text
    for (const s of ['Advance notice of your Direct Debit payments', r.ddiReference, '£110.00', 'The Direct Debit Guarantee', 'full and immediate refund']) expect(text).toContain(s)

    const planned = await collectionsOf(ctx.db, r.mandateId)
    expect(planned[0]).toEqual({ collection_date: '2027-01-04', amount_pence: 11000, transaction_code: null, status: 'planned' })
    expect(planned.every((c) => c.collection_date >= '2027-01-04')).toBe(true)
    await expect(setUp(ctx.db, t.accountNumber)).rejects.toThrow(/already has a Direct Debit \(RNT\d{9}-01, pending lodgement\)/)

    // Bank details are personal financial data: never in full outside the mandate and its instructions.
    const detail = await getMandateDetail(ctx.db, t.accountNumber, '2026-12-14')
    expect(detail.mandates[0]).toMatchObject({ status: 'pending_lodgement', accountNumberMasked: '****3445', sortCode: '30-94-30', pattern: 'every Monday (or the next working day)' })
    expect(detail.guarantee.paragraphs).toHaveLength(5)
    const leaks = await ctx.db.query<{ n: number }>(
      `select (select count(*) from audit_events where coalesce(after::text, '') || coalesce(before::text, '') like '%00733445%')::int
            + (select count(*) from dd_mandate_events where details::text like '%00733445%')::int
            + (select count(*) from dd_advance_notices where content::text like '%00733445%')::int as n`,
    )
    expect(leaks[0]!.n).toBe(0)
    expect(JSON.stringify(detail)).not.toContain('00733445')
    expect((await listMandates(ctx.db)).map((m) => m.accountNumberMasked)).toEqual(['****3445'])
  })

  it('sets up a monthly paper mandate on the 1st, moved past the New Year bank holiday, with an instalment; and converts an existing paper instruction with 0S', async () => {
    const t = await tenancy(ctx.db, 10000)
    const r = await setUp(ctx.db, t.accountNumber, { frequency: 'monthly', day: 1, paper: true, instalmentPence: 500, today: '2026-12-01' })
    // 10000 × 52 ÷ 12 = 43333.33 → 43333, plus the £5 instalment. Fri 1 Jan 2027 is a bank holiday: collected Mon 4 Jan.
    expect(r.amountPence).toBe(43833)
    expect(r.collections.slice(0, 3).map((c) => c.date)).toEqual(['2027-01-04', '2027-02-01', '2027-03-01'])
    const t2 = await tenancy(ctx.db, 10000)
    const c = await setUp(ctx.db, t2.accountNumber, { frequency: 'fortnightly', day: 3, paper: true, convert: true })
    expect(c.instruction).toBe('0S')
    expect((await instructionsOf(ctx.db, c.mandateId)).map((i) => i.code)).toEqual(['0S'])
    await expect(setUp(ctx.db, (await tenancy(ctx.db)).accountNumber, { convert: true })).rejects.toThrow(/Only a paper instruction can be converted/)
  })
})

describeEachDb('Direct Debit: collection runs', (ctx) => {
  it('lodges the 0N, then collects 01 then 17 in valid Standard 18 files posted on the collection date; a date runs once', async () => {
    const t = await tenancy(ctx.db)
    const r = await setUp(ctx.db, t.accountNumber)
    const lodge = await runDdCollection(ctx.db, { date: '2026-12-16', postingDate: '2026-12-14' })
    expect(lodge).toMatchObject({ collections: 0, processingDate: '2026-12-15', inputDate: '2026-12-14', transactionId: null })
    expect(lodge.counts.instructions).toEqual({ '0N': 1 })
    const lodgeFile = parseStandard18File(lodge.content!)
    expect(lodgeFile.records.map((x) => [x.transactionCode, x.reference, x.amountPence])).toEqual([['0N', r.ddiReference, 0]])
    expect(lodgeFile.contra).toBeNull()
    expect(lodgeFile.serviceUserNumber).toBe('123456')
    expect((await getMandateDetail(ctx.db, t.accountNumber, '2026-12-16')).mandates[0]).toMatchObject({ status: 'lodged', lodgedOn: '2026-12-16' })

    const first = await runDdCollection(ctx.db, { date: '2027-01-04', postingDate: '2026-12-31' })
    expect(first).toMatchObject({ collections: 1, totalPence: 11000, replayed: false, processingDate: '2026-12-31', inputDate: '2026-12-30' })
    expect(first.counts).toMatchObject({ byCode: { '01': 1 }, activated: 1, missed: 0 })
    const f1 = parseStandard18File(first.content!)
    expect(f1.processingDate).toBe('2026-12-31')
    expect(f1.records.map((x) => [x.transactionCode, x.reference, x.amountPence, x.sortCode, x.accountNumber, x.accountName])).toEqual([
      ['01', r.ddiReference, 11000, '309430', '00733445', 'MS JO OBRIEN'],
    ])
    expect(f1.contra).toMatchObject({ amountPence: 11000, sortCode: '601613', accountNumber: '12345678' })
    expect(f1.totals).toEqual({ debitTotalPence: 11000, creditTotalPence: 11000, debitCount: 1, creditCount: 1 })

    // Posted on the collection date: the customer credited, Direct Debit receipts debited, one payment allocated.
    expect(await balanceOf(ctx.db, await controlAccountId(ctx.db, 'GL-RECEIPTS-DIRECT_DEBIT'))).toBe(11000)
    expect(await balanceOf(ctx.db, t.accountId)).toBe(-11000)
    const [p] = await ctx.db.query<{ method: string; received_on: string; amount_pence: number; reference: string; effective_date: string }>(
      `select p.method, p.received_on, p.amount_pence, p.reference, t.effective_date from payments p join payment_allocations a on a.payment_id = p.id
       join ledger_transactions t on t.id = p.transaction_id where a.account_id = $1`,
      [t.accountId],
    )
    expect(p).toEqual({ method: 'direct_debit', received_on: '2027-01-04', amount_pence: 11000, reference: r.ddiReference, effective_date: '2027-01-04' })

    const postings = await count(ctx.db, 'postings')
    const again = await runDdCollection(ctx.db, { date: '2027-01-04', postingDate: '2027-01-05' })
    expect(again).toMatchObject({ replayed: true, runId: first.runId, sha256: first.sha256, content: first.content, collections: 1 })
    expect(await count(ctx.db, 'postings')).toBe(postings)

    const second = await runDdCollection(ctx.db, { date: '2027-01-11', postingDate: '2027-01-07' })
    expect(parseStandard18File(second.content!).records.map((x) => x.transactionCode)).toEqual(['17'])
    expect((await collectionsOf(ctx.db, r.mandateId)).slice(0, 3)).toEqual([
      { collection_date: '2027-01-04', amount_pence: 11000, transaction_code: '01', status: 'collected' },
      { collection_date: '2027-01-11', amount_pence: 11000, transaction_code: '17', status: 'collected' },
      { collection_date: '2027-01-18', amount_pence: 11000, transaction_code: null, status: 'planned' },
    ])
    expect(await balanceOf(ctx.db, t.accountId)).toBe(-22000)
    await expect(runDdCollection(ctx.db, { date: '2027-01-09', postingDate: '2027-01-07' })).rejects.toThrow(/--date 2027-01-09: 2027-01-09 is not a working day/)
  })

  it('cancels a collection whose instruction was not lodged 2 working days before, with a task, and starts at 01 once lodged', async () => {
    const t = await tenancy(ctx.db)
    const r = await setUp(ctx.db, t.accountNumber, { today: '2027-01-05' })
    const due = r.collections[0]!.date
    // No run carried the 0N until the first collection day: it goes in that file, so the collection cannot be made.
    const run = await runDdCollection(ctx.db, { date: due, postingDate: due })
    expect(run.counts).toMatchObject({ missed: 1, instructions: { '0N': 1 } })
    expect(parseStandard18File(run.content!).records.filter((x) => x.reference === r.ddiReference).map((x) => x.transactionCode)).toEqual(['0N'])
    const tasks = await listOfficerTasks(ctx.db, { accountId: t.accountId })
    expect(tasks.map((x) => [x.kind, x.status])).toEqual([['dd_collection_missed', 'open']])
    expect(tasks[0]!.summary).toMatch(/not lodged at the bank 2 working days before/)
    const next = r.collections[1]!.date
    const later = await runDdCollection(ctx.db, { date: next, postingDate: next })
    expect(parseStandard18File(later.content!).records.filter((x) => x.reference === r.ddiReference).map((x) => x.transactionCode)).toEqual(['01'])
    expect((await collectionsOf(ctx.db, r.mandateId)).slice(0, 2).map((c) => c.status)).toEqual(['cancelled', 'collected'])
  })

  it('leaves nothing half done when a run fails part way, and runs cleanly when repeated', async () => {
    const t = await tenancy(ctx.db)
    const r = await setUp(ctx.db, t.accountNumber, { today: '2027-03-01' })
    await runDdCollection(ctx.db, { date: '2027-03-03', postingDate: '2027-03-01' })
    const due = r.collections[0]!.date // Mon 15 Mar 2027
    const state = async () =>
      (
        await ctx.db.query<{ postings: number; payments: number; runs: number; collected: number; pending: number; events: number }>(
          `select (select count(*) from postings)::int as postings, (select count(*) from payments)::int as payments,
             (select count(*) from dd_runs)::int as runs, (select count(*) from dd_collections where status = 'collected')::int as collected,
             (select count(*) from dd_instructions where status = 'pending')::int as pending, (select count(*) from dd_mandate_events)::int as events`,
        )
      )[0]!
    const before = await state()
    // A failure after the file is written and the collections posted: the run's one transaction is rolled back.
    await ctx.db.exec(`create function dd_test_crash() returns trigger language plpgsql as $$ begin raise exception 'simulated crash'; end $$;
      create trigger dd_test_crash before insert on dd_runs for each row execute function dd_test_crash();`)
    await expect(runDdCollection(ctx.db, { date: due, postingDate: '2027-03-11' })).rejects.toThrow(/simulated crash/)
    expect(await state()).toEqual(before)
    const [job] = await ctx.db.query<{ status: string }>(`select status from job_runs where run_key = $1`, [`dd-collection:${due}`])
    expect(job!.status).toBe('failed')
    await ctx.db.exec('drop trigger dd_test_crash on dd_runs; drop function dd_test_crash();')

    const run = await runDdCollection(ctx.db, { date: due, postingDate: '2027-03-11' })
    expect(parseStandard18File(run.content!).records.find((x) => x.reference === r.ddiReference)).toMatchObject({ transactionCode: '01', amountPence: 11000 })
    const after = await state()
    expect(after.collected - before.collected).toBe(run.collections)
    expect(after.payments - before.payments).toBe(run.collections)
    const [job2] = await ctx.db.query<{ status: string }>(`select status from job_runs where run_key = $1`, [`dd-collection:${due}`])
    expect(job2!.status).toBe('completed')
  })
})

describeEachDb('Direct Debit: amending and cancelling', (ctx) => {
  it('relodges new bank details (0C to the old account, 0N to the new) and starts again at 01; an instalment change gets a notice first', async () => {
    const t = await tenancy(ctx.db)
    const r = await setUp(ctx.db, t.accountNumber)
    await runDdCollection(ctx.db, { date: '2026-12-16', postingDate: '2026-12-14' })
    await runDdCollection(ctx.db, { date: '2027-01-04', postingDate: '2026-12-31' })

    const a = await amendMandate(ctx.db, { account: t.accountNumber, bank: { sortCode: '201234', accountNumber: '55779911', accountName: 'Jo OBrien' }, today: '2027-01-05', actor: cliActor })
    expect(a).toMatchObject({ status: 'pending_lodgement', instructions: ['0C', '0N'] })
    // Sent on Tue 5 Jan, the new instruction reaches the bank on Thu 7 Jan: Mon 11 Jan is still collectable.
    expect(a.collectionsCancelled).toBe(0)
    expect(await instructionsOf(ctx.db, r.mandateId)).toEqual([
      { code: '0N', status: 'submitted', sort_code: '309430', account_number: '00733445' },
      { code: '0C', status: 'pending', sort_code: '309430', account_number: '00733445' },
      { code: '0N', status: 'pending', sort_code: '201234', account_number: '55779911' },
    ])
    const relodge = await runDdCollection(ctx.db, { date: '2027-01-07', postingDate: '2027-01-05' })
    expect(parseStandard18File(relodge.content!).records.map((x) => [x.transactionCode, x.accountNumber])).toEqual([
      ['0C', '00733445'],
      ['0N', '55779911'],
    ])
    const next = await runDdCollection(ctx.db, { date: '2027-01-11', postingDate: '2027-01-07' })
    expect(parseStandard18File(next.content!).records.map((x) => [x.transactionCode, x.accountNumber])).toEqual([['01', '55779911']])

    // An arrangement instalment of £10 a week: a change of amount, notified 10 working days ahead.
    const i = await amendMandate(ctx.db, { account: t.accountNumber, instalmentPence: 1000, today: '2027-01-19', actor: cliActor })
    expect(i.replan).toMatchObject({ changed: true, changes: ['amount'], amountBeforePence: 11000, amountAfterPence: 12000, firstCollection: '2027-02-08' })
    const notice = await getAdvanceNotice(ctx.db, i.replan.noticeId!)
    expect(notice).toMatchObject({ kind: 'change', earliestCollection: '2027-02-02', firstCollectionDate: '2027-02-08', changes: ['amount'] })
    const cs = await collectionsOf(ctx.db, r.mandateId)
    expect(cs.filter((c) => c.status === 'planned' && c.collection_date > '2027-01-19' && c.collection_date < '2027-02-15').map((c) => [c.collection_date, c.amount_pence])).toEqual([
      ['2027-01-25', 11000],
      ['2027-02-01', 11000],
      ['2027-02-08', 12000],
    ])
    const events = (await getMandateDetail(ctx.db, t.accountNumber, '2027-01-19')).mandates[0]!.events
    expect(events.map((e) => e.event)).toEqual(['created', 'lodged', 'activated', 'bank_details_changed', 'lodged', 'activated', 'amended'])
    expect(events.map((e) => e.version)).toEqual([1, 2, 3, 4, 5, 6, 7])
    expect(JSON.stringify(events)).not.toMatch(/00733445|55779911/)
  })

  it('cancels at once with a 0C, or after a final collection coded 19 with no 0C', async () => {
    const a = await tenancy(ctx.db)
    const b = await tenancy(ctx.db)
    const ma = await setUp(ctx.db, a.accountNumber, { today: '2027-02-01' })
    const mb = await setUp(ctx.db, b.accountNumber, { today: '2027-02-01' })
    await runDdCollection(ctx.db, { date: '2027-02-03', postingDate: '2027-02-01' })
    const first = ma.collections[0]!.date // Mon 15 Feb 2027
    await runDdCollection(ctx.db, { date: first, postingDate: first })

    const c = await cancelMandate(ctx.db, { account: a.accountNumber, reason: 'Payer asked to pay by card', today: '2027-02-16', actor: cliActor })
    expect(c).toMatchObject({ status: 'cancelled', cancelInstruction: true })
    expect(c.collectionsCancelled).toBeGreaterThan(0)
    expect((await instructionsOf(ctx.db, ma.mandateId)).map((i) => [i.code, i.status])).toEqual([
      ['0N', 'submitted'],
      ['0C', 'pending'],
    ])
    expect((await collectionsOf(ctx.db, ma.mandateId)).filter((x) => x.status === 'planned')).toEqual([])

    await expect(cancelMandate(ctx.db, { account: b.accountNumber, reason: 'Tenancy ending', finalCollectionOn: '2027-02-23', today: '2027-02-16', actor: cliActor })).rejects.toThrow(
      /2027-02-23 is not a planned collection date.*the next are 2027-02-22/,
    )
    const f = await cancelMandate(ctx.db, { account: b.accountNumber, reason: 'Tenancy ending', finalCollectionOn: '2027-03-01', today: '2027-02-16', actor: cliActor })
    expect(f.finalCollectionOn).toBe('2027-03-01')
    await runDdCollection(ctx.db, { date: '2027-02-22', postingDate: '2027-02-18' })
    const last = await runDdCollection(ctx.db, { date: '2027-03-01', postingDate: '2027-02-25' })
    const refs = new Set([ma.ddiReference, mb.ddiReference])
    expect(parseStandard18File(last.content!).records.filter((x) => refs.has(x.reference)).map((x) => [x.reference, x.transactionCode])).toEqual([[mb.ddiReference, '19']])
    const detail = (await getMandateDetail(ctx.db, b.accountNumber, '2027-03-01')).mandates[0]!
    expect(detail).toMatchObject({ status: 'cancelled', cancelledOn: '2027-03-01' })
    expect(detail.instructions.map((i) => i.code)).toEqual(['0N'])
    expect((await collectionsOf(ctx.db, mb.mandateId)).filter((x) => x.status === 'planned')).toEqual([])
  })
})

describeEachDb('Direct Debit: adjustments', (ctx) => {
  it('re-plans mandates after the annual rent change with advance notices in bulk, from the first date the notice allows', async () => {
    const a = await tenancy(ctx.db, 10000, '2027-01-04')
    const b = await tenancy(ctx.db, 10000, '2027-01-04')
    const ma = await setUp(ctx.db, a.accountNumber, { frequency: 'monthly', day: 1, today: '2027-01-15' })
    const mb = await setUp(ctx.db, b.accountNumber, { frequency: 'weekly', day: 5, today: '2027-01-15' })
    await runDdCollection(ctx.db, { date: '2027-01-19', postingDate: '2027-01-15' })
    expect(ma.amountPence).toBe(43333)

    // Rent +4.8% from Mon 5 Apr 2027 (9000 → 9432 a week; the £10 service charge unchanged).
    await applyRentChange(ctx.db, { effectiveFrom: '2027-04-05', noticeServedOn: '2027-02-15', changeBasisPoints: 480, chargeTypes: ['rent'], actor: cliActor })
    const r = await runDdAdjustments(ctx.db, { effectiveFrom: '2027-04-05', today: '2027-02-20' })
    expect(r).toMatchObject({ checked: 2, changed: 2, increased: 2, decreased: 0, notices: 2, failed: [] })
    const byRef = new Map(r.adjustments.map((x) => [x.ddiReference, x]))
    // Monthly: 10432 × 52 ÷ 12 = 45205.33 → 45205, first on the 1st after 5 Apr: Sat 1 May → Mon 3 May (bank holiday) → Tue 4 May.
    expect(byRef.get(ma.ddiReference)).toMatchObject({ amountBeforePence: 43333, amountAfterPence: 45205, firstCollection: '2027-05-04' })
    expect(byRef.get(mb.ddiReference)).toMatchObject({ amountBeforePence: 10000, amountAfterPence: 10432, firstCollection: '2027-04-09' })
    const notice = await getAdvanceNotice(ctx.db, byRef.get(ma.ddiReference)!.noticeId!)
    expect(notice).toMatchObject({ kind: 'change', producedOn: '2027-02-20', earliestCollection: '2027-03-05', firstCollectionDate: '2027-05-04', constraintSatisfied: true })
    expect(notice.content.paragraphs.join(' ')).toMatch(/The amount of your Direct Debit.*is changing. From 4 May 2027 we will collect £452.05 monthly on the 1st of the month/)

    const cs = await collectionsOf(ctx.db, ma.mandateId)
    expect(cs.filter((c) => c.status === 'planned' && c.collection_date >= '2027-03-01').slice(0, 4).map((c) => [c.collection_date, c.amount_pence])).toEqual([
      ['2027-03-01', 43333],
      ['2027-04-01', 43333],
      ['2027-05-04', 45205],
      ['2027-06-01', 45205],
    ])
    // Running it again finds nothing to change.
    const again = await runDdAdjustments(ctx.db, { effectiveFrom: '2027-04-05', today: '2027-02-21' })
    expect(again).toMatchObject({ checked: 2, changed: 0, notices: 0 })

    // Housing Benefit of £40 a week now paid direct: the weekly payer's collections fall to £64.32 after notice.
    const hb = await amendMandate(ctx.db, { account: b.accountNumber, benefitWeeklyPence: 4000, today: '2027-04-12', actor: cliActor })
    expect(hb.replan).toMatchObject({ changed: true, amountBeforePence: 10432, amountAfterPence: 6432, firstCollection: '2027-04-30' })
  })
})

describeEachDb('Direct Debit: the year-end check', (ctx) => {
  it('lists the Direct Debit accounts that will not be clear at the rent year end', async () => {
    const clear = await tenancy(ctx.db, 10000, '2027-03-01')
    const owing = await tenancy(ctx.db, 10000, '2027-03-01')
    await tenancy(ctx.db, 10000, '2027-03-01') // owes too, but pays another way: not a Direct Debit account
    await setUp(ctx.db, clear.accountNumber, { today: '2027-03-01' })
    const mo = await setUp(ctx.db, owing.accountNumber, { today: '2027-03-01' })
    for (const week of ['2027-03-01', '2027-03-08', '2027-03-15', '2027-03-22', '2027-03-29']) await runRentDebits(ctx.db, { week, postingDate: week })
    await receiptPayment(ctx.db, { accountId: clear.accountId, method: 'card', amountPence: 50000, receivedOn: '2027-04-01', postingDate: '2027-04-01', actor: cliActor })

    // After the year end (Sun 4 Apr 2027): the actual balances.
    const end = await ddYearEndCheck(ctx.db, { date: '2027-04-04' })
    expect(end).toMatchObject({ rentYear: '2026/27', yearEnd: '2027-04-04', owedPence: 50000, creditPence: 0 })
    expect(end.accounts.map((x) => [x.accountNumber, x.ddiReference, x.postedBalancePence, x.chargesToComePence, x.collectionsToComePence, x.projectedBalancePence, x.bankAccount])).toEqual([
      [owing.accountNumber, mo.ddiReference, 50000, 0, 0, 50000, '****3445'],
    ])

    // Before it: posted so far, plus the weekly charges still to be debited, less the collections still planned.
    const before = await ddYearEndCheck(ctx.db, { date: '2027-03-16' })
    const row = before.accounts.find((x) => x.accountNumber === owing.accountNumber)!
    expect(row.postedBalancePence).toBe(50000) // postings dated up to the year end, as posted so far
    expect(row.chargesToComePence).toBe(0) // every week to the year end is already debited
    expect(row.collectionsToComePence).toBe(10000 * 2) // Mon 22 and Mon 29 Mar
    expect(row.projectedBalancePence).toBe(30000)
  })
})
