/**
 * The synthetic council's recovery history: what an income team would have done over the last months, so the demo's
 * worktray opens on a realistic caseload rather than a first night's reminders.
 *
 * After the ledger history (which already runs to today), the weekly trawl is replayed for each Monday of the last
 * `weeks` weeks with the real `runTrawl` (it reads the ledger as at its date), and after each night "officers" take a
 * share of the steps it recommended, within that week:
 *
 * - routine steps (calls, visits, reviews, officer letters) set-based through the recovery service's own SQL
 *   (officer-steps.ts); two-way contact on some calls and visits, and on some of those an arrangement agreed through
 *   the arrangements service, sized from what the tenant went on to pay (so some are kept, some broken, some done);
 * - notices through `serveNotice`, the Pre-Action Protocol checklist through `recordPapItem`, possession claims
 *   through `recordClaim` (team leader), hearings through `recordHearing` and their outcomes (suspended, outright,
 *   postponed, adjourned on terms) through `recordHearingOutcome` once the hearing date has passed;
 * - holds through `addHold` (Breathing Space standard and mental health crisis, DRO and bankruptcy, dispute,
 *   vulnerability review, deceased) and pending HB/UC claims through the benefits service, which puts its hold on;
 * - inbound contacts and case notes through the contacts services;
 * - the arrangement check (`runArrangementCheck`) before each night's trawl, as the nightly jobs run.
 *
 * A few cases are "already under way" when the replay starts: walked through the early stages of their pathway and
 * served a notice in the weeks before, so that by today some have reached court, and a suspended order whose terms
 * are being broken has a warrant recommended.
 *
 * Deterministic for a seed: one seeded generator, accounts taken in a fixed order, dates from the seed's today.
 */
import type { Db } from '../db/client.ts'
import { loadWorkingDayCalendar } from '../calendar-data.ts'
import { addDays, dayOfWeek, weekCommencing } from '../domain/calendar/dates.ts'
import { checkArrangement, createArrangement, type ArrangementPaymentMethod, type BalanceObservation } from '../domain/arrangements/index.ts'
import { findStage, type HoldType, type NoticeKind, type Pathway, type Stage } from '../domain/recovery/index.ts'
import { AppError } from '../errors.ts'
import { runArrangementCheck } from '../jobs/arrangement-check.ts'
import { runTrawl } from '../jobs/trawl.ts'
import type { Actor } from '../services/actor.ts'
import { previewArrangement, setUpArrangement } from '../services/arrangements/arrangements.ts'
import { recordBenefitClaim } from '../services/benefits/benefits.ts'
import { addNote } from '../services/contacts/add-note.ts'
import { recordContact } from '../services/contacts/record-contact.ts'
import { recordClaim, recordHearing, recordHearingOutcome, type HearingOutcomeValue } from '../services/recovery/court.ts'
import { addHold, endHold } from '../services/recovery/holds.ts'
import { serveNotice, type ServiceMethod } from '../services/recovery/notices.ts'
import { recordPapItem, type PapItem } from '../services/recovery/pap.ts'
import { ensureDefaultPathways, loadPathways } from '../services/recovery/pathways.ts'
import { writeOfficerSteps, type OfficerStep } from './officer-steps.ts'
import { Rng } from './random.ts'

export interface RecoveryHistoryOptions {
  /** The seed's today: the history ends the day before (today's trawl is the nightly job's, or the demo's). */
  today: string
  seed: number
  /** Weekly trawls to replay (default 16). */
  weeks?: number
  officerForPatch: ReadonlyMap<number, Actor>
  teamLeader: Actor
  recoveryOfficer: Actor
  onProgress?: (stage: string, done: number, total: number) => void
}

export interface RecoveryHistoryResult {
  trawls: number
  officerSteps: number
  notices: number
  claims: number
  hearingOutcomes: number
  holds: number
  benefitClaims: number
  arrangements: number
  contacts: number
  notes: number
  millis: number
}

/** How busy the team is: share of due steps taken in the week, and caps per patch per week. */
const TAKE = { routine: 0.65, notice: 0.7, claim: 0.75 }
const PER_PATCH_WEEK = { routine: 30, notice: 3, claim: 3 }
const ROUTINE = new Set(['call', 'visit', 'review', 'letter', 'sms', 'tracing', 'agency', 'write_off_review', 'letter_before_claim'])
const PAP_ITEMS: readonly PapItem[] = ['rent_statement_sent', 'benefits_checked', 'arrangement_offered', 'vulnerability_recorded', 'equality_impact_recorded']
const PROPORTIONALITY = 'Arrears have grown despite letters, calls and a visit, and no affordable offer has been kept: the step is proportionate'
const EQUALITY = 'No disability or other protected characteristic known to be affected; vulnerability screened at the home visit'

/** Holds put on during the history: share of accounts in arrears, and the weeks (of the replay) they may start in. */
const HOLD_PLAN: readonly { type: HoldType | 'benefit_claim'; share: number; weeks: [number, number]; reason: string }[] = [
  { type: 'breathing_space_standard', share: 0.012, weeks: [0, 4], reason: 'Breathing Space (standard) notified by the Insolvency Service' },
  { type: 'breathing_space_standard', share: 0.02, weeks: [9, 15], reason: 'Breathing Space (standard) notified by the Insolvency Service' },
  { type: 'breathing_space_mental_health', share: 0.008, weeks: [3, 15], reason: 'Mental health crisis Breathing Space: the tenant is receiving crisis treatment' },
  { type: 'insolvency_dro', share: 0.008, weeks: [1, 15], reason: 'Debt Relief Order made; rent arrears included in the order' },
  { type: 'insolvency_bankruptcy', share: 0.003, weeks: [1, 15], reason: 'Bankruptcy order made: arrears are a provable debt' },
  { type: 'dispute', share: 0.012, weeks: [5, 15], reason: 'Tenant disputes the charges for weeks the property was uninhabitable after a leak' },
  { type: 'vulnerability_review', share: 0.015, weeks: [6, 15], reason: 'Safeguarding concern raised at the home visit: review before any further step' },
  { type: 'deceased', share: 0.004, weeks: [8, 15], reason: 'Tenant reported deceased by a relative; awaiting details of the estate' },
  { type: 'benefit_claim', share: 0.03, weeks: [9, 15], reason: 'New claim made after a change of circumstances' },
]

interface Rec {
  id: number
  account_id: number
  patch_id: number | null
  pathway_id: string
  pathway_version: string
  from_stage: string | null
  stage: string
  action_type: string
  account_type: string
  party_ids: number[]
}

interface PlannedHold {
  week: number
  type: HoldType | 'benefit_claim'
  reason: string
  accountId: number
  partyId: number | null
  endAfterWeeks: number | null
}

/** Everything one replay carries from week to week. */
class History {
  readonly calendar = loadWorkingDayCalendar()
  readonly rng: Rng
  readonly lastDay: string
  readonly byKey = new Map<string, Pathway>()
  readonly counts = { officerSteps: 0, notices: 0, claims: 0, hearingOutcomes: 0, holds: 0, benefitClaims: 0, arrangements: 0, contacts: 0, notes: 0 }
  holdsPlan: PlannedHold[] = []
  endings: { week: number; holdId: number }[] = []

  constructor(
    readonly db: Db,
    readonly opts: RecoveryHistoryOptions,
    pathways: readonly Pathway[],
  ) {
    this.rng = new Rng((opts.seed ^ 0x2ec0_7e11) >>> 0)
    this.lastDay = addDays(opts.today, -1)
    for (const p of pathways) this.byKey.set(`${p.id}@${p.version}`, p)
  }

  stageOf(r: { pathway_id: string; pathway_version: string; stage: string }): Stage | null {
    const p = this.byKey.get(`${r.pathway_id}@${r.pathway_version}`)
    return p ? (findStage(p, r.stage) ?? null) : null
  }

  /** Who records a stage: the patch's officer if the stage allows income officers, else the role it names. */
  actorFor(stage: Stage, patchId: number | null): Actor {
    const by = stage.authorisedBy
    const officer = patchId !== null ? this.opts.officerForPatch.get(patchId) : undefined
    if (by.includes('income_officer') && officer) return officer
    if (by.includes('debt_recovery_officer')) return this.opts.recoveryOfficer
    return this.opts.teamLeader
  }

  /** A working day in the week of `monday`, `earliest`..`latest` days in, never after the history's last day. */
  dayInWeek(monday: string, earliest = 0, latest = 4): string {
    const d = this.calendar.nextWorkingDay(addDays(monday, this.rng.int(earliest, latest)))
    return d > this.lastDay ? this.lastDay : d
  }
}

/** The Mondays to replay: `weeks` of them, the last before today. */
export function replayMondays(today: string, weeks: number): string[] {
  const last = weekCommencing(addDays(today, -1))
  return Array.from({ length: weeks }, (_, i) => addDays(last, -7 * (weeks - 1 - i)))
}

export async function seedRecoveryHistory(db: Db, opts: RecoveryHistoryOptions): Promise<RecoveryHistoryResult> {
  const started = performance.now()
  await ensureDefaultPathways(db)
  const h = new History(db, opts, await loadPathways(db))
  const mondays = replayMondays(opts.today, opts.weeks ?? 16)
  const progress = opts.onProgress ?? (() => {})
  await casesUnderWay(h, mondays[0]!)
  progress('recovery history', 0, mondays.length)
  let arrangementsExist = false
  for (const [w, monday] of mondays.entries()) {
    await placeHolds(h, w, monday)
    if (arrangementsExist) await runArrangementCheck(db, { date: monday })
    const run = await runTrawl(db, { date: monday })
    if (w === 0) h.holdsPlan = await planHolds(h, run.runId, mondays.length)
    await officersWeek(h, run.runId, monday)
    await courtWeek(h, monday)
    await contactsWeek(h, run.runId, monday)
    arrangementsExist ||= h.counts.arrangements > 0
    progress('recovery history', w + 1, mondays.length)
  }
  // The nightly arrangement check has run for the last night of the history, as it would have.
  if (arrangementsExist) await runArrangementCheck(db, { date: h.lastDay })
  return { trawls: mondays.length, ...h.counts, millis: Math.round(performance.now() - started) }
}

/** Accounts for legal history: secure rent accounts well in arrears before the replay and still open today. */
async function casesUnderWay(h: History, firstMonday: string): Promise<void> {
  const pathway = [...h.byKey.values()].filter((p) => p.id === 'secure-rent' && p.effectiveFrom <= addDays(firstMonday, -115)).at(-1)
  if (!pathway) return
  const rows = await h.db.query<{ id: number; patch_id: number | null; party_ids: number[] }>(
    `with acc as (
       select a.id, a.patch_id from accounts a join tenancies t on t.id = a.tenancy_id
       where a.account_type = 'rent' and a.status = 'open' and t.tenure in ('secure', 'flexible') and t.start_date < $2::date
         and not exists (select 1 from recovery_cases c where c.account_id = a.id)
     ),
     bal as (
       select p.account_id,
         sum(p.amount_pence) filter (where p.effective_date <= $2::date)::bigint as early,
         sum(p.amount_pence)::bigint as at_start
       from postings p join acc on acc.id = p.account_id
       where p.effective_date <= $1::date
       group by p.account_id
     ),
     w as (
       select acc.id, acc.patch_id, bal.early, bal.at_start,
         (select sum(cr.weekly_pence) from (select distinct on (cr.charge_type) cr.weekly_pence from charge_schedules cs
            join charge_rates cr on cr.schedule_id = cs.id where cs.account_id = acc.id and cr.effective_from <= $1::date
            order by cr.charge_type, cr.effective_from desc) cr)::bigint as weekly
       from acc join bal on bal.account_id = acc.id
       where bal.at_start > 0
     )
     select w.id, w.patch_id, array(select party_id from account_parties ap where ap.account_id = w.id order by party_id) as party_ids
     from w where w.weekly > 0 and w.early >= 9 * w.weekly and w.at_start >= 10 * w.weekly
     order by w.id`,
    [firstMonday, addDays(firstMonday, -70)],
  )
  const [{ n } = { n: 0 }] = await h.db.query<{ n: number }>(`select count(*)::int as n from accounts where account_type = 'rent' and status = 'open'`)
  const wanted = Math.min(rows.length, Math.max(3, Math.round(n * 0.006)))
  const chosen = h.rng.shuffle([...rows]).slice(0, wanted)
  const walk = ['reminder_sms', 'letter_1', 'letter_2', 'call_1', 'home_visit'] as const
  const offsets = [0, 7, 21, 23, 37]
  for (const [i, a] of chosen.entries()) {
    // Notices served 8 weeks down to a week before the replay: the earliest reach court by today.
    const servedOn = h.calendar.nextWorkingDay(addDays(firstMonday, -56 + Math.round((i * 49) / Math.max(1, chosen.length - 1))))
    const start = weekCommencing(addDays(servedOn, -51))
    const steps: OfficerStep[] = walk.map((id, k) => {
      const stage = findStage(pathway, id)!
      const takenOn = h.calendar.nextWorkingDay(addDays(start, offsets[k]!))
      const visitOrCall = stage.action.type === 'call' || stage.action.type === 'visit'
      return {
        accountId: a.id,
        pathwayId: pathway.id,
        pathwayVersion: pathway.version,
        fromStage: k === 0 ? null : walk[k - 1]!,
        stage,
        takenOn,
        outcome: visitOrCall ? (k === 3 ? 'Spoke to tenant: promised to pay extra, nothing arrived' : 'Visited: tenant at home, arrears and benefits discussed') : `${stage.name} sent`,
        contactMade: visitOrCall,
        channel: stage.action.type === 'call' ? 'phone' : stage.action.type === 'visit' ? 'visit' : stage.action.type === 'sms' ? 'sms' : 'letter',
        recommendationId: null,
        actor: h.actorFor(stage, a.patch_id),
      }
    })
    // One move at a time: each step moves the case on from the one before.
    await h.db.transaction(async (tx) => {
      for (const step of steps) await writeOfficerSteps(tx, [step])
    })
    h.counts.officerSteps += steps.length
    const nosp = findStage(pathway, 'nosp')!
    await h.db.transaction((tx) =>
      serveNotice(tx, {
        accountId: a.id,
        kind: 'nosp_secure',
        deliveredOn: servedOn,
        method: 'hand',
        checksConfirmed: nosp.checks.filter((c) => c !== 'proportionality_recorded' && c !== 'equality_act_considered'),
        proportionalityNote: PROPORTIONALITY,
        equalityNote: EQUALITY,
        actor: h.actorFor(nosp, a.patch_id),
      }),
    )
    h.counts.notices++
  }
}

/** Chooses the accounts that will have holds and benefit claims, from the first night's accounts in arrears. */
async function planHolds(h: History, runId: number, weeks: number): Promise<PlannedHold[]> {
  const rows = await h.db.query<{ account_id: number; account_type: string; party_id: number | null }>(
    `select r.account_id, a.account_type, (select min(party_id) from account_parties ap where ap.account_id = r.account_id) as party_id
     from recommendations r join accounts a on a.id = r.account_id
     where r.run_id = $1 and r.arrears_weeks_hundredths >= 300 and a.account_type in ('rent', 'temporary_accommodation', 'pitch')
       and not exists (select 1 from legal_notices n where n.account_id = r.account_id)
     order by r.account_id`,
    [runId],
  )
  const pool = h.rng.shuffle([...rows])
  const plan: PlannedHold[] = []
  for (const p of HOLD_PLAN) {
    const count = Math.max(1, Math.round(rows.length * p.share))
    for (let i = 0; i < count && pool.length > 0; i++) {
      const a = pool.shift()!
      const week = Math.min(weeks - 1, h.rng.int(p.weeks[0], p.weeks[1]))
      plan.push({
        week,
        type: p.type,
        reason: p.reason,
        accountId: a.account_id,
        partyId: a.party_id,
        endAfterWeeks: p.type === 'dispute' && i % 3 === 0 ? 3 : null,
      })
    }
  }
  return plan
}

/** Holds planned for this week, dated in the days before the night's trawl; disputes resolved as planned. */
async function placeHolds(h: History, week: number, monday: string): Promise<void> {
  for (const e of h.endings.filter((x) => x.week === week)) {
    await h.db.transaction((tx) => endHold(tx, { holdId: e.holdId, endedOn: addDays(monday, -3), reason: 'Dispute decided: the charges were correct', actor: h.opts.teamLeader }))
  }
  for (const p of h.holdsPlan.filter((x) => x.week === week)) {
    const startsOn = addDays(monday, -h.rng.int(1, 3))
    const actor = h.opts.teamLeader
    if (p.type === 'benefit_claim') {
      const [a] = await h.db.query<{ account_type: string }>('select account_type from accounts where id = $1', [p.accountId])
      const kind = a?.account_type === 'temporary_accommodation' || h.rng.chance(0.25) ? 'housing_benefit' : 'universal_credit'
      const r = await recordBenefitClaim(h.db, { accountId: p.accountId, kind, claimedOn: startsOn, reference: `${kind === 'housing_benefit' ? 'HB' : 'UC'}${100000 + p.accountId}`, actor })
      h.counts.benefitClaims++
      if (r.hold.applies) h.counts.holds++
      continue
    }
    const deceased = p.type === 'deceased' && p.partyId !== null
    const added = await h.db.transaction((tx) =>
      addHold(tx, {
        accountId: deceased ? null : p.accountId,
        partyId: deceased ? p.partyId : null,
        type: p.type as HoldType,
        startsOn,
        reason: p.reason,
        reference: p.type.startsWith('breathing_space') ? `BS${200000 + p.accountId}` : p.type.startsWith('insolvency') ? `INS${300000 + p.accountId}` : null,
        actor,
      }),
    )
    h.counts.holds++
    if (p.endAfterWeeks) h.endings.push({ week: week + p.endAfterWeeks, holdId: added.id })
  }
}

/** The officers' week after the night's trawl: a share of the steps due, per patch, within capacity. */
async function officersWeek(h: History, runId: number, monday: string): Promise<void> {
  const recs = await h.db.query<Rec>(
    `select r.id, r.account_id, r.patch_id, r.pathway_id, r.pathway_version, r.from_stage, r.stage, r.action_type, a.account_type,
       array(select party_id from account_parties ap where ap.account_id = r.account_id order by party_id) as party_ids
     from recommendations r join accounts a on a.id = r.account_id
     where r.run_id = $1 and r.kind = 'action' and not r.applied
     order by r.priority desc, r.account_id`,
    [runId],
  )
  const used = new Map<string, number>()
  const take = (kind: keyof typeof TAKE, patch: number | null): boolean => {
    const key = `${kind}:${patch}`
    if ((used.get(key) ?? 0) >= PER_PATCH_WEEK[kind] || !h.rng.chance(TAKE[kind])) return false
    used.set(key, (used.get(key) ?? 0) + 1)
    return true
  }
  const routine: OfficerStep[] = []
  const reviews: Rec[] = []
  const talked: { rec: Rec; on: string }[] = []
  for (const r of recs) {
    const stage = h.stageOf(r)
    if (!stage) continue
    if (r.action_type === 'notice' && stage.action.notice) {
      if (take('notice', r.patch_id)) await serve(h, r, stage, monday)
    } else if (r.action_type === 'claim' && stage.checks.includes('notice_served_all_tenants')) {
      if (take('claim', r.patch_id)) await issueClaim(h, r, stage, monday)
    } else if (ROUTINE.has(r.action_type) && take('routine', r.patch_id)) {
      const takenOn = h.dayInWeek(monday)
      const contact = stage.action.type === 'call' ? h.rng.chance(0.55) : stage.action.type === 'visit' ? h.rng.chance(0.45) : false
      if (stage.checks.includes('pap_complied')) reviews.push(r)
      if (contact) talked.push({ rec: r, on: takenOn })
      routine.push({
        accountId: r.account_id,
        pathwayId: r.pathway_id,
        pathwayVersion: r.pathway_version,
        fromStage: r.from_stage,
        stage,
        takenOn,
        outcome: outcomeOf(h.rng, stage, contact),
        contactMade: contact,
        channel: channelOf(stage.action.type),
        recommendationId: r.id,
        actor: h.actorFor(stage, r.patch_id),
      })
    }
  }
  await h.db.transaction(async (tx) => {
    // The pre-claim review completes the Pre-Action Protocol checklist before it is recorded.
    for (const r of reviews) {
      const step = routine.find((s) => s.recommendationId === r.id)!
      for (const item of PAP_ITEMS) {
        await recordPapItem(tx, { accountId: r.account_id, item, doneOn: step.takenOn, detail: null, actor: step.actor })
      }
    }
    h.counts.officerSteps += await writeOfficerSteps(tx, routine)
  })
  for (const t of talked) if (h.rng.chance(0.4)) await agreeArrangement(h, t.rec, t.on)
}

function channelOf(type: string): string | null {
  return type === 'call' ? 'phone' : type === 'visit' ? 'visit' : type === 'letter' || type === 'letter_before_claim' ? 'letter' : type === 'sms' ? 'sms' : null
}

function outcomeOf(rng: Rng, stage: Stage, contact: boolean): string {
  switch (stage.action.type) {
    case 'call':
      return contact
        ? rng.pick([
            'Spoke to tenant: hours cut at work, discussed income and expenditure',
            'Spoke to tenant: waiting for Universal Credit housing costs, advised on an APA',
            'Spoke to tenant: will pay extra from next payday',
            'Spoke to tenant: referred to money advice',
          ])
        : rng.pick(['No answer, voicemail left', 'No answer', 'Number unobtainable; letter to follow'])
    case 'visit':
      return contact ? 'Visited: tenant at home, arrears, benefits and support needs discussed' : 'Visited: no reply, calling card left'
    case 'review':
      return `${stage.name}: reviewed with the rent statement and contact history`
    default:
      return `${stage.name}: sent`
  }
}

async function serve(h: History, r: Rec, stage: Stage, monday: string): Promise<void> {
  const deliveredOn = h.dayInWeek(monday, 0, 2)
  let method: ServiceMethod = h.rng.pick(['hand', 'hand', 'first_class_post', 'left_at_property'] as const)
  if (method !== 'hand' && h.calendar.addWorkingDays(deliveredOn, 2) > h.lastDay) method = 'hand'
  try {
    await h.db.transaction((tx) =>
      serveNotice(tx, {
        accountId: r.account_id,
        kind: stage.action.notice!.kind as NoticeKind,
        deliveredOn,
        method,
        checksConfirmed: stage.checks.filter((c) => c !== 'proportionality_recorded' && c !== 'equality_act_considered'),
        proportionalityNote: PROPORTIONALITY,
        equalityNote: EQUALITY,
        recommendationId: r.id,
        actor: h.actorFor(stage, r.patch_id),
      }),
    )
    h.counts.notices++
  } catch (e) {
    // A notice the law would not allow on that day (an introductory trial period about to end) is not served.
    if (!(e instanceof AppError)) throw e
  }
}

async function issueClaim(h: History, r: Rec, stage: Stage, monday: string): Promise<void> {
  const issuedOn = h.dayInWeek(monday, 1, 3)
  try {
    const claim = await h.db.transaction((tx) =>
      recordClaim(tx, {
        accountId: r.account_id,
        claimType: 'possession',
        court: 'County Court Money Claims Centre (PCOL)',
        claimNumber: `K${String(10000 + r.account_id).slice(-5)}PC`,
        issuedOn,
        checksConfirmed: stage.checks.filter((c) => c !== 'proportionality_recorded' && c !== 'equality_act_considered'),
        proportionalityNote: PROPORTIONALITY,
        equalityNote: EQUALITY,
        recommendationId: r.id,
        actor: h.opts.teamLeader,
      }),
    )
    h.counts.claims++
    // The court lists the hearing four to eight weeks after issue (CPR 55.5).
    const hearingOn = h.calendar.nextWorkingDay(addDays(issuedOn, h.rng.int(29, 56)))
    await h.db.transaction((tx) => recordHearing(tx, { claimId: claim.claimId, hearingOn, actor: h.opts.teamLeader }))
  } catch (e) {
    if (!(e instanceof AppError)) throw e
  }
}

/** Hearings held this week (by the history's last day): the outcome the court gave. */
async function courtWeek(h: History, monday: string): Promise<void> {
  const until = addDays(monday, 6) > h.lastDay ? h.lastDay : addDays(monday, 6)
  const due = await h.db.query<{ id: number; hearing_on: string }>(
    'select id, hearing_on from court_hearings where outcome is null and hearing_on <= $1 order by hearing_on, id',
    [until],
  )
  for (const hearing of due) {
    const outcome: HearingOutcomeValue = h.rng.weighted([
      ['suspended_order', 70],
      ['outright_order', 10],
      ['postponed_order', 8],
      ['adjourned_on_terms', 12],
    ] as const)
    const terms = outcome !== 'outright_order'
    const termsStartOn = addDays(weekCommencing(hearing.hearing_on), 14)
    await h.db.transaction((tx) =>
      recordHearingOutcome(tx, {
        hearingId: hearing.id,
        outcome,
        possessionOn: outcome === 'suspended_order' || outcome === 'outright_order' ? addDays(hearing.hearing_on, 28) : null,
        termsWeeklyPence: terms ? h.rng.pick([350, 500, 750, 1000]) : null,
        termsStartOn: terms ? termsStartOn : null,
        costsPence: 35_500,
        note: terms ? 'Terms: the current rent plus the weekly amount off the arrears' : 'Possession in 28 days',
        actor: h.opts.teamLeader,
      }),
    )
    h.counts.hearingOutcomes++
  }
}

/**
 * An arrangement agreed on a call or visit. The officer settles on what the tenant says they can afford; here that
 * is read from what they went on to pay (the ledger already holds it): the largest of some usual weekly amounts the
 * later payments keep to, else (half the time) a promise they will not keep.
 */
async function agreeArrangement(h: History, r: Rec, on: string): Promise<void> {
  const partyId = r.party_ids[0]
  if (partyId === undefined || !['rent', 'temporary_accommodation', 'pitch', 'garage'].includes(r.account_type)) return
  const startDate = addDays(on, 8 - dayOfWeek(on)) // the Monday after the call
  const paymentMethod: ArrangementPaymentMethod = h.rng.pick(['direct_debit', 'direct_debit', 'card', 'allpay', 'standing_order', 'bank_transfer'] as const)
  const base = { partyId, accountIds: [r.account_id], frequency: 'weekly' as const, startDate, paymentMethod, today: on }
  let preview
  try {
    preview = await previewArrangement(h.db, { ...base, instalmentPence: 500 })
  } catch (e) {
    if (e instanceof AppError) return // no arrears to arrange, or one already in force
    throw e
  }
  const balances = await h.db.query<{ date: string; balance: number }>(
    `select d.day as date, d.running::bigint as balance from (
       select effective_date as day, sum(sum(amount_pence)) over (order by effective_date) as running
       from postings where account_id = $1 and effective_date <= $2 group by effective_date) d
     where d.day >= $3 order by d.day`,
    [r.account_id, h.opts.today, startDate],
  )
  const actual: BalanceObservation[] = balances.map((b) => ({ date: b.date, balancePence: b.balance }))
  let instalment: number | null = null
  for (const c of [3000, 2000, 1500, 1000, 750, 500, 300]) {
    const made = createArrangement({ terms: { ...preview.terms, instalmentPence: c }, agreedBy: 'seed', today: on })
    if (!made.ok) continue
    const status = checkArrangement({ schedule: made.arrangement.versions[0]!.schedule, actualBalances: actual, today: h.opts.today, tolerance: preview.terms.tolerance, previousStatus: 'kept' }).status
    if (status !== 'breached') {
      instalment = c
      break
    }
  }
  if (instalment === null && h.rng.chance(0.5)) instalment = h.rng.pick([500, 1000])
  if (instalment === null) return
  await setUpArrangement(h.db, { ...base, instalmentPence: instalment, reason: 'Agreed with the tenant on the phone after discussing income and expenditure', actor: h.opts.officerForPatch.get(r.patch_id ?? -1) ?? h.opts.teamLeader })
  h.counts.arrangements++
}

/** Tenants who ring in, and case notes, on some accounts the night's trawl found in arrears. */
async function contactsWeek(h: History, runId: number, monday: string): Promise<void> {
  const rows = await h.db.query<{ account_id: number; patch_id: number | null; party_id: number | null }>(
    `select r.account_id, r.patch_id, (select min(party_id) from account_parties ap where ap.account_id = r.account_id) as party_id
     from recommendations r where r.run_id = $1 and r.kind in ('action', 'blocked') order by r.account_id`,
    [runId],
  )
  const now = new Date(`${h.opts.today}T00:00:00Z`)
  for (const r of rows) {
    const actor = (r.patch_id !== null ? h.opts.officerForPatch.get(r.patch_id) : undefined) ?? h.opts.teamLeader
    if (h.rng.chance(0.04)) {
      const day = h.dayInWeek(monday)
      const outcome = h.rng.pick(['promise_to_pay', 'spoke_to_tenant', 'other'] as const)
      await recordContact(h.db, {
        accountId: r.account_id,
        partyId: r.party_id,
        direction: 'in',
        channel: h.rng.pick(['phone', 'phone', 'email', 'in_person'] as const),
        contactedAt: new Date(`${day}T${String(h.rng.int(9, 16)).padStart(2, '0')}:${String(h.rng.int(0, 59)).padStart(2, '0')}:00Z`),
        outcome,
        summary:
          outcome === 'promise_to_pay'
            ? 'Tenant rang after the letter: promised a payment on Friday'
            : outcome === 'spoke_to_tenant'
              ? 'Tenant rang to ask for a rent statement and about help with a Universal Credit claim'
              : 'Support worker rang on the tenant’s behalf; consent on file',
        actor,
        now,
      })
      h.counts.contacts++
    } else if (h.rng.chance(0.015)) {
      await addNote(h.db, { accountId: r.account_id, text: h.rng.pick(['Checked the HB/UC position: no claim pending.', 'Tenant has a new job starting next month; review arrears then.', 'Discussed with the team leader: continue with letters for now.']), actor })
      h.counts.notes++
    }
  }
}
