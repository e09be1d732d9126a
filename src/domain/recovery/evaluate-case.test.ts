import { describe, expect, it } from 'vitest'
import { addDays } from '../calendar/index.ts'
import { measureArrears } from './arrears.ts'
import type { ServedNotice } from './conditions.ts'
import { defaultPathway, loadDefaultPathways } from './default-pathways.testing.ts'
import { recommendNextAction, type CaseInput, type Recommendation } from './evaluate-case.ts'
import type { Hold } from './holds.ts'
import { noticeDates } from './notices.ts'
import { findStage, type Pathway } from './pathway-schema.ts'
import { selectPathway } from './select-pathway.ts'
import type { ArrangementStatus, HearingOutcome, HoldType } from './vocabulary.ts'
import { DEFAULT_PAP_DEBT_RULES, type DebtFacts } from '../debt-recovery/index.ts'

// Wednesday 3 June 2026, in the rent week commencing Monday 1 June. Weekly charge £100.00.
const TODAY = '2026-06-03'
const WEEKLY = 10_000
const ago = (days: number) => addDays(TODAY, -days)

interface Scenario {
  stage?: string | null
  daysAtStage?: number
  /** Collectable arrears in weeks of £100 (this week's debit is added to the balance on top). */
  weeks?: number
  /** Collectable arrears in pence, for accounts without a weekly charge. */
  pence?: number
  weekly?: number
  arrangement?: ArrangementStatus
  holds?: Hold[]
  notices?: ServedNotice[]
  lastContactDaysAgo?: number
  lastPaymentOn?: string | null
  hearingOutcome?: HearingOutcome
  orderBreached?: boolean
  oldestUnpaidOn?: string
  debt?: DebtFacts
  lastAcknowledgementOn?: string
}

function input(pathway: Pathway, s: Scenario): CaseInput {
  const weekly = s.weekly ?? (s.pence !== undefined ? 0 : WEEKLY)
  const arrears = s.pence ?? Math.round((s.weeks ?? 0) * WEEKLY)
  const stage = s.stage ?? null
  return {
    pathway,
    currentStage: stage,
    stageEnteredOn: stage === null ? null : ago(s.daysAtStage ?? 0),
    measure: measureArrears({
      today: TODAY,
      balancePence: arrears + weekly,
      grossWeeklyChargePence: weekly,
      currentWeekDebitPence: weekly,
      lastPaymentOn: s.lastPaymentOn === undefined ? ago(10) : s.lastPaymentOn,
    }),
    holds: s.holds ?? [],
    ...(s.arrangement ? { arrangement: { status: s.arrangement } } : {}),
    notices: s.notices ?? [],
    lastContactOn: s.lastContactDaysAgo === undefined ? null : ago(s.lastContactDaysAgo),
    ...(s.hearingOutcome ? { hearingOutcome: s.hearingOutcome } : {}),
    ...(s.orderBreached !== undefined ? { orderBreached: s.orderBreached } : {}),
    ...(s.oldestUnpaidOn ? { oldestUnpaidOn: s.oldestUnpaidOn } : {}),
    ...(s.debt ? { debt: s.debt } : {}),
    ...(s.lastAcknowledgementOn ? { lastAcknowledgementOn: s.lastAcknowledgementOn } : {}),
    today: TODAY,
  }
}

const evaluate = (pathway: Pathway, s: Scenario) => recommendNextAction(input(pathway, s))

/** "action:letter_1", "blocked:nosp", "none", "reset". */
function outcome(r: Recommendation): string {
  return r.kind === 'action' || r.kind === 'blocked' ? `${r.kind}:${r.stage.id}` : r.kind
}

const hold = (type: HoldType, startsOn: string, extra: Partial<Hold> = {}): Hold => ({ type, startsOn, reason: `${type} test`, ...extra })

/** A notice as served on the day, with the dates the pathway's own notice details give it. */
function served(pathway: Pathway, stageId: string, daysAgo: number): ServedNotice {
  const spec = findStage(pathway, stageId)!.action.notice!
  const { kind, servedOn, expiresOn, validUntil } = noticeDates(spec, ago(daysAgo))
  return { kind, servedOn, expiresOn, validUntil }
}

describe('recommendNextAction: secure tenancy rent', () => {
  const secure = defaultPathway('secure-rent')
  const nosp = (daysAgo: number) => served(secure, 'nosp', daysAgo)

  it.each<[string, Scenario, string]>([
    // Early contact
    ['no arrears worth a reminder yet', { weeks: 0.5 }, 'none'],
    ['1.2 weeks of arrears starts the pathway with a reminder SMS', { weeks: 1.2 }, 'action:reminder_sms'],
    ['2.5 weeks, 7 days after the SMS: letter 1', { stage: 'reminder_sms', daysAtStage: 7, weeks: 2.5 }, 'action:letter_1'],
    ['2.5 weeks, 3 days after the SMS: wait', { stage: 'reminder_sms', daysAtStage: 3, weeks: 2.5 }, 'none'],
    ['4.5 weeks, 14 days after letter 1: letter 2', { stage: 'letter_1', daysAtStage: 14, weeks: 4.5 }, 'action:letter_2'],
    ['3.9 weeks after letter 1: not yet 4 weeks', { stage: 'letter_1', daysAtStage: 30, weeks: 3.99 }, 'none'],
    ['an arrangement being kept stops escalation', { stage: 'letter_2', daysAtStage: 20, weeks: 6, arrangement: 'kept' }, 'none'],
    ['a broken arrangement lets it go on', { stage: 'letter_2', daysAtStage: 20, weeks: 6, arrangement: 'breached' }, 'action:call_1'],
    // Notice
    ['8 weeks after the home visit: NOSP', { stage: 'home_visit', daysAtStage: 20, weeks: 8 }, 'action:nosp'],
    ['6 weeks and no arrangement: not yet (needs 7)', { stage: 'home_visit', daysAtStage: 20, weeks: 6 }, 'none'],
    ['6 weeks with a broken arrangement: NOSP (needs 5)', { stage: 'home_visit', daysAtStage: 20, weeks: 6, arrangement: 'breached' }, 'action:nosp'],
    ['8 weeks with an arrangement kept: no NOSP', { stage: 'home_visit', daysAtStage: 20, weeks: 8, arrangement: 'kept' }, 'none'],
    // Holds
    ['a standard Breathing Space blocks the NOSP', { stage: 'home_visit', daysAtStage: 20, weeks: 8, holds: [hold('breathing_space_standard', ago(10))] }, 'blocked:nosp'],
    ['an expired Breathing Space has ended by itself', { stage: 'home_visit', daysAtStage: 20, weeks: 8, holds: [hold('breathing_space_standard', ago(70))] }, 'action:nosp'],
    ['a mental health crisis Breathing Space with treatment ongoing blocks it', { stage: 'home_visit', daysAtStage: 20, weeks: 8, holds: [hold('breathing_space_mental_health', ago(400))] }, 'blocked:nosp'],
    ['a Breathing Space also blocks reminder letters', { stage: 'reminder_sms', daysAtStage: 7, weeks: 2.5, holds: [hold('breathing_space_standard', ago(5))] }, 'blocked:letter_1'],
    ['a pending HB/UC claim blocks the NOSP (PAP)', { stage: 'home_visit', daysAtStage: 20, weeks: 8, holds: [hold('benefit_claim_pending', ago(3))] }, 'blocked:nosp'],
    ['a pending HB/UC claim does not block letters', { stage: 'letter_1', daysAtStage: 14, weeks: 4.5, holds: [hold('benefit_claim_pending', ago(3))] }, 'action:letter_2'],
    ['a vulnerability review blocks the NOSP', { stage: 'home_visit', daysAtStage: 20, weeks: 8, holds: [hold('vulnerability_review', ago(3))] }, 'blocked:nosp'],
    ['a DRO lets possession steps continue (Sharples)', { stage: 'home_visit', daysAtStage: 20, weeks: 8, holds: [hold('insolvency_dro', ago(30))] }, 'action:nosp'],
    ['deceased blocks everything', { stage: 'reminder_sms', daysAtStage: 7, weeks: 2.5, holds: [hold('deceased', ago(2))] }, 'blocked:letter_1'],
    // After the notice
    ['NOSP date passed and in force: pre-claim review', { stage: 'nosp', daysAtStage: 33, weeks: 9, notices: [nosp(33)] }, 'action:pre_claim_review'],
    ['NOSP date not yet passed: wait', { stage: 'nosp', daysAtStage: 28, weeks: 9, notices: [nosp(28)] }, 'none'],
    ['NOSP lapsed (12 months after its date) while an arrangement was kept, now broken: fresh NOSP', { stage: 'nosp', daysAtStage: 420, weeks: 9, arrangement: 'breached', notices: [nosp(420)] }, 'action:nosp_renew'],
    ['pre-claim review done, notice in force, 9 weeks: claim', { stage: 'pre_claim_review', daysAtStage: 7, weeks: 9, notices: [nosp(60)] }, 'action:possession_claim'],
    ['pre-claim review done but the arrangement is kept: postpone (PAP)', { stage: 'pre_claim_review', daysAtStage: 7, weeks: 9, arrangement: 'kept', notices: [nosp(60)] }, 'none'],
    ['pre-claim review done but the notice has lapsed: no claim', { stage: 'pre_claim_review', daysAtStage: 7, weeks: 9, notices: [nosp(420)] }, 'none'],
    // Court
    ['28 days after issue: hearing', { stage: 'possession_claim', daysAtStage: 28, weeks: 9 }, 'action:hearing'],
    ['suspended order made: monitor the terms', { stage: 'hearing', daysAtStage: 1, weeks: 9, hearingOutcome: 'suspended_order' }, 'action:spo_monitor'],
    ['postponed order made: monitor the terms', { stage: 'hearing', daysAtStage: 1, weeks: 9, hearingOutcome: 'postponed_order' }, 'action:ppo_monitor'],
    ['claim dismissed: review', { stage: 'hearing', daysAtStage: 1, weeks: 9, hearingOutcome: 'dismissed' }, 'action:hearing_outcome_review'],
    ['suspended order terms kept: nothing', { stage: 'spo_monitor', daysAtStage: 90, weeks: 7, hearingOutcome: 'suspended_order', orderBreached: false }, 'none'],
    ['suspended order breached: warrant (N325)', { stage: 'spo_monitor', daysAtStage: 90, weeks: 7, hearingOutcome: 'suspended_order', orderBreached: true }, 'action:warrant'],
    ['postponed order breached: write first (PD 55A para 10)', { stage: 'ppo_monitor', daysAtStage: 90, weeks: 7, hearingOutcome: 'postponed_order', orderBreached: true }, 'action:ppo_breach_letter'],
    ['14 days after that letter: apply to fix a date', { stage: 'ppo_breach_letter', daysAtStage: 14, weeks: 7, hearingOutcome: 'postponed_order', orderBreached: true }, 'action:ppo_apply_fix_date'],
    ['outright order, possession date passed: warrant', { stage: 'outright_order', daysAtStage: 30, weeks: 9, hearingOutcome: 'outright_order' }, 'action:warrant'],
    ['14 days after the warrant (N54): eviction', { stage: 'warrant', daysAtStage: 14, weeks: 9, hearingOutcome: 'outright_order' }, 'action:eviction'],
    ['a Breathing Space stops an eviction', { stage: 'warrant', daysAtStage: 14, weeks: 9, holds: [hold('breathing_space_standard', ago(1))] }, 'blocked:eviction'],
    ['the last stage has no next step', { stage: 'eviction', daysAtStage: 3, weeks: 9 }, 'none'],
    // Reset
    ['arrears cleared at letter 2: reset', { stage: 'letter_2', daysAtStage: 5, weeks: 0 }, 'reset'],
    ['arrears cleared after a warrant: reset', { stage: 'warrant', daysAtStage: 5, weeks: 0 }, 'reset'],
  ])('%s', (_name, scenario, expected) => {
    expect(outcome(evaluate(secure, scenario))).toBe(expected)
  })

  it('explains which rule fired and why', () => {
    // £812.40 on a £131.00 weekly charge is 6.20 weeks.
    const r = recommendNextAction({
      ...input(secure, { stage: 'letter_1', daysAtStage: 28 }),
      measure: measureArrears({ today: TODAY, balancePence: 81_240 + 13_100, grossWeeklyChargePence: 13_100, currentWeekDebitPence: 13_100, lastPaymentOn: ago(40) }),
    })
    expect(r.kind).toBe('action')
    if (r.kind !== 'action') return
    expect(r.reason).toBe(
      'Arrears £812.40 (6.20 weeks) ≥ 4 weeks and arrangement none, not kept; 28 days since "Arrears letter 1" (wait 14) — stage "Arrears letter 2 with rent statement" of "Secure tenancy rent" v2026-04',
    )
    expect(r.firedConditions.map((c) => c.text)).toEqual(['arrears £812.40 (6.20 weeks) ≥ 4 weeks', 'arrangement none, not kept'])
    expect(r.authorisedBy).toEqual(['system', 'income_officer'])
    expect(r.action).toEqual({ type: 'letter', template: 'arrears-letter-2' })
  })

  it('explains a broken arrangement bringing the notice forward, and lists the checks the notice needs', () => {
    const r = evaluate(secure, { stage: 'home_visit', daysAtStage: 20, weeks: 6, arrangement: 'breached' })
    if (r.kind !== 'action') throw new Error(r.reason)
    expect(r.reason).toBe(
      'Arrangement breached, not kept and (arrangement breached and arrears £600.00 (6.00 weeks) ≥ 5 weeks); 20 days since "Home visit" (wait 14) — stage "Notice of Seeking Possession (s83)" of "Secure tenancy rent" v2026-04',
    )
    expect(r.requiredChecks).toEqual(expect.arrayContaining(['proportionality_recorded', 'equality_act_considered', 'breathing_space_checked']))
    expect(r.authorisedBy).not.toContain('system')
    expect(r.action.notice).toMatchObject({ kind: 'nosp_secure', minimumDays: 28, validityMonths: 12 })
  })

  it('names the blocking hold, its dates and the stage it holds back', () => {
    const r = evaluate(secure, { stage: 'home_visit', daysAtStage: 20, weeks: 8, holds: [hold('breathing_space_standard', '2026-05-20', { reason: 'Insolvency Service notification BS-1234' })] })
    if (r.kind !== 'blocked') throw new Error(outcome(r))
    expect(r.holds.map((h) => h.type)).toEqual(['breathing_space_standard'])
    expect(r.reason).toBe(
      'Stage "Notice of Seeking Possession (s83)" of "Secure tenancy rent" v2026-04 is due (arrangement none, not kept and arrears £800.00 (8.00 weeks) ≥ 7 weeks; 20 days since "Home visit" (wait 14)) but is blocked by Breathing Space (standard) from 2026-05-20 to 2026-07-19: Insolvency Service notification BS-1234',
    )
  })

  it('passes on the Sharples caution when a DRO is in force', () => {
    const r = evaluate(secure, { stage: 'home_visit', daysAtStage: 20, weeks: 8, holds: [hold('insolvency_dro', ago(30))] })
    if (r.kind !== 'action') throw new Error(outcome(r))
    expect(r.cautions).toEqual([expect.stringContaining('Sharples')])
  })

  it('says what each next stage is waiting for', () => {
    const r = evaluate(secure, { stage: 'reminder_sms', daysAtStage: 3, weeks: 1.5 })
    if (r.kind !== 'none') throw new Error(outcome(r))
    expect(r.reason).toBe(
      'No step due of "Secure tenancy rent" v2026-04. "Arrears letter 1" not yet: arrears £150.00 (1.50 weeks) (needs ≥ 2 weeks); 4 more days to wait after "Reminder SMS"',
    )
    expect(r.waiting).toEqual([{ stage: 'letter_1', stageName: 'Arrears letter 1', unmet: [expect.objectContaining({ met: false })], daysToWait: 4 }])
  })

  it('explains a notice that is no longer in force', () => {
    const r = evaluate(secure, { stage: 'pre_claim_review', daysAtStage: 7, weeks: 9, notices: [nosp(420)] })
    expect(r.reason).toContain('notice in force [nosp_secure]: no (nosp_secure served 2025-04-09, in force until 2026-05-10) (needs yes)')
  })

  it('explains a reset', () => {
    const r = evaluate(secure, { stage: 'letter_2', daysAtStage: 5, weeks: 0 })
    expect(r).toMatchObject({
      kind: 'reset',
      fromStage: 'letter_2',
      reason: 'Arrears £0.00 ≤ £0.00: back to the start of "Secure tenancy rent" v2026-04 (was at stage "Arrears letter 2 with rent statement")',
    })
  })

  it('treats technical arrears (HB due, not yet paid) as not collectable', () => {
    const base = input(secure, { stage: 'letter_1', daysAtStage: 20 })
    const measure = measureArrears({
      today: TODAY,
      balancePence: 5 * WEEKLY + WEEKLY,
      grossWeeklyChargePence: WEEKLY,
      currentWeekDebitPence: WEEKLY,
      lastPaymentOn: ago(10),
      expectedBenefit: [{ amountPence: 2 * WEEKLY, expectedOn: ago(1) }],
    })
    expect(measure.arrearsWeeksHundredths).toBe(300)
    expect(outcome(recommendNextAction({ ...base, measure }))).toBe('none')
  })

  it('rejects a case at a stage the pathway does not have, or a measure from another day', () => {
    expect(() => evaluate(secure, { stage: 'letter_9', weeks: 3 })).toThrow(/Stage "letter_9" is not in pathway secure-rent v2026-04/)
    const base = input(secure, { weeks: 3 })
    expect(() => recommendNextAction({ ...base, today: '2026-06-04' })).toThrow(/measure is as of 2026-06-03/)
  })
})

describe('recommendNextAction: introductory tenancy rent', () => {
  const intro = defaultPathway('introductory-rent')
  const s128 = (daysAgo: number) => served(intro, 's128_notice', daysAgo)

  it.each<[string, Scenario, string]>([
    ['3 weeks, a week after letter 1: letter 2', { stage: 'letter_1', daysAtStage: 7, weeks: 3 }, 'action:letter_2'],
    ['4 weeks, a week after the home visit: s128 notice', { stage: 'home_visit', daysAtStage: 7, weeks: 4 }, 'action:s128_notice'],
    ['3.5 weeks with a broken arrangement: s128 notice', { stage: 'home_visit', daysAtStage: 7, weeks: 3.5, arrangement: 'breached' }, 'action:s128_notice'],
    ['10 days after the notice: still in the review window', { stage: 's128_notice', daysAtStage: 10, weeks: 5, notices: [s128(10)] }, 'none'],
    ['14 days after the notice: close the review window', { stage: 's128_notice', daysAtStage: 14, weeks: 5, notices: [s128(14)] }, 'action:s128_review'],
    ['the notice date has passed: pre-claim review', { stage: 's128_review', daysAtStage: 16, weeks: 5, notices: [s128(30)] }, 'action:pre_claim_review'],
    ['outright order: warrant once the date passes', { stage: 'outright_order', daysAtStage: 15, weeks: 5, hearingOutcome: 'outright_order' }, 'action:warrant'],
  ])('%s', (_name, scenario, expected) => {
    expect(outcome(evaluate(intro, scenario))).toBe(expected)
  })

  it('gives the s128 notice a 4-week period and a 14-day review right', () => {
    const r = evaluate(intro, { stage: 'home_visit', daysAtStage: 7, weeks: 4 })
    if (r.kind !== 'action') throw new Error(outcome(r))
    expect(r.action.notice).toMatchObject({ kind: 's128_introductory', minimumDays: 28, reviewRightDays: 14 })
  })
})

describe("recommendNextAction: assured tenancies and the Renters' Rights Act switch", () => {
  const pathways = loadDefaultPathways()
  const pre = defaultPathway('assured-rent-pre-rra')
  const rra = defaultPathway('assured-rent-rra-2025')
  const rraSocial = defaultPathway('assured-rent-rra-2025-social')

  function noticeTaken(pathway: Pathway, s: Scenario) {
    const r = evaluate(pathway, s)
    if (r.kind !== 'action') throw new Error(`${outcome(r)}: ${r.reason}`)
    return { stage: r.stage.id, grounds: r.action.notice?.grounds, minimumDays: r.action.notice?.minimumDays }
  }

  it.each<[string, Pathway, Scenario, { stage: string; grounds: string[]; minimumDays: number }]>([
    ['pre-RRA, 9 weeks, no contact for 30 days: Ground 8 with 2 weeks notice', pre, { stage: 'home_visit', daysAtStage: 20, weeks: 9, lastContactDaysAgo: 30 }, { stage: 's8_notice_ground8', grounds: ['8', '10', '11'], minimumDays: 14 }],
    ['pre-RRA, 9 weeks, in contact: grounds 10 and 11 only', pre, { stage: 'home_visit', daysAtStage: 20, weeks: 9, lastContactDaysAgo: 5 }, { stage: 's8_notice', grounds: ['10', '11'], minimumDays: 14 }],
    ['pre-RRA, 7.99 weeks, no contact: below the Ground 8 threshold', pre, { stage: 'home_visit', daysAtStage: 20, weeks: 7.99, lastContactDaysAgo: 30 }, { stage: 's8_notice', grounds: ['10', '11'], minimumDays: 14 }],
    ['RRA, 9 weeks, no contact: below 13 weeks, grounds 10 and 11 with 4 weeks notice', rra, { stage: 'home_visit', daysAtStage: 20, weeks: 9, lastContactDaysAgo: 30 }, { stage: 's8_notice', grounds: ['10', '11'], minimumDays: 28 }],
    ['RRA, 13 weeks, no contact: Ground 8 with 4 weeks notice', rra, { stage: 'home_visit', daysAtStage: 20, weeks: 13, lastContactDaysAgo: 30 }, { stage: 's8_notice_ground8', grounds: ['8', '10', '11'], minimumDays: 28 }],
    ['RRA social, 13 weeks, no contact: same rules once commenced', rraSocial, { stage: 'home_visit', daysAtStage: 20, weeks: 13, lastContactDaysAgo: 30 }, { stage: 's8_notice_ground8', grounds: ['8', '10', '11'], minimumDays: 28 }],
  ])('%s', (_name, pathway, scenario, expected) => {
    expect(noticeTaken(pathway, scenario)).toEqual(expected)
  })

  it.each<{ socialHousing: boolean; commencements: Record<string, string>; pathway: string; stage: string; grounds: string[] }>([
    // 10 weeks' arrears, no contact for 30 days, evaluated on 2026-06-03 (after 1 May 2026).
    { socialHousing: false, commencements: {}, pathway: 'assured-rent-rra-2025', stage: 's8_notice', grounds: ['10', '11'] },
    { socialHousing: true, commencements: {}, pathway: 'assured-rent-pre-rra', stage: 's8_notice_ground8', grounds: ['8', '10', '11'] },
    { socialHousing: true, commencements: { 'rra2025.social-housing-assured': '2026-06-01' }, pathway: 'assured-rent-rra-2025-social', stage: 's8_notice', grounds: ['10', '11'] },
  ])('10 weeks, socialHousing $socialHousing, commencements $commencements: $pathway, $stage', ({ socialHousing, commencements, pathway, stage, grounds }) => {
    const selected = selectPathway(pathways, { accountType: 'rent', tenure: 'assured', socialHousing, onDate: TODAY }, { commencements })
    if (!selected.ok) throw new Error(selected.error)
    expect(selected.pathway.id).toBe(pathway)
    expect(noticeTaken(selected.pathway, { stage: 'home_visit', daysAtStage: 20, weeks: 10, lastContactDaysAgo: 30 })).toMatchObject({ stage, grounds })
  })

  it('uses the s8 notice dates: 14 days (pre-RRA) then a claim only while in force (12 months from service)', () => {
    const notice = served(pre, 's8_notice', 20)
    expect(notice).toMatchObject({ expiresOn: ago(6), validUntil: addDays(addDays(ago(20), 365), -1) })
    expect(outcome(evaluate(pre, { stage: 's8_notice', daysAtStage: 20, weeks: 9, notices: [notice] }))).toBe('action:pre_claim_review')
  })
})

describe('recommendNextAction: temporary accommodation, garage and pitch', () => {
  const taLicence = defaultPathway('temporary-accommodation-licence')
  const taTenancy = defaultPathway('temporary-accommodation-tenancy')
  const garage = defaultPathway('garage')
  const pitch = defaultPathway('pitch-with-utilities')

  it.each<[string, Pathway, Scenario, string]>([
    ['TA: 4 weeks after the home visit: review with the homelessness team', taLicence, { stage: 'home_visit', daysAtStage: 7, weeks: 4 }, 'action:housing_options_review'],
    ['TA: 6 weeks after the review: notice ending the licence', taLicence, { stage: 'housing_options_review', daysAtStage: 14, weeks: 6 }, 'action:termination_notice'],
    ['TA: licence notice expired: decide whether a court order is needed', taLicence, { stage: 'termination_notice', daysAtStage: 30, weeks: 7, notices: [served(taLicence, 'termination_notice', 30)] }, 'action:possession_route_review'],
    ['TA: HB claim pending blocks the notice', taLicence, { stage: 'housing_options_review', daysAtStage: 14, weeks: 6, holds: [hold('benefit_claim_pending', ago(2))] }, 'blocked:termination_notice'],
    ['TA tenancy: notice to quit expired: pre-claim review', taTenancy, { stage: 'termination_notice', daysAtStage: 30, weeks: 7, notices: [served(taTenancy, 'termination_notice', 30)] }, 'action:pre_claim_review'],
    ['garage: 2 weeks: reminder', garage, { weeks: 2 }, 'action:reminder_letter'],
    ['garage: 6 weeks after the final letter: end the licence', garage, { stage: 'final_letter', daysAtStage: 14, weeks: 6 }, 'action:licence_termination'],
    ['garage: licence ended: recover the garage', garage, { stage: 'licence_termination', daysAtStage: 30, weeks: 8, notices: [served(garage, 'licence_termination', 30)] }, 'action:recover_garage'],
    ['garage recovered, £120 owed: letter of claim', garage, { stage: 'recover_garage', daysAtStage: 20, pence: 12_000 }, 'action:letter_before_claim'],
    ['garage recovered, £30 owed: write-off review', garage, { stage: 'recover_garage', daysAtStage: 30, pence: 3_000 }, 'action:write_off_uneconomic'],
    ['pitch: 4 weeks after the site visit: notice to remedy', pitch, { stage: 'site_visit', daysAtStage: 14, weeks: 4 }, 'action:notice_to_remedy'],
    ['pitch: 6 weeks, 28 days after the notice to remedy: review', pitch, { stage: 'notice_to_remedy', daysAtStage: 28, weeks: 6 }, 'action:pre_notice_review'],
    ['pitch: after the review: notice ending the agreement', pitch, { stage: 'pre_notice_review', daysAtStage: 7, weeks: 6 }, 'action:termination_notice'],
  ])('%s', (_name, pathway, scenario, expected) => {
    expect(outcome(evaluate(pathway, scenario))).toBe(expected)
  })

  it('a garage licence notice needs an officer, with the legal checks', () => {
    const r = evaluate(garage, { stage: 'final_letter', daysAtStage: 14, weeks: 6 })
    if (r.kind !== 'action') throw new Error(outcome(r))
    expect(r.authorisedBy).not.toContain('system')
    expect(r.requiredChecks).toEqual(expect.arrayContaining(['proportionality_recorded', 'equality_act_considered']))
  })
})


// Former tenant and sundry debts (version 2026-11): reminder → final letter → tracing (no contact) → letter of claim
// (30 days) → money claim (economic, not statute-barred, not disputed) or agency → judgment → enforcement → write-off.
// Each scenario's debt fell due 60 days ago unless it says otherwise.
const debtOf = (extra: DebtFacts = {}): DebtFacts => ({ causeOfActionOn: ago(60), ...extra })
const letterSent = (daysAgo: number, replies: NonNullable<DebtFacts['letter']>['replies'] = []): DebtFacts['letter'] => ({
  sentOn: ago(daysAgo),
  responseDueOn: addDays(ago(daysAgo), 30),
  replies,
  rules: DEFAULT_PAP_DEBT_RULES,
})
const judgmentOf = (daysAgo: number, paidSincePence: number): DebtFacts['judgment'] => ({
  enteredOn: ago(daysAgo),
  amountPence: 45_000,
  terms: 'instalments',
  instalmentPence: 5_000,
  instalmentFrequency: 'monthly',
  firstInstalmentOn: addDays(ago(daysAgo), 14),
  paidSincePence,
  tolerance: { amountPence: 500, graceDays: 7 },
})

describe('recommendNextAction: former tenant arrears', () => {
  const fta = defaultPathway('former-tenant-arrears')
  const at = (stage: string, daysAtStage: number, s: Scenario = {}): Scenario => ({ stage, daysAtStage, pence: 45_000, ...s, debt: debtOf(s.debt) })

  it.each<[string, Scenario, string]>([
    ['a new FTA account with £450: reminder', { pence: 45_000, debt: debtOf() }, 'action:fta_letter_1'],
    ['14 days after the reminder: final letter', at('fta_letter_1', 14), 'action:fta_letter_2'],
    ['no contact for 40 days after the final letter: trace', at('fta_letter_2', 20, { lastContactDaysAgo: 40 }), 'action:tracing'],
    ['in contact but not paying: straight to the letter of claim', at('fta_letter_2', 20, { lastContactDaysAgo: 5 }), 'action:letter_before_claim'],
    ['paying an arrangement: nothing', at('fta_letter_2', 20, { arrangement: 'kept', lastContactDaysAgo: 5 }), 'none'],
    ['£60 left after the final letter, 28 days on: write-off review (uneconomic)', at('fta_letter_2', 28, { pence: 6_000, lastContactDaysAgo: 5 }), 'action:write_off_uneconomic'],
    ['traced to a new address: letter of claim', at('tracing', 14, { lastContactDaysAgo: 60, debt: { tracing: { requestedOn: ago(14), result: 'traced' } } }), 'action:letter_before_claim'],
    ['trace requested, no result yet: wait', at('tracing', 14, { lastContactDaysAgo: 60, debt: { tracing: { requestedOn: ago(14), result: null } } }), 'none'],
    ['not traced: agency (agencies trace too)', at('tracing', 14, { lastContactDaysAgo: 60, debt: { tracing: { requestedOn: ago(14), result: 'not_traced' } } }), 'action:agency'],
    ['20 days after the letter of claim: wait for the 30 days', at('letter_before_claim', 20, { debt: { letter: letterSent(20) } }), 'none'],
    ['31 days after the letter of claim, £450: money claim', at('letter_before_claim', 31, { debt: { letter: letterSent(31) } }), 'action:money_claim'],
    ['31 days after the letter of claim, £200 (not economic to claim): agency', at('letter_before_claim', 31, { pence: 20_000, debt: { letter: letterSent(31) } }), 'action:agency'],
    ['the debtor disputes the debt: no claim and no agency', at('letter_before_claim', 40, { debt: { letter: letterSent(40, [{ receivedOn: ago(30), replyType: 'disputes' }]) } }), 'none'],
    ['the dispute answered 31 days ago: money claim', at('letter_before_claim', 80, { debt: { letter: letterSent(80, [{ receivedOn: ago(70), replyType: 'disputes', disputeAnsweredOn: ago(31) }]) } }), 'action:money_claim'],
    ['asked for time until next week: wait', at('letter_before_claim', 40, { debt: { letter: letterSent(40, [{ receivedOn: ago(35), replyType: 'asks_for_time', timeAllowedUntil: addDays(TODAY, 7) }]) } }), 'none'],
    ['no letter of claim recorded: no money claim', at('letter_before_claim', 40), 'none'],
    ['a Breathing Space blocks the money claim', at('letter_before_claim', 31, { holds: [hold('breathing_space_standard', ago(5))], debt: { letter: letterSent(31) } }), 'blocked:money_claim'],
    ['a DRO blocks the money claim', at('letter_before_claim', 31, { holds: [hold('insolvency_dro', ago(100))], debt: { letter: letterSent(31) } }), 'blocked:money_claim'],
    ['placed with an agency: 30 days on, nothing', at('agency', 30, { debt: { agency: { agency: 'Acme Collections', placedOn: ago(30) } } }), 'none'],
    ['placed for 90 days: review', at('agency', 90, { debt: { agency: { agency: 'Acme Collections', placedOn: ago(90) } } }), 'action:agency_review'],
    ['recalled, traced by the agency, no letter yet: letter of claim', at('agency_review', 1, { lastContactDaysAgo: 10 }), 'action:letter_before_claim_after_agency'],
    ['recalled, never found, no contact for months: write-off review (untraced)', at('agency_review', 1, { lastContactDaysAgo: 200, debt: { tracing: { requestedOn: ago(300), result: 'not_traced' } } }), 'action:write_off_untraced'],
    ['28 days after the claim, no judgment: request judgment', at('money_claim', 28, { debt: { claimIssuedOn: ago(28) } }), 'action:request_judgment'],
    ['judgment entered: check the terms', at('money_claim', 20, { debt: { claimIssuedOn: ago(60), judgment: judgmentOf(5, 0) } }), 'action:judgment'],
    ['judgment instalments kept: nothing', at('judgment', 60, { debt: { claimIssuedOn: ago(120), judgment: judgmentOf(70, 10_000) } }), 'none'],
    ['judgment instalments missed: attachment of earnings', at('judgment', 60, { debt: { claimIssuedOn: ago(120), judgment: judgmentOf(70, 0) } }), 'action:attachment_of_earnings'],
    ['a money judgment recorded at a hearing, breached: attachment of earnings', at('judgment', 60, { hearingOutcome: 'money_judgment', orderBreached: true }), 'action:attachment_of_earnings'],
    ['attachment of earnings failed: other enforcement', at('attachment_of_earnings', 40, { debt: { judgment: judgmentOf(120, 0), enforcement: { kind: 'attachment_of_earnings', appliedOn: ago(40), orderMadeOn: ago(30), endedOn: ago(5), outcome: 'unsuccessful' } } }), 'action:enforcement'],
    ['enforcement exhausted: write-off review', at('enforcement', 40, { debt: { judgment: judgmentOf(200, 0), enforcement: { kind: 'warrant_of_control', appliedOn: ago(40), orderMadeOn: ago(35), endedOn: ago(5), outcome: 'unsuccessful' } } }), 'action:write_off_unpaid'],
    ['cleared: reset', at('agency', 10, { pence: 0 }), 'reset'],
  ])('%s', (_name, scenario, expected) => {
    expect(outcome(evaluate(fta, scenario))).toBe(expected)
  })

  describe('limitation', () => {
    // The debt fell due on 1 March 2019; six years ran out on 1 March 2025, before TODAY (3 June 2026).
    const old = (s: Scenario = {}): Scenario => ({ pence: 45_000, lastPaymentOn: null, ...s, debt: { causeOfActionOn: '2019-03-01', ...s.debt } })

    it('a debt statute-barred before recovery starts: write-off review, not a reminder', () => {
      const r = evaluate(fta, old())
      expect(outcome(r)).toBe('action:write_off_statute_barred')
      expect(r.reason).toContain('statute-barred since 2025-03-02 (six years from the debt fell due on 2019-03-01)')
    })

    it('a payment restarts the clock: a claim is still recommended', () => {
      const r = evaluate(fta, old({ stage: 'letter_before_claim', daysAtStage: 31, lastPaymentOn: '2024-01-10', debt: { letter: letterSent(31) } }))
      expect(outcome(r)).toBe('action:money_claim')
      expect(r.kind === 'action' && r.firedConditions.map((c) => c.text)).toContain('not statute-barred: a claim may be issued until 2030-01-10 (six years from the last payment on 2024-01-10)')
    })

    it('a signed acknowledgement restarts the clock too', () => {
      expect(outcome(evaluate(fta, old({ stage: 'letter_before_claim', daysAtStage: 31, lastAcknowledgementOn: '2024-06-01', debt: { letter: letterSent(31) } })))).toBe('action:money_claim')
    })

    it('a payment made after the debt was barred does not revive it (s29(7))', () => {
      const r = evaluate(fta, old({ stage: 'letter_before_claim', daysAtStage: 31, lastPaymentOn: '2025-06-01', debt: { letter: letterSent(31) } }))
      expect(outcome(r)).toBe('action:write_off_statute_barred')
      expect(r.reason).toContain('the payment on 2025-06-01 came after and does not revive it (s29(7))')
    })

    it('never recommends a claim on a statute-barred debt, at any stage', () => {
      for (const stage of fta.stages.map((s) => s.id)) {
        const r = evaluate(fta, old({ stage, daysAtStage: 400, lastContactDaysAgo: 1, debt: { letter: letterSent(400), tracing: { requestedOn: ago(400), result: 'traced' } } }))
        expect(r.kind === 'action' || r.kind === 'blocked' ? r.action.type : 'none', stage).not.toBe('money_claim')
      }
    })

    it('without a date the debt fell due, statute-barred is unknown and no claim is recommended', () => {
      const r = evaluate(fta, { stage: 'letter_before_claim', daysAtStage: 31, pence: 45_000, lastPaymentOn: null, debt: { letter: letterSent(31) } })
      expect(r.kind).toBe('none')
      expect(r.reason).toContain('statute-barred: unknown')
    })
  })

  it('an agency placement stops the council\'s own letters', () => {
    const placed = { agency: { agency: 'Acme Collections', placedOn: ago(3) } }
    for (const stage of [null, 'fta_letter_1']) {
      const r = evaluate(fta, { stage, daysAtStage: 20, pence: 45_000, debt: debtOf(placed) })
      expect(r.kind === 'action' ? r.action.type : r.kind).not.toBe('letter')
    }
  })
})

describe('recommendNextAction: sundry debt', () => {
  const sundry = defaultPathway('sundry-debt')
  const at = (stage: string, daysAtStage: number, s: Scenario = {}): Scenario => ({ stage, daysAtStage, pence: 30_000, ...s, debt: debtOf(s.debt) })

  it.each<[string, Scenario, string]>([
    ['an invoice 10 days overdue: nothing yet', { pence: 30_000, oldestUnpaidOn: ago(10), debt: { causeOfActionOn: ago(10) } }, 'none'],
    ['an invoice 20 days overdue: reminder', { pence: 30_000, oldestUnpaidOn: ago(20), debt: { causeOfActionOn: ago(20) } }, 'action:invoice_reminder'],
    ['14 days after the reminder: final notice', at('invoice_reminder', 14), 'action:final_notice'],
    ['£300 after the final notice: letter of claim', at('final_notice', 14), 'action:letter_before_claim'],
    ['£30 after the final notice, 28 days on: write-off review', at('final_notice', 28, { pence: 3_000 }), 'action:write_off_uneconomic'],
    ['a disputed invoice: the letter of claim is held', at('final_notice', 14, { holds: [hold('dispute', ago(3))] }), 'blocked:letter_before_claim'],
    ['a dispute that has ended: go on', at('final_notice', 14, { holds: [hold('dispute', ago(30), { endsOn: ago(2) })] }), 'action:letter_before_claim'],
    ['31 days after the letter of claim, £300: money claim', at('letter_before_claim', 31, { debt: { letter: letterSent(31) } }), 'action:money_claim'],
    ['31 days after the letter of claim, £100: agency', at('letter_before_claim', 31, { pence: 10_000, debt: { letter: letterSent(31) } }), 'action:agency'],
    ['the debtor asked for documents, not yet sent: wait', at('letter_before_claim', 60, { debt: { letter: letterSent(60, [{ receivedOn: ago(50), replyType: 'requests_documents' }]) } }), 'none'],
  ])('%s', (_name, scenario, expected) => {
    expect(outcome(evaluate(sundry, scenario))).toBe(expected)
  })
})
