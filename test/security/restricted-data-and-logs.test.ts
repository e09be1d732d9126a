import { afterAll, beforeAll, expect, it } from 'vitest'
import { cliActor, type Actor } from '../../src/services/actor.ts'
import { createApiToken } from '../../src/services/api-tokens/api-tokens.ts'
import { importPaymentFile } from '../../src/services/payments/import-payment-file.ts'
import { receiptPayment } from '../../src/services/payments/receipt-payment.ts'
import { requestRefund } from '../../src/services/payments/refunds.ts'
import { listSuspenseItems, requestSuspenseClearance } from '../../src/services/payments/suspense.ts'
import { raiseSafeguardingConcern } from '../../src/services/referrals/referrals.ts'
import { makeAccountWithStatement, type WebAccountFixture } from '../../src/web/testing/account-fixture.ts'
import { buildTestWebApp, createTestUser, signedInClient, type TestUser, type TestWebApp, type WebTestClient } from '../../src/web/testing/web-test-client.ts'
import { describeEachDb } from '../databases.ts'

describeEachDb('restricted data, second-person approval and personal data in logs', (ctx) => {
  let t: TestWebApp
  let account: WebAccountFixture
  let partyId: number
  let partyRef: string
  let leader: TestUser
  let leaderClient: WebTestClient
  const actorOf = (u: TestUser): Actor => ({ userId: u.id, label: `user:${u.username}` })

  beforeAll(async () => {
    t = await buildTestWebApp(ctx.db)
    account = await makeAccountWithStatement(ctx.db, { forename: 'Rosalind', surname: 'Quillfeather' })
    const [p] = await ctx.db.query<{ id: number; party_ref: string }>('select p.id, p.party_ref from parties p join account_parties ap on ap.party_id = p.id where ap.account_id = $1', [account.accountId])
    partyId = p!.id
    partyRef = p!.party_ref
    await ctx.db.query(`update parties set date_of_birth = '1961-07-14', email = 'rosalind.q@example.org', phone = '07700 900461' where id = $1`, [partyId])
    await raiseSafeguardingConcern(ctx.db, { partyId, accountId: account.accountId, concern: 'Hoarding; lives alone after bereavement', raisedOn: '2026-11-01', actor: cliActor })
    leader = await createTestUser(ctx.db, { role: 'team_leader' })
    leaderClient = await signedInClient(t.app, leader)
  }, 60_000)
  afterAll(async () => {
    await t?.app.close()
  })

  it('shows safeguarding concerns only to team leaders and administrators, and dates of birth only to those who deal with the customer', async () => {
    const officer = await signedInClient(t.app, await createTestUser(ctx.db, { role: 'income_officer' }))
    const auditor = await signedInClient(t.app, await createTestUser(ctx.db, { role: 'auditor' }))
    const concern = 'Hoarding; lives alone after bereavement'
    expect((await leaderClient.get(`/accounts/${account.accountNumber}/benefits`)).body).toContain(concern)
    expect((await officer.get(`/accounts/${account.accountNumber}/benefits`)).body).not.toContain(concern)
    expect((await auditor.get(`/accounts/${account.accountNumber}/benefits`)).body).not.toContain(concern)
    const officerJson = await officer.get(`/api/v1/people/${partyRef}/debt`)
    expect(officerJson.statusCode).toBe(200)
    expect(officerJson.body).not.toContain(concern)
    const { token } = await createApiToken(ctx.db, { name: `restricted-${ctx.kind}`, role: 'income_officer', actor: cliActor })
    const viaApi = await t.app.inject({ url: `/api/v1/parties/${partyRef}/debt`, headers: { authorization: `Bearer ${token}` } })
    expect(viaApi.statusCode).toBe(200)
    expect(viaApi.body).not.toContain(concern)
    expect(viaApi.body).not.toContain('1961')

    expect((await officer.get(`/people/${partyRef}`)).body).toContain('14 July 1961')
    const auditorPerson = await auditor.get(`/people/${partyRef}`)
    expect(auditorPerson.body).not.toContain('1961')
    expect(auditorPerson.body).toContain('Not shown to your role')
  })

  it('refuses a team leader approving their own refund or suspense clearance, and lets a colleague approve it', async () => {
    await receiptPayment(ctx.db, { accountId: account.accountId, method: 'cash', amountPence: 20_000, receivedOn: '2026-11-20', postingDate: '2026-11-20', actor: actorOf(leader) })
    const refund = await requestRefund(ctx.db, { accountNumber: account.accountNumber, method: 'cheque', reason: 'Overpaid', today: '2026-11-22', actor: actorOf(leader) })
    expect(refund.refundId).not.toBeNull()
    await leaderClient.get('/approvals')
    const own = await leaderClient.post(`/finance/refunds/${refund.refundId}/decision`, { decision: 'approve' })
    expect(own.statusCode).toBe(403)
    const [still] = await ctx.db.query<{ status: string }>('select status from refunds where id = $1', [refund.refundId])
    expect(still!.status).toBe('pending_approval')

    // A big unmatched payment in suspense that the leader asks to clear to the account: over the limit, so it waits.
    await importPaymentFile(ctx.db, { text: `date,reference,amount,name,method\r\n20/11/2026,NOSUCHREF99,900.00,Someone,bank_transfer\r\n`, fileName: `susp-${ctx.kind}.csv`, format: 'bank-csv', today: '2026-11-22', actor: cliActor })
    const item = (await listSuspenseItems(ctx.db)).find((i) => i.reference === 'NOSUCHREF99')!
    const asked = await requestSuspenseClearance(ctx.db, { suspenseId: item.id, targetAccountNumber: account.accountNumber, note: 'Tenant phoned', today: '2026-11-22', actor: actorOf(leader) })
    expect(asked.status).toBe('pending_approval')
    await leaderClient.get('/approvals')
    const ownClear = await leaderClient.post(`/finance/suspense/${item.id}/decision`, { decision: 'approve' })
    expect(ownClear.statusCode).toBe(403)

    const colleague = await signedInClient(t.app, await createTestUser(ctx.db, { role: 'finance' }))
    await colleague.get('/approvals')
    expect((await colleague.post(`/finance/refunds/${refund.refundId}/decision`, { decision: 'approve' })).statusCode).toBe(303)
    const [approved] = await ctx.db.query<{ status: string }>('select status from refunds where id = $1', [refund.refundId])
    expect(approved!.status).toBe('approved')
  })

  it('writes no names, addresses, payment references, contact or bank details to the logs in a day of work', async () => {
    const start = t.logs.length
    const officer = await signedInClient(t.app, await createTestUser(ctx.db, { role: 'income_officer', displayName: 'Ophelia Loggerhead' }))
    await officer.get(`/search?q=${encodeURIComponent('Quillfeather')}`)
    await officer.get(`/search?q=${encodeURIComponent(account.postcode)}`)
    await officer.get(`/accounts/${account.accountNumber}`)
    await officer.get(`/accounts/${account.paymentReference}`)
    await officer.get(`/people/${partyRef}`)
    await officer.get(`/accounts/${account.accountNumber}/payments/new`)
    await officer.post(`/accounts/${account.accountNumber}/payments/new`, { amount: '12.00', method: 'cheque', reference: 'CHQ 004417 Quillfeather', 'receivedOn-day': '21', 'receivedOn-month': '11', 'receivedOn-year': '2026' })
    await officer.get(`/accounts/${account.accountNumber}/notes/new`)
    await officer.post(`/accounts/${account.accountNumber}/notes/new`, { text: 'Rosalind Quillfeather rang from 07700 900461 about her bank 40-47-84 12345678' })
    await officer.get(`/accounts/${account.accountNumber}/refund`)
    await officer.post(`/accounts/${account.accountNumber}/refund`, { method: 'bacs', bankSortCode: '404784', bankAccountNumber: '12345678', reason: 'Rosalind overpaid' })
    await officer.get(`/accounts/${account.accountNumber}/statement.csv?from=2026-11-01&to=2026-11-30`)
    await officer.get('/no-such-page?name=Quillfeather')
    const { token } = await createApiToken(ctx.db, { name: `logs-${ctx.kind}`, role: 'income_officer', actor: cliActor })
    await t.app.inject({ url: `/api/v1/accounts?q=Quillfeather`, headers: { authorization: `Bearer ${token}` } })
    const posted = await t.app.inject({ method: 'POST', url: `/api/v1/accounts/${account.accountNumber}/payments`, headers: { authorization: `Bearer ${token}`, 'idempotency-key': 'logs-test-0001' }, payload: { amountPence: 100, method: 'card', receivedOn: '2026-11-21', reference: 'Quillfeather card' } })
    expect(posted.statusCode).toBe(201)
    await officer.post('/sign-out', {})

    const logs = t.logs.slice(start).join('\n')
    expect(logs.length).toBeGreaterThan(1000) // the journey was logged: requests, responses
    for (const personal of ['Quillfeather', 'Rosalind', 'Loggerhead', 'Acacia', account.postcode, account.paymentReference, '07700', '404784', '12345678', 'rosalind.q@', token]) {
      expect(logs, `"${personal}" reached the logs`).not.toContain(personal)
    }
  })
})
