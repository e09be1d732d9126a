import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDb } from '../../../../test/databases.ts'
import { recordAuditEvent } from '../../../services/audit/record-audit-event.ts'
import { makeAccountWithStatement, type WebAccountFixture } from '../../testing/account-fixture.ts'
import { buildTestWebApp, createTestUser, signedInClient, type TestWebApp, type WebTestClient } from '../../testing/web-test-client.ts'
import { validateAuditFilters } from './audit-filters.validator.ts'

describeEachDb('the audit trail pages', (ctx) => {
  let t: TestWebApp
  let auditor: WebTestClient
  let officer: WebTestClient
  let account: WebAccountFixture
  let officerName: string

  beforeAll(async () => {
    t = await buildTestWebApp(ctx.db)
    account = await makeAccountWithStatement(ctx.db, { forename: 'Audra', surname: 'Trailwell' })
    const o = await createTestUser(ctx.db, { role: 'income_officer' })
    officerName = o.username
    officer = await signedInClient(t.app, o)
    auditor = await signedInClient(t.app, await createTestUser(ctx.db, { role: 'auditor' }))
    // An officer takes a payment through the page: the service audits it with before/after.
    await officer.get(`/accounts/${account.accountNumber}/payments/new`)
    const res = await officer.post(`/accounts/${account.accountNumber}/payments/new`, { amount: '12.34', method: 'cash', 'receivedOn-day': '20', 'receivedOn-month': '11', 'receivedOn-year': '2026' })
    expect(res.statusCode, res.body.slice(0, 500)).toBe(303)
  })
  afterAll(async () => {
    await t?.app.close()
  })

  it('lets auditors, team leaders and administrators search, and no one else', async () => {
    expect((await auditor.get('/audit')).statusCode).toBe(200)
    for (const role of ['team_leader', 'administrator'] as const) {
      const c = await signedInClient(t.app, await createTestUser(ctx.db, { role }))
      expect((await c.get('/audit')).statusCode, role).toBe(200)
    }
    for (const role of ['income_officer', 'debt_recovery_officer', 'finance'] as const) {
      const c = await signedInClient(t.app, await createTestUser(ctx.db, { role }))
      expect((await c.get('/audit')).statusCode, role).toBe(403)
      expect((await c.get(`/accounts/${account.accountNumber}/audit`)).statusCode, role).toBe(403)
    }
  })

  it('finds the officer’s payment by user, by action prefix and by date, with its before and after', async () => {
    const byUser = await auditor.get(`/audit?user=${officerName}&action=payment`)
    expect(byUser.statusCode).toBe(200)
    expect(byUser.body).toContain('payment.recorded'.split('.')[0])
    expect(byUser.body).toMatch(/<code>payment\.[a-z_]+<\/code>/)
    expect(byUser.body).toContain('&quot;amountPence&quot;: 1234')
    const otherDay = await auditor.get(`/audit?user=${officerName}&action=payment&from=2020-01-01&to=2020-01-31`)
    expect(otherDay.body).toContain('No audit events match')
    const nobody = await auditor.get('/audit?user=nobody-at-all')
    expect(nobody.body).toContain('No audit events match')
    // The search itself is on the record.
    const [searched] = await ctx.db.query<{ n: number }>(`select count(*)::int as n from audit_events where action = 'audit.searched'`)
    expect(searched!.n).toBeGreaterThan(0)
  })

  it('shows errors for bad filters, and the validator refuses a reversed range', async () => {
    const res = await auditor.get('/audit?from=2026-13-01&user=%3Cscript%3E')
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain('govuk-error-summary')
    expect(res.body).not.toContain('<script>')
    expect(validateAuditFilters({ from: '2026-11-02', to: '2026-11-01' })).toMatchObject({ ok: false })
    expect(validateAuditFilters({ action: 'payment.', page: '2' })).toMatchObject({ ok: true, filters: { action: 'payment.', page: 2 } })
  })

  it('pages through the results', async () => {
    for (let i = 0; i < 55; i++) await recordAuditEvent(ctx.db, { userId: null, label: 'system:paging-test' }, { action: 'paging.test', entityType: 'thing', entityId: i })
    const first = await auditor.get('/audit?user=system:paging-test')
    expect(first.body).toContain('Showing 1 to 50 of 55 events')
    expect(first.body).toContain('page=2')
    const second = await auditor.get('/audit?user=system:paging-test&page=2')
    expect(second.body).toContain('Showing 51 to 55 of 55 events')
  })

  it('shows the account’s own trail, linked from the account page for auditors only, with text shown inert', async () => {
    await recordAuditEvent(ctx.db, { userId: null, label: 'system:test' }, { action: 'account.noted', entityType: 'account', entityId: account.accountId, reason: '<script>alert(1)</script>' })
    const page = await auditor.get(`/accounts/${account.accountNumber}`)
    expect(page.body).toContain(`/accounts/${account.accountNumber}/audit`)
    const officerPage = await officer.get(`/accounts/${account.accountNumber}`)
    expect(officerPage.body).not.toContain(`/accounts/${account.accountNumber}/audit`)
    const trail = await auditor.get(`/accounts/${account.accountNumber}/audit`)
    expect(trail.statusCode, trail.body.slice(0, 3000)).toBe(200)
    expect(trail.body).toContain('account.viewed')
    expect(trail.body).toMatch(/<code>payment\.[a-z_]+<\/code>/)
    expect(trail.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(trail.body).not.toContain('<script>alert(1)</script>')
    expect((await auditor.get('/accounts/NOPE123/audit')).statusCode).toBe(404)
  })
})
