import { expect, it } from 'vitest'
import { AppError } from '../src/errors.ts'
import { cliActor } from '../src/services/actor.ts'
import { applyForDhp, changeBenefitClaim, changeDhp, getAccountBenefits, recordBenefitClaim } from '../src/services/benefits/benefits.ts'
import { getPersonDebt } from '../src/services/one-view/person-debt.ts'
import { makeReferral, raiseSafeguardingConcern, readSafeguardingConcerns, recordReferralOutcome } from '../src/services/referrals/referrals.ts'
import { setUpArrangement } from '../src/services/arrangements/arrangements.ts'
import { debit, pay, personWithDebts } from '../src/services/arrangements/arrangement-fixtures.testing.ts'
import { recordPayment } from '../src/services/payments/record-payment.ts'
import { addDays } from '../src/domain/calendar/index.ts'
import { makeTenancy } from './fixtures.ts'
import { describeEachDb } from './databases.ts'

const openHolds = (db: { query: <T extends object>(s: string, p: unknown[]) => Promise<T[]> }, accountId: number) =>
  db.query<{ id: number; starts_on: string; ended_on: string | null }>(`select id, starts_on, ended_on from holds where account_id = $1 and hold_type = 'benefit_claim_pending' order by id`, [accountId])

describeEachDb('benefits', (ctx) => {
  it('a pending HB claim puts the benefit-claim hold on; the award ends it the day before', async () => {
    const p = await personWithDebts(ctx.db)
    const { claimId, hold } = await recordBenefitClaim(ctx.db, { accountId: p.rentAccountId, kind: 'housing_benefit', claimedOn: '2026-11-02', actor: cliActor })
    expect(hold.applies).toBe(true)
    let holds = await openHolds(ctx.db, p.rentAccountId)
    expect(holds).toEqual([{ id: holds[0]!.id, starts_on: '2026-11-02', ended_on: null }])

    // A second record of the same state adds no second hold; a move the domain refuses is a validation error.
    const bad = await changeBenefitClaim(ctx.db, { claimId, change: { kind: 'housing_benefit', change: { to: 'overpaid', on: '2026-11-03', amountPence: 100, reason: 'x', award: null } }, actor: cliActor }).catch((e: unknown) => e)
    expect((bad as AppError).code).toBe('validation')
    expect((bad as AppError).userMessage).toMatch(/cannot become overpaid/)

    await changeBenefitClaim(ctx.db, {
      claimId,
      change: { kind: 'housing_benefit', change: { to: 'awarded', on: '2026-11-16', award: { weeklyPence: 6000, from: '2026-11-02', cycle: 'two_weekly', firstPaymentOn: '2026-11-16' } } },
      actor: cliActor,
    })
    holds = await openHolds(ctx.db, p.rentAccountId)
    expect(holds[0]!.ended_on).toBe('2026-11-15')
    const [events] = await ctx.db.query<{ n: number }>('select count(*)::int as n from benefit_claim_events where claim_id = $1', [claimId])
    expect(events!.n).toBe(2)

    // No HB arrived: flagged once the grace days have passed.
    const view = await getAccountBenefits(ctx.db, p.rentAccountId, '2026-11-30')
    expect(view.claims[0]!.state).toBe('awarded')
    expect(view.missing).toHaveLength(1)
    expect(view.missing[0]!.expectedOn).toBe('2026-11-16')
  })

  it('a UC claim holds until housing costs are awarded; APA and a deduction for arrears are tracked; a DHP is recorded', async () => {
    const p = await personWithDebts(ctx.db)
    const { claimId } = await recordBenefitClaim(ctx.db, { accountId: p.rentAccountId, kind: 'universal_credit', claimedOn: '2026-11-02', actor: cliActor })
    await changeBenefitClaim(ctx.db, { claimId, change: { kind: 'universal_credit', change: { track: 'verification', to: 'requested', on: '2026-11-03' } }, actor: cliActor })
    await changeBenefitClaim(ctx.db, { claimId, change: { kind: 'universal_credit', change: { track: 'apa', to: 'requested', on: '2026-11-03', type: 'managed_payment' } }, actor: cliActor })
    await changeBenefitClaim(ctx.db, { claimId, change: { kind: 'universal_credit', change: { track: 'claim', to: 'housing_costs_awarded', on: '2026-11-20' } }, actor: cliActor })
    await changeBenefitClaim(ctx.db, { claimId, change: { kind: 'universal_credit', change: { track: 'deduction', to: 'requested', on: '2026-11-20', requestedPercent: 10 } }, actor: cliActor })
    const holds = await openHolds(ctx.db, p.rentAccountId)
    expect(holds.map((h) => [h.starts_on, h.ended_on])).toEqual([['2026-11-02', '2026-11-19']])
    const dhp = await applyForDhp(ctx.db, { accountId: p.rentAccountId, appliedOn: '2026-11-20', reason: 'under_occupancy', actor: cliActor })
    await changeDhp(ctx.db, { applicationId: dhp.claimId, change: { to: 'awarded', on: '2026-11-25', award: { basis: 'weekly', amountPence: 1400, from: '2026-11-23', to: '2027-03-28', paidTo: 'rent_account' } }, actor: cliActor })
    const view = await getAccountBenefits(ctx.db, p.rentAccountId, '2026-11-25')
    expect((view.claims[0]!.record as { deduction: { state: string } }).deduction.state).toBe('requested')
    expect(view.dhps[0]).toMatchObject({ state: 'awarded', awardPence: 1400 })
  })
})

describeEachDb('referrals, safeguarding and one view of debt', (ctx) => {
  it('records a referral and its outcome once', async () => {
    const p = await personWithDebts(ctx.db)
    const id = await makeReferral(ctx.db, { partyId: p.partyId, accountId: p.rentAccountId, service: 'money_advice', reason: 'Several debts', referredOn: '2026-11-02', today: '2026-11-02', actor: cliActor })
    await recordReferralOutcome(ctx.db, { referralId: id, outcome: 'engaged', outcomeOn: '2026-11-10', actor: cliActor })
    const again = await recordReferralOutcome(ctx.db, { referralId: id, outcome: 'declined', outcomeOn: '2026-11-11', actor: cliActor }).catch((e: unknown) => e)
    expect((again as AppError).code).toBe('invalid_state')
  })

  it('hides a safeguarding concern from an income officer and shows it to a team leader, auditing the read', async () => {
    const p = await personWithDebts(ctx.db)
    await raiseSafeguardingConcern(ctx.db, { partyId: p.partyId, concern: 'Possible financial abuse by a relative', raisedOn: '2026-11-02', actor: cliActor })
    const officer = await readSafeguardingConcerns(ctx.db, { partyId: p.partyId, role: 'income_officer', actor: { userId: null, label: 'user:officer' } })
    expect(officer).toEqual({ visible: false, count: 1, concerns: [] })
    const leader = await readSafeguardingConcerns(ctx.db, { partyId: p.partyId, role: 'team_leader', actor: { userId: null, label: 'user:leader' } })
    expect(leader.concerns.map((c) => c.concern)).toEqual(['Possible financial abuse by a relative'])
    const reads = await ctx.db.query<{ actor: string }>(`select actor from audit_events where action = 'safeguarding.read' and entity_id = $1`, [String(p.partyId)])
    expect(reads.map((r) => r.actor)).toEqual(['user:leader'])
  })

  it('one view of debt: every account with balance, arrears, holds and arrangement', async () => {
    const p = await personWithDebts(ctx.db)
    await setUpArrangement(ctx.db, { partyId: p.partyId, accountIds: [p.rentAccountId, p.councilTaxAccountId], frequency: 'weekly', instalmentPence: 1000, startDate: '2026-11-02', paymentMethod: 'employer_deduction', today: '2026-11-02', actor: cliActor })
    await recordBenefitClaim(ctx.db, { accountId: p.rentAccountId, kind: 'housing_benefit', claimedOn: '2026-11-02', actor: cliActor })
    const view = await getPersonDebt(ctx.db, p.partyRef, { role: 'income_officer', actor: cliActor, today: '2026-11-03' })
    expect(view!.accounts.map((a) => a.accountType).sort()).toEqual(['council_tax', 'rechargeable_repair', 'rent'])
    const rent = view!.accounts.find((a) => a.accountType === 'rent')!
    // A pending claim (no award yet) and no benefit ever paid: nothing is expected, so no technical arrears.
    expect(rent).toMatchObject({
      balancePence: 20000,
      arrearsPence: 20000,
      technicalArrearsPence: 0,
      collectableArrearsPence: 20000,
      technicalArrearsBasis: 'none',
      arrangement: { status: 'kept' },
      benefitClaims: [{ kind: 'housing_benefit', state: 'pending' }],
    })
    expect(rent.holds.map((h) => h.type)).toEqual(['benefit_claim_pending'])
    expect(view!.accounts.find((a) => a.accountType === 'rechargeable_repair')!.arrangement).toBeNull()
    expect(view!.totals).toMatchObject({ balancePence: 40000, technicalArrearsPence: 0, collectableArrearsPence: 40000, accounts: 3, accountsInArrears: 3 })
  })

  it('one view of debt: technical arrears from the HB payment history when no award is recorded (the trawl’s approximation)', async () => {
    // Rent £100.00 a week from Monday 7 September 2026, debited every Monday to 16 November; HB of £280.00 every
    // 4 weeks in arrears (5 October, 2 November); the tenant paid £300.00. On Wednesday 18 November the balance is
    // £240.00, of which this week's £100.00 is not yet late: arrears £140.00. HB runs at £70.00 a week, and the week
    // of 9 November is charged and not yet paid (due with the next payment, 30 November): £70.00 technical.
    const t = await makeTenancy(ctx.db, { startDate: '2026-09-07', charges: [{ chargeType: 'rent', weeklyPence: 10000 }] })
    for (let d = '2026-09-07'; d <= '2026-11-16'; d = addDays(d, 7)) await debit(ctx.db, t.accountId, d, 10000, d)
    for (const d of ['2026-10-05', '2026-11-02']) {
      await ctx.db.transaction((tx) =>
        recordPayment(tx, { accountId: t.accountId, method: 'housing_benefit', amountPence: 28000, receivedOn: d, postingDate: d, idempotencyKey: `hb-${t.accountId}-${d}`, source: 'batch', actor: cliActor }),
      )
    }
    await pay(ctx.db, t.accountId, '2026-10-20', 30000)
    const [party] = await ctx.db.query<{ party_ref: string }>('select party_ref from parties where id = $1', [t.partyIds[0]])
    const view = await getPersonDebt(ctx.db, party!.party_ref, { role: 'income_officer', actor: cliActor, today: '2026-11-18' })
    expect(view!.accounts[0]).toMatchObject({
      balancePence: 24000,
      arrearsPence: 14000,
      technicalArrearsPence: 7000,
      collectableArrearsPence: 7000,
      overdueBenefitPence: 0,
      technicalArrearsBasis: 'payment_history',
    })
    // A fortnight later the 30 November payment has not come: more than the 7 grace days late, it is overdue
    // (collectable, to chase), no longer technical.
    const later = await getPersonDebt(ctx.db, party!.party_ref, { role: 'income_officer', actor: cliActor, today: '2026-12-09' })
    expect(later!.accounts[0]).toMatchObject({ technicalArrearsPence: 0, overdueBenefitPence: 28000 })
  })
})
