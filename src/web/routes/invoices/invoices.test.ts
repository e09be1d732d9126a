import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDb } from '../../../../test/databases.ts'
import { makeParty } from '../../../../test/fixtures.ts'
import { cliActor } from '../../../services/actor.ts'
import { openCustomerAccount } from '../../../services/accounts/open-customer-account.ts'
import { buildTestWebApp, createTestUser, signedInClient, type TestWebApp, type WebTestClient } from '../../testing/web-test-client.ts'
import { validateCreditNote } from './credit-note.validator.ts'
import { validateRaiseInvoice } from './raise-invoice.validator.ts'

// Today is Sunday 22 November 2026 (TEST_NOW).
const fields = { chargeType: 'storage', description: 'Storage of furniture, October 2026', amount: '100.00', 'issueDate-day': '20', 'issueDate-month': '11', 'issueDate-year': '2026' }

it.each([
  [{}, ['#chargeType', '#description', '#amount', '#issueDate-day']],
  [{ ...fields, chargeType: 'social_care' }, ['#chargeType']],
  [{ ...fields, amount: '0' }, ['#amount']],
  [{ ...fields, 'issueDate-day': '23' }, ['#issueDate-day']],
])('validateRaiseInvoice(%o) → errors at %o', (body, hrefs) => {
  const r = validateRaiseInvoice(body, '2026-11-22', ['storage', 'removals', 'court_costs'])
  expect(r.ok ? [] : r.errors.map((e) => e.href)).toEqual(hrefs)
})

it('validateCreditNote asks for the extent, a part amount and the reason', () => {
  expect(validateCreditNote({}).ok).toBe(false)
  expect(validateCreditNote({ extent: 'part', amount: '', reason: 'x' })).toMatchObject({ ok: false, errors: [{ href: '#amount' }] })
  expect(validateCreditNote({ extent: 'part', amount: '12.50', reason: ' Wrong tenant ' })).toMatchObject({ ok: true, amount: 1250, reason: 'Wrong tenant' })
  expect(validateCreditNote({ extent: 'whole', reason: 'x' })).toMatchObject({ ok: true, amount: 'whole' })
})

describeEachDb('web invoices', (ctx) => {
  let t: TestWebApp
  let recovery: WebTestClient
  let officer: WebTestClient
  let auditor: WebTestClient
  let accountNumber: string

  beforeAll(async () => {
    t = await buildTestWebApp(ctx.db)
    recovery = await signedInClient(t.app, await createTestUser(ctx.db, { role: 'debt_recovery_officer' }))
    officer = await signedInClient(t.app, await createTestUser(ctx.db, { role: 'income_officer' }))
    auditor = await signedInClient(t.app, await createTestUser(ctx.db, { role: 'auditor' }))
    const partyId = await makeParty(ctx.db, 'Stored')
    accountNumber = (await openCustomerAccount(ctx.db, { type: 'storage_removals', name: 'Storage and removals', partyIds: [partyId], openedOn: '2026-04-01', actor: cliActor })).accountNumber
  })
  afterAll(async () => {
    await t?.app.close()
  })

  it('lists no invoices at first, with the way to raise one', async () => {
    const res = await recovery.get(`/accounts/${accountNumber}/invoices`)
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('No invoices have been raised on this account.')
    expect(res.body).toContain(`href="/accounts/${accountNumber}/invoices/new"`)
  })

  it('offers only the charge types that belong on the account, and explains errors GOV.UK style', async () => {
    const form = await recovery.get(`/accounts/${accountNumber}/invoices/new`)
    expect(form.body).toContain('value="storage"')
    expect(form.body).toContain('value="removals"')
    expect(form.body).toContain('value="court_costs"')
    expect(form.body).not.toContain('value="social_care"')
    const bad = await recovery.post(`/accounts/${accountNumber}/invoices/new`, { ...fields, amount: 'lots' })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('<title>Error: Raise an invoice')
    expect(bad.body).toContain('<a href="#amount">Amount must be an amount of money, like 25.50</a>')
    const csrf = await recovery.post(`/accounts/${accountNumber}/invoices/new`, { ...fields, _csrf: 'forged' })
    expect(csrf.statusCode).toBe(403)
  })

  it('raises an invoice with VAT, shows it, prints it and lists it', async () => {
    const res = await recovery.post(`/accounts/${accountNumber}/invoices/new`, fields)
    expect(res.statusCode).toBe(303)
    const path = res.headers.location as string
    expect(path).toMatch(/^\/invoices\/INV-\d{6}$/)
    const page = (await recovery.get(path)).body
    expect(page).toMatch(/Invoice INV-\d{6} raised/)
    expect(page).toContain('Storage of belongings: Storage of furniture, October 2026')
    expect(page).toContain('£20.00')
    expect(page).toContain('£120.00')
    expect(page).toContain('Raise a credit note')
    const pdf = await auditor.get(`${path}.pdf`)
    expect(pdf.statusCode).toBe(200)
    expect(pdf.headers['content-type']).toBe('application/pdf')
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    const list = (await auditor.get(`/accounts/${accountNumber}/invoices`)).body
    expect(list).toContain(path.slice('/invoices/'.length))
    expect(list).not.toContain('Raise an invoice')
  })

  it('cancels part of the invoice by credit note, then refuses an income officer the credit note form', async () => {
    const list = (await recovery.get(`/accounts/${accountNumber}/invoices`)).body
    const number = /INV-\d{6}/.exec(list)![0]
    const form = await recovery.get(`/invoices/${number}/credit-notes/new`)
    expect(form.body).toContain('All of it (£120.00)')
    const bad = await recovery.post(`/invoices/${number}/credit-notes/new`, { extent: 'part', amount: '500.00', reason: 'Too much' })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('£120.00 or less')
    const ok = await recovery.post(`/invoices/${number}/credit-notes/new`, { extent: 'part', amount: '30.00', reason: 'Stored for 3 weeks, not 4' })
    expect(ok.statusCode).toBe(303)
    const page = (await recovery.get(`/invoices/${number}`)).body
    expect(page).toMatch(/Credit note CRN-\d{6} issued/)
    expect(page).toContain('Part cancelled by credit note')
    expect(page).toContain('Still charged on this invoice: <strong>£90.00</strong>')
    expect((await officer.get(`/invoices/${number}/credit-notes/new`)).statusCode).toBe(403)
    expect((await officer.get(`/invoices/${number}`)).body).not.toContain('Raise a credit note')
    expect((await recovery.get('/invoices/INV-999999')).statusCode).toBe(404)
  })
})
