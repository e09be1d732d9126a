import { afterAll, beforeAll, expect, it } from 'vitest'
import { controlAccountId, makeProperty, makeTenancy, type TenancyFixture } from '../../../../test/fixtures.ts'
import { describeEachDb } from '../../../../test/databases.ts'
import type { Queryable } from '../../../db/client.ts'
import { openCustomerAccount } from '../../../services/accounts/open-customer-account.ts'
import { cliActor } from '../../../services/actor.ts'
import { postTransaction } from '../../../services/ledger/post-transaction.ts'
import { createTenancy } from '../../../services/tenancies/create-tenancy.ts'
import { buildTestWebApp, createTestUser, signedInClient, type TestWebApp, type WebTestClient } from '../../testing/web-test-client.ts'

let key = 0
/** Moves `pence` onto an account (positive: owed more; negative: a credit) against a control account. */
async function post(db: Queryable, accountId: number, pence: number, control: string): Promise<void> {
  await postTransaction(db, {
    type: 'adjustment',
    idempotencyKey: `person-test:${process.pid}:${++key}`,
    effectiveDate: '2026-11-02',
    postingDate: '2026-11-02',
    source: 'user',
    actor: cliActor,
    description: 'Test balance',
    legs: [
      { accountId, amountPence: pence, postingType: 'adjustment' },
      { accountId: await controlAccountId(db, control), amountPence: -pence, postingType: 'adjustment' },
    ],
  })
}

describeEachDb('web person page: one view of debt', (ctx) => {
  let t: TestWebApp
  let officer: WebTestClient
  let auditor: WebTestClient
  let rent: TenancyFixture
  let garageNumber: string
  let sundryNumber: string
  let lead: { id: number; ref: string }
  let jointRef: string

  beforeAll(async () => {
    t = await buildTestWebApp(ctx.db)
    officer = await signedInClient(t.app, await createTestUser(ctx.db, { role: 'income_officer' }))
    auditor = await signedInClient(t.app, await createTestUser(ctx.db, { role: 'auditor' }))
    rent = await makeTenancy(ctx.db, { startDate: '2026-04-06', charges: [{ chargeType: 'rent', weeklyPence: 10000 }], joint: true })
    const refs = await ctx.db.query<{ id: number; party_ref: string }>('select id, party_ref from parties where id = any($1::int[]) order by id', [rent.partyIds])
    lead = { id: refs[0]!.id, ref: refs[0]!.party_ref }
    jointRef = refs[1]!.party_ref
    await ctx.db.query(
      `update parties set forename = 'Gwen', surname = 'Manydebts', date_of_birth = '1980-03-14', phone = '07700 900123',
         email = 'gwen@example.com', preferred_channel = 'sms', language = 'cy' where id = $1`,
      [lead.id],
    )
    const garage = await createTenancy(ctx.db, {
      propertyId: await makeProperty(ctx.db, 'garage'),
      tenure: 'garage_licence',
      startDate: '2026-04-06',
      partyIds: [lead.id],
      charges: [{ chargeType: 'garage_rent', weeklyPence: 1200 }],
      actor: cliActor,
    })
    garageNumber = garage.account.accountNumber
    const sundry = await openCustomerAccount(ctx.db, { type: 'rechargeable_repair', name: 'Broken door', partyIds: [lead.id], openedOn: '2026-06-01', actor: cliActor })
    sundryNumber = sundry.accountNumber
    await post(ctx.db, rent.accountId, 10_000, 'GL-INCOME-RENT')
    await post(ctx.db, garage.account.id, -2_500, 'GL-INCOME-GARAGE_RENT')
  })
  afterAll(async () => {
    await t?.app.close()
  })

  it('links each account holder on the account page to their person page', async () => {
    const res = await officer.get(`/accounts/${rent.accountNumber}`)
    expect(res.body).toContain(`<a class="govuk-link" href="/people/${lead.ref}?from=${rent.accountNumber}">Ms Gwen Manydebts</a>`)
    expect(res.body).toContain(`href="/people/${jointRef}?from=${rent.accountNumber}"`)
  })

  it('shows the person, every account they are liable for, and the total across them', async () => {
    const res = await officer.get(`/people/${lead.ref}?from=${rent.accountNumber}`)
    expect(res.statusCode).toBe(200)
    const html = res.body
    expect(html).toContain('<h1 class="govuk-heading-l">Ms Gwen Manydebts</h1>')
    expect(html).toContain(`Person ${lead.ref}`)
    for (const text of ['14 March 1980', '07700 900123', 'gwen@example.com', 'Text message', 'Welsh']) expect(html).toContain(text)

    const table = html.slice(html.indexOf('data-qa="person-accounts"'))
    const rows = [...table.matchAll(/data-qa="person-account">([\s\S]*?)<\/tr>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim())
    expect(rows).toHaveLength(3)
    expect(rows.find((r) => r.startsWith(rent.accountNumber))).toMatch(/Rent .* Open Ms Test Joint £100\.00 owed$/)
    expect(rows.find((r) => r.startsWith(garageNumber))).toMatch(/Garage .* Open Nobody £25\.00 in credit$/)
    expect(rows.find((r) => r.startsWith(sundryNumber))).toMatch(/Rechargeable repair None Open Nobody £0\.00$/)
    expect(table).toContain(`<a class="govuk-link govuk-!-display-block" href="/people/${jointRef}">Ms Test Joint</a>`)
    expect(html).toContain('Total across 3 accounts: <strong>£75.00 owed</strong>')
    expect(table).toContain('£100.00 owed on 1 account, £25.00 in credit on 1')
    expect(html).toContain(`<a href="/accounts/${rent.accountNumber}" class="govuk-back-link">Back to account ${rent.accountNumber}</a>`)
  })

  it('shows a joint tenant only the accounts they share', async () => {
    const html = (await officer.get(`/people/${jointRef}`)).body
    expect(html).toContain(rent.accountNumber)
    expect(html).not.toContain(garageNumber)
    expect(html).toContain('Total across 1 account: <strong>£100.00 owed</strong>')
    expect(html).toContain(`href="/people/${lead.ref}">Ms Gwen Manydebts</a>`)
  })

  it('offers no back link to an account that is not theirs', async () => {
    const html = (await officer.get(`/people/${jointRef}?from=${garageNumber}`)).body
    expect(html).not.toContain('govuk-back-link')
  })

  it('hides the date of birth from an auditor', async () => {
    const html = (await auditor.get(`/people/${lead.ref}`)).body
    expect(html).toContain('Not shown to your role')
    expect(html).not.toContain('1980')
    expect(html).toContain('£75.00 owed')
  })

  it('audits that the person was looked at', async () => {
    await officer.get(`/people/${jointRef}`)
    // The page-view audit is written without holding up the page.
    for (let i = 0; i < 50; i++) {
      const rows = await ctx.db.query(`select 1 from audit_events where action = 'person.viewed' and entity_type = 'party'`)
      if (rows.length) return
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    throw new Error('no person.viewed audit event')
  })

  it('gives a 404 page for an unknown or malformed reference', async () => {
    for (const ref of ['PTY0000000', "x'or'1", 'two%20words']) {
      const res = await officer.get(`/people/${ref}`)
      expect(res.statusCode, ref).toBe(404)
      expect(res.body).toContain('Page not found')
    }
  })
})
