import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDb } from '../../../../test/databases.ts'
import { personWithDebts, type PersonWithDebts } from '../../../services/arrangements/arrangement-fixtures.testing.ts'
import { buildTestWebApp, createTestUser, signedInClient, type TestWebApp, type WebTestClient } from '../../testing/web-test-client.ts'

// Today is Sunday 22 November 2026 (TEST_NOW): the first instalment is due Monday 23 November.
const terms = {
  frequency: 'weekly',
  instalment: '10.00',
  'startDate-day': '23',
  'startDate-month': '11',
  'startDate-year': '2026',
  lumpSum: '',
  'lumpSumDate-day': '',
  'lumpSumDate-month': '',
  'lumpSumDate-year': '',
  paymentMethod: 'employer_deduction',
  ie: '',
}

describeEachDb('web arrangements, benefits and the one view of debt API', (ctx) => {
  let t: TestWebApp
  let officer: WebTestClient
  let leader: WebTestClient
  let p: PersonWithDebts

  beforeAll(async () => {
    t = await buildTestWebApp(ctx.db)
    officer = await signedInClient(t.app, await createTestUser(ctx.db, { role: 'income_officer' }))
    leader = await signedInClient(t.app, await createTestUser(ctx.db, { role: 'team_leader' }))
    p = await personWithDebts(ctx.db)
  })
  afterAll(async () => {
    await t?.app.close()
  })

  it('links the arrangement and benefits pages from the account page', async () => {
    const html = (await officer.get(`/accounts/${p.rentAccountNumber}`)).body
    expect(html).toContain(`href="/accounts/${p.rentAccountNumber}/arrangement/new"`)
    expect(html).toContain(`href="/accounts/${p.rentAccountNumber}/benefits"`)
  })

  it('takes income and expenditure, shows the assessment and a suggested offer', async () => {
    const form = await officer.get(`/accounts/${p.rentAccountNumber}/arrangement/income-expenditure`)
    expect(form.statusCode).toBe(200)
    const bad = await officer.post(`/accounts/${p.rentAccountNumber}/arrangement/income-expenditure`, { adults: '1', children: '0', vehicles: '0' })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('Enter at least one amount of income or spending')
    const res = await officer.post(`/accounts/${p.rentAccountNumber}/arrangement/income-expenditure`, {
      adults: '1',
      children: '0',
      vehicles: '0',
      'line-client_salary_wages-amount': '1500',
      'line-client_salary_wages-frequency': 'monthly',
      'line-other_communications_leisure-amount': '500',
      'line-other_communications_leisure-frequency': 'monthly',
    })
    expect(res.statusCode).toBe(303)
    const next = await officer.get(String(res.headers.location))
    expect(next.statusCode).toBe(200)
    expect(next.body).toContain('Surplus a month')
    expect(next.body).toContain('data-qa="trigger-flags"')
    expect(next.body).toContain('data-qa="suggested-offer"')
  })

  it('sets up an arrangement: a validation error, then the confirmation with the schedule, then success on the account', async () => {
    const form = await officer.get(`/accounts/${p.rentAccountNumber}/arrangement/new`)
    expect(form.body).toContain(`value="${p.councilTaxAccountId}"`)
    const bad = await officer.post(`/accounts/${p.rentAccountNumber}/arrangement/new`, { ...terms, instalment: '', frequency: '' })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('Select how often the instalments are paid')
    expect(bad.body).toContain('Enter the instalment')

    const check = await officer.post(`/accounts/${p.rentAccountNumber}/arrangement/new`, { ...terms, extraAccounts: String(p.councilTaxAccountId) })
    expect(check.statusCode).toBe(200)
    expect(check.body).toContain('Check the arrangement')
    expect(check.body).toContain('data-qa="completes-on"')
    expect(check.body).toContain('data-qa="apportionment"')

    const saved = await officer.post(`/accounts/${p.rentAccountNumber}/arrangement/confirm`, { ...terms, extraAccounts: String(p.councilTaxAccountId) })
    expect(saved.statusCode).toBe(303)
    expect(saved.headers.location).toBe(`/accounts/${p.rentAccountNumber}`)
    const account = await officer.get(`/accounts/${p.rentAccountNumber}`)
    expect(account.body).toContain('Arrangement set up')

    const section = await officer.get(`/accounts/${p.rentAccountNumber}/arrangement`)
    expect(section.body).toContain('data-qa="arrangement-status"')
    expect(section.body).toContain('Kept')
    expect(section.body).toContain('Deduction from wages by the employer')
    expect(section.body).toContain('/arrangement/amend')
  })

  it('amends the arrangement as a new version', async () => {
    const bad = await officer.post(`/accounts/${p.rentAccountNumber}/arrangement/amend`, { frequency: 'weekly', instalment: '12.00', 'effectiveFrom-day': '30', 'effectiveFrom-month': '11', 'effectiveFrom-year': '2026', reason: '' })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('Enter why the arrangement is being changed')
    const ok = await officer.post(`/accounts/${p.rentAccountNumber}/arrangement/amend`, { frequency: 'weekly', instalment: '12.00', 'effectiveFrom-day': '30', 'effectiveFrom-month': '11', 'effectiveFrom-year': '2026', reason: 'Pay rise' })
    expect(ok.statusCode).toBe(303)
    const page = await officer.get(`/accounts/${p.rentAccountNumber}/arrangement`)
    expect(page.body).toContain('Arrangement changed')
    expect(page.body).toMatch(/version 2/)
  })

  it('records a pending HB claim (the hold) and a safeguarding concern only a team leader can read', async () => {
    const claim = await officer.post(`/accounts/${p.rentAccountNumber}/benefits/claims`, { kind: 'housing_benefit', 'claimedOn-day': '20', 'claimedOn-month': '11', 'claimedOn-year': '2026', cooperating: 'yes', reference: '' })
    expect(claim.statusCode).toBe(303)
    const page = await officer.get(`/accounts/${p.rentAccountNumber}/benefits`)
    expect(page.body).toContain('Legal steps are on hold')
    await officer.get(`/accounts/${p.rentAccountNumber}/benefits`)
    const concern = await officer.post(`/accounts/${p.rentAccountNumber}/benefits/safeguarding`, { concern: 'Neighbour reports the tenant is being exploited' })
    expect(concern.statusCode).toBe(303)
    const asOfficer = (await officer.get(`/accounts/${p.rentAccountNumber}/benefits`)).body
    expect(asOfficer).not.toContain('Neighbour reports the tenant is being exploited')
    expect(asOfficer).toContain('data-qa="safeguarding-flag"')
    const asLeader = (await leader.get(`/accounts/${p.rentAccountNumber}/benefits`)).body
    expect(asLeader).toContain('Neighbour reports the tenant is being exploited')
  })

  it('GET /api/v1/people/:partyRef/debt returns the one view of debt as JSON', async () => {
    const res = await officer.get(`/api/v1/people/${p.partyRef}/debt`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toMatch(/application\/json/)
    const body = res.json() as { person: { partyRef: string }; accounts: { accountNumber: string; balancePence: number; arrearsPence: number; stage: unknown; holds: { type: string }[]; arrangement: { status: string } | null }[]; totals: object; safeguarding: { visible: boolean; count: number } }
    expect(body.person.partyRef).toBe(p.partyRef)
    expect(body.accounts).toHaveLength(3)
    const rent = body.accounts.find((a) => a.accountNumber === p.rentAccountNumber)!
    expect(rent).toMatchObject({ balancePence: 20000, stage: null, arrangement: { status: 'kept' } })
    expect(rent.holds.map((h) => h.type)).toContain('benefit_claim_pending')
    expect(body.safeguarding).toEqual({ visible: false, count: 1, concerns: [] })
    expect(body.totals).toMatchObject({ accounts: 3 })
    expect((await officer.get('/api/v1/people/NOSUCH/debt')).statusCode).toBe(404)
  })
})
