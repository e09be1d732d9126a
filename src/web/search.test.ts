import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDb } from '../../test/databases.ts'
import { makeAccountWithStatement, type WebAccountFixture } from './testing/account-fixture.ts'
import { buildTestWebApp, createTestUser, signedInClient, type TestWebApp, type WebTestClient } from './testing/web-test-client.ts'

describeEachDb('web account search', (ctx) => {
  let t: TestWebApp
  let client: WebTestClient
  let acct: WebAccountFixture

  beforeAll(async () => {
    t = await buildTestWebApp(ctx.db)
    client = await signedInClient(t.app, await createTestUser(ctx.db))
    acct = await makeAccountWithStatement(ctx.db, { forename: 'Ngozi', surname: 'Okonkwo-Searchtest' })
    await makeAccountWithStatement(ctx.db, { forename: 'Someone', surname: 'Else_Entirely' })
  })
  afterAll(async () => {
    await t?.app.close()
  })

  const rowsOf = (html: string) => [...html.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)].slice(1).map((m) => m[1]!)

  it('sends / to the search page', async () => {
    const res = await client.get('/')
    expect(res.statusCode).toBe(302)
    expect(res.headers.location).toBe('/search')
  })

  it('shows the search form before anything is searched for', async () => {
    const res = await client.get('/search')
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('Search for an account')
    expect(res.body).not.toContain('govuk-error-summary')
    expect(res.body).not.toContain('data-qa="search-results"')
  })

  it('finds an account by part of the tenant name, case-insensitively, with its details', async () => {
    const res = await client.get('/search?q=ngozi%20okonkwo')
    expect(res.statusCode).toBe(200)
    const rows = rowsOf(res.body)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toContain(`href="/accounts/${acct.accountNumber}"`)
    expect(rows[0]).toContain('Ms Ngozi Okonkwo-Searchtest')
    expect(rows[0]).toContain('Acacia Avenue')
    expect(rows[0]).toContain('£55.20 owed')
    expect(rows[0]).toContain('Rent')
    expect(rows[0]).toContain('Open')
    expect(res.body).toContain('1 account found')
  })

  it('finds an account by payment reference, account number, tenancy reference and postcode without its space', async () => {
    for (const q of [acct.paymentReference, acct.accountNumber.toLowerCase(), acct.tenancyRef, acct.postcode.replace(' ', '')]) {
      const rows = rowsOf((await client.get(`/search?q=${encodeURIComponent(q)}`)).body)
      expect(rows.some((r) => r.includes(acct.accountNumber)), `searching for ${q}`).toBe(true)
    }
  })

  it('treats % and _ as ordinary characters, not wildcards', async () => {
    expect(rowsOf((await client.get('/search?q=%25%25')).body)).toHaveLength(0)
    expect(rowsOf((await client.get('/search?q=e_e')).body)).toHaveLength(1)
    expect((await client.get('/search?q=Okonkwo_Searchtest')).body).toContain('No accounts found')
  })

  it('asks for at least 2 characters, GOV.UK style', async () => {
    const res = await client.get('/search?q=%20a%20')
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain('<title>Error: Search for an account – Reeve</title>')
    expect(res.body).toContain('<a href="#q">Enter at least 2 characters to search for</a>')
    expect(res.body).toMatch(/id="q-error"/)
  })

  it('says so when nothing matches', async () => {
    const res = await client.get('/search?q=zzzz-no-such-thing')
    expect(res.body).toContain('No accounts found')
  })

  it('does not log the search term', async () => {
    expect(t.logs.join('')).not.toContain('Okonkwo')
    expect(t.logs.join('')).not.toContain('ngozi')
  })
})
