import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDb } from '../../test/databases.ts'
import { makeAccountWithStatement, type WebAccountFixture } from './testing/account-fixture.ts'
import { buildTestWebApp, createTestUser, signedInClient, type TestUser, type TestWebApp, type WebTestClient } from './testing/web-test-client.ts'

describeEachDb('web account page', (ctx) => {
  let t: TestWebApp
  let client: WebTestClient
  let acct: WebAccountFixture
  let officer: TestUser

  beforeAll(async () => {
    t = await buildTestWebApp(ctx.db)
    officer = await createTestUser(ctx.db)
    client = await signedInClient(t.app, officer)
    acct = await makeAccountWithStatement(ctx.db, { forename: 'Tomasz', surname: 'Accountpage' })
  })
  afterAll(async () => {
    await t?.app.close()
  })

  it('shows the account summary and the last 13 weeks of statement with a running balance', async () => {
    const res = await client.get(`/accounts/${acct.accountNumber}`)
    expect(res.statusCode).toBe(200)
    const html = res.body
    expect(html).toContain(`<h1 class="govuk-heading-l">${acct.accountNumber}</h1>`)
    expect(html).toContain('£55.20 owed')
    for (const text of [acct.paymentReference, 'Secure', 'Acacia Avenue', 'North ', 'Ms Tomasz Accountpage', acct.tenancyRef]) {
      expect(html).toContain(text)
    }
    // Today is 22 November 2026 (TEST_NOW); 91 days earlier is 23 August 2026.
    expect(html).toContain('Transactions from 23 August 2026 to 22 November 2026')
    const statement = html.slice(html.indexOf('data-qa="statement"'))
    const cells = [...statement.matchAll(/<t[dh][^>]*>([^<]*)<\/t[dh]>/g)].map((m) => m[1]!.trim())
    expect(cells).toEqual(expect.arrayContaining(['2 November 2026', '£95.20', '6 November 2026', '£40.00', '£55.20']))
    expect(statement.indexOf('£95.20')).toBeLessThan(statement.indexOf('£40.00'))
    expect(html).toMatch(/<figure class="reeve-chart"[^>]*>\s*<svg/)
    expect(html).toContain(`/accounts/${acct.accountNumber}/statement.csv?from=2026-08-23&amp;to=2026-11-22`)
  })

  it('shows a chosen period, given as day, month and year or as ISO dates', async () => {
    const parts = await client.get(`/accounts/${acct.accountNumber}?from-day=3&from-month=11&from-year=2026&to-day=30&to-month=11&to-year=2026`)
    expect(parts.body).toContain('Transactions from 3 November 2026 to 30 November 2026')
    // The charge on 2 November is before the period: it is in the opening balance.
    expect(parts.body).toMatch(/Opening balance<\/th>[\s\S]*?£95\.20/)
    const iso = await client.get(`/accounts/${acct.accountNumber}?from=2026-11-03&to=2026-11-30`)
    expect(iso.body).toContain('Transactions from 3 November 2026 to 30 November 2026')
  })

  it('explains a wrong date range GOV.UK style, keeping what was typed', async () => {
    const res = await client.get(`/accounts/${acct.accountNumber}?from-day=31&from-month=2&from-year=2026&to-day=&to-month=11&to-year=2026`)
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain('<a href="#from-day">Start date must be a real date</a>')
    expect(res.body).toContain('<a href="#to-day">End date must include a day</a>')
    expect(res.body).toMatch(/id="from-day" name="from-day" type="text" value="31"/)
    expect(res.body).not.toContain('data-qa="statement"')

    const backwards = await client.get(`/accounts/${acct.accountNumber}?from=2026-11-30&to=2026-11-01`)
    expect(backwards.body).toContain('Start date must be the same as or before the end date')
  })

  it('goes to the account number page when given the payment reference', async () => {
    const res = await client.get(`/accounts/${acct.paymentReference}?from=2026-11-01&to=2026-11-30`)
    expect(res.statusCode).toBe(301)
    expect(res.headers.location).toBe(`/accounts/${acct.accountNumber}?from=2026-11-01&to=2026-11-30`)
  })

  it('gives a 404 page for an unknown account and for a general ledger account', async () => {
    for (const key of ['RNT0000000', 'GL-SUSPENSE']) {
      const res = await client.get(`/accounts/${key}`)
      expect(res.statusCode).toBe(404)
      expect(res.body).toContain('Page not found')
    }
  })

  it('downloads the statement as CSV', async () => {
    const res = await client.get(`/accounts/${acct.accountNumber}/statement.csv?from=2026-11-01&to=2026-11-30`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(res.headers['content-disposition']).toBe(`attachment; filename="statement-${acct.accountNumber}-2026-11-01-to-2026-11-30.csv"`)
    expect(res.body).toContain('95.20')
    expect(res.body).toContain('55.20')
  })

  it('downloads the statement as PDF', async () => {
    const res = await client.get(`/accounts/${acct.accountNumber}/statement.pdf`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('application/pdf')
    expect(res.headers['content-disposition']).toBe(`attachment; filename="statement-${acct.accountNumber}-2026-08-23-to-2026-11-22.pdf"`)
    expect(res.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-')
  })

  it('refuses a download with a bad date', async () => {
    const res = await client.get(`/accounts/${acct.accountNumber}/statement.csv?from=2026-02-31&to=2026-11-30`)
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain('Start date must be a real date')
  })

  it('audits who viewed and downloaded the account', async () => {
    // Page-view audits are written after the response; give them a moment.
    await new Promise((r) => setTimeout(r, 50))
    const rows = await ctx.db.query<{ action: string; actor: string }>(
      `select action, actor from audit_events where entity_type = 'account' and entity_id = $1 and action in ('account.viewed', 'statement.downloaded')`,
      [String(acct.accountId)],
    )
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['account.viewed', 'statement.downloaded']))
    expect(new Set(rows.map((r) => r.actor))).toEqual(new Set([`user:${officer.username}`]))
  })

  it('never logs the account holder name', async () => {
    expect(t.logs.join('')).not.toContain('Accountpage')
    expect(t.logs.join('')).not.toContain('Tomasz')
  })
})
