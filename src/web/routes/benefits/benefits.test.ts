import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDb } from '../../../../test/databases.ts'
import { cliActor } from '../../../services/actor.ts'
import { personWithDebts, type PersonWithDebts } from '../../../services/arrangements/arrangement-fixtures.testing.ts'
import { applyForDhp, changeBenefitClaim, recordBenefitClaim } from '../../../services/benefits/benefits.ts'
import { makeReferral, raiseSafeguardingConcern } from '../../../services/referrals/referrals.ts'
import { buildTestWebApp, createTestUser, signedInClient, type TestWebApp, type WebTestClient } from '../../testing/web-test-client.ts'

// Today is Sunday 22 November 2026 (TEST_NOW).
const date = (name: string, iso: string) => ({ [`${name}-day`]: String(Number(iso.slice(8))), [`${name}-month`]: String(Number(iso.slice(5, 7))), [`${name}-year`]: iso.slice(0, 4) })
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')

describeEachDb('web benefits page: claims, DHP decisions, referral outcomes, safeguarding by role; the person page', (ctx) => {
  let t: TestWebApp
  let officer: WebTestClient
  let leader: WebTestClient
  let auditor: WebTestClient
  let admin: WebTestClient
  let p: PersonWithDebts
  let url: string

  beforeAll(async () => {
    t = await buildTestWebApp(ctx.db)
    officer = await signedInClient(t.app, await createTestUser(ctx.db, { role: 'income_officer' }))
    leader = await signedInClient(t.app, await createTestUser(ctx.db, { role: 'team_leader' }))
    auditor = await signedInClient(t.app, await createTestUser(ctx.db, { role: 'auditor' }))
    admin = await signedInClient(t.app, await createTestUser(ctx.db, { role: 'administrator' }))
    p = await personWithDebts(ctx.db)
    url = `/accounts/${p.rentAccountNumber}/benefits`
  })
  afterAll(async () => {
    await t?.app.close()
  })

  it('records an HB award; the payment expected on 9 November and not received is flagged', async () => {
    const { claimId } = await recordBenefitClaim(ctx.db, { accountId: p.rentAccountId, kind: 'housing_benefit', claimedOn: '2026-10-19', actor: cliActor })
    await officer.get(url)
    const missingAmount = await officer.post(`${url}/claims/change`, { claimId: String(claimId), change: 'hb:awarded', ...date('changeOn', '2026-10-26'), amount: '', note: '' })
    expect(missingAmount.statusCode).toBe(400)
    expect(missingAmount.body).toContain('Enter the amount')
    // £60.00 a week from 26 October, paid two-weekly in arrears from 9 November.
    const ok = await officer.post(`${url}/claims/change`, { claimId: String(claimId), change: 'hb:awarded', ...date('changeOn', '2026-10-26'), amount: '60.00', note: '' })
    expect(ok.statusCode).toBe(303)
    const page = (await officer.get(url)).body
    const flags = [...page.matchAll(/data-qa="missing-benefit"[\s\S]*?<\/strong>/g)].map((m) => text(m[0]))
    expect(flags).toHaveLength(1)
    expect(flags[0]).toContain('Housing Benefit £120.00 for 2026-10-26 to 2026-11-08')
    expect(flags[0]).toContain('was expected on 2026-11-09 and has not been received: 13 days late')
  })

  it('records UC landlord verification, a managed payment (APA) requested then received, and a deduction for arrears refused', async () => {
    const { claimId } = await recordBenefitClaim(ctx.db, { accountId: p.rentAccountId, kind: 'universal_credit', claimedOn: '2026-11-02', actor: cliActor })
    await officer.get(url)
    const change = (value: string, on: string, extra: Record<string, string> = {}) =>
      officer.post(`${url}/claims/change`, { claimId: String(claimId), change: value, ...date('changeOn', on), amount: '', note: '', ...extra })
    expect((await change('uc:verification:requested', '2026-11-03')).statusCode).toBe(303)
    expect((await change('uc:verification:done', '2026-11-04')).statusCode).toBe(303)
    expect((await change('uc:apa:requested', '2026-11-04')).statusCode).toBe(303)
    // Received before housing costs are awarded: the domain refuses it, shown on the form.
    const early = await change('uc:apa:received', '2026-11-05', { amount: '400.00' })
    expect(early.statusCode).toBe(400)
    expect(early.body).toMatch(/cannot become in place: housing costs have not been awarded/)
    expect((await change('uc:claim:housing_costs_awarded', '2026-11-10')).statusCode).toBe(303)
    expect((await change('uc:apa:received', '2026-11-12', { amount: '400.00', ...date('periodStart', '2026-11-01') })).statusCode).toBe(303)
    expect((await change('uc:deduction:requested', '2026-11-12')).statusCode).toBe(303)
    expect((await change('uc:deduction:refused', '2026-11-20', { note: 'Deductions already at the maximum' })).statusCode).toBe(303)
    const [row] = await ctx.db.query<{ record: { verification: { state: string }; apa: { state: string; monthlyPence: number; assessmentPeriodStart: string }; deduction: { state: string } } }>(
      'select record from benefit_claims where id = $1',
      [claimId],
    )
    expect(row!.record).toMatchObject({ verification: { state: 'done' }, apa: { state: 'received', monthlyPence: 40000, assessmentPeriodStart: '2026-11-01' }, deduction: { state: 'refused' } })
    const events = await ctx.db.query<{ track: string; to_state: string; note: string | null }>('select track, to_state, note from benefit_claim_events where claim_id = $1 order by id', [claimId])
    expect(events.at(-1)).toEqual({ track: 'deduction', to_state: 'refused', note: 'Deductions already at the maximum' })
    const page = text((await officer.get(url)).body)
    expect(page).toContain('Verification: Done; APA: Received; deduction: Refused')
  })

  it('records the decision on a DHP application: errors for a missing award, then the award with its period', async () => {
    const refusedApp = await applyForDhp(ctx.db, { accountId: p.rentAccountId, appliedOn: '2026-11-02', reason: 'benefit_cap', actor: cliActor })
    const app = await applyForDhp(ctx.db, { accountId: p.rentAccountId, appliedOn: '2026-11-03', reason: 'under_occupancy', actor: cliActor })
    const form = await officer.get(url)
    expect(form.body).toContain('Record the decision on a DHP application')
    const post = (fields: Record<string, string>) => officer.post(`${url}/dhp/decision`, { dhpId: String(app.claimId), ...date('decisionOn', '2026-11-20'), ...fields })
    const bad = await post({ decision: 'awarded', awardAmount: '', awardBasis: '', 'awardFrom-day': '', 'awardFrom-month': '', 'awardFrom-year': '', ...date('awardTo', '2027-03-28') })
    expect(bad.statusCode).toBe(400)
    for (const msg of ['Enter the amount awarded', 'Select whether the award is weekly or one payment', 'Enter the award start date']) expect(bad.body).toContain(msg)
    const noReason = await officer.post(`${url}/dhp/decision`, { dhpId: String(refusedApp.claimId), decision: 'refused', ...date('decisionOn', '2026-11-20'), dhpNote: '' })
    expect(noReason.body).toContain('Enter why the application was refused')
    expect((await officer.post(`${url}/dhp/decision`, { dhpId: String(refusedApp.claimId), decision: 'refused', ...date('decisionOn', '2026-11-20'), dhpNote: 'Not getting UC housing costs' })).statusCode).toBe(303)
    const ok = await post({ decision: 'awarded', awardAmount: '14.00', awardBasis: 'weekly', ...date('awardFrom', '2026-11-23'), ...date('awardTo', '2027-03-28'), awardPaidTo: 'rent_account' })
    expect(ok.statusCode).toBe(303)
    const [row] = await ctx.db.query<{ state: string; award_pence: number; record: { award: object } }>('select state, award_pence, record from dhp_applications where id = $1', [app.claimId])
    expect(row).toMatchObject({ state: 'awarded', award_pence: 1400, record: { award: { basis: 'weekly', amountPence: 1400, from: '2026-11-23', to: '2027-03-28', paidTo: 'rent_account' } } })
    const page = text((await officer.get(url)).body)
    expect(page).toContain('Under occupancy): Awarded since 20 November 2026: £14.00 a week from 23 November 2026 to 28 March 2027, paid to the rent account')
    expect(page).toContain('Refused since 20 November 2026: Not getting UC housing costs')
    // An awarded application is final: it is no longer offered, and posting it anyway is refused by the domain.
    const again = await post({ decision: 'withdrawn' })
    expect(again.statusCode).toBe(400)
    expect(again.body).toMatch(/cannot become withdrawn/)
  })

  it('records the outcome of a referral once; the person page lists referrals with their outcomes', async () => {
    const referralId = await makeReferral(ctx.db, { partyId: p.partyId, accountId: p.rentAccountId, service: 'money_advice', reason: 'Several debts', referredOn: '2026-11-02', today: '2026-11-22', actor: cliActor })
    const before = (await officer.get(`/people/${p.partyRef}`)).body
    expect(before).toContain(`href="/accounts/${p.rentAccountNumber}/benefits#referral-outcome">Record the outcome</a>`)
    await officer.get(url)
    const bad = await officer.post(`${url}/referrals/outcome`, { referralId: String(referralId), outcome: '', ...date('outcomeOn', '2026-11-01'), outcomeNote: '' })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('Select the outcome')
    const early = await officer.post(`${url}/referrals/outcome`, { referralId: String(referralId), outcome: 'engaged', ...date('outcomeOn', '2026-11-01'), outcomeNote: '' })
    expect(early.body).toContain('Date of the outcome must be on or after the referral on 2 November 2026')
    const ok = await officer.post(`${url}/referrals/outcome`, { referralId: String(referralId), outcome: 'support_in_place', ...date('outcomeOn', '2026-11-16'), outcomeNote: 'Debt relief order being prepared' })
    expect(ok.statusCode).toBe(303)
    const twice = await officer.post(`${url}/referrals/outcome`, { referralId: String(referralId), outcome: 'closed', ...date('outcomeOn', '2026-11-20'), outcomeNote: '' })
    expect(twice.statusCode).toBe(400)
    expect(twice.body).toContain('The outcome of this referral is already recorded')
    const person = (await auditor.get(`/people/${p.partyRef}`)).body
    const rows = [...person.matchAll(/data-qa="person-referral">([\s\S]*?)<\/tr>/g)].map((m) => text(m[1]!).trim())
    expect(rows).toEqual(['2 November 2026 Money advice Several debts Support in place on 16 November 2026: Debt relief order being prepared'])
  })

  it('safeguarding concerns: only team leaders and administrators read them (page, person page, API); others see a flag', async () => {
    await raiseSafeguardingConcern(ctx.db, { partyId: p.partyId, accountId: p.rentAccountId, concern: 'Signs of cuckooing at the property', raisedOn: '2026-11-20', actor: cliActor })
    const secret = 'Signs of cuckooing at the property'
    for (const c of [officer, auditor]) {
      const page = (await c.get(url)).body
      expect(page).not.toContain(secret)
      expect(page).toContain('data-qa="safeguarding-flag"')
      const person = (await c.get(`/people/${p.partyRef}`)).body
      expect(person).not.toContain(secret)
      expect(person).toContain('data-qa="safeguarding-flag"')
      const api = (await c.get(`/api/v1/people/${p.partyRef}/debt`)).json() as { safeguarding: { visible: boolean; count: number; concerns: unknown[] } }
      expect(api.safeguarding).toEqual({ visible: false, count: 1, concerns: [] })
    }
    expect((await leader.get(url)).body).toContain(secret)
    expect((await leader.get(`/people/${p.partyRef}`)).body).toContain(secret)
    // An administrator does not work cases (no benefits page) but may read concerns on the person page.
    expect((await admin.get(url)).statusCode).toBe(403)
    expect((await admin.get(`/people/${p.partyRef}`)).body).toContain(secret)
    const api = (await leader.get(`/api/v1/people/${p.partyRef}/debt`)).json() as { safeguarding: { visible: boolean; concerns: { concern: string }[] } }
    expect(api.safeguarding.concerns.map((c) => c.concern)).toEqual([secret])
    const reads = await ctx.db.query<{ n: number }>(`select count(*)::int as n from audit_events where action = 'safeguarding.read' and entity_id = $1`, [String(p.partyId)])
    expect(reads[0]!.n).toBeGreaterThanOrEqual(3)
    // Nobody but the case roles may raise one through the form.
    expect((await auditor.post(`${url}/safeguarding`, { concern: 'x' })).statusCode).toBe(403)
  })

  it('the person page and the API show technical arrears per account and in total (HB due for charged weeks, not yet paid)', async () => {
    // HB of £60.00 a week from 26 October, paid two-weekly in arrears from 9 November. The payment due 9 November
    // (£120.00) is 13 days late: overdue, so collectable. The next, due 23 November, covers 9–22 November; the week
    // already charged (9–15 November) is £60.00 of technical arrears. Rent arrears £200.00 = £60.00 technical +
    // £140.00 collectable.
    const q = await personWithDebts(ctx.db)
    const { claimId } = await recordBenefitClaim(ctx.db, { accountId: q.rentAccountId, kind: 'housing_benefit', claimedOn: '2026-10-19', actor: cliActor })
    await changeBenefitClaim(ctx.db, {
      claimId,
      change: { kind: 'housing_benefit', change: { to: 'awarded', on: '2026-10-26', award: { weeklyPence: 6000, from: '2026-10-26', cycle: 'two_weekly', firstPaymentOn: '2026-11-09' } } },
      actor: cliActor,
    })
    const p = q
    const person = (await officer.get(`/people/${p.partyRef}`)).body
    const rows = [...person.matchAll(/data-qa="person-debt-account">([\s\S]*?)<\/tr>/g)].map((m) => text(m[1]!).trim())
    const rent = rows.find((r) => r.startsWith(p.rentAccountNumber))!
    expect(rent).toMatch(new RegExp(`^${p.rentAccountNumber} £200\\.00 £60\\.00 £120\\.00 benefit overdue £140\\.00 None None None$`))
    const total = text(/data-qa="person-debt-total">([\s\S]*?)<\/tr>/.exec(person)![1]!).trim()
    expect(total).toBe('Total £400.00 £60.00 £340.00')
    const api = (await officer.get(`/api/v1/people/${p.partyRef}/debt`)).json() as {
      accounts: { accountNumber: string; arrearsPence: number; technicalArrearsPence: number; collectableArrearsPence: number; overdueBenefitPence: number; technicalArrearsBasis: string }[]
      totals: { arrearsPence: number; technicalArrearsPence: number; collectableArrearsPence: number }
    }
    expect(api.accounts.find((a) => a.accountNumber === p.rentAccountNumber)).toMatchObject({
      arrearsPence: 20000,
      technicalArrearsPence: 6000,
      collectableArrearsPence: 14000,
      overdueBenefitPence: 12000,
      technicalArrearsBasis: 'benefit_claims',
    })
    expect(api.totals).toMatchObject({ arrearsPence: 40000, technicalArrearsPence: 6000, collectableArrearsPence: 34000 })
  })
})
