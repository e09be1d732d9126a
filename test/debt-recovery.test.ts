import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Command } from 'commander'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { registerDebtRecovery } from '../src/cli/commands/debt-recovery.ts'
import { openPglite } from '../src/db/client.ts'
import { migrate } from '../src/db/migrate.ts'
import { isAppError } from '../src/errors.ts'
import type { Db } from '../src/db/client.ts'
import { moneyClaimFee } from '../src/domain/debt-recovery/index.ts'
import { runTrawl } from '../src/jobs/trawl.ts'
import { cliActor } from '../src/services/actor.ts'
import { openCustomerAccount } from '../src/services/accounts/open-customer-account.ts'
import { recordAcknowledgement } from '../src/services/debt-recovery/acknowledgement.ts'
import { endPlacement, placeWithAgency, recordAgencyReturn } from '../src/services/debt-recovery/agency.ts'
import { readMoneyClaimFees } from '../src/services/debt-recovery/debt-settings.ts'
import { applyForEnforcement, recordEnforcementEnd, recordEnforcementOrder } from '../src/services/debt-recovery/enforcement.ts'
import { getDebtRecoveryView } from '../src/services/debt-recovery/get-debt-recovery-view.ts'
import { recordDisputeAnswered, recordLetterReply, sendLetterOfClaim } from '../src/services/debt-recovery/letter-of-claim.ts'
import { issueMoneyClaim, recordJudgment } from '../src/services/debt-recovery/money-claim.ts'
import { recordTraceResult, requestTrace } from '../src/services/debt-recovery/tracing.ts'
import { listStatuteBarredCandidates } from '../src/services/debt-recovery/write-off-candidates.ts'
import { postTransaction } from '../src/services/ledger/post-transaction.ts'
import { ensureDefaultPathways } from '../src/services/recovery/pathways.ts'
import { makeOfficer, makeParty, makePatch, pay, placeCase, recommendationFor, sundryDebt, type ScenarioAccount } from '../src/services/recovery/recovery-fixtures.testing.ts'
import { buildTestWebApp, createTestUser, signedInClient } from '../src/web/testing/web-test-client.ts'
import { describeEachDb } from './databases.ts'

// Hand-built former tenant and sundry debts, walked through the 2026-11 pathways by the trawl (one run per date) and
// the debt recovery services. Dates are 2026 unless said; the pathways are in force from Monday 1 June 2026.

/** A former tenant account holding `pence` moved from the rent account on `on` (the cause of action). */
async function formerTenantDebt(db: Db, pence: number, on: string): Promise<ScenarioAccount> {
  const patchId = await makePatch(db)
  const partyIds = [await makeParty(db, 'Former')]
  const a = await openCustomerAccount(db, { type: 'former_tenant', name: 'Former tenant arrears', partyIds, openedOn: on, patchId, actor: cliActor })
  const [contra] = await db.query<{ id: number }>(`select id from accounts where account_number = 'GL-OPENING-BALANCES'`)
  await postTransaction(db, {
    type: 'transfer',
    idempotencyKey: `fta-test:${a.id}`,
    effectiveDate: on,
    postingDate: on,
    source: 'user',
    actor: cliActor,
    description: 'Balance moved from the rent account',
    legs: [
      { accountId: a.id, amountPence: pence, postingType: 'transfer_in' },
      { accountId: contra!.id, amountPence: -pence, postingType: 'transfer_out' },
    ],
  })
  return { accountId: a.id, accountNumber: a.accountNumber, tenancyId: null, partyIds, patchId }
}

const LEGAL = {
  checksConfirmed: ['vulnerability_considered', 'breathing_space_checked'] as const,
  proportionalityNote: 'Letter of claim unanswered, debtor traced and in work; a claim is proportionate.',
  equalityNote: 'No protected characteristic bears on the decision.',
}

describeEachDb('debt recovery: former tenant and sundry pathways, limitation, agencies, claims', (ctx) => {
  const a: Record<string, ScenarioAccount> = {}
  let officer: Awaited<ReturnType<typeof makeOfficer>>
  let leader: Awaited<ReturnType<typeof makeOfficer>>
  let finance: Awaited<ReturnType<typeof makeOfficer>>
  const trawl = async (date: string) => runTrawl(ctx.db, { date })
  const rec = (name: string, date: string) => recommendationFor(ctx.db, a[name]!.accountId, date)
  const tx = <T,>(fn: (q: Db) => Promise<T>) => ctx.db.transaction((q) => fn(q as Db))
  const balance = async (id: number) => {
    const [b] = await ctx.db.query<{ b: number }>('select coalesce(sum(amount_pence), 0)::bigint as b from postings where account_id = $1', [id])
    return b!.b
  }

  beforeAll(async () => {
    const db = ctx.db
    await ensureDefaultPathways(db)
    officer = await makeOfficer(db, 'debt_recovery_officer', 'Debt')
    leader = await makeOfficer(db, 'team_leader', 'Leader')
    finance = await makeOfficer(db, 'finance', 'Finance')
    // Former tenant arrears of £800 from 4 May (a claim economic to pursue), and of £200 (an agency).
    a.fta = await formerTenantDebt(db, 80_000, '2026-05-04')
    // Sundry: a £100 recharge invoiced 1 May (between the £50 letter of claim and £150 money claim thresholds).
    a.sundryAgency = await sundryDebt(db, { amountPence: 10_000, invoicedOn: '2026-05-01' })
    // A £400 recharge whose debtor disputes it.
    a.sundryDispute = await sundryDebt(db, { amountPence: 40_000, invoicedOn: '2026-05-01' })
    // Limitation: fell due 1 March 2019 (barred from 2 March 2025), with nothing since…
    a.barred = await formerTenantDebt(db, 50_000, '2019-03-01')
    // …with a payment in January 2021 (the clock restarts: a claim may be issued until 10 January 2027)…
    a.paidLater = await formerTenantDebt(db, 50_000, '2019-03-01')
    await pay(db, a.paidLater.accountId, 1_000, '2021-01-10')
    // …with a payment only after the bar (no revival, s29(7))…
    a.paidAfterBar = await formerTenantDebt(db, 50_000, '2019-03-01')
    await pay(db, a.paidAfterBar.accountId, 1_000, '2025-06-01')
    // …and one the debtor acknowledged in writing in May 2022.
    a.acknowledged = await formerTenantDebt(db, 50_000, '2019-03-01')
  }, 120_000)

  it('former tenant arrears: reminder, final letter (taken by the trawl itself), then a trace for a debtor not heard from', async () => {
    await trawl('2026-06-01')
    expect(await rec('fta', '2026-06-01')).toMatchObject({ kind: 'action', stage: 'fta_letter_1', applied: true, pathway_id: 'former-tenant-arrears' })
    await trawl('2026-06-15')
    expect(await rec('fta', '2026-06-15')).toMatchObject({ kind: 'action', stage: 'fta_letter_2', applied: true })
    await trawl('2026-06-29')
    const r = await rec('fta', '2026-06-29')
    expect(r).toMatchObject({ kind: 'action', stage: 'tracing', applied: false })
    expect(r!.reason).toContain('days since last contact never ≥ 28')

    const { traceId } = await tx((q) => requestTrace(q, { accountId: a.fta!.accountId, agent: 'TraceCo', reason: 'no_contact', requestedOn: '2026-06-29', actor: officer }))
    await trawl('2026-07-06')
    expect(await rec('fta', '2026-07-06')).toMatchObject({ kind: 'none', from_stage: 'tracing' })
    await tx((q) => recordTraceResult(q, { traceId, returnedOn: '2026-07-10', result: 'traced', forwardingAddress: '4 New Street, Reevesby', actor: officer }))
    await expect(tx((q) => recordTraceResult(q, { traceId, returnedOn: '2026-07-11', result: 'not_traced', actor: officer }))).rejects.toThrow('already recorded')
    await trawl('2026-07-14')
    const loc = await rec('fta', '2026-07-14')
    expect(loc).toMatchObject({ kind: 'action', stage: 'letter_before_claim' })
    expect(loc!.reason).toContain('tracing traced')
  })

  it('letter of claim: the enclosures are required, the 30 days run, and no claim is issued before they pass', async () => {
    const accountId = a.fta!.accountId
    await expect(tx((q) => sendLetterOfClaim(q, { accountId, sentOn: '2026-07-14', method: 'post', enclosures: ['statement_of_account', 'reply_form'], actor: officer }))).rejects.toThrow(
      'enclose information sheet, financial statement',
    )
    const sent = await tx((q) => sendLetterOfClaim(q, { accountId, sentOn: '2026-07-14', method: 'post', checksConfirmed: LEGAL.checksConfirmed, actor: officer }))
    expect(sent).toMatchObject({ amountClaimedPence: 80_000, responseDueOn: '2026-08-13', claimPossibleFrom: '2026-08-14' })
    const [letter] = await ctx.db.query<{ document_ref: string; enclosures: string[] }>('select document_ref, enclosures from letters_of_claim where id = $1', [sent.letterId])
    expect(letter).toEqual({ document_ref: 'debt-pap-letter-of-claim', enclosures: ['statement_of_account', 'information_sheet', 'reply_form', 'financial_statement'] })

    await trawl('2026-08-10')
    const waiting = await rec('fta', '2026-08-10')
    expect(waiting).toMatchObject({ kind: 'none', from_stage: 'letter_before_claim' })
    expect(waiting!.reason).toContain('no claim before 2026-08-14')
    await expect(tx((q) => issueMoneyClaim(q, { accountId, route: 'mcol', issuedOn: '2026-08-10', ...LEGAL, actor: leader }))).rejects.toThrow('Not yet: the letter of claim sent 2026-07-14')
  })

  it('money claim: recommended after the 30 days for a debt worth claiming; issued by a team leader with the fee from the EX50 band', async () => {
    const accountId = a.fta!.accountId
    await trawl('2026-08-14')
    const r = await rec('fta', '2026-08-14')
    expect(r).toMatchObject({ kind: 'action', stage: 'money_claim', authorised_by: ['team_leader'] })
    expect(r!.reason).toContain('not statute-barred: a claim may be issued until 2032-05-04 (six years from the debt fell due on 2026-05-04)')

    await expect(tx((q) => issueMoneyClaim(q, { accountId, route: 'mcol', issuedOn: '2026-08-14', ...LEGAL, actor: officer }))).rejects.toThrow('may be authorised by team leader')
    const claim = await tx((q) => issueMoneyClaim(q, { accountId, route: 'mcol', claimNumber: 'K1QZ1234', issuedOn: '2026-08-14', ...LEGAL, actor: leader }))
    expect(claim).toMatchObject({ claimValuePence: 80_000, feePence: 7_000, feeBand: '£500.01 to £1,000.00', feeConfirmed: false })
    const [court] = await ctx.db.query<{ claim_type: string; fee_pence: number; court: string }>('select claim_type, fee_pence, court from court_claims where id = $1', [claim.courtClaimId])
    expect(court).toEqual({ claim_type: 'money', fee_pence: 7_000, court: 'County Court Business Centre (Money Claim Online)' })

    await trawl('2026-09-11')
    expect(await rec('fta', '2026-09-11')).toMatchObject({ kind: 'action', stage: 'request_judgment' })
  })

  it('judgment and enforcement: missed instalments lead to attachment of earnings, then other enforcement when it fails', async () => {
    const [mc] = await ctx.db.query<{ id: number }>('select id from money_claims where account_id = $1', [a.fta!.accountId])
    const { judgmentId } = await tx((q) =>
      recordJudgment(q, { moneyClaimId: mc!.id, judgmentType: 'default', enteredOn: '2026-09-15', amountPence: 87_000, costsPence: 7_000, terms: 'instalments', instalmentPence: 5_000, instalmentFrequency: 'monthly', firstInstalmentOn: '2026-10-01', actor: officer }),
    )
    const [c] = await ctx.db.query<{ current_stage: string }>('select current_stage from recovery_cases where account_id = $1', [a.fta!.accountId])
    expect(c!.current_stage).toBe('judgment')

    // One instalment paid (1 October); 1 November missed, counted once its 7 grace days pass.
    await pay(ctx.db, a.fta!.accountId, 5_000, '2026-10-01')
    await trawl('2026-11-05')
    expect(await rec('fta', '2026-11-05')).toMatchObject({ kind: 'none', from_stage: 'judgment' })
    await trawl('2026-11-10')
    const aoe = await rec('fta', '2026-11-10')
    expect(aoe).toMatchObject({ kind: 'action', stage: 'attachment_of_earnings' })
    expect(aoe!.reason).toContain('Judgment breached (judgment of 2026-09-15 for £870.00, £50.00 a month from 2026-10-01: £50.00 paid of £100.00 due so far (terms broken))')

    const applied = await tx((q) => applyForEnforcement(q, { judgmentId, kind: 'attachment_of_earnings', appliedOn: '2026-11-10', employerName: 'Reevesby Bakery Ltd', ...LEGAL, actor: leader }))
    expect(applied).toMatchObject({ feePence: 11_900, feeConfirmed: false })
    await expect(tx((q) => applyForEnforcement(q, { judgmentId, kind: 'warrant_of_control', appliedOn: '2026-11-11', ...LEGAL, actor: leader }))).rejects.toThrow('has not ended')
    await tx((q) => recordEnforcementOrder(q, { enforcementId: applied.enforcementId, orderMadeOn: '2026-12-01', normalDeductionPence: 2_500, deductionFrequency: 'weekly', protectedEarningsPence: 25_000, actor: officer }))
    await tx((q) => recordEnforcementEnd(q, { enforcementId: applied.enforcementId, endedOn: '2027-01-15', outcome: 'unsuccessful', note: 'Left the job', actor: officer }))
    await trawl('2027-01-18')
    expect(await rec('fta', '2027-01-18')).toMatchObject({ kind: 'action', stage: 'enforcement', action_type: 'enforcement' })
    const view = await getDebtRecoveryView(ctx.db, a.fta!.accountId, '2027-01-18')
    expect(view.claims[0]!.judgment!.position).toMatchObject({ status: 'breached' })
    expect(view.enforcement[0]).toMatchObject({ kind: 'attachment_of_earnings', employer_name: 'Reevesby Bakery Ltd', normal_deduction_pence: 2_500, outcome: 'unsuccessful' })
  })

  it('sundry debt: reminder, final notice, letter of claim; below the claim threshold the next step is an agency', async () => {
    const accountId = a.sundryAgency!.accountId
    expect(await rec('sundryAgency', '2026-06-01')).toMatchObject({ stage: 'invoice_reminder', applied: true, pathway_id: 'sundry-debt' })
    expect(await rec('sundryAgency', '2026-06-15')).toMatchObject({ stage: 'final_notice', applied: true })
    expect(await rec('sundryAgency', '2026-06-29')).toMatchObject({ kind: 'action', stage: 'letter_before_claim' })
    await tx((q) => sendLetterOfClaim(q, { accountId, sentOn: '2026-06-29', method: 'email', checksConfirmed: LEGAL.checksConfirmed, actor: officer }))
    await trawl('2026-07-30')
    const r = await rec('sundryAgency', '2026-07-30')
    expect(r).toMatchObject({ kind: 'action', stage: 'agency' })
    expect(r!.reason).toContain('letter of claim time passed')
  })

  it('an agency placement stops the council\'s letters; returns post gross to the debtor, commission to cost, net to remittances', async () => {
    const accountId = a.sundryAgency!.accountId
    const placed = await tx((q) => placeWithAgency(q, { accountId, agency: 'Acme Collections', placedOn: '2026-07-30', commissionBasisPoints: 1_500, checksConfirmed: LEGAL.checksConfirmed, actor: officer }))
    expect(placed.balancePlacedPence).toBe(10_000)
    await expect(tx((q) => placeWithAgency(q, { accountId, agency: 'Other Ltd', placedOn: '2026-07-31', commissionBasisPoints: 1_000, actor: officer }))).rejects.toThrow('placed with Acme Collections since 2026-07-30')
    await expect(tx((q) => sendLetterOfClaim(q, { accountId, sentOn: '2026-08-03', method: 'post', actor: officer }))).rejects.toThrow('placed with Acme Collections')

    await trawl('2026-08-12')
    expect(await rec('sundryAgency', '2026-08-12')).toMatchObject({ kind: 'none', from_stage: 'agency' })
    const letters = await ctx.db.query('select id from recovery_actions where account_id = $1 and action_type in ($2, $3, $4) and taken_on > $5', [accountId, 'letter', 'sms', 'letter_before_claim', '2026-07-30'])
    expect(letters).toEqual([])

    // 15% agreed: £6.00 of £40.00 is the most the agency may keep.
    await expect(tx((q) => recordAgencyReturn(q, { placementId: placed.placementId, statementRef: 'ACME-2026-08', collectedOn: '2026-08-20', grossCollectedPence: 4_000, commissionPence: 700, actor: finance }))).rejects.toThrow(
      'more than the agreed 15% of £40.00 (£6.00)',
    )
    const ret = await tx((q) => recordAgencyReturn(q, { placementId: placed.placementId, statementRef: 'ACME-2026-08', collectedOn: '2026-08-20', grossCollectedPence: 4_000, commissionPence: 600, actor: finance }))
    expect(ret).toMatchObject({ remittedPence: 3_400, balanceAfterPence: 6_000, paidInFull: false })
    const legs = await ctx.db.query<{ account_number: string; amount_pence: number; posting_type: string }>(
      'select a.account_number, p.amount_pence, p.posting_type from postings p join accounts a on a.id = p.account_id where p.transaction_id = $1 order by p.id',
      [ret.transactionId],
    )
    expect(legs).toEqual([
      { account_number: 'GL-AGENCY-REMITTANCES', amount_pence: 3_400, posting_type: 'agency_collection' },
      { account_number: 'GL-AGENCY-COMMISSION', amount_pence: 600, posting_type: 'agency_commission' },
      { account_number: a.sundryAgency!.accountNumber, amount_pence: -4_000, posting_type: 'agency_collection' },
    ])
    expect(await balance(accountId)).toBe(6_000)
    await expect(tx((q) => recordAgencyReturn(q, { placementId: placed.placementId, statementRef: 'ACME-2026-08', collectedOn: '2026-08-20', grossCollectedPence: 4_000, commissionPence: 600, actor: finance }))).rejects.toThrow('already recorded')
    // The agency's collection is a payment: it restarts limitation and counts as the last payment.
    await trawl('2026-09-15')
    expect(await rec('sundryAgency', '2026-09-15')).toMatchObject({ kind: 'none' })
    const [r] = await ctx.db.query<{ last_payment_on: string }>(`select r.last_payment_on::text from recommendations r join trawl_runs t on t.id = r.run_id where r.account_id = $1 and t.run_date = '2026-09-15'`, [accountId])
    expect(r!.last_payment_on).toBe('2026-08-20')

    // Recalled: the placement review is due at once.
    await tx((q) => endPlacement(q, { placementId: placed.placementId, endedOn: '2026-09-20', kind: 'recalled', reason: 'No contact made in 7 weeks', actor: officer }))
    await trawl('2026-09-21')
    expect(await rec('sundryAgency', '2026-09-21')).toMatchObject({ kind: 'action', stage: 'agency_review' })
  })

  it('an agency return that clears the debt ends the placement as paid in full', async () => {
    const s = await sundryDebt(ctx.db, { amountPence: 9_000, invoicedOn: '2026-05-01' })
    await placeCase(ctx.db, s.accountId, { id: 'sundry-debt', version: '2026-11' }, 'letter_before_claim', '2026-06-15', '2026-06-01')
    const placed = await tx((q) => placeWithAgency(q, { accountId: s.accountId, agency: 'Acme Collections', placedOn: '2026-07-15', commissionBasisPoints: 2_000, checksConfirmed: LEGAL.checksConfirmed, actor: officer }))
    const ret = await tx((q) => recordAgencyReturn(q, { placementId: placed.placementId, statementRef: 'ACME-FULL', collectedOn: '2026-08-01', grossCollectedPence: 9_000, commissionPence: 1_800, actor: finance }))
    expect(ret).toMatchObject({ paidInFull: true, balanceAfterPence: 0, remittedPence: 7_200 })
    const [p] = await ctx.db.query<{ end_kind: string; ended_on: string }>('select end_kind, ended_on::text from agency_placements where id = $1', [placed.placementId])
    expect(p).toEqual({ end_kind: 'paid_in_full', ended_on: '2026-08-01' })
    expect(await balance(s.accountId)).toBe(0)
  })

  it('a dispute in reply holds the claim (and adds a dispute hold) until answered and 30 days have passed', async () => {
    const accountId = a.sundryDispute!.accountId
    expect(await rec('sundryDispute', '2026-06-29')).toMatchObject({ stage: 'letter_before_claim' })
    const { letterId } = await tx((q) => sendLetterOfClaim(q, { accountId, sentOn: '2026-06-29', method: 'post', checksConfirmed: LEGAL.checksConfirmed, actor: officer }))
    const { replyId, holdId } = await tx((q) => recordLetterReply(q, { letterId, receivedOn: '2026-07-10', replyType: 'disputes', note: 'Says the repair was the landlord\'s responsibility', actor: officer }))
    expect(holdId).not.toBeNull()
    await trawl('2026-08-13')
    const r = await rec('sundryDispute', '2026-08-13')
    expect(r).toMatchObject({ kind: 'none', hold_types: ['dispute'] })
    expect(r!.reason).toContain('disputed on 2026-07-10, not yet answered')
    await expect(tx((q) => issueMoneyClaim(q, { accountId, route: 'mcol', issuedOn: '2026-08-13', ...LEGAL, actor: leader }))).rejects.toThrow('not yet answered')

    await tx((q) => recordDisputeAnswered(q, { replyId, answeredOn: '2026-08-14', actor: officer }))
    const [h] = await ctx.db.query<{ ended_on: string }>('select ended_on::text from holds where id = $1', [holdId])
    expect(h!.ended_on).toBe('2026-08-14')
    await trawl('2026-09-14')
    expect(await rec('sundryDispute', '2026-09-14')).toMatchObject({ kind: 'action', stage: 'money_claim' })
    const claim = await tx((q) => issueMoneyClaim(q, { accountId, route: 'ocmc', issuedOn: '2026-09-14', ...LEGAL, actor: leader }))
    expect(claim).toMatchObject({ claimValuePence: 40_000, feePence: 5_000, feeBand: '£300.01 to £500.00' })
  })

  it('limitation: a statute-barred debt gets a write-off review, never a claim, and the trawl says since when', async () => {
    const r = await rec('barred', '2026-06-01')
    expect(r).toMatchObject({ kind: 'action', stage: 'write_off_statute_barred', action_type: 'write_off_review', applied: false })
    expect(r!.reason).toContain('statute-barred since 2025-03-02 (six years from the debt fell due on 2019-03-01)')
    const accountId = a.barred!.accountId
    await expect(tx((q) => sendLetterOfClaim(q, { accountId, sentOn: '2026-06-02', method: 'post', actor: officer }))).rejects.toThrow('statute-barred since 2025-03-02')
    await expect(tx((q) => issueMoneyClaim(q, { accountId, route: 'mcol', issuedOn: '2026-06-02', ...LEGAL, actor: leader }))).rejects.toThrow('statute-barred since 2025-03-02')
    await expect(tx((q) => placeWithAgency(q, { accountId, agency: 'Acme Collections', placedOn: '2026-06-02', commissionBasisPoints: 1_500, actor: officer }))).rejects.toThrow('write-off (reason: statute-barred)')
    const candidates = await listStatuteBarredCandidates(ctx.db, '2026-06-01')
    expect(candidates.map((c) => c.accountNumber)).toEqual(expect.arrayContaining([a.barred!.accountNumber, a.paidAfterBar!.accountNumber]))
    expect(candidates.map((c) => c.accountNumber)).not.toContain(a.paidLater!.accountNumber)
    expect(candidates.find((c) => c.accountId === accountId)).toMatchObject({ reason: 'statute_barred', barredFrom: '2025-03-02', balancePence: 50_000 })
  })

  it('limitation: a payment restarts the clock; one after the bar does not revive the debt', async () => {
    expect(await rec('paidLater', '2026-06-01')).toMatchObject({ kind: 'action', stage: 'fta_letter_1' })
    const view = await getDebtRecoveryView(ctx.db, a.paidLater!.accountId, '2026-06-01')
    expect(view.limitation).toMatchObject({ lastDayToIssue: '2027-01-10', clockEvent: 'payment', statuteBarred: false })
    const r = await rec('paidAfterBar', '2026-06-01')
    expect(r).toMatchObject({ stage: 'write_off_statute_barred' })
    expect(r!.reason).toContain('the payment on 2025-06-01 came after and does not revive it (s29(7))')
  })

  it('limitation: a signed written acknowledgement restarts the clock; an unsigned one is refused; a late one does not revive', async () => {
    const accountId = a.acknowledged!.accountId
    await expect(tx((q) => recordAcknowledgement(q, { accountId, acknowledgedOn: '2022-05-01', form: 'letter', signed: false, actor: officer }))).rejects.toThrow('signed by the debtor')
    const ack = await tx((q) => recordAcknowledgement(q, { accountId, acknowledgedOn: '2022-05-01', form: 'letter', signed: true, documentRef: 'scan-0042', actor: officer }))
    expect(ack).toMatchObject({ restartsClock: true, limitation: { lastDayToIssue: '2028-05-01' } })
    await trawl('2026-06-02')
    const r = await recommendationFor(ctx.db, accountId, '2026-06-02')
    expect(r).toMatchObject({ kind: 'action', stage: 'fta_letter_1' })
    // The barred debt stays barred: a 2026 acknowledgement comes after the bar of March 2025.
    const late = await tx((q) => recordAcknowledgement(q, { accountId: a.barred!.accountId, acknowledgedOn: '2026-06-02', form: 'email', signed: true, actor: officer }))
    expect(late).toMatchObject({ restartsClock: false, limitation: { statuteBarred: true } })
    expect(late.limitation.text).toContain('the acknowledgement on 2026-06-02 came after and does not revive it')
  })

  it('the claim fee table in policy data gives the EX50 fee for each band (unconfirmed figures marked)', async () => {
    const table = await readMoneyClaimFees(ctx.db, '2026-11-01')
    expect(table.confirmed).toBe(false)
    expect([30_000, 30_001, 150_000, 500_000, 1_000_000, 1_000_100, 25_000_000].map((v) => moneyClaimFee(v, table).feePence)).toEqual([3_500, 5_000, 8_000, 20_500, 45_500, 50_005, 1_000_000])
  })

  it('web: the debt recovery page shows the position and records through its forms (GOV.UK errors, refusals, roles)', async () => {
    // Web "today" is Sunday 22 November 2026 (TEST_NOW). A £250 recharge invoiced in 2019: statute-barred.
    const t = await buildTestWebApp(ctx.db)
    const s = await sundryDebt(ctx.db, { amountPence: 25_000, invoicedOn: '2019-01-07' })
    const url = `/accounts/${s.accountNumber}/debt-recovery`
    const officerUser = await createTestUser(ctx.db, { role: 'debt_recovery_officer' })
    const auditorUser = await createTestUser(ctx.db, { role: 'auditor' })
    const asOfficer = await signedInClient(t.app, officerUser)
    const asAuditor = await signedInClient(t.app, auditorUser)

    const page = await asOfficer.get(url)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('statute-barred since 2025-01-08 (six years from the debt fell due on 2019-01-07)')
    expect(page.body).toContain('consider it for write-off (reason: statute-barred)')
    const recoveryPage = await asOfficer.get(`/accounts/${s.accountNumber}/recovery`)
    expect(recoveryPage.body).toContain(`href="/accounts/${s.accountNumber}/debt-recovery"`)

    // A form with nothing in it: GOV.UK errors linked to the fields, the form reopened.
    const empty = await asOfficer.post(`${url}/letter-send`, {})
    expect(empty.statusCode).toBe(400)
    expect(empty.body).toContain('href="#letter-send-sentOn-day"')
    expect(empty.body).toContain('Enter the date sent')
    // A service's refusal: no letter of claim on a statute-barred debt.
    const refused = await asOfficer.post(`${url}/letter-send`, { 'sentOn-day': '20', 'sentOn-month': '11', 'sentOn-year': '2026', method: 'post' })
    expect(refused.statusCode).toBe(422)
    expect(refused.body).toContain('No letter of claim: the debt is statute-barred since 8 January 2025 (six years from the debt fell due on 7 January 2019)')
    // An unsigned acknowledgement is refused; a signed one is recorded, and the page shows it.
    const unsigned = await asOfficer.post(`${url}/acknowledgement`, { 'acknowledgedOn-day': '2', 'acknowledgedOn-month': '3', 'acknowledgedOn-year': '2024', form: 'letter' })
    expect(unsigned.statusCode).toBe(400)
    expect(unsigned.body).toContain('signed by the debtor')
    const signed = await asOfficer.post(`${url}/acknowledgement`, { 'acknowledgedOn-day': '2', 'acknowledgedOn-month': '3', 'acknowledgedOn-year': '2024', form: 'letter', signed: 'yes', documentRef: 'scan-77' })
    expect(signed.statusCode).toBe(303)
    const [ack] = await ctx.db.query<{ acknowledged_on: string; document_ref: string }>('select acknowledged_on::text, document_ref from debt_acknowledgements where account_id = $1', [s.accountId])
    expect(ack).toEqual({ acknowledged_on: '2024-03-02', document_ref: 'scan-77' })
    const after = await asOfficer.get(url)
    // Signed in March 2024, before the bar of January 2025: the clock restarts, six more years from then.
    expect(after.body).toContain('Acknowledgement recorded: the limitation clock restarts')
    expect(after.body).toContain('not statute-barred: a claim may be issued until 2030-03-02 (six years from the last written acknowledgement on 2024-03-02)')
    expect(after.body).toContain('scan-77')

    // Auditors read but do not record.
    expect((await asAuditor.get(url)).statusCode).toBe(200)
    expect((await asAuditor.post(`${url}/acknowledgement`, { form: 'letter' })).statusCode).toBe(403)
    await t.app.close()
  })
})

// The commands as `reeve` runs them (registered on a fresh commander program, as src/cli/main.ts does) against an
// embedded database in a temporary folder: exit status 2 and the message are what main.ts makes of an AppError.
describe('reeve debt recovery commands [pglite]', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reeve-debt-cli-'))
  const saved = { dir: process.env.REEVE_DATA_DIR, url: process.env.DATABASE_URL }
  let accountNumber = ''
  let username = ''

  async function reeve(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
    const out: string[] = []
    const err: string[] = []
    const log = vi.spyOn(console, 'log').mockImplementation((...m: unknown[]) => void out.push(m.join(' ')))
    const error = vi.spyOn(console, 'error').mockImplementation((...m: unknown[]) => void err.push(m.join(' ')))
    const program = new Command('reeve').exitOverride()
    registerDebtRecovery(program)
    let status = 0
    try {
      await program.parseAsync(['node', 'reeve', ...args])
    } catch (e) {
      if (!isAppError(e)) throw e
      err.push(`reeve: ${e.userMessage}`)
      status = 2
    } finally {
      log.mockRestore()
      error.mockRestore()
    }
    return { status, stdout: out.join('\n'), stderr: err.join('\n') }
  }

  beforeAll(async () => {
    process.env.REEVE_DATA_DIR = dataDir
    delete process.env.DATABASE_URL
    const db = await openPglite(path.join(dataDir, 'pglite'))
    try {
      await migrate(db)
      // A £600 recharge invoiced 5 January 2026; the sundry pathway has it at the letter of claim stage.
      const s = await sundryDebt(db, { amountPence: 60_000, invoicedOn: '2026-01-05' })
      accountNumber = s.accountNumber
      username = (await makeOfficer(db, 'debt_recovery_officer')).username
    } finally {
      await db.close()
    }
  }, 120_000)

  afterAll(() => {
    if (saved.dir === undefined) delete process.env.REEVE_DATA_DIR
    else process.env.REEVE_DATA_DIR = saved.dir
    if (saved.url !== undefined) process.env.DATABASE_URL = saved.url
    fs.rmSync(dataDir, { recursive: true, force: true })
  })

  it('records a signed acknowledgement, refuses an unsigned one and bad options with status 2, and shows the position', async () => {
    const unsigned = await reeve('acknowledgement', 'add', accountNumber, '--on', '2026-03-02', '--form', 'letter')
    expect(unsigned.status).toBe(2)
    expect(unsigned.stderr).toContain('Only a written acknowledgement signed by the debtor restarts the limitation clock (Limitation Act 1980 s30)')
    const badForm = await reeve('acknowledgement', 'add', accountNumber, '--on', '2026-03-02', '--form', 'phone-call', '--signed')
    expect(badForm.status).toBe(2)
    expect(badForm.stderr).toContain('--form')
    const ok = await reeve('acknowledgement', 'add', accountNumber, '--on', '2026-03-02', '--form', 'signed-reply-form', '--signed', '--user', username)
    expect(ok.status).toBe(0)
    expect(ok.stdout).toContain('The clock restarts: not statute-barred: a claim may be issued until 2032-03-02')
    const badCommission = await reeve('agency', 'place', accountNumber, '--agency', 'Acme', '--on', '2026-03-03', '--commission', 'lots')
    expect(badCommission.status).toBe(2)
    const show = await reeve('debt', 'show', accountNumber, '--date', '2026-03-10')
    expect(show.stdout).toContain('Limitation: not statute-barred: a claim may be issued until 2032-03-02 (six years from the last written acknowledgement on 2026-03-02)')
    expect(show.stdout).toContain('Agency: not placed')
  })
})
