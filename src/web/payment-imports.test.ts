import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDb } from '../../test/databases.ts'
import type { Queryable } from '../db/client.ts'
import { makeAccountWithStatement, type WebAccountFixture } from './testing/account-fixture.ts'
import { buildTestWebApp, createTestUser, signedInClient, type TestWebApp, type WebTestClient } from './testing/web-test-client.ts'

const counts = async (db: Queryable) => {
  const [row] = await db.query<{ payments: number; imports: number }>(
    'select (select count(*) from payments)::int as payments, (select count(*) from payment_imports)::int as imports',
  )
  return row!
}

describeEachDb('web finance: payment file imports and cash reconciliation', (ctx) => {
  let t: TestWebApp
  let finance: WebTestClient
  let acct: WebAccountFixture

  beforeAll(async () => {
    t = await buildTestWebApp(ctx.db)
    finance = await signedInClient(t.app, await createTestUser(ctx.db, { role: 'finance' }))
    acct = await makeAccountWithStatement(ctx.db, { forename: 'Ines', surname: 'Importer' })
  })
  afterAll(async () => {
    await t?.app.close()
  })

  it('shows the upload form with the four kinds of file', async () => {
    const res = await finance.get('/finance/imports')
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('enctype="multipart/form-data"')
    for (const text of ['Bank CSV', 'allpay, PayPoint or Post Office file', 'Housing Benefit schedule', 'Universal Credit schedule']) {
      expect(res.body).toContain(text)
    }
  })

  it('imports a bank CSV and shows what it did; the same file again is refused and nothing is posted twice', async () => {
    const csv = `date,reference,amount,name\n20/11/2026,${acct.paymentReference},12.34,MS I IMPORTER\n21/11/2026,UNKNOWN-REF-1,3.00,NOBODY KNOWN\n`
    const res = await finance.postFile('/finance/imports', { format: 'bank-csv' }, { field: 'file', name: 'bank-2026-11-21.csv', content: csv })
    expect(res.statusCode).toBe(303)
    const importId = /^\/finance\/imports\/(\d+)$/.exec(String(res.headers.location))?.[1]
    expect(importId).toBeDefined()

    const page = await finance.get(`/finance/imports/${importId}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('bank-2026-11-21.csv imported')
    expect(page.body).toContain('2 payments, £15.34: 1 matched to accounts, 1 in suspense.')
    const summary = page.body.slice(page.body.indexOf('data-qa="import-summary"'))
    for (const text of ['Bank CSV', '£15.34', '1 (£12.34)', '1 (£3.00)']) expect(summary).toContain(text)
    const byRule = page.body.slice(page.body.indexOf('data-qa="by-rule"'))
    expect(byRule).toContain('Payment reference')
    expect(byRule).toContain('Not matched: in suspense')
    const posted = await counts(ctx.db)

    const again = await finance.postFile('/finance/imports', { format: 'bank-csv' }, { field: 'file', name: 'copy.csv', content: csv })
    expect(again.statusCode).toBe(409)
    expect(again.body).toContain('govuk-error-summary')
    expect(again.body).toContain('already imported')
    expect(again.body).toContain('Nothing was posted')
    expect(await counts(ctx.db)).toEqual(posted)

    const list = await finance.get('/finance/imports')
    expect(list.body).toContain(`href="/finance/imports/${importId}">bank-2026-11-21.csv</a>`)
    const account = await finance.get(`/accounts/${acct.accountNumber}`)
    expect(account.body).toContain('File bank-2026-11-21.csv, line 2')
  })

  it('refuses a malformed file, naming each bad line and field, and posts nothing', async () => {
    const before = await counts(ctx.db)
    const csv = `date,reference,amount,name\n20/11/2026,${acct.paymentReference},5.00,A\n21/11/2026,${acct.paymentReference},abc,B\n31/02/2026,${acct.paymentReference},1.00,C\n`
    const res = await finance.postFile('/finance/imports', { format: 'bank-csv' }, { field: 'file', name: 'broken.csv', content: csv })
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain('govuk-error-summary')
    expect(res.body).toMatch(/<a href="#file">Line 3, amount: [^<]+<\/a>/)
    expect(res.body).toMatch(/<a href="#file">Line 4, date: [^<]+<\/a>/)
    expect(res.body).toContain('Nothing was posted')
    // What was chosen is kept.
    expect(res.body).toMatch(/value="bank-csv" checked/)
    expect(await counts(ctx.db)).toEqual(before)
  })

  it('asks for a file and what kind it is', async () => {
    const res = await finance.postFile('/finance/imports', { format: '' }, { field: 'file', name: '', content: '' })
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain('<a href="#file">Select a payment file</a>')
    expect(res.body).toContain('<a href="#format">Select what kind of file it is</a>')
  })

  it('refuses a file over 10 MB, posting nothing', async () => {
    const before = await counts(ctx.db)
    const big = `date,reference,amount\n${`20/11/2026,${acct.paymentReference},1.00\n`.repeat(420_000)}`
    expect(big.length).toBeGreaterThan(10 * 1024 * 1024)
    const res = await finance.postFile('/finance/imports', { format: 'bank-csv' }, { field: 'file', name: 'big.csv', content: big })
    expect(res.statusCode).toBe(413)
    expect(res.body).toContain('The file is too large')
    expect(await counts(ctx.db)).toEqual(before)
  })

  it('refuses an upload without its CSRF token', async () => {
    const before = await counts(ctx.db)
    const csv = `date,reference,amount\n20/11/2026,${acct.paymentReference},1.11\n`
    const res = await finance.postFile('/finance/imports', { _csrf: null, format: 'bank-csv' }, { field: 'file', name: 'x.csv', content: csv })
    expect(res.statusCode).toBe(403)
    expect(await counts(ctx.db)).toEqual(before)
  })

  it('shows today\'s cash reconciliation: reconciled, by day and method', async () => {
    const today = await finance.get('/finance/reconciliation')
    expect(today.statusCode).toBe(200)
    expect(today.body).toContain('Reconciled: no differences from 22 November 2026 to 22 November 2026')
    expect(today.body).toMatch(/name="from-day" type="text" value="22"/)

    const month = await finance.get('/finance/reconciliation?from=2026-11-01&to=2026-11-30')
    expect(month.statusCode).toBe(200)
    expect(month.body).toContain('Reconciled: no differences')
    const table = month.body.slice(month.body.indexOf('data-qa="reconciliation"'))
    expect(table).toContain('Bank transfer')
    expect(table).toContain('Card payment')
    expect(table).not.toContain('>Mismatch<')

    const bad = await finance.get('/finance/reconciliation?from-day=31&from-month=2&from-year=2026&to-day=1&to-month=3&to-year=2026')
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('Start date must be a real date')
  })
})
