import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDb } from '../../../../test/databases.ts'
import { balanceOf, makeParty, makeTenancy } from '../../../../test/fixtures.ts'
import { cliActor } from '../../../services/actor.ts'
import { openCustomerAccount } from '../../../services/accounts/open-customer-account.ts'
import { runCareInvoicing } from '../../../services/invoicing/run-care-invoicing.ts'
import { validateRecordForm } from './record-form.validator.ts'
import { loanForm } from './source-record-forms.ts'
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

it('validateRecordForm checks each field in page order, then the form’s own rules', () => {
  const good = { loanRef: 'L-1', purpose: 'rent_deposit', 'advancedOn-day': '1', 'advancedOn-month': '11', 'advancedOn-year': '2026', principal: '600', frequency: 'monthly', 'firstDueOn-day': '1', 'firstDueOn-month': '12', 'firstDueOn-year': '2026', instalments: '6' }
  const run = (body: object) => validateRecordForm(loanForm.fields, body, '2026-11-22', loanForm.check)
  expect(run(good)).toMatchObject({ ok: true, values: { loanRef: 'L-1', principal: 60000, instalments: 6, instalment: null, advancedOn: '2026-11-01', purposeNote: null } })
  expect(run({}).ok ? [] : (run({}) as { errors: { href: string }[] }).errors.map((e) => e.href)).toEqual(['#loanRef', '#purpose', '#advancedOn-day', '#principal', '#frequency', '#firstDueOn-day'])
  expect(run({ ...good, loanRef: 'a b' })).toMatchObject({ ok: false, errors: [{ href: '#loanRef', text: 'Reference must be letters, numbers and hyphens only' }] })
  expect(run({ ...good, instalment: '100' })).toMatchObject({ ok: false, errors: [{ href: '#instalments' }] })
  expect(run({ ...good, instalments: '1.5' })).toMatchObject({ ok: false, errors: [{ href: '#instalments', text: 'Number of repayments must be a whole number, like 2' }] })
  expect(run({ ...good, 'advancedOn-day': '23' })).toMatchObject({ ok: false, errors: [{ href: '#advancedOn-day', text: 'Date the loan was made must be today or in the past' }] })
})

const date = (name: string, iso: string) => ({ [`${name}-day`]: String(Number(iso.slice(8))), [`${name}-month`]: String(Number(iso.slice(5, 7))), [`${name}-year`]: iso.slice(0, 4) })
const errorLink = (body: string, href: string) => new RegExp(`<a href="${href}">[^<]+</a>`).exec(body)?.[0]

describeEachDb('web sundry records (repairs, care plans, loans, storage, claims, HB overpayments)', (ctx) => {
  let t: TestWebApp
  let officer: WebTestClient
  let auditor: WebTestClient
  let rent: { accountNumber: string; partyId: number }
  let ta: { accountNumber: string; partyId: number }
  const accountOf = async (partyId: number, type: string) =>
    (await ctx.db.query<{ id: number; account_number: string }>(`select a.id, a.account_number from accounts a join account_parties ap on ap.account_id = a.id where ap.party_id = $1 and a.account_type = $2`, [partyId, type]))[0]!
  const legs = async (invoiceNumber: string) =>
    (await ctx.db.query<{ account_number: string; amount_pence: number }>(
      `select a.account_number, p.amount_pence from invoices i join postings p on p.transaction_id = i.transaction_id join accounts a on a.id = p.account_id where i.invoice_number = $1 order by p.id`,
      [invoiceNumber],
    )).map((r) => [r.account_number.replace(/^[A-Z]{3}\d+$/, (n) => n.slice(0, 3)), Number(r.amount_pence)])

  beforeAll(async () => {
    t = await buildTestWebApp(ctx.db)
    officer = await signedInClient(t.app, await createTestUser(ctx.db, { role: 'income_officer' }))
    auditor = await signedInClient(t.app, await createTestUser(ctx.db, { role: 'auditor' }))
    const secure = await makeTenancy(ctx.db, { startDate: '2026-04-06', charges: [] })
    rent = { accountNumber: secure.accountNumber, partyId: secure.partyIds[0]! }
    const licence = await makeTenancy(ctx.db, { startDate: '2026-04-06', charges: [], tenure: 'ta_licence' })
    ta = { accountNumber: licence.accountNumber, partyId: licence.partyIds[0]! }
  })
  afterAll(async () => {
    await t?.app.close()
  })

  it('links every record form from the invoices page, for those who raise invoices only', async () => {
    const page = (await officer.get(`/accounts/${rent.accountNumber}/invoices`)).body
    for (const key of ['repairs', 'care-plans', 'loans', 'storage', 'claims', 'hb-overpayments']) {
      expect(page).toContain(`href="/accounts/${rent.accountNumber}/invoices/${key}/new"`)
      const form = await officer.get(`/accounts/${rent.accountNumber}/invoices/${key}/new`)
      expect(form.statusCode).toBe(200)
      expect(form.body).toContain('name="_csrf"')
      expect(form.body).not.toMatch(/undefined|\[object Object\]/)
    }
    expect((await auditor.get(`/accounts/${rent.accountNumber}/invoices`)).body).not.toContain('/repairs/new')
    expect((await auditor.get(`/accounts/${rent.accountNumber}/invoices/repairs/new`)).statusCode).toBe(403)
    const forged = await officer.post(`/accounts/${rent.accountNumber}/invoices/claims/new`, { claimRef: 'X', _csrf: 'forged' })
    expect(forged.statusCode).toBe(403)
  })

  it('records a repair, holds it while disputed, and invoices it to the tenant’s rechargeable repairs account once decided', async () => {
    const base = `/accounts/${rent.accountNumber}/invoices/repairs`
    const good = { repairRef: 'JOB-4471', description: 'Replaced internal door kicked in', ...date('completedOn', '2026-11-02'), cost: '185.00', tenantResponsible: 'yes', responsibilityReason: 'Damage beyond fair wear and tear', disputed: 'yes' }
    const bad = await officer.post(`${base}/new`, { ...good, cost: 'a lot' })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('<title>Error: Record a rechargeable repair')
    expect(errorLink(bad.body, '#cost')).toContain('Cost must be an amount of money, like 25.50')
    const ok = await officer.post(`${base}/new`, good)
    expect(ok.statusCode).toBe(303)
    expect(ok.headers.location).toBe(`${base}/JOB-4471`)
    let page = (await officer.get(`${base}/JOB-4471`)).body
    expect(page).toContain('Repair JOB-4471 recorded')
    expect(page).toContain('The tenant disputes this recharge: it is held until the dispute is decided.')
    expect(page).not.toContain('data-qa="repair-invoice-form"')
    expect((await officer.post(`${base}/JOB-4471/invoice`, date('issueDate', '2026-11-20'))).statusCode).toBe(400) // held: the service refuses
    const noNote = await officer.post(`${base}/JOB-4471/dispute`, { outcome: 'recharge_confirmed' })
    expect(errorLink(noNote.body, '#note')).toContain('Enter details')
    expect((await officer.post(`${base}/JOB-4471/dispute`, { outcome: 'recharge_confirmed', note: 'Photos show the door was kicked' })).statusCode).toBe(303)
    page = (await officer.get(`${base}/JOB-4471`)).body
    expect(page).toContain('Dispute decided: the tenant is to pay: Photos show the door was kicked')
    expect(page).toContain('data-qa="repair-invoice-form"')
    const future = await officer.post(`${base}/JOB-4471/invoice`, date('issueDate', '2026-11-23'))
    expect(errorLink(future.body, '#issueDate-day')).toContain('Invoice date must be today or in the past')
    const raised = await officer.post(`${base}/JOB-4471/invoice`, date('issueDate', '2026-11-20'))
    expect(raised.statusCode).toBe(303)
    const number = /INV-\d{6}/.exec(raised.headers.location as string)![0]
    const repairs = await accountOf(rent.partyId, 'rechargeable_repair')
    expect(await balanceOf(ctx.db, repairs.id)).toBe(18500)
    expect(await legs(number)).toEqual([[repairs.account_number.slice(0, 3), 18500], ['GL-INCOME-RECHARGEABLE_REPAIR', -18500]])
    expect((await officer.get(`/invoices/${number}`)).body).toContain('Repair JOB-4471 completed')
    expect((await officer.get(`/accounts/${repairs.account_number}/invoices`)).body).toContain(number)
    const duplicate = await officer.post(`${base}/new`, good)
    expect(errorLink(duplicate.body, '#repairRef')).toContain('Repair JOB-4471 is already recorded')
  })

  it('records a care plan, changes its contribution from a date, and the 4-weekly run invoices it', async () => {
    const good = { planRef: 'CP-900', description: 'Home care, 10 hours a week', ...date('startsOn', '2026-09-21'), contribution: '280.00' }
    const bad = await officer.post(`/accounts/${rent.accountNumber}/invoices/care-plans/new`, { ...good, ...date('endsOn', '2026-09-01') })
    expect(bad.statusCode).toBe(400)
    expect(errorLink(bad.body, '#endsOn-day')).toContain('The end date must be on or after the start date')
    const ok = await officer.post(`/accounts/${rent.accountNumber}/invoices/care-plans/new`, good)
    expect(ok.statusCode).toBe(303)
    const care = await accountOf(rent.partyId, 'social_care')
    expect(ok.headers.location).toBe(`/accounts/${care.account_number}/invoices`)
    const list = (await officer.get(ok.headers.location as string)).body
    expect(list).toContain('Care plan CP-900 recorded')
    expect(list).toContain('£280.00 from 21 September 2026')
    const reassess = `/accounts/${care.account_number}/invoices/care-plans/CP-900/reassess`
    expect(list).toContain(`href="${reassess}"`)
    const early = await officer.post(reassess, { ...date('effectiveFrom', '2026-09-01'), contribution: '560', reason: 'Income rose' })
    expect(early.statusCode).toBe(400)
    expect(errorLink(early.body, '#effectiveFrom-day')).toContain('The date must be on or after the plan start')
    expect((await officer.post(reassess, { ...date('effectiveFrom', '2026-10-19'), contribution: '560', reason: 'Income rose' })).statusCode).toBe(303)
    expect(await balanceOf(ctx.db, care.id)).toBe(0) // invoiced in arrears by the run, not on recording
    await runCareInvoicing(ctx.db, { runDate: '2026-11-16', postingDate: '2026-11-16', actor: cliActor })
    // Periods 21 Sep–18 Oct at £280 and 19 Oct–15 Nov at the reassessed £560.
    expect(await balanceOf(ctx.db, care.id)).toBe(28000 + 56000)
    expect((await officer.get(`/accounts/${rent.accountNumber}/invoices/care-plans/CP-900/reassess`)).statusCode).toBe(404) // not this account's plan
  })

  it('sets up a loan on its own account with its repayment schedule', async () => {
    const good = { loanRef: 'HPL-77', purpose: 'rent_deposit', ...date('advancedOn', '2026-11-02'), principal: '600.00', frequency: 'monthly', ...date('firstDueOn', '2026-12-01'), instalments: '7' }
    const bad = await officer.post(`/accounts/${rent.accountNumber}/invoices/loans/new`, { ...good, instalment: '50' })
    expect(errorLink(bad.body, '#instalments')).toContain('Enter either the number of repayments or the amount of each, not both')
    const ok = await officer.post(`/accounts/${rent.accountNumber}/invoices/loans/new`, good)
    expect(ok.statusCode).toBe(303)
    const number = /INV-\d{6}/.exec(ok.headers.location as string)![0]
    const page = (await officer.get(`/invoices/${number}`)).body
    expect(page).toContain('Loan HPL-77 set up')
    expect(page).toContain('7 repayments from 1 December 2026.')
    const loan = await accountOf(rent.partyId, 'loan')
    expect(await balanceOf(ctx.db, loan.id)).toBe(60000)
    expect((await legs(number))[1]).toEqual(['GL-LOANS-ADVANCED', -60000])
    const [s] = await ctx.db.query<{ n: number; total: number; first: number }>(
      `select count(*)::int as n, sum(amount_pence)::int as total, max(amount_pence)::int as first from loan_instalments i join loans l on l.id = i.loan_id where l.loan_ref = 'HPL-77'`,
    )
    expect(s).toEqual({ n: 7, total: 60000, first: 8572 }) // 60000 = 8572 × 4 + 8571 × 3
  })

  it('charges storage to a temporary accommodation resident with VAT, and refuses it for a secure tenant', async () => {
    const good = { kind: 'storage', description: 'Storage of furniture at the council store', ...date('periodStart', '2026-10-01'), ...date('periodEnd', '2026-10-31'), amount: '100.00' }
    const bad = await officer.post(`/accounts/${ta.accountNumber}/invoices/storage/new`, { ...good, ...date('periodEnd', '2026-09-30') })
    expect(errorLink(bad.body, '#periodEnd-day')).toContain('The end date must be on or after the start date')
    const secure = await officer.post(`/accounts/${rent.accountNumber}/invoices/storage/new`, good)
    expect(secure.statusCode).toBe(400)
    expect(errorLink(secure.body, '#kind')).toContain('temporary accommodation')
    const ok = await officer.post(`/accounts/${ta.accountNumber}/invoices/storage/new`, good)
    expect(ok.statusCode).toBe(303)
    const number = /INV-\d{6}/.exec(ok.headers.location as string)![0]
    const storage = await accountOf(ta.partyId, 'storage_removals')
    expect(await balanceOf(ctx.db, storage.id)).toBe(12000)
    expect((await legs(number)).slice(1)).toEqual([['GL-INCOME-STORAGE', -10000], ['GL-VAT-OUTPUT', -2000]])
    const removal = await officer.post(`/accounts/${ta.accountNumber}/invoices/storage/new`, { kind: 'removals', description: 'Removal to store', ...date('periodStart', '2026-10-01'), amount: '80' })
    expect(removal.statusCode).toBe(303)
    expect(await balanceOf(ctx.db, storage.id)).toBe(20000)
  })

  it('invoices an insurance or damage claim once per claim reference', async () => {
    const good = { claimRef: 'DMG-12', ...date('incidentOn', '2026-10-10'), description: 'Fire door damaged', amount: '240.00' }
    const bad = await officer.post(`/accounts/${rent.accountNumber}/invoices/claims/new`, { ...good, ...date('incidentOn', '2026-12-01') })
    expect(errorLink(bad.body, '#incidentOn-day')).toContain('Date of the incident must be today or in the past')
    const ok = await officer.post(`/accounts/${rent.accountNumber}/invoices/claims/new`, good)
    expect(ok.statusCode).toBe(303)
    const claims = await accountOf(rent.partyId, 'insurance_claim')
    expect(await balanceOf(ctx.db, claims.id)).toBe(24000)
    expect((await legs(/INV-\d{6}/.exec(ok.headers.location as string)![0]))[1]).toEqual(['GL-INCOME-INSURANCE_CLAIM', -24000])
    const again = await officer.post(`/accounts/${rent.accountNumber}/invoices/claims/new`, good)
    expect(errorLink(again.body, '#claimRef')).toContain('Claim DMG-12 is already invoiced')
  })

  it('records HB overpayments: invoiced, recovered from ongoing HB without an invoice, or not recoverable', async () => {
    const base = { ...date('periodFrom', '2026-04-06'), ...date('periodTo', '2026-06-28'), amount: '420.00', cause: 'late_notification_of_change', reason: 'Started work in April, told us in July', ...date('decidedOn', '2026-11-10') }
    const url = `/accounts/${rent.accountNumber}/invoices/hb-overpayments/new`
    const bad = await officer.post(url, { ...base, overpaymentRef: 'OP-1', recoverable: 'yes' })
    expect(errorLink(bad.body, '#method')).toContain('Select how the overpayment is recovered')
    const noWeekly = await officer.post(url, { ...base, overpaymentRef: 'OP-1', recoverable: 'yes', method: 'ongoing_hb_deduction' })
    expect(errorLink(noWeekly.body, '#weeklyDeduction')).toContain('Enter the weekly deduction')
    const invoiced = await officer.post(url, { ...base, overpaymentRef: 'OP-1', recoverable: 'yes', method: 'invoice' })
    expect(invoiced.headers.location).toMatch(/^\/invoices\/INV-\d{6}$/)
    const hb = await accountOf(rent.partyId, 'hb_overpayment')
    expect(await balanceOf(ctx.db, hb.id)).toBe(42000)
    const deducted = await officer.post(url, { ...base, overpaymentRef: 'OP-2', amount: '100', recoverable: 'yes', method: 'ongoing_hb_deduction', weeklyDeduction: '12.75' })
    expect(deducted.headers.location).toBe(`/accounts/${hb.account_number}/invoices`)
    expect(await balanceOf(ctx.db, hb.id)).toBe(52000)
    const [d] = await ctx.db.query<{ invoice_id: number | null; weekly_deduction_pence: number }>(`select invoice_id, weekly_deduction_pence from hb_overpayments where overpayment_ref = 'OP-2'`)
    expect(d).toEqual({ invoice_id: null, weekly_deduction_pence: 1275 })
    const official = await officer.post(url, { ...base, overpaymentRef: 'OP-3', cause: 'official_error', recoverable: 'no' })
    expect(official.headers.location).toBe(`/accounts/${rent.accountNumber}/invoices`)
    expect((await officer.get(official.headers.location as string)).body).toContain('It is not recoverable: nothing was charged.')
    expect(await balanceOf(ctx.db, hb.id)).toBe(52000)
  })
})
