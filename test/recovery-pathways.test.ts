import { beforeAll, expect, it } from 'vitest'
import { runTrawl } from '../src/jobs/trawl.ts'
import { cliActor } from '../src/services/actor.ts'
import { recordClaim } from '../src/services/recovery/court.ts'
import { addHold } from '../src/services/recovery/holds.ts'
import { recordPapItem } from '../src/services/recovery/pap.ts'
import { ensureDefaultPathways } from '../src/services/recovery/pathways.ts'
import {
  debitWeeks,
  insertNotice,
  letProperty,
  makeOfficer,
  pay,
  placeCase,
  recommendationFor,
  sundryDebt,
  type LetOptions,
  type ScenarioAccount,
} from '../src/services/recovery/recovery-fixtures.testing.ts'
import { endTenancy } from '../src/services/tenancies/end-tenancy.ts'
import { describeEachDb } from './databases.ts'

// Calendar: tenancies start Monday 6 April 2026 (rent year 2026/27) at £100 a week unless said otherwise; the
// debit run charges every Monday up to 31 August 2026 (22 weeks). The trawl runs on Wednesday 2 September 2026, in
// the rent week of Monday 31 August, whose debit is allowed for: collectable arrears = balance − one week.
const T = '2026-09-02'
const FIRST_WEEK = '2026-04-06'
const LAST_WEEK = '2026-08-31'
const WEEKS_DEBITED = 22
const daysBefore = (n: number) => new Date(Date.parse(`${T}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10)

const SECURE = { id: 'secure-rent', version: '2026-04' }
const INTRODUCTORY = { id: 'introductory-rent', version: '2026-04' }
const PRE_RRA = { id: 'assured-rent-pre-rra', version: '2021-10' }
const TA_LICENCE = { id: 'temporary-accommodation-licence', version: '2026-04' }
const TA_TENANCY = { id: 'temporary-accommodation-tenancy', version: '2026-04' }
const GARAGE = { id: 'garage', version: '2026-04' }
const PITCH = { id: 'pitch-with-utilities', version: '2026-04' }

interface Scenario {
  let?: LetOptions
  weekly?: number
  /** Collectable arrears on T in weeks of the weekly charge (paid down on Friday 28 August). */
  weeks?: number
  at?: { pathway: { id: string; version: string }; stage: string; daysAgo: number }
}

describeEachDb('recovery pathways: hand-built histories through the trawl', (ctx) => {
  const a: Record<string, ScenarioAccount> = {}
  let teamLeader: Awaited<ReturnType<typeof makeOfficer>>
  let arrangementsThere = false

  async function scenario(name: string, s: Scenario): Promise<void> {
    a[name] = await letProperty(ctx.db, s.let ?? {})
  }
  const scenarios: Record<string, Scenario> = {
    // Secure tenancy rent
    secureClear: { weeks: 0 },
    secureHalfWeek: { weeks: 0.5 },
    secureStart: { weeks: 3 },
    secureNosp: { weeks: 8, at: { pathway: SECURE, stage: 'home_visit', daysAgo: 20 } },
    secureBreathingSpace: { weeks: 8, at: { pathway: SECURE, stage: 'home_visit', daysAgo: 20 } },
    secureBreathingSpaceLetters: { weeks: 3, at: { pathway: SECURE, stage: 'reminder_sms', daysAgo: 10 } },
    secureExpiredBreathingSpace: { weeks: 8, at: { pathway: SECURE, stage: 'home_visit', daysAgo: 20 } },
    secureMentalHealthCrisis: { weeks: 8, at: { pathway: SECURE, stage: 'home_visit', daysAgo: 20 } },
    secureDro: { weeks: 8, at: { pathway: SECURE, stage: 'home_visit', daysAgo: 20 } },
    secureDeceased: { weeks: 3, at: { pathway: SECURE, stage: 'reminder_sms', daysAgo: 8 } },
    secureNoticeNotYet: { weeks: 9, at: { pathway: SECURE, stage: 'nosp', daysAgo: 20 } },
    secureClaimNoPap: { weeks: 9, at: { pathway: SECURE, stage: 'pre_claim_review', daysAgo: 8 } },
    secureClaimPap: { weeks: 9, at: { pathway: SECURE, stage: 'pre_claim_review', daysAgo: 8 } },
    secureHeldClaim: { weeks: 9, at: { pathway: SECURE, stage: 'pre_claim_review', daysAgo: 8 } },
    secureReset: { weeks: 0, at: { pathway: SECURE, stage: 'letter_1', daysAgo: 13 } },
    secureVulnerable: { weeks: 5, at: { pathway: SECURE, stage: 'letter_2', daysAgo: 3 } },
    secureArrangementKept: { weeks: 8, at: { pathway: SECURE, stage: 'home_visit', daysAgo: 20 } },
    secureArrangementBroken: { weeks: 6, at: { pathway: SECURE, stage: 'home_visit', daysAgo: 20 } },
    // Introductory tenancy
    introNotice: { let: { tenure: 'introductory' }, weeks: 5, at: { pathway: INTRODUCTORY, stage: 'home_visit', daysAgo: 10 } },
    introReview: { let: { tenure: 'introductory' }, weeks: 6, at: { pathway: INTRODUCTORY, stage: 's128_notice', daysAgo: 15 } },
    // Assured: the pre-RRA rules for social housing, the RRA rules (from 1 May 2026) for others
    assuredSocial: { let: { tenure: 'assured', socialHousing: true }, weeks: 9, at: { pathway: PRE_RRA, stage: 'home_visit', daysAgo: 20 } },
    assuredPrivate: { let: { tenure: 'assured', socialHousing: false }, weeks: 9, at: { pathway: PRE_RRA, stage: 'home_visit', daysAgo: 20 } },
    // Temporary accommodation
    taLicence: { let: { kind: 'ta_unit', tenure: 'ta_licence', charges: [{ chargeType: 'ta_charge', weeklyPence: 10_000 }] }, weeks: 3.5, at: { pathway: TA_LICENCE, stage: 'letter_1', daysAgo: 8 } },
    taTenancy: { let: { kind: 'ta_unit', tenure: 'non_secure', charges: [{ chargeType: 'ta_charge', weeklyPence: 10_000 }] }, weeks: 7, at: { pathway: TA_TENANCY, stage: 'housing_options_review', daysAgo: 15 } },
    // Garage (£15 a week) and a site pitch (pitch fee, electricity and water: £100 a week)
    garage: { let: { kind: 'garage', tenure: 'garage_licence', charges: [{ chargeType: 'garage_rent', weeklyPence: 1_500 }] }, weekly: 1_500, weeks: 5, at: { pathway: GARAGE, stage: 'reminder_letter', daysAgo: 15 } },
    pitch: {
      let: { kind: 'pitch', tenure: 'pitch_licence', charges: [{ chargeType: 'rent', weeklyPence: 6_000 }, { chargeType: 'electricity', weeklyPence: 2_000 }, { chargeType: 'water', weeklyPence: 2_000 }] },
      weeks: 3.5,
      at: { pathway: PITCH, stage: 'reminder_letter', daysAgo: 9 },
    },
  }

  beforeAll(async () => {
    const db = ctx.db
    await ensureDefaultPathways(db)
    teamLeader = await makeOfficer(db, 'team_leader', 'Leader')
    for (const [name, s] of Object.entries(scenarios)) await scenario(name, s)
    // A tenancy from April 2025, for a notice served in July 2025 that has since lapsed.
    a.secureLapsedNotice = await letProperty(db, { startDate: '2025-04-07' })
    // A former tenant (left on Sunday 5 July 2026 owing) and two sundry debts.
    a.formerTenancy = await letProperty(db, {})
    a.repairDue = await sundryDebt(db, { amountPence: 25_000, invoicedOn: '2026-08-10' })
    a.repairNew = await sundryDebt(db, { amountPence: 25_000, invoicedOn: '2026-08-25' })
    // Housing Benefit paid 4-weekly in arrears.
    a.hbTechnical = await letProperty(db, {})

    await debitWeeks(db, '2025-04-07', '2026-03-30')
    await debitWeeks(db, FIRST_WEEK, '2026-06-29')
    await db.transaction((tx) => endTenancy(tx, { tenancyId: a.formerTenancy!.tenancyId!, endDate: '2026-07-05', reason: 'abandonment', postingDate: '2026-07-06', actor: cliActor }))
    await debitWeeks(db, '2026-07-06', LAST_WEEK)

    for (const [name, s] of Object.entries(scenarios)) {
      const weekly = s.weekly ?? 10_000
      const payment = Math.round((WEEKS_DEBITED - 1 - (s.weeks ?? 0)) * weekly)
      if (payment > 0) await pay(db, a[name]!.accountId, payment, '2026-08-28')
      if (s.at) await placeCase(db, a[name]!.accountId, s.at.pathway, s.at.stage, daysBefore(s.at.daysAgo), '2026-05-01')
    }
    // 74 weeks debited since April 2025; 9 weeks of arrears on T.
    await pay(db, a.secureLapsedNotice.accountId, (74 - 1 - 9) * 10_000, '2026-08-28')
    await placeCase(db, a.secureLapsedNotice.accountId, SECURE, 'pre_claim_review', daysBefore(8), '2025-06-01')
    await insertNotice(db, a.secureLapsedNotice, 'nosp_secure', '2025-07-09', { minimumDays: 28, validityMonths: 12, alignToRentWeek: true })
    // Notices in force for the claim scenarios (served 4 July 2026: proceedings from 2 August), one still running.
    for (const name of ['secureClaimNoPap', 'secureClaimPap', 'secureHeldClaim']) {
      await insertNotice(db, a[name]!, 'nosp_secure', '2026-07-04', { minimumDays: 28, validityMonths: 12, alignToRentWeek: true })
    }
    await insertNotice(db, a.secureNoticeNotYet!, 'nosp_secure', daysBefore(20), { minimumDays: 28, validityMonths: 12, alignToRentWeek: true })
    // The Pre-Action Protocol checklist, complete for one claim scenario only.
    for (const name of ['secureClaimPap', 'secureHeldClaim']) {
      for (const item of ['contact_attempt', 'contact_attempt', 'rent_statement_sent', 'benefits_checked', 'arrangement_offered', 'vulnerability_recorded', 'equality_impact_recorded'] as const) {
        await recordPapItem(db, { accountId: a[name]!.accountId, item, doneOn: '2026-06-01', actor: cliActor })
      }
    }
    // Holds.
    const partyHold = (name: string, type: Parameters<typeof addHold>[1]['type'], startsOn: string) =>
      addHold(db, { partyId: a[name]!.partyIds[0]!, type, startsOn, reason: `${type} for the test`, actor: cliActor })
    await partyHold('secureBreathingSpace', 'breathing_space_standard', '2026-08-23')
    await partyHold('secureBreathingSpaceLetters', 'breathing_space_standard', '2026-08-28')
    await partyHold('secureHeldClaim', 'breathing_space_standard', '2026-08-20')
    await partyHold('secureExpiredBreathingSpace', 'breathing_space_standard', '2026-06-24')
    await partyHold('secureMentalHealthCrisis', 'breathing_space_mental_health', '2026-05-01')
    await partyHold('secureDeceased', 'deceased', '2026-08-30')
    await addHold(db, { accountId: a.secureDro!.accountId, type: 'insolvency_dro', startsOn: '2026-07-01', reason: 'DRO approved', actor: cliActor })
    await addHold(db, { accountId: a.secureVulnerable!.accountId, type: 'vulnerability_review', startsOn: '2026-08-01', reason: 'Support needs being assessed', actor: cliActor })
    // Housing Benefit of £400 every four weeks, the last on Monday 10 August (two weeks already charged since).
    await pay(db, a.hbTechnical.accountId, 40_000, '2026-07-13', 'housing_benefit')
    await pay(db, a.hbTechnical.accountId, 40_000, '2026-08-10', 'housing_benefit')

    // Arrangements are the arrangements module's (migration 0008): the trawl reads their status from its view.
    const [view] = await db.query<{ exists: boolean }>(`select to_regclass('account_arrangement_status') is not null as exists`)
    arrangementsThere = view!.exists
    if (arrangementsThere) {
      for (const [name, status] of [['secureArrangementKept', 'kept'], ['secureArrangementBroken', 'breached']] as const) {
        const [arr] = await db.query<{ id: number }>(
          `insert into arrangements (party_id, status, status_since, created_by) values ($1, $2, '2026-08-01', 'test') returning id`,
          [a[name]!.partyIds[0], status],
        )
        await db.query('insert into arrangement_accounts (arrangement_id, account_id, priority_tier, starting_balance_pence) values ($1, $2, 1, 80000)', [arr!.id, a[name]!.accountId])
      }
    }

    const result = await runTrawl(db, { date: T, chunkSize: 50 })
    expect(result.replayed).toBe(false)
  }, 240_000)

  const rec = (name: string) => recommendationFor(ctx.db, a[name]!.accountId, T)
  const outcome = async (name: string) => {
    const r = await rec(name)
    return r ? (r.stage ? `${r.kind}:${r.stage}` : r.kind) : 'missing'
  }

  it('secure tenancy: every account gets an explained result, and no arrears means no action', async () => {
    const clear = await rec('secureClear')
    expect(clear).toMatchObject({ kind: 'none', pathway_id: 'secure-rent', arrears_pence: 0 })
    expect(clear!.reason).toMatch(/"Reminder SMS" not yet: arrears £0\.00 \(0\.00 weeks\) \(needs ≥ 1 week\)/)
    expect((await rec('secureHalfWeek'))!.reason).toContain('arrears £50.00 (0.50 weeks) (needs ≥ 1 week)')
  })

  it('secure tenancy: 3 weeks of arrears starts the pathway with a reminder SMS the trawl sends itself', async () => {
    const r = await rec('secureStart')
    expect(r).toMatchObject({ kind: 'action', stage: 'reminder_sms', action_type: 'sms', applied: true })
    expect(r!.reason).toBe('Arrears £300.00 (3.00 weeks) ≥ 1 week and arrangement none, not kept — stage "Reminder SMS" of "Secure tenancy rent" v2026-04')
    const [c] = await ctx.db.query<{ current_stage: string; stage_entered_on: string }>('select current_stage, stage_entered_on from recovery_cases where account_id = $1', [a.secureStart!.accountId])
    expect(c).toEqual({ current_stage: 'reminder_sms', stage_entered_on: T })
    const [action] = await ctx.db.query<{ action_type: string; document_ref: string; actor: string }>('select action_type, document_ref, actor from recovery_actions where account_id = $1', [a.secureStart!.accountId])
    expect(action).toEqual({ action_type: 'sms', document_ref: 'arrears-reminder-sms', actor: 'system:trawl' })
  })

  it('secure tenancy: 8 weeks after the home visit recommends the NOSP to an officer, with its checks', async () => {
    const r = await rec('secureNosp')
    expect(r).toMatchObject({ kind: 'action', stage: 'nosp', action_type: 'notice', applied: false })
    expect(r!.reason).toContain('arrears £800.00 (8.00 weeks) ≥ 7 weeks')
    expect(r!.reason).toContain('20 days since "Home visit" (wait 14)')
    expect(r!.required_checks).toEqual(expect.arrayContaining(['proportionality_recorded', 'equality_act_considered', 'breathing_space_checked']))
  })

  it('holds: a Breathing Space blocks the notice and the letters, an expired one has ended by itself, a DRO does not block possession', async () => {
    expect(await outcome('secureBreathingSpace')).toBe('blocked:nosp')
    const bs = await rec('secureBreathingSpace')
    expect(bs!.blocked_by).toEqual(['breathing_space_standard'])
    expect(bs!.reason).toContain('is blocked by Breathing Space (standard) from 2026-08-23 to 2026-10-22')
    expect(await outcome('secureBreathingSpaceLetters')).toBe('blocked:letter_1')
    expect(await outcome('secureExpiredBreathingSpace')).toBe('action:nosp')
    expect(await outcome('secureMentalHealthCrisis')).toBe('blocked:nosp')
    expect(await outcome('secureDro')).toBe('action:nosp')
    expect(await outcome('secureDeceased')).toBe('blocked:letter_1')
  })

  it('holds: a held account never gets an enforcement recommendation, but its rent keeps being charged', async () => {
    for (const name of ['secureBreathingSpace', 'secureBreathingSpaceLetters', 'secureHeldClaim', 'secureMentalHealthCrisis', 'secureDeceased']) {
      const r = await rec(name)
      expect(r!.kind, name).toBe('blocked')
      expect(r!.applied).toBe(false)
      expect(r!.hold_types.length).toBeGreaterThan(0)
    }
    expect(await outcome('secureHeldClaim')).toBe('blocked:possession_claim')
    const charged = await ctx.db.query<{ period_start: string }>(
      `select period_start from postings where account_id = $1 and charge_key is not null and period_start >= '2026-08-23' order by period_start`,
      [a.secureBreathingSpace!.accountId],
    )
    expect(charged.map((c) => c.period_start)).toEqual(['2026-08-24', '2026-08-31'])
  })

  it('notices: no claim before the notice date, none on a lapsed notice, and the claim itself is refused', async () => {
    expect(await outcome('secureNoticeNotYet')).toBe('none')
    const lapsed = await rec('secureLapsedNotice')
    expect(lapsed!.kind).toBe('none')
    expect(lapsed!.reason).toMatch(/notice in force \[nosp_secure\]: no \(nosp_secure served 2025-07-09, in force until 2026-08-09\) \(needs yes\)/)
    await expect(
      ctx.db.transaction((tx) =>
        recordClaim(tx, {
          accountId: a.secureLapsedNotice!.accountId,
          claimType: 'possession',
          court: 'County Court at Reevesby',
          issuedOn: T,
          checksConfirmed: ['rent_statement_sent', 'benefits_checked', 'vulnerability_considered', 'breathing_space_checked'],
          proportionalityNote: 'x',
          equalityNote: 'y',
          actor: teamLeader,
        }),
      ),
    ).rejects.toThrow(/ceased to be in force after 2026-08-09: a claim cannot rely on it/)
  })

  it('the Pre-Action Protocol: a claim is recommended only once the checklist is complete', async () => {
    const blocked = await rec('secureClaimNoPap')
    expect(blocked).toMatchObject({ kind: 'blocked', stage: 'possession_claim', blocked_by: ['pap_incomplete'] })
    expect(blocked!.reason).toContain('Blocked until the Pre-Action Protocol checklist is complete: contact attempts (0 of 2), rent statement sent, benefits checked')
    expect(await outcome('secureClaimPap')).toBe('action:possession_claim')
  })

  it('a case whose arrears are cleared goes back to the start', async () => {
    const r = await rec('secureReset')
    expect(r).toMatchObject({ kind: 'reset', applied: true, from_stage: 'letter_1' })
    const [c] = await ctx.db.query<{ current_stage: string | null }>('select current_stage from recovery_cases where account_id = $1', [a.secureReset!.accountId])
    expect(c!.current_stage).toBeNull()
  })

  it('arrangements: one being kept leaves the account alone; a broken one brings the notice forward', async () => {
    if (!arrangementsThere) return // the arrangements module's view is not in this database
    const kept = await rec('secureArrangementKept')
    expect(kept!.kind).toBe('none')
    expect(kept!.reason).toContain('arrangement kept (needs ≠ kept)')
    // 6 weeks: under the 7 for a notice, but a broken arrangement needs only 5.
    expect(await rec('secureArrangementBroken')).toMatchObject({ kind: 'action', stage: 'nosp' })
  })

  it('priority: a vulnerable person comes up first for a support call, and the reason says so', async () => {
    const r = await rec('secureVulnerable')
    expect(r).toMatchObject({ kind: 'action', stage: 'call_1' })
    expect(r!.priority_factors).toContainEqual({ factor: 'vulnerable', points: 20, detail: 'vulnerable: seen first for support' })
    expect(r!.priority).toBe(r!.priority_factors.reduce((s, f) => s + f.points, 0))
  })

  it('technical arrears: Housing Benefit due for weeks already charged is allowed for', async () => {
    const r = await rec('hbTechnical')
    const [b] = await ctx.db.query<{ b: number }>('select sum(amount_pence)::bigint as b from postings where account_id = $1', [a.hbTechnical!.accountId])
    // Balance less this week's £100 debit, less two weeks of HB (£200) expected on 7 September.
    expect(r!.arrears_pence).toBe(b!.b - 10_000 - 20_000)
  })

  it('introductory tenancy: notice of proceedings after the home visit, then the review stage', async () => {
    expect(await outcome('introNotice')).toBe('action:s128_notice')
    expect(await outcome('introReview')).toBe('action:s128_review')
  })

  it('assured tenancies: Ground 8 at 8 weeks before the Renters\' Rights Act, and the RRA rules for a non-social tenancy', async () => {
    const social = await rec('assuredSocial')
    expect(social).toMatchObject({ kind: 'action', stage: 's8_notice_ground8', pathway_id: 'assured-rent-pre-rra' })
    const rra = await rec('assuredPrivate')
    // Under the RRA Ground 8 needs 13 weeks: at 9 weeks the discretionary grounds' notice is next.
    expect(rra).toMatchObject({ kind: 'action', stage: 's8_notice', pathway_id: 'assured-rent-rra-2025' })
    const [c] = await ctx.db.query<{ pathway_id: string }>('select pathway_id from recovery_cases where account_id = $1', [a.assuredPrivate!.accountId])
    expect(c!.pathway_id).toBe('assured-rent-rra-2025')
    const [h] = await ctx.db.query<{ reason: string }>('select reason from recovery_stage_history where account_id = $1 order by id desc limit 1', [a.assuredPrivate!.accountId])
    expect(h!.reason).toMatch(/^Pathway changed from assured-rent-pre-rra v2021-10: "Assured tenancy rent \(Renters' Rights Act 2025, not social housing\)" \(assured-rent-rra-2025 v2026-05\) in force from 2026-05-01/)
  })

  it('temporary accommodation: licence and tenancy pathways', async () => {
    expect(await rec('taLicence')).toMatchObject({ kind: 'action', stage: 'letter_2', applied: true })
    expect(await rec('taTenancy')).toMatchObject({ kind: 'action', stage: 'termination_notice', action_type: 'notice', applied: false })
  })

  it('garage and pitch pathways', async () => {
    expect(await rec('garage')).toMatchObject({ kind: 'action', stage: 'final_letter', applied: true, arrears_weeks_hundredths: 500 })
    expect(await rec('pitch')).toMatchObject({ kind: 'action', stage: 'site_visit', applied: false, arrears_weeks_hundredths: 350 })
  })

  it('former tenant arrears: the first letter goes out; the closed rent account is not trawled', async () => {
    const [fta] = await ctx.db.query<{ id: number }>('select transferred_to_account_id as id from accounts where id = $1', [a.formerTenancy!.accountId])
    const r = await recommendationFor(ctx.db, fta!.id, T)
    expect(r).toMatchObject({ kind: 'action', stage: 'fta_letter_1', pathway_id: 'former-tenant-arrears', applied: true })
    expect(await rec('formerTenancy')).toBeUndefined()
  })

  it('sundry debts: a reminder once the invoice is 14 days old', async () => {
    expect(await rec('repairDue')).toMatchObject({ kind: 'action', stage: 'invoice_reminder', pathway_id: 'sundry-debt', applied: true })
    const fresh = await rec('repairNew')
    expect(fresh!.kind).toBe('none')
    expect(fresh!.reason).toContain('debt age in days 8 (needs ≥ 14)')
  })

  it('assured, social housing: the RRA pathway applies only once the council configures its commencement [U]', async () => {
    // A commencement date for social housing assured tenancies, set as dated policy from 1 December 2026.
    await ctx.db.query(
      `insert into policy_values (key, effective_from, value, source) values ('recovery.commencements', '2026-12-01', '{"rra2025.social-housing-assured": "2026-12-01"}', 'test')`,
    )
    const later = '2026-12-02'
    await runTrawl(ctx.db, { date: later })
    const social = await recommendationFor(ctx.db, a.assuredSocial!.accountId, later)
    // Still 9 weeks (no debits since August): under the RRA Ground 8 needs 13, so the discretionary notice is next.
    expect(social).toMatchObject({ kind: 'action', stage: 's8_notice', pathway_id: 'assured-rent-rra-2025-social' })
  })
})
