import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDb } from '../../test/databases.ts'
import type { Queryable } from '../db/client.ts'
import { makeAccountWithStatement, type WebAccountFixture } from './testing/account-fixture.ts'
import { buildTestWebApp, createTestUser, signedInClient, type TestWebApp, type WebTestClient } from './testing/web-test-client.ts'

const balanceOf = async (db: Queryable, accountId: number) =>
  (await db.query<{ b: number }>('select coalesce(sum(amount_pence), 0)::bigint as b from postings where account_id = $1', [accountId]))[0]!.b

let fileSeq = 0

describeEachDb('web finance: suspense, refunds and approvals', (ctx) => {
  let t: TestWebApp
  let finance: WebTestClient
  let leaderA: WebTestClient
  let leaderB: WebTestClient
  let officer: WebTestClient
  let auditor: WebTestClient
  let acct: WebAccountFixture

  /** Imports a one-line bank file whose reference matches no account; returns its suspense item id. */
  async function paymentInSuspense(amount: string): Promise<number> {
    const csv = `date,reference,amount,name\n21/11/2026,NO-SUCH-REF-${++fileSeq},${amount},NOBODY KNOWN\n`
    const res = await finance.postFile('/finance/imports', { format: 'bank-csv' }, { field: 'file', name: `suspense-${fileSeq}.csv`, content: csv })
    expect(res.statusCode).toBe(303)
    const [item] = await ctx.db.query<{ id: number }>(
      `select s.id from suspense_items s join payments p on p.id = s.payment_id where p.reference = $1`,
      [`NO-SUCH-REF-${fileSeq}`],
    )
    return item!.id
  }

  beforeAll(async () => {
    t = await buildTestWebApp(ctx.db)
    finance = await signedInClient(t.app, await createTestUser(ctx.db, { role: 'finance' }))
    leaderA = await signedInClient(t.app, await createTestUser(ctx.db, { role: 'team_leader' }))
    leaderB = await signedInClient(t.app, await createTestUser(ctx.db, { role: 'team_leader' }))
    officer = await signedInClient(t.app, await createTestUser(ctx.db, { role: 'income_officer' }))
    auditor = await signedInClient(t.app, await createTestUser(ctx.db, { role: 'auditor' }))
    acct = await makeAccountWithStatement(ctx.db, { forename: 'Sven', surname: 'Suspense' })
  })
  afterAll(async () => {
    await t?.app.close()
  })

  it('lets an income officer clear a small suspense item at once', async () => {
    const id = await paymentInSuspense('3.00')
    const list = await officer.get('/finance/suspense')
    expect(list.statusCode).toBe(200)
    expect(list.body).toContain(`href="/finance/suspense/${id}/clear"`)
    expect(list.body).not.toContain('Approvals')

    const missing = await officer.post(`/finance/suspense/${id}/clear`, { account: '', note: '' })
    expect(missing.statusCode).toBe(400)
    expect(missing.body).toContain('Enter the account number or payment reference the payment belongs to')
    expect(missing.body).toContain('Enter a note saying why the payment belongs to this account')

    const before = await balanceOf(ctx.db, acct.accountId)
    const res = await officer.post(`/finance/suspense/${id}/clear`, { account: acct.paymentReference, note: 'Tenant phoned with the right reference' })
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toBe('/finance/suspense')
    const after = await officer.get('/finance/suspense')
    expect(after.body).toContain(`Payment of £3.00 cleared to account ${acct.paymentReference}`)
    expect(after.body).not.toContain(`id="suspense-${id}"`)
    expect(await balanceOf(ctx.db, acct.accountId)).toBe(before - 300)
  })

  it('holds a clearance over £500 for approval; the requester cannot approve it, another team leader can', async () => {
    const id = await paymentInSuspense('600.00')
    const before = await balanceOf(ctx.db, acct.accountId)
    const asked = await leaderA.post(`/finance/suspense/${id}/clear`, { account: acct.accountNumber, note: 'Matched by bank statement narrative' })
    expect(asked.statusCode).toBe(303)
    const list = await leaderA.get('/finance/suspense')
    expect(list.body).toContain(`Clearing £600.00 to account ${acct.accountNumber} is waiting for approval`)
    expect(list.body).toContain('over the £500.00 limit')
    const row = list.body.slice(list.body.indexOf(`id="suspense-${id}"`))
    expect(row).toContain('Waiting for approval')
    expect(row).toMatch(/asked by officer\d+/)
    expect(await balanceOf(ctx.db, acct.accountId)).toBe(before)

    const self = await leaderA.post(`/finance/suspense/${id}/decision`, { decision: 'approve', returnTo: '/finance/suspense' })
    expect(self.statusCode).toBe(403)
    expect(self.body).toContain('govuk-error-summary')
    expect(self.body).toContain(`<a href="#suspense-${id}">You cannot approve a clearance you asked for; another person must</a>`)

    const byOfficer = await officer.post(`/finance/suspense/${id}/decision`, { decision: 'approve' })
    expect(byOfficer.statusCode).toBe(403)
    expect(await balanceOf(ctx.db, acct.accountId)).toBe(before)

    const approvals = await leaderB.get('/approvals')
    expect(approvals.statusCode).toBe(200)
    expect(approvals.body).toMatch(/Approvals \(1<span class="govuk-visually-hidden"> waiting<\/span>\)/)
    expect(approvals.body).toContain(`id="suspense-${id}"`)
    const ok = await leaderB.post(`/finance/suspense/${id}/decision`, { decision: 'approve', returnTo: '/approvals' })
    expect(ok.statusCode).toBe(303)
    expect(ok.headers.location).toBe('/approvals')
    const after = await leaderB.get('/approvals')
    expect(after.body).toContain(`Suspense item ${id} approved and cleared`)
    expect(after.body).toContain('No suspense clearances are waiting for approval')
    expect(await balanceOf(ctx.db, acct.accountId)).toBe(before - 60000)
  })

  it('requests a refund of a credit balance, which another person approves and finance exports as CSV', async () => {
    const credit = await makeAccountWithStatement(ctx.db, { forename: 'Rhiannon', surname: 'Refund' })
    const notYet = await officer.get(`/accounts/${credit.accountNumber}`)
    expect(notYet.body).not.toContain('Request a refund')
    const paid = await officer.post(`/accounts/${credit.accountNumber}/payments/new`, {
      method: 'card',
      amount: '100.00',
      'receivedOn-day': '22',
      'receivedOn-month': '11',
      'receivedOn-year': '2026',
    })
    expect(paid.statusCode).toBe(303)
    const account = await officer.get(`/accounts/${credit.accountNumber}`)
    expect(account.body).toContain('£44.80 in credit')
    expect(account.body).toContain(`href="/accounts/${credit.accountNumber}/refund"`)

    const bad = await officer.post(`/accounts/${credit.accountNumber}/refund`, { method: 'bacs', sortCode: '12', bankAccountNumber: '', reason: '' })
    expect(bad.statusCode).toBe(400)
    for (const text of ['Enter a valid sort code like 309430', 'Enter an account number', 'Enter why the refund is due']) expect(bad.body).toContain(text)

    const asked = await officer.post(`/accounts/${credit.accountNumber}/refund`, {
      method: 'bacs',
      sortCode: '30-94-30',
      bankAccountNumber: '00733445',
      reason: 'Overpaid by card',
    })
    expect(asked.statusCode).toBe(303)
    expect(asked.headers.location).toBe(`/accounts/${credit.accountNumber}/refund/requested`)
    const result = await officer.get(String(asked.headers.location))
    expect(result.body).toContain('Refund requested')
    expect(result.body).toContain('£44.80')
    expect(result.body).toContain('none of the credit was used to pay other debts')
    expect(result.body).toContain('waiting for approval')
    const [refund] = await ctx.db.query<{ id: number }>(`select id from refunds where account_id = $1`, [credit.accountId])

    const byOfficer = await officer.post(`/finance/refunds/${refund!.id}/decision`, { decision: 'approve' })
    expect(byOfficer.statusCode).toBe(403)
    const list = await leaderA.get('/finance/refunds')
    expect(list.body).toContain(`id="refund-${refund!.id}"`)
    const approved = await leaderA.post(`/finance/refunds/${refund!.id}/decision`, { decision: 'approve', returnTo: '/finance/refunds' })
    expect(approved.statusCode).toBe(303)
    expect((await leaderA.get('/finance/refunds')).body).toContain(`Refund ${refund!.id} approved: it is ready to export`)
    const afterApproval = await finance.get('/finance/refunds')
    expect(afterApproval.body.slice(afterApproval.body.indexOf('data-qa="refunds-approved"'))).toContain('£44.80')

    const csv = await finance.post('/finance/refunds/export')
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="refunds-2026-11-22-export-\d+\.csv"$/)
    expect(csv.body).toContain('refund_id,payee_name,method,sort_code,account_number,amount')
    expect(csv.body).toContain('Ms Rhiannon Refund,bacs,309430,00733445,44.80')

    const none = await finance.post('/finance/refunds/export')
    expect(none.statusCode).toBe(303)
    expect((await finance.get('/finance/refunds')).body).toContain('There were no approved refunds to export')
  })

  it('lets only team leaders and finance into the finance area and approvals; auditors change nothing', async () => {
    expect((await officer.get('/finance')).statusCode).toBe(200)
    for (const url of ['/finance/refunds', '/finance/imports', '/finance/reconciliation', '/approvals']) {
      expect((await officer.get(url)).statusCode, url).toBe(403)
    }
    for (const url of ['/finance', '/finance/suspense', '/approvals']) expect((await auditor.get(url)).statusCode, url).toBe(403)
    for (const url of ['/finance/refunds/export', '/finance/suspense/1/decision', '/finance/refunds/1/decision', '/finance/suspense/1/clear', `/accounts/${acct.accountNumber}/refund`]) {
      expect((await auditor.post(url, { decision: 'approve' })).statusCode, url).toBe(403)
    }
    const upload = await auditor.postFile('/finance/imports', { format: 'bank-csv' }, { field: 'file', name: 'a.csv', content: 'date,reference,amount\n' })
    expect(upload.statusCode).toBe(403)

    const home = await finance.get('/finance')
    for (const href of ['/finance/imports', '/finance/suspense', '/finance/refunds', '/finance/reconciliation']) expect(home.body).toContain(`href="${href}"`)
    expect(home.body).toContain('href="/approvals"')
  })

  it('refuses a decision posted without its CSRF token', async () => {
    const res = await leaderB.post('/finance/suspense/1/decision', { _csrf: null, decision: 'approve' })
    expect(res.statusCode).toBe(403)
    expect(res.body).toContain('Sorry, there is a problem with this form')
  })
})
