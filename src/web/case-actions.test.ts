import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDb } from '../../test/databases.ts'
import { makeAccountWithStatement, type WebAccountFixture } from './testing/account-fixture.ts'
import { buildTestWebApp, createTestUser, signedInClient, type TestWebApp } from './testing/web-test-client.ts'

/** The "Work on this account" links on the account page and the recovery case: one click to every action, by role. */
describeEachDb('web case actions', (ctx) => {
  let t: TestWebApp
  let acct: WebAccountFixture

  beforeAll(async () => {
    t = await buildTestWebApp(ctx.db)
    acct = await makeAccountWithStatement(ctx.db, { forename: 'Casimir', surname: 'Caseactions' })
  })
  afterAll(async () => {
    await t?.app.close()
  })

  function actionLinks(html: string): string[] {
    const start = html.indexOf('data-qa="case-actions"')
    expect(start).toBeGreaterThan(-1)
    const nav = html.slice(start, html.indexOf('</nav>', start))
    return [...nav.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(`/accounts/${acct.accountNumber}`, ''))
  }

  it('gives an income officer every action from the account page, and the way back from the case', async () => {
    const officer = await signedInClient(t.app, await createTestUser(ctx.db, { role: 'income_officer' }))
    const account = await officer.get(`/accounts/${acct.accountNumber}`)
    expect(actionLinks(account.body)).toEqual(['/recovery', '/payments/new', '/arrangement', '/arrangement/new', '/contacts/new', '/notes/new', '/benefits', '/documents', '/invoices', '/write-off'])
    const recovery = await officer.get(`/accounts/${acct.accountNumber}/recovery`)
    expect(recovery.statusCode).toBe(200)
    expect(actionLinks(recovery.body)).toEqual(['', '/payments/new', '/arrangement', '/arrangement/new', '/contacts/new', '/notes/new', '/benefits', '/documents', '/invoices', '/write-off'])
    // Every link leads somewhere the officer may go.
    for (const link of actionLinks(recovery.body)) expect((await officer.get(`/accounts/${acct.accountNumber}${link}`)).statusCode).toBe(200)
  })

  it('shows an auditor only what an auditor may read', async () => {
    const auditor = await signedInClient(t.app, await createTestUser(ctx.db, { role: 'auditor' }))
    const links = actionLinks((await auditor.get(`/accounts/${acct.accountNumber}`)).body)
    expect(links).toEqual(['/recovery', '/arrangement', '/benefits', '/documents', '/invoices', '/audit'])
    for (const link of links) expect((await auditor.get(`/accounts/${acct.accountNumber}${link}`)).statusCode).toBe(200)
    expect((await auditor.get(`/accounts/${acct.accountNumber}/contacts/new`)).statusCode).toBe(403)
  })
})
