import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDb } from '../../../../test/databases.ts'
import type { Db } from '../../../db/client.ts'
import { openCustomerAccount } from '../../../services/accounts/open-customer-account.ts'
import { cliActor } from '../../../services/actor.ts'
import { postTransaction } from '../../../services/ledger/post-transaction.ts'
import { recordPayment } from '../../../services/payments/record-payment.ts'
import { buildTestWebApp, createTestUser, signedInClient, type TestWebApp, type WebTestClient } from '../../testing/web-test-client.ts'

// Web tests run on Sunday 22 November 2026 (TEST_NOW).
let n = 0

async function balanceOf(db: Db, accountId: number) {
  return (await db.query<{ b: number }>('select coalesce(sum(amount_pence), 0)::bigint as b from postings where account_id = $1', [accountId]))[0]!.b
}

/** A closed former tenant account owing `pence` from a charge in October 2026. */
async function debt(db: Db, pence: number, closed = true) {
  const [party] = await db.query<{ id: number }>(`insert into parties (party_ref, forename, surname) values ($1, 'Wendy', 'Writeoff') returning id`, [`WOW${process.pid}x${++n}`])
  const a = await openCustomerAccount(db, { type: 'former_tenant', name: 'Former tenancy', partyIds: [party!.id], openedOn: '2020-01-06', actor: cliActor })
  const [income] = await db.query<{ id: number }>(`select id from accounts where account_number = 'GL-INCOME-RENT'`)
  await postTransaction(db, {
    type: 'charge',
    idempotencyKey: `wo-web:${a.id}`,
    effectiveDate: '2026-10-05',
    postingDate: '2026-10-05',
    source: 'batch',
    actor: cliActor,
    description: 'Charge',
    legs: [
      { accountId: a.id, amountPence: pence, postingType: 'rent', periodStart: '2026-10-05' },
      { accountId: income!.id, amountPence: -pence, postingType: 'rent' },
    ],
  })
  if (closed) await db.query(`update accounts set status = 'closed', closed_on = '2026-10-05' where id = $1`, [a.id])
  return a
}

const caseIdFrom = (location: string | string[] | number | undefined) => Number(/^\/write-offs\/(\d+)$/.exec(String(location))![1])

describeEachDb('web: write-off cases, approvals by limit, bulk lists, write-on and the report', (ctx) => {
  let t: TestWebApp
  let officer: WebTestClient
  let leader: WebTestClient
  let leader2: WebTestClient
  let finance: WebTestClient
  let auditor: WebTestClient

  beforeAll(async () => {
    t = await buildTestWebApp(ctx.db)
    officer = await signedInClient(t.app, await createTestUser(ctx.db, { role: 'debt_recovery_officer' }))
    leader = await signedInClient(t.app, await createTestUser(ctx.db, { role: 'team_leader' }))
    leader2 = await signedInClient(t.app, await createTestUser(ctx.db, { role: 'team_leader' }))
    finance = await signedInClient(t.app, await createTestUser(ctx.db, { role: 'finance' }))
    auditor = await signedInClient(t.app, await createTestUser(ctx.db, { role: 'auditor' }))
  }, 60_000)
  afterAll(async () => {
    await t?.app.close()
  })

  it('lets an officer request a write-off from an account, with GOV.UK errors first', async () => {
    const a = await debt(ctx.db, 25_000)
    const form = await officer.get(`/accounts/${a.accountNumber}/write-off`)
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('Request write-off')
    expect(form.body).toContain('The whole balance (£250.00)')

    const bad = await officer.post(`/accounts/${a.accountNumber}/write-off`, { amountChoice: 'part', amount: '300.00', reason: 'other', reasonText: '', evidenceNote: '' })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('There is a problem')
    expect(bad.body).toContain('Amount to write off must be £250.00 or less')
    expect(bad.body).toContain('Enter the reason for the write-off')
    expect(bad.body).toContain('Enter the evidence for the write-off')

    const ok = await officer.post(`/accounts/${a.accountNumber}/write-off`, {
      amountChoice: 'whole',
      reason: 'gone_away_untraceable',
      evidenceNote: 'Tracing agent: no trace. DCA returned after 3 months.',
    })
    expect(ok.statusCode).toBe(303)
    const id = caseIdFrom(ok.headers.location)
    const page = await officer.get(`/write-offs/${id}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain(`Write-off case ${id} prepared`)
    expect(page.body).toContain('Waiting for approval')
    expect(page.body).toContain('£250.00 (the whole balance when prepared)')
    expect(page.body).toContain('team leader (up to £1,000.00)')
    expect(page.body).not.toContain('data-qa="write-off-decision"') // officers do not decide
    expect(await balanceOf(ctx.db, a.id)).toBe(25_000)

    // An officer cannot reach the approvals or decide, and an auditor can look but not prepare.
    expect((await officer.get('/approvals')).statusCode).toBe(403)
    expect((await officer.post(`/write-offs/${id}/decision`, { decision: 'approve', returnTo: '/approvals' })).statusCode).toBe(403)
    expect((await auditor.get(`/write-offs/${id}`)).statusCode).toBe(200)
    expect((await auditor.get(`/accounts/${a.accountNumber}/write-off`)).statusCode).toBe(403)
  })

  it('an officer cannot approve their own write-off: the team leader who prepared it is refused, another approves', async () => {
    const a = await debt(ctx.db, 40_000)
    const res = await leader.post(`/accounts/${a.accountNumber}/write-off`, { amountChoice: 'whole', reason: 'uneconomical_to_pursue', evidenceNote: 'Recovery cost exceeds the debt' })
    const id = caseIdFrom(res.headers.location)
    const queue = await leader.get('/approvals')
    expect(queue.body).toContain(`id="write-off-case-${id}"`)
    expect(queue.body).toMatch(/Approvals \(\d+<span class="govuk-visually-hidden"> waiting/)

    const own = await leader.post(`/write-offs/${id}/decision`, { decision: 'approve', returnTo: '/approvals' })
    expect(own.statusCode).toBe(403)
    expect(own.body).toContain('You cannot approve or reject a write-off you prepared; another person must')
    const ownFromPage = await leader.post(`/write-offs/${id}/decision`, { decision: 'approve', returnTo: `/write-offs/${id}` })
    expect(ownFromPage.statusCode).toBe(403)
    expect(ownFromPage.body).toContain('You cannot approve or reject a write-off you prepared')
    expect((await leader.get(`/write-offs/${id}`)).body).toContain('Waiting for approval')

    const other = await leader2.post(`/write-offs/${id}/decision`, { decision: 'approve', decisionReason: 'Evidence checked', returnTo: '/approvals' })
    expect(other.statusCode).toBe(303)
    expect(other.headers.location).toBe('/approvals')
    const after = await leader2.get('/approvals')
    expect(after.body).toContain(`Write-off case ${id} approved: it can now be posted`)
    expect(after.body).not.toContain(`id="write-off-case-${id}"`)

    // Posting from the case page: Cr the account, Dr GL-WRITE-OFF.
    const posted = await leader.post(`/write-offs/${id}/post`)
    expect(posted.statusCode).toBe(303)
    expect(await balanceOf(ctx.db, a.id)).toBe(0)
    const page = await leader.get(`/write-offs/${id}`)
    expect(page.body).toContain(`Write-off case ${id} posted to the ledger`)
    const decisions = page.body.slice(page.body.indexOf('data-qa="decisions"'))
    expect(decisions).toMatch(/<td class="govuk-table__cell">Approved<\/td>\s*<td class="govuk-table__cell">officer\d+ \(Team leader\)<\/td>/)
    expect(decisions).toContain('Evidence checked')
  })

  it('holds each approver to their limit by role: a team leader is refused over £1,000, finance approves', async () => {
    const a = await debt(ctx.db, 150_000)
    const id = caseIdFrom((await officer.post(`/accounts/${a.accountNumber}/write-off`, { amountChoice: 'whole', reason: 'deceased_no_estate', evidenceNote: 'No estate: letter from the probate registry' })).headers.location)
    const refused = await leader.post(`/write-offs/${id}/decision`, { decision: 'approve', returnTo: '/approvals' })
    expect(refused.statusCode).toBe(403)
    expect(refused.body).toContain('This write-off of £1,500.00 is over your limit of £1,000.00 a case: it needs a more senior approver')

    const noReason = await finance.post(`/write-offs/${id}/decision`, { decision: 'reject', decisionReason: '', returnTo: `/write-offs/${id}` })
    expect(noReason.statusCode).toBe(400)
    expect(noReason.body).toContain('Enter the reason for rejecting the write-off')

    const approved = await finance.post(`/write-offs/${id}/decision`, { decision: 'approve', returnTo: `/write-offs/${id}` })
    expect(approved.statusCode).toBe(303)
    expect(approved.headers.location).toBe(`/write-offs/${id}`)
    const page = await finance.get(`/write-offs/${id}`)
    expect(page.body).toContain('Approved: not yet posted')
    expect(page.body).toContain('Role limit: £10,000.00 a case')
    expect(page.body).toContain('Post write-off of £1,500.00')
  })

  it('prepares a bulk list from the form, decides it from the queue and posts it in one step', async () => {
    const accounts = [await debt(ctx.db, 1_200), await debt(ctx.db, 3_300)]
    const bad = await officer.post('/write-offs/lists/new', { name: '', maxBalance: 'abc', reason: '', evidenceNote: '' })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('Enter a name for the list')
    expect(bad.body).toContain('Select at least one kind of account')
    expect(bad.body).toContain('Largest balance must be an amount of money')

    const res = await officer.post('/write-offs/lists/new', {
      name: 'Uneconomical FTA under £50',
      accountTypes: 'former_tenant',
      maxBalance: '50.00',
      reason: 'uneconomical_to_pursue',
      evidenceNote: 'Under £50: recovery costs more than the debt',
    })
    expect(res.statusCode).toBe(303)
    const listId = Number(/\/write-offs\/lists\/(\d+)$/.exec(String(res.headers.location))![1])
    const page = await officer.get(`/write-offs/lists/${listId}`)
    expect(page.body).toContain('Uneconomical FTA under £50')
    for (const a of accounts) expect(page.body).toContain(a.accountNumber)
    expect(page.body).toContain('team leader') // who may approve it

    const queue = await leader.get('/approvals')
    expect(queue.body).toContain(`id="write-off-list-${listId}"`)
    const decided = await leader.post(`/write-offs/lists/${listId}/decision`, { decision: 'approve', returnTo: '/approvals' })
    expect(decided.statusCode).toBe(303)
    const posted = await officer.post(`/write-offs/lists/${listId}/post`)
    expect(posted.statusCode).toBe(303)
    const after = await officer.get(`/write-offs/lists/${listId}`)
    expect(after.body).toMatch(/Write-off list \d+ posted: \d+ cases? written off/)
    for (const a of accounts) expect(await balanceOf(ctx.db, a.id)).toBe(0)
  })

  it('proposes a write-on when a written-off debtor pays, and writes on by officer action', async () => {
    const a = await debt(ctx.db, 8_000)
    const id = caseIdFrom((await officer.post(`/accounts/${a.accountNumber}/write-off`, { amountChoice: 'whole', reason: 'gone_away_untraceable', evidenceNote: 'No trace' })).headers.location)
    await leader.post(`/write-offs/${id}/decision`, { decision: 'approve', returnTo: '/approvals' })
    await officer.post(`/write-offs/${id}/post`)
    await ctx.db.transaction((tx) =>
      recordPayment(tx, { accountId: a.id, method: 'bank_transfer', amountPence: 3_000, receivedOn: '2026-11-22', postingDate: '2026-11-22', idempotencyKey: `wo-web-pay:${a.id}`, source: 'file', actor: cliActor }),
    )
    const candidates = await officer.get('/write-ons')
    expect(candidates.statusCode).toBe(200)
    const row = candidates.body.slice(candidates.body.indexOf(a.accountNumber))
    expect(row).toContain('£30.00')
    expect(row).toContain('£80.00')

    const form = await officer.get(`/accounts/${a.accountNumber}/write-on`)
    expect(form.body).toContain('Proposed write-on for the payment: <strong>£30.00</strong>')
    const missing = await officer.post(`/accounts/${a.accountNumber}/write-on`, { basis: 'payment_received', amount: '', reason: '' })
    expect(missing.statusCode).toBe(400)
    expect(missing.body).toContain('Enter the reason for the write-on')
    const tooMuch = await officer.post(`/accounts/${a.accountNumber}/write-on`, { basis: 'payment_received', amount: '31.00', reason: 'Paid' })
    expect(tooMuch.statusCode).toBe(400)
    expect(tooMuch.body).toContain('Amount must be £30.00 or less')
    const ok = await officer.post(`/accounts/${a.accountNumber}/write-on`, { basis: 'payment_received', amount: '', reason: 'Debtor paid £30 after the write-off' })
    expect(ok.statusCode).toBe(303)
    expect(await balanceOf(ctx.db, a.id)).toBe(0)
    expect((await officer.get('/write-ons')).body).not.toContain(a.accountNumber)
    expect((await officer.get(`/write-offs/${id}`)).body).toContain('Payment received: Debtor paid £30 after the write-off')
  })

  it('shows the report by reason, type and approver, agreeing with the ledger, and downloads it as CSV', async () => {
    const page = await auditor.get('/write-offs/report?from=2026-11-01&to=2026-11-30')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Agrees with the ledger')
    expect(page.body).toContain('Gone away: untraceable after tracing')
    expect(page.body).toContain('Former tenant arrears')
    expect(page.body).toContain('data-qa="by-approver"')
    expect(page.body).toMatch(/1 write-on totalling <strong>£30.00<\/strong>/)
    const bad = await auditor.get('/write-offs/report?from=2026-12-01&to=2026-11-01')
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('The end date must be the same as or after the start date')
    const csv = await auditor.get('/write-offs/report.csv?from=2026-11-01&to=2026-11-30')
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-type']).toContain('text/csv')
    expect(csv.headers['content-disposition']).toContain('write-offs-2026-11-01-to-2026-11-30.csv')
    expect(csv.body.split('\n')[0]).toBe('date,kind,case,list,account,account_type,reason,insolvency_kind,amount,prepared_by,approved_by,posted_by,transaction')
    expect(csv.body).toContain(',write-on,')
  })
})
