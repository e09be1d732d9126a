import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDb } from '../../../../test/databases.ts'
import { personWithDebts, type PersonWithDebts } from '../../../services/arrangements/arrangement-fixtures.testing.ts'
import { cliActor } from '../../../services/actor.ts'
import { setUpArrangement } from '../../../services/arrangements/arrangements.ts'
import { SESSION_COOKIE } from '../../middleware/set-up-web-session.ts'
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

/** Posts a form with repeated fields (checkboxes), with the client's session and CSRF token. */
async function postPairs(c: WebTestClient, url: string, pairs: [string, string][]) {
  const payload = new URLSearchParams([['_csrf', c.csrfToken ?? ''], ...pairs]).toString()
  return c.app.inject({ method: 'POST', url, headers: { cookie: `${SESSION_COOKIE}=${c.cookie ?? ''}`, 'content-type': 'application/x-www-form-urlencoded' }, payload })
}

/** The amend form's fields for a weekly £10.00 instalment from today (22 November), with the given priorities. */
function amendFields(_p: PersonWithDebts, priority: Record<string, string>): Record<string, string> {
  return {
    frequency: 'weekly',
    instalment: '10.00',
    paymentMethod: 'employer_deduction',
    'effectiveFrom-day': '22',
    'effectiveFrom-month': '11',
    'effectiveFrom-year': '2026',
    toleranceAmount: '5.00',
    toleranceDays: '7',
    reason: 'Circumstances changed',
    ...priority,
  }
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
    const form = await officer.get(`/accounts/${p.rentAccountNumber}/arrangement/amend`)
    expect(form.statusCode).toBe(200)
    // Prefilled with the current terms: method, accounts covered, priority and tolerance.
    expect(form.body).toMatch(/<option value="employer_deduction" selected>/)
    expect(form.body).toMatch(new RegExp(`name="accounts" type="checkbox" value="${p.councilTaxAccountId}" checked`))
    expect(form.body).toMatch(new RegExp(`name="accounts" type="checkbox" value="${p.repairAccountId}"(?! checked)`))
    expect(form.body).toContain('id="toleranceAmount" name="toleranceAmount" type="text" value="5.00"')
    const fields = {
      ...amendFields(p, { 'priority-rent': '1', 'priority-council_tax': '1', 'priority-rechargeable_repair': '2' }),
      'effectiveFrom-day': '30',
      reason: '',
    }
    const bad = await postPairs(officer, `/accounts/${p.rentAccountNumber}/arrangement/amend`, [...Object.entries(fields), ['accounts', String(p.rentAccountId)], ['accounts', String(p.councilTaxAccountId)]])
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('Enter why the arrangement is being changed')
    const ok = await postPairs(officer, `/accounts/${p.rentAccountNumber}/arrangement/amend`, [
      ...Object.entries({ ...fields, instalment: '12.00', reason: 'Pay rise' }),
      ['accounts', String(p.rentAccountId)],
      ['accounts', String(p.councilTaxAccountId)],
    ])
    expect(ok.statusCode).toBe(303)
    const page = await officer.get(`/accounts/${p.rentAccountNumber}/arrangement`)
    expect(page.body).toContain('Arrangement changed')
    expect(page.body).toMatch(/version 2/)
    expect(page.body.match(/data-qa="arrangement-version"/g)).toHaveLength(2)
  })

  it('amends the accounts covered, the priority and the tolerance; the page shows each version and what changed', async () => {
    const q = await personWithDebts(ctx.db)
    // Agreed on Monday 16 November over rent and council tax; changed today (Sunday 22 November).
    await setUpArrangement(ctx.db, { partyId: q.partyId, accountIds: [q.rentAccountId, q.councilTaxAccountId], frequency: 'weekly', instalmentPence: 1000, startDate: '2026-11-16', paymentMethod: 'direct_debit', today: '2026-11-16', actor: cliActor })
    await officer.get(`/accounts/${q.rentAccountNumber}/arrangement/amend`)
    const url = `/accounts/${q.rentAccountNumber}/arrangement/amend`
    const base = amendFields(q, { 'priority-rent': '2', 'priority-rechargeable_repair': '1', 'priority-council_tax': '2' })

    const none = await postPairs(officer, url, [...Object.entries({ ...base, toleranceDays: '99', toleranceAmount: 'lots' })])
    expect(none.statusCode).toBe(400)
    for (const text of ['Select at least one account to include', 'Tolerance in days must be a whole number from 0 to 60', 'Tolerance amount must be an amount of money']) expect(none.body).toContain(text)
    const noTier = await postPairs(officer, url, [...Object.entries({ ...base, 'priority-rent': '' }), ['accounts', String(q.rentAccountId)]])
    expect(noTier.body).toContain('Select the priority of rent debts')

    const ok = await postPairs(officer, url, [...Object.entries({ ...base, toleranceAmount: '0', toleranceDays: '3' }), ['accounts', String(q.rentAccountId)], ['accounts', String(q.repairAccountId)]])
    expect(ok.statusCode).toBe(303)
    const [ct] = await ctx.db.query<{ account_number: string }>('select account_number from accounts where id = $1', [q.councilTaxAccountId])
    const page = (await officer.get(`/accounts/${q.rentAccountNumber}/arrangement`)).body
    expect(page).toContain(`Taken out: ${ct!.account_number}.`)
    expect(page).toContain('£0.00 and 3 days')
    expect(page).toContain('rechargeable repair &gt; rent, council tax &gt; the rest, pro rata within each')
    const versions = [...page.matchAll(/data-qa="arrangement-version">([\s\S]*?)<\/tr>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim())
    expect(versions).toHaveLength(2)
    expect(versions[0]).toMatch(/^2 22 November 2026 .* £0\.00 and 3 days/)
    expect(versions[1]).toContain(`${ct!.account_number} (1)`)
    expect(page).toContain('tolerance £5.00 and 7 days → £0.00 and 3 days')
    expect(page).toContain(`account ${ct!.account_number} taken out`)

    // The council tax account's page: the arrangement no longer covers it, so it cannot be amended from there.
    const ctPage = (await officer.get(`/accounts/${ct!.account_number}/arrangement`)).body
    expect(ctPage).toContain('data-qa="not-covered"')
    expect(ctPage).not.toContain('/arrangement/amend"')
    expect((await officer.get(`/accounts/${ct!.account_number}/arrangement/amend`)).statusCode).toBe(404)
  })

  it('refuses the second of two officers amending the same arrangement from the same version, without losing the first change', async () => {
    const q = await personWithDebts(ctx.db)
    await setUpArrangement(ctx.db, { partyId: q.partyId, accountIds: [q.rentAccountId], frequency: 'weekly', instalmentPence: 1000, startDate: '2026-11-16', paymentMethod: 'direct_debit', today: '2026-11-16', actor: cliActor })
    const url = `/accounts/${q.rentAccountNumber}/arrangement/amend`
    const other = await signedInClient(t.app, await createTestUser(ctx.db, { role: 'income_officer' }))
    // Both open the form while the arrangement is at version 1.
    for (const who of [officer, other]) expect((await who.get(url)).body).toContain('name="version" value="1"')
    const fields = (instalment: string, reason: string) => [
      ...Object.entries({ ...amendFields(q, { 'priority-rent': '1', 'priority-council_tax': '1', 'priority-rechargeable_repair': '2' }), instalment, reason, version: '1' }),
      ['accounts', String(q.rentAccountId)] as [string, string],
    ]
    expect((await postPairs(officer, url, fields('15.00', 'Pay rise'))).statusCode).toBe(303)
    const late = await postPairs(other, url, fields('8.00', 'Lost hours at work'))
    expect(late.statusCode).toBe(400)
    expect(late.body).toContain('Someone else changed this arrangement while you were amending it')
    const [current] = await ctx.db.query<{ version: number; instalment_pence: number }>(
      `select v.version, v.instalment_pence from arrangement_versions v join arrangement_accounts aa on aa.arrangement_id = v.arrangement_id
        where aa.account_id = $1 order by v.version desc limit 1`,
      [q.rentAccountId],
    )
    expect(current).toEqual({ version: 2, instalment_pence: 1500 })
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
