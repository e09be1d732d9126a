import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDb } from '../../test/databases.ts'
import type { Queryable } from '../db/client.ts'
import { makeAccountWithStatement, type WebAccountFixture } from './testing/account-fixture.ts'
import { buildTestWebApp, createTestUser, signedInClient, type TestWebApp, type WebTestClient } from './testing/web-test-client.ts'

const paymentsOf = (db: Queryable, accountId: number) =>
  db.query<{ id: number; receipt_number: string | null; amount_pence: number }>(
    'select p.id, p.receipt_number, p.amount_pence from payments p join payment_allocations a on a.payment_id = p.id where a.account_id = $1 order by p.id',
    [accountId],
  )

describeEachDb('web payments: take, receipt, reverse, move', (ctx) => {
  let t: TestWebApp
  let officer: WebTestClient
  let acct: WebAccountFixture

  beforeAll(async () => {
    t = await buildTestWebApp(ctx.db)
    officer = await signedInClient(t.app, await createTestUser(ctx.db, { role: 'income_officer' }))
    acct = await makeAccountWithStatement(ctx.db, { forename: 'Wiktoria', surname: 'Payer' })
  })
  afterAll(async () => {
    await t?.app.close()
  })

  it('offers "Take a payment" on the account page, with the methods an officer can take and today as the date', async () => {
    const page = await officer.get(`/accounts/${acct.accountNumber}`)
    expect(page.body).toContain(`href="/accounts/${acct.accountNumber}/payments/new"`)
    const form = await officer.get(`/accounts/${acct.accountNumber}/payments/new`)
    expect(form.statusCode).toBe(200)
    for (const label of ['Cash', 'Cheque', 'Postal order', 'Card payment', 'Bank transfer', 'Standing order']) expect(form.body).toContain(label)
    expect(form.body).not.toContain('Housing Benefit')
    // Today is Sunday 22 November 2026 (TEST_NOW).
    expect(form.body).toMatch(/name="receivedOn-day" type="text" value="22"/)
    expect(form.body).toMatch(/name="receivedOn-year" type="text" value="2026"/)
  })

  it('takes a cash payment and shows a printable receipt, with a PDF and a link back to the account', async () => {
    const res = await officer.post(`/accounts/${acct.accountNumber}/payments/new`, {
      method: 'cash',
      amount: '£25.50',
      'receivedOn-day': '20',
      'receivedOn-month': '11',
      'receivedOn-year': '2026',
      reference: 'Counter 2',
      collectedAt: 'Riverside site office',
    })
    expect(res.statusCode).toBe(303)
    const receiptNumber = /^\/receipts\/(RC26\d{7})$/.exec(String(res.headers.location))?.[1]
    expect(receiptNumber).toBeDefined()

    const page = await officer.get(`/receipts/${receiptNumber}`)
    expect(page.statusCode).toBe(200)
    const receipt = page.body.slice(page.body.indexOf('data-qa="receipt"'))
    for (const text of [receiptNumber!, '£25.50', 'Cash', '20 November 2026', 'Riverside site office', 'Counter 2', acct.accountNumber, 'Ms Wiktoria Payer', '£29.70 owed']) {
      expect(receipt).toContain(text)
    }
    expect(page.body).toContain('Print this page')
    expect(page.body).toContain(`href="/receipts/${receiptNumber}.pdf"`)
    expect(page.body).toContain(`href="/accounts/${acct.accountNumber}#payments"`)

    const pdf = await officer.get(`/receipts/${receiptNumber}.pdf`)
    expect(pdf.statusCode).toBe(200)
    expect(pdf.headers['content-type']).toBe('application/pdf')
    expect(pdf.headers['content-disposition']).toBe(`attachment; filename="receipt-${receiptNumber}.pdf"`)
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-')

    const account = await officer.get(`/accounts/${acct.accountNumber}`)
    const payments = account.body.slice(account.body.indexOf('data-qa="payments"'))
    expect(payments).toContain(`Receipt ${receiptNumber}`)
    expect(payments).toContain('£25.50')
    expect(account.body).toContain('£29.70 owed')
  })

  it('explains a bad amount and a date in the future, keeping what was typed, and takes nothing', async () => {
    const before = await paymentsOf(ctx.db, acct.accountId)
    const res = await officer.post(`/accounts/${acct.accountNumber}/payments/new`, {
      method: 'cheque',
      amount: '12.345',
      'receivedOn-day': '23',
      'receivedOn-month': '11',
      'receivedOn-year': '2026',
    })
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain('<a href="#amount">Amount received must be an amount of money, like 25.50</a>')
    expect(res.body).toContain('<a href="#receivedOn-day">Date received must be today or in the past</a>')
    expect(res.body).toMatch(/name="amount" type="text" spellcheck="false" value="12.345"/)
    expect(res.body).toMatch(/value="cheque" checked/)

    const nothing = await officer.post(`/accounts/${acct.accountNumber}/payments/new`, { amount: '0', 'receivedOn-day': '31', 'receivedOn-month': '2', 'receivedOn-year': '2026' })
    expect(nothing.statusCode).toBe(400)
    expect(nothing.body).toContain('Select how the payment was made')
    expect(nothing.body).toContain('Amount received must be more than £0.00')
    expect(nothing.body).toContain('Date received must be a real date')
    expect(await paymentsOf(ctx.db, acct.accountId)).toEqual(before)
  })

  it('reverses a payment: reason and note, then back to the account with a success banner', async () => {
    const taken = await officer.post(`/accounts/${acct.accountNumber}/payments/new`, {
      method: 'cheque',
      amount: '10.00',
      'receivedOn-day': '21',
      'receivedOn-month': '11',
      'receivedOn-year': '2026',
      reference: 'CHQ 000123',
    })
    const receiptNumber = String(taken.headers.location).split('/').pop()!
    const [payment] = await ctx.db.query<{ id: number }>('select id from payments where receipt_number = $1', [receiptNumber])
    const account = await officer.get(`/accounts/${acct.accountNumber}`)
    expect(account.body).toContain(`href="/payments/${payment!.id}/reverse"`)

    const form = await officer.get(`/payments/${payment!.id}/reverse`)
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('Cheque dishonoured')
    const missing = await officer.post(`/payments/${payment!.id}/reverse`, { note: '' })
    expect(missing.statusCode).toBe(400)
    expect(missing.body).toContain('Select why the payment is being reversed')

    const res = await officer.post(`/payments/${payment!.id}/reverse`, { reason: 'cheque_dishonoured', note: 'Returned by bank, ref R123' })
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toBe(`/accounts/${acct.accountNumber}#payments`)
    const after = await officer.get(`/accounts/${acct.accountNumber}`)
    expect(after.body).toContain('govuk-notification-banner--success')
    expect(after.body).toContain('Payment of £10.00 reversed')
    const row = after.body.slice(after.body.indexOf(`data-qa="payment-${payment!.id}"`))
    expect(row.slice(0, row.indexOf('</tr>'))).toContain('Reversed')
    expect(row.slice(0, row.indexOf('</tr>'))).not.toContain('/reverse"')
    // The banner shows once.
    expect((await officer.get(`/accounts/${acct.accountNumber}`)).body).not.toContain('Payment of £10.00 reversed')

    const again = await officer.post(`/payments/${payment!.id}/reverse`, { reason: 'cheque_dishonoured' })
    expect(again.statusCode).toBe(409)
    expect(again.body).toContain('has already been reversed')
  })

  it('moves a payment to another account by its payment reference', async () => {
    const other = await makeAccountWithStatement(ctx.db, { forename: 'Oskar', surname: 'Other' })
    const taken = await officer.post(`/accounts/${acct.accountNumber}/payments/new`, {
      method: 'card',
      amount: '7.00',
      'receivedOn-day': '22',
      'receivedOn-month': '11',
      'receivedOn-year': '2026',
    })
    const receiptNumber = String(taken.headers.location).split('/').pop()!
    const [payment] = await ctx.db.query<{ id: number }>('select id from payments where receipt_number = $1', [receiptNumber])

    const unknown = await officer.post(`/payments/${payment!.id}/move`, { target: '999999999', reason: 'keyed wrongly' })
    expect(unknown.statusCode).toBe(400)
    expect(unknown.body).toContain('There is no account with that account number or payment reference')

    const res = await officer.post(`/payments/${payment!.id}/move`, { target: other.paymentReference, reason: 'Keyed to the wrong account' })
    expect(res.statusCode).toBe(303)
    const from = await officer.get(`/accounts/${acct.accountNumber}`)
    expect(from.body).toContain(`Payment of £7.00 moved to account ${other.accountNumber}`)
    expect(from.body).toContain(`to ${other.accountNumber}`)
    const to = await officer.get(`/accounts/${other.accountNumber}`)
    expect(to.body).toContain(`Moved here from ${acct.accountNumber}`)
    expect(to.body).toContain('£48.20 owed')
  })

  it('lets an auditor read a receipt but not take or reverse a payment', async () => {
    const auditor = await signedInClient(t.app, await createTestUser(ctx.db, { role: 'auditor' }))
    const account = await auditor.get(`/accounts/${acct.accountNumber}`)
    expect(account.body).not.toContain('Take a payment')
    expect(account.body).not.toContain('/reverse"')
    const [payment] = await paymentsOf(ctx.db, acct.accountId)
    const receipt = (await paymentsOf(ctx.db, acct.accountId)).find((p) => p.receipt_number)!
    expect((await auditor.get(`/receipts/${receipt.receipt_number}`)).statusCode).toBe(200)
    expect((await auditor.get(`/accounts/${acct.accountNumber}/payments/new`)).statusCode).toBe(403)
    const post = await auditor.post(`/accounts/${acct.accountNumber}/payments/new`, { method: 'cash', amount: '1.00' })
    expect(post.statusCode).toBe(403)
    expect((await auditor.post(`/payments/${payment!.id}/reverse`, { reason: 'other', note: 'x' })).statusCode).toBe(403)
    expect((await auditor.post(`/payments/${payment!.id}/move`, { target: acct.accountNumber, reason: 'x' })).statusCode).toBe(403)
  })

  it('refuses a payment form posted without its CSRF token', async () => {
    const res = await officer.post(`/accounts/${acct.accountNumber}/payments/new`, { _csrf: null, method: 'cash', amount: '5.00' })
    expect(res.statusCode).toBe(403)
    expect(res.body).toContain('Sorry, there is a problem with this form')
  })

  it('gives 404 for an unknown receipt or payment', async () => {
    expect((await officer.get('/receipts/RC269999999')).statusCode).toBe(404)
    expect((await officer.get('/payments/99999999/reverse')).statusCode).toBe(404)
    expect((await officer.get('/payments/abc/move')).statusCode).toBe(404)
  })
})
