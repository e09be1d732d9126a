import { beforeAll, expect, it } from 'vitest'
import { extractPdfText } from '../src/documents/statement-fixture.test-helper.ts'
import { renderCourtPackCsv } from '../src/documents/court-pack-csv.ts'
import { renderCourtPackPdf } from '../src/documents/court-pack-pdf.ts'
import { runTrawl } from '../src/jobs/trawl.ts'
import { cliActor, type Actor } from '../src/services/actor.ts'
import { recordClaim, recordEviction, recordEvictionOutcome, recordHearing, recordHearingOutcome, recordWarrant } from '../src/services/recovery/court.ts'
import { buildCourtPack } from '../src/services/recovery/court-pack.ts'
import { addHold, endHold, listAccountHolds, recordTreatmentEnd } from '../src/services/recovery/holds.ts'
import { decideNoticeReview, requestNoticeReview, serveNotice } from '../src/services/recovery/notices.ts'
import { recordPapItem } from '../src/services/recovery/pap.ts'
import { ensureDefaultPathways } from '../src/services/recovery/pathways.ts'
import { recordRecoveryAction } from '../src/services/recovery/record-action.ts'
import { debitWeeks, LEGAL_NOTES, letProperty, makeOfficer, pay, placeCase, recommendationFor, type ScenarioAccount } from '../src/services/recovery/recovery-fixtures.testing.ts'
import { describeEachDb } from './databases.ts'

// The possession process for a secure tenancy, end to end through the services, for four tenancies let on Monday
// 6 April 2026 at £100 a week and never paid: home visit 27 May; NOSP served by hand Wednesday 10 June (date in
// the notice: Sunday 12 July, the first day a rent week ends 28 days on; in force until 11 July 2027); pre-claim
// review 16 July; claim issued 27 July; hearing 26 August: suspended order, £10 a week on top of the rent from
// Monday 31 August; from then on "flow" pays only the rent, "kept" pays rent and terms, "early" has a later date
// for possession; "noPap" never gets its Pre-Action Protocol checklist done.
const SECURE = { id: 'secure-rent', version: '2026-04' }

describeEachDb('recovery: the possession process for a secure tenancy', (ctx) => {
  const a: Record<'flow' | 'kept' | 'early' | 'noPap', ScenarioAccount> = {} as never
  let officer: Actor
  let leader: Actor
  const tx = <T>(fn: (q: Parameters<Parameters<typeof ctx.db.transaction>[0]>[0]) => Promise<T>) => ctx.db.transaction(fn)

  beforeAll(async () => {
    const db = ctx.db
    await ensureDefaultPathways(db)
    officer = await makeOfficer(db, 'income_officer')
    leader = await makeOfficer(db, 'team_leader')
    for (const name of ['flow', 'kept', 'early', 'noPap'] as const) {
      a[name] = await letProperty(db, { joint: true })
      await placeCase(db, a[name].accountId, SECURE, 'home_visit', '2026-05-27', '2026-05-01')
    }
    await debitWeeks(db, '2026-04-06', '2026-06-08')
  }, 120_000)

  it('serves a NOSP on every joint tenant with the dates the law gives, after the checks', async () => {
    // Without the checks: refused, naming them.
    await expect(
      tx((q) => serveNotice(q, { accountId: a.flow.accountId, kind: 'nosp_secure', deliveredOn: '2026-06-10', method: 'hand', actor: officer })),
    ).rejects.toThrow(/Confirm the checks "Notice of Seeking Possession \(s83\)" needs: contact attempted, benefits checked/)
    // Not by the CLI without a named officer.
    await expect(
      tx((q) => serveNotice(q, { accountId: a.flow.accountId, kind: 'nosp_secure', deliveredOn: '2026-06-10', method: 'hand', ...LEGAL_NOTES, actor: cliActor })),
    ).rejects.toThrow(/must be authorised by a named income officer or team leader/)

    for (const name of ['flow', 'kept', 'early', 'noPap'] as const) {
      const served = await tx((q) => serveNotice(q, { accountId: a[name].accountId, kind: 'nosp_secure', deliveredOn: '2026-06-10', method: 'hand', ...LEGAL_NOTES, actor: officer }))
      expect(served).toMatchObject({ servedOn: '2026-06-10', dateInNotice: '2026-07-12', validUntil: '2027-07-11', allTenantsServed: true, inSequence: true })
    }
    const [n] = await ctx.db.query<{ grounds: string[]; served_party_ids: number[]; arrears_at_service_pence: number }>(
      'select grounds, served_party_ids, arrears_at_service_pence from legal_notices where account_id = $1',
      [a.flow.accountId],
    )
    expect(n).toEqual({ grounds: ['1'], served_party_ids: a.flow.partyIds, arrears_at_service_pence: 10 * 10_000 })
    const [c] = await ctx.db.query<{ current_stage: string; stage_entered_on: string }>('select current_stage, stage_entered_on from recovery_cases where account_id = $1', [a.flow.accountId])
    expect(c).toEqual({ current_stage: 'nosp', stage_entered_on: '2026-06-10' })
  })

  it('works out service by post: the second business day after posting', async () => {
    const other = await letProperty(ctx.db, {})
    await placeCase(ctx.db, other.accountId, SECURE, 'home_visit', '2026-05-27')
    // Posted Friday 12 June: deemed served Tuesday 16 June; 28 days on is Tuesday 14 July, the next Sunday 19 July.
    const served = await tx((q) => serveNotice(q, { accountId: other.accountId, kind: 'nosp_secure', deliveredOn: '2026-06-12', method: 'first_class_post', ...LEGAL_NOTES, actor: officer }))
    expect(served).toMatchObject({ servedOn: '2026-06-16', dateInNotice: '2026-07-19', validUntil: '2027-07-18' })
  })

  it('refuses a notice while a Breathing Space is in force', async () => {
    const held = await letProperty(ctx.db, {})
    await placeCase(ctx.db, held.accountId, SECURE, 'home_visit', '2026-05-27')
    await addHold(ctx.db, { partyId: held.partyIds[0]!, type: 'breathing_space_standard', startsOn: '2026-06-01', reason: 'Insolvency Service notification', reference: 'BS-123', actor: officer })
    await expect(
      tx((q) => serveNotice(q, { accountId: held.accountId, kind: 'nosp_secure', deliveredOn: '2026-06-10', method: 'hand', ...LEGAL_NOTES, actor: officer })),
    ).rejects.toThrow(/cannot be taken: it is blocked by Breathing Space \(standard\) from 2026-06-01 to 2026-07-31/)
  })

  it('after the notice date: the pre-claim review, then the claim once the Pre-Action Protocol is complete', async () => {
    for (const name of ['flow', 'kept', 'early'] as const) {
      for (const item of ['contact_attempt', 'contact_attempt', 'rent_statement_sent', 'benefits_checked', 'arrangement_offered', 'vulnerability_recorded', 'equality_impact_recorded'] as const) {
        await recordPapItem(ctx.db, { accountId: a[name].accountId, item, doneOn: '2026-06-15', actor: officer })
      }
    }
    await debitWeeks(ctx.db, '2026-06-15', '2026-07-13')
    await runTrawl(ctx.db, { date: '2026-07-15' })
    for (const name of ['flow', 'noPap'] as const) {
      expect(await recommendationFor(ctx.db, a[name].accountId, '2026-07-15')).toMatchObject({ kind: 'action', stage: 'pre_claim_review', applied: false })
    }
    for (const name of ['flow', 'kept', 'early', 'noPap'] as const) {
      await tx((q) =>
        recordRecoveryAction(q, { accountId: a[name].accountId, stageId: 'pre_claim_review', takenOn: '2026-07-16', outcome: 'Reviewed with the team leader', ...LEGAL_NOTES, actor: officer }),
      )
    }
    await debitWeeks(ctx.db, '2026-07-20', '2026-07-20')
    await runTrawl(ctx.db, { date: '2026-07-24' })
    expect(await recommendationFor(ctx.db, a.flow.accountId, '2026-07-24')).toMatchObject({ kind: 'action', stage: 'possession_claim', action_type: 'claim' })
    const noPap = await recommendationFor(ctx.db, a.noPap.accountId, '2026-07-24')
    expect(noPap).toMatchObject({ kind: 'blocked', stage: 'possession_claim', blocked_by: ['pap_incomplete'] })
    // Pre-claim review and notice served count as contact attempts? No: only SMS, letters, calls and visits do.
    expect(noPap!.reason).toContain('contact attempts (0 of 2)')
  })

  it('issues the claims (only a team leader may), refusing the one without the Pre-Action Protocol', async () => {
    const claim = { claimType: 'possession' as const, court: 'County Court at Reevesby', issuedOn: '2026-07-27', ...LEGAL_NOTES }
    await expect(tx((q) => recordClaim(q, { ...claim, accountId: a.flow.accountId, claimNumber: 'K00RV001', actor: officer }))).rejects.toThrow(/may be authorised by team leader, not income officer/)
    await expect(tx((q) => recordClaim(q, { ...claim, accountId: a.noPap.accountId, actor: leader }))).rejects.toThrow(/The Pre-Action Protocol checklist is not complete/)
    let n = 0
    for (const name of ['flow', 'kept', 'early'] as const) {
      const r = await tx((q) => recordClaim(q, { ...claim, accountId: a[name].accountId, claimNumber: `K00RV00${++n}`, actor: leader }))
      const hearingId = await tx((q) => recordHearing(q, { claimId: r.claimId, hearingOn: '2026-08-26', actor: officer }))
      await tx((q) =>
        recordHearingOutcome(q, {
          hearingId,
          outcome: 'suspended_order',
          possessionOn: name === 'early' ? '2026-10-30' : '2026-09-23',
          termsWeeklyPence: 1_000,
          termsStartOn: '2026-08-31',
          note: 'Suspended on terms: rent plus £10 a week',
          actor: officer,
        }),
      )
      await tx((q) => recordRecoveryAction(q, { accountId: a[name].accountId, stageId: 'spo_monitor', takenOn: '2026-08-27', outcome: 'Terms explained to the tenants', actor: officer }))
    }
    const [c] = await ctx.db.query<{ fee_pence: number; arrears_at_issue_pence: number; notice_id: number | null }>('select fee_pence, arrears_at_issue_pence, notice_id from court_claims where account_id = $1', [a.flow.accountId])
    expect(c).toMatchObject({ fee_pence: 40_400, arrears_at_issue_pence: 16 * 10_000 }) // the week of 27 July not yet debited
    expect(c!.notice_id).not.toBeNull()
  })

  it('a suspended order in breach recommends a warrant; terms kept, nothing; before the possession date, blocked', async () => {
    await debitWeeks(ctx.db, '2026-07-27', '2026-09-28')
    for (const day of ['2026-09-04', '2026-09-11', '2026-09-18', '2026-09-25']) {
      await pay(ctx.db, a.flow.accountId, 10_000, day)
      await pay(ctx.db, a.early.accountId, 10_000, day)
      await pay(ctx.db, a.kept.accountId, 11_000, day)
    }
    await runTrawl(ctx.db, { date: '2026-09-30' })
    const breach = await recommendationFor(ctx.db, a.flow.accountId, '2026-09-30')
    expect(breach).toMatchObject({ kind: 'action', stage: 'warrant', action_type: 'warrant', applied: false })
    expect(breach!.reason).toContain('order or judgment terms breached: yes')
    expect(breach!.reason).toContain('Court order terms (£10.00 a week on top of the rent from 2026-08-31) broken: 4 instalments due, balance £2,100.00 against £2,060.00 expected, £40.00 behind')
    expect(breach!.priority_factors).toContainEqual({ factor: 'order_breached', points: 20, detail: 'court order terms broken' })

    const kept = await recommendationFor(ctx.db, a.kept.accountId, '2026-09-30')
    expect(kept!.kind).toBe('none')
    expect(kept!.reason).toContain('order terms (£10.00 a week on top of the rent from 2026-08-31) kept')

    const early = await recommendationFor(ctx.db, a.early.accountId, '2026-09-30')
    expect(early).toMatchObject({ kind: 'blocked', stage: 'warrant', blocked_by: ['possession_date_not_reached'] })
  })

  it('the court pack: a PD 55A schedule from the first default to issue, as CSV and PDF', async () => {
    const pack = await buildCourtPack(ctx.db, a.flow.accountNumber, { today: '2026-09-30' })
    expect(pack).toMatchObject({ issueDate: '2026-07-27', issueDateIsClaim: true, firstDefaultOn: '2026-04-06', rentWeeklyPence: 10_000, dailyRatePence: 1_429, arrearsAtIssuePence: 170_000 })
    expect(pack.basis).toBe('From the first date of default, 2026-04-06, less than two years before issue')
    const csv = renderCourtPackCsv(pack).split('\r\n')
    expect(csv[0]).toBe('date,description,due,paid,arrears')
    expect(csv[1]).toBe('2026-04-06,Arrears brought forward,,,0.00')
    expect(csv[2]).toBe('2026-04-06,Rent w/c 2026-04-06,100.00,,100.00')
    expect(csv[18]).toBe('2026-07-27,Rent w/c 2026-07-27,100.00,,1700.00')
    expect(csv[19]).toBe('2026-07-27,Arrears at issue,,,1700.00')
    const { text } = extractPdfText(await renderCourtPackPdf(pack, { councilName: 'Test Borough Council', councilAddress: ['Town Hall'], generatedOn: '2026-09-30' }))
    for (const expected of ['Rent schedule', 'Test Borough Council', 'County Court at Reevesby, K00RV001', '27 July 2026', '£1,700.00 owed', '£100.00 a week; daily rate £14.29', 'Notice of Seeking Possession (secure tenancy, s83), served 10 June 2026', 'Arrears brought forward', 'Arrears at issue', '£1,700.00', 'Page 1 of']) {
      expect(text).toContain(expected)
    }
    // Before the claim, to a date asked for.
    const before = await buildCourtPack(ctx.db, a.noPap.accountNumber, { to: '2026-07-24', today: '2026-09-30' })
    expect(before).toMatchObject({ issueDate: '2026-07-24', issueDateIsClaim: false })
  })

  it('records the warrant and the eviction, with the N54 notice rule', async () => {
    const [order] = await ctx.db.query<{ id: number }>('select id from court_orders where account_id = $1', [a.flow.accountId])
    await expect(tx((q) => recordWarrant(q, { orderId: order!.id, appliedOn: '2026-10-01', actor: officer, ...LEGAL_NOTES }))).rejects.toThrow(/may be authorised by team leader/)
    const w = await tx((q) => recordWarrant(q, { orderId: order!.id, appliedOn: '2026-10-01', warrantNumber: 'W123', actor: leader, ...LEGAL_NOTES }))
    expect(w.expiresOn).toBe('2027-09-30')
    await expect(tx((q) => recordEviction(q, { warrantId: w.warrantId, scheduledOn: '2026-10-20', n54ReceivedOn: '2026-10-10', actor: leader, ...LEGAL_NOTES }))).rejects.toThrow(/at least 14 days before the eviction/)
    const e = await tx((q) => recordEviction(q, { warrantId: w.warrantId, scheduledOn: '2026-10-20', n54ReceivedOn: '2026-10-05', actor: leader, ...LEGAL_NOTES }))
    await tx((q) => recordEvictionOutcome(q, { evictionId: e.evictionId, outcome: 'tenant_left', outcomeOn: '2026-10-19', actor: officer }))
    const history = await ctx.db.query<{ to_stage: string | null }>('select to_stage from recovery_stage_history where account_id = $1 order by id', [a.flow.accountId])
    expect(history.map((h) => h.to_stage)).toEqual(['nosp', 'pre_claim_review', 'possession_claim', 'hearing', 'spo_monitor', 'warrant', 'eviction'])
    await expect(ctx.db.query(`update evictions set outcome = 'evicted' where id = $1`, [e.evictionId])).rejects.toThrow(/already recorded/)
  })

  it('holds: a mental health crisis Breathing Space lasts until 30 days after treatment; an early end is set once', async () => {
    const acct = await letProperty(ctx.db, {})
    const mh = await addHold(ctx.db, { partyId: acct.partyIds[0]!, type: 'breathing_space_mental_health', startsOn: '2026-06-01', reason: 'AMHP evidence', actor: officer })
    expect(mh.endsOn).toBeNull()
    expect((await recordTreatmentEnd(ctx.db, { holdId: mh.id, treatmentEndsOn: '2026-07-15', actor: officer })).endsOn).toBe('2026-08-14')
    const dispute = await addHold(ctx.db, { accountId: acct.accountId, type: 'dispute', startsOn: '2026-06-01', reason: 'Disputes the service charge', actor: officer })
    await endHold(ctx.db, { holdId: dispute.id, endedOn: '2026-06-20', reason: 'Dispute resolved', actor: officer })
    await expect(endHold(ctx.db, { holdId: dispute.id, endedOn: '2026-06-21', reason: 'again', actor: officer })).rejects.toThrow(/already ended on 2026-06-20/)
    const holds = await listAccountHolds(ctx.db, acct.accountId, '2026-08-01')
    expect(holds.map((h) => [h.type, h.lastDay, h.activeOn, h.scope])).toEqual([
      ['dispute', '2026-06-20', false, 'account'],
      ['breathing_space_mental_health', '2026-08-14', true, 'party'],
    ])
    const [audit] = await ctx.db.query<{ n: number }>(`select count(*)::int as n from audit_events where action in ('hold.added', 'hold.ended', 'hold.treatment_ended')`)
    expect(audit!.n).toBeGreaterThanOrEqual(4)
    await expect(addHold(ctx.db, { accountId: acct.accountId, partyId: acct.partyIds[0]!, type: 'dispute', startsOn: '2026-06-01', reason: 'x', actor: officer })).rejects.toThrow(/this account or for every account of one person/)
  })

  it('introductory tenancy: a notice of proceedings with a 14-day review right; an overturned review withdraws it', async () => {
    const intro = await letProperty(ctx.db, { tenure: 'introductory' })
    await placeCase(ctx.db, intro.accountId, { id: 'introductory-rent', version: '2026-04' }, 'home_visit', '2026-06-01')
    const served = await tx((q) => serveNotice(q, { accountId: intro.accountId, kind: 's128_introductory', deliveredOn: '2026-06-10', method: 'hand', ...LEGAL_NOTES, actor: officer }))
    // Trial year from 6 April 2026: proceedings must begin by 5 April 2027.
    expect(served).toMatchObject({ dateInNotice: '2026-07-12', reviewRequestBy: '2026-06-24', validUntil: '2027-04-05' })
    await expect(requestNoticeReview(ctx.db, { noticeId: served.noticeId, requestedOn: '2026-06-25', actor: officer })).rejects.toThrow(/had to be asked for by 2026-06-24/)
    await requestNoticeReview(ctx.db, { noticeId: served.noticeId, requestedOn: '2026-06-20', hearingRequested: true, actor: officer })
    await expect(decideNoticeReview(ctx.db, { noticeId: served.noticeId, decidedOn: '2026-07-01', outcome: 'overturned', reviewer: 'Senior officer', actor: officer })).rejects.toThrow(/not involved/)
    await decideNoticeReview(ctx.db, { noticeId: served.noticeId, decidedOn: '2026-07-01', outcome: 'overturned', reviewer: 'Senior officer', actor: leader })
    const [n] = await ctx.db.query<{ withdrawn_on: string }>('select withdrawn_on from legal_notices where id = $1', [served.noticeId])
    expect(n!.withdrawn_on).toBe('2026-07-01')
  })
})
