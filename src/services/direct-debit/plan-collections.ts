/**
 * Collection planning: the amount of a mandate's collections (from the account's weekly charges), its schedules
 * (append-only: the latest-created schedule starting on or before a date applies), the planned collections
 * materialised from them a couple of months ahead, and re-planning with an advance notice when the amount, date
 * or frequency changes. Shared by set-up, amendment, resumption, the adjustments run and the collection run.
 */
import type { Queryable } from '../../db/client.ts'
import { addDays, maxDate, weekCommencing } from '../../domain/calendar/dates.ts'
import { rentYearOf } from '../../domain/calendar/rent-year.ts'
import type { WorkingDayCalendar } from '../../domain/calendar/working-days.ts'
import {
  adviceOfChange,
  collectionAmount,
  nextCollectionDates,
  type CollectionAmount,
  type CollectionFrequency,
  type CollectionPattern,
  type CollectionPlan,
  type ScheduledCollection,
} from '../../domain/direct-debit/schedule.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { produceAdvanceNotice, type NoticeKind } from './advance-notice.ts'
import { asUserError, type DdSettings } from './dd-settings.ts'
import { cancelPlannedCollections, COLLECTING_STATUSES, type Mandate } from './mandates.ts'

/** Planned collections are kept materialised this far ahead of the latest planning date (two monthly collections). */
export const PLAN_AHEAD_DAYS = 62
/** How many upcoming collections an advance notice lists. */
export const NOTICE_LISTS = 6

export interface ChargeInfo {
  /** Sum of the charges in force (rent, service charges…), per week. */
  weeklyChargePence: number
  /** Rent-free weeks in the rent year (monthly payers pay weekly × (52 − rent-free) ÷ 12). */
  rentFreeWeeks: number
}

/** The weekly charges in force on a date for each account, and its rent-free weeks in that rent year. */
export async function chargesOn(tx: Queryable, accountIds: readonly number[], onDate: string): Promise<Map<number, ChargeInfo>> {
  const year = rentYearOf(onDate)
  const rows = await tx.query<{ account_id: number; weekly: number; rent_free: number }>(
    `select a.id as account_id,
       coalesce((select sum(r.weekly_pence) from (
          select distinct on (cr.charge_type) cr.weekly_pence from charge_schedules cs join charge_rates cr on cr.schedule_id = cs.id
          where cs.account_id = a.id and cr.effective_from <= $2::date order by cr.charge_type, cr.effective_from desc) r), 0)::bigint as weekly,
       (select count(*) from charge_schedules cs join rent_free_weeks f on f.calendar_code = cs.rent_free_calendar
        where cs.account_id = a.id and f.week_commencing >= $3::date and f.week_commencing < $4::date)::int as rent_free
     from unnest($1::int[]) as a(id)`,
    [accountIds, onDate, year.start, year.endExclusive],
  )
  return new Map(rows.map((r) => [r.account_id, { weeklyChargePence: r.weekly, rentFreeWeeks: r.rent_free }]))
}

export interface AmountTerms {
  frequency: CollectionFrequency
  instalment_pence: number
  benefit_weekly_pence: number
}

export interface MandateAmount extends CollectionAmount {
  weeklyChargePence: number
  benefitWeeklyPence: number
}

/** Each collection: (weekly charges − housing costs paid direct) converted to the frequency, plus the instalment. */
export function amountFor(terms: AmountTerms, charge: ChargeInfo): MandateAmount {
  try {
    const amount = collectionAmount({
      weeklyChargePence: Math.max(0, charge.weeklyChargePence - terms.benefit_weekly_pence),
      arrangementInstalmentPence: terms.instalment_pence,
      frequency: terms.frequency,
      rentFreeWeeks: terms.frequency === 'monthly' ? charge.rentFreeWeeks : 0,
    })
    return { ...amount, weeklyChargePence: charge.weeklyChargePence, benefitWeeklyPence: terms.benefit_weekly_pence }
  } catch (e) {
    throw asUserError(e)
  }
}

export interface Schedule {
  id: number
  mandate_id: number
  frequency: CollectionFrequency
  day_of_month: number | null
  weekday: number | null
  anchor: string | null
  starts_on: string
  amount_pence: number
  notice_id: number | null
  reason: string
}

export function schedulePattern(s: Pick<Schedule, 'frequency' | 'day_of_month' | 'weekday' | 'anchor'>): CollectionPattern {
  if (s.frequency === 'monthly') return { frequency: 'monthly', dayOfMonth: s.day_of_month! }
  return { frequency: s.frequency, weekday: s.weekday!, ...(s.anchor ? { anchor: s.anchor } : {}) }
}

/**
 * The collections of a pattern from `from`: working-day dates (nextCollectionDates), leaving out rent-free weeks
 * for weekly, fortnightly and 4-weekly payers (monthly amounts already spread the rent-free weeks), stopping
 * after `through` or after `count` collections, whichever comes first.
 */
export function collectionDates(
  pattern: CollectionPattern,
  opts: { from: string; through?: string; count?: number; rentFreeMondays?: ReadonlySet<string> },
  calendar: WorkingDayCalendar,
): ScheduledCollection[] {
  const out: ScheduledCollection[] = []
  const wanted = opts.count ?? Number.POSITIVE_INFINITY
  let from = opts.from
  for (let guard = 0; guard < 100 && out.length < wanted; guard++) {
    const batch = nextCollectionDates({ ...pattern, from, count: 12 }, calendar)
    for (const c of batch) {
      if (opts.through !== undefined && c.date > opts.through) return out
      if (pattern.frequency !== 'monthly' && opts.rentFreeMondays?.has(weekCommencing(c.date))) continue
      out.push(c)
      if (out.length >= wanted) return out
    }
    from = addDays(batch[batch.length - 1]!.date, 1)
  }
  return out
}

async function rentFreeMondays(tx: Queryable, accountIds: readonly number[], from: string, through: string): Promise<Map<number, Set<string>>> {
  const rows = await tx.query<{ account_id: number; monday: string }>(
    `select cs.account_id, f.week_commencing as monday from charge_schedules cs join rent_free_weeks f on f.calendar_code = cs.rent_free_calendar
     where cs.account_id = any($1::int[]) and f.week_commencing between $2::date - 7 and $3::date`,
    [accountIds, from, through],
  )
  const out = new Map<number, Set<string>>()
  for (const r of rows) {
    if (!out.has(r.account_id)) out.set(r.account_id, new Set())
    out.get(r.account_id)!.add(r.monday)
  }
  return out
}

/**
 * Materialises planned collections up to `through` for collecting mandates (all, or those listed): for each
 * schedule, the dates after the last one it already produced on which it is the schedule in force. A date that
 * already has a live regular collection is never planned twice. Returns the number planned.
 */
export async function extendCollections(
  tx: Queryable,
  opts: { through: string; mandateIds?: readonly number[]; calendar: WorkingDayCalendar },
): Promise<number> {
  // Without a list: only the mandates whose planned collections stop short of `through` (about one in thirty a day).
  const mandates = await tx.query<{ id: number; account_id: number; final_collection_on: string | null }>(
    `select m.id, m.account_id, m.final_collection_on from dd_mandates m
     where m.status = any($1::text[]) and ($2::int[] is null or m.id = any($2::int[]))
       and ($2::int[] is not null or coalesce((select max(c.collection_date) from dd_collections c
             where c.mandate_id = m.id and c.represented_from_id is null and c.status <> 'cancelled'), '-infinity'::date) < $3::date)
     order by m.id`,
    [COLLECTING_STATUSES, opts.mandateIds ?? null, opts.through],
  )
  if (mandates.length === 0) return 0
  const schedules = await tx.query<Schedule & { last_date: string | null }>(
    `select s.id, s.mandate_id, s.frequency, s.day_of_month, s.weekday, s.anchor, s.starts_on, s.amount_pence, s.notice_id, s.reason,
       (select max(c.collection_date) from dd_collections c where c.schedule_id = s.id) as last_date
     from dd_schedules s where s.mandate_id = any($1::int[]) order by s.mandate_id, s.id`,
    [mandates.map((m) => m.id)],
  )
  const byMandate = new Map<number, typeof schedules>()
  for (const s of schedules) {
    if (!byMandate.has(s.mandate_id)) byMandate.set(s.mandate_id, [])
    byMandate.get(s.mandate_id)!.push(s)
  }
  const minStart = schedules.reduce((min, s) => (s.starts_on < min ? s.starts_on : min), opts.through)
  const rentFree = await rentFreeMondays(tx, [...new Set(mandates.map((m) => m.account_id))], minStart, opts.through)

  const candidates: { mandateId: number; scheduleId: number; noticeId: number; date: string; nominal: string; amount: number }[] = []
  for (const m of mandates) {
    const list = byMandate.get(m.id) ?? []
    const through = m.final_collection_on && m.final_collection_on < opts.through ? m.final_collection_on : opts.through
    // The schedule in force on d: the latest created whose start is on or before d.
    const inForce = (d: string) => list.reduce<Schedule | null>((cur, s) => (s.starts_on <= d && (!cur || s.id > cur.id) ? s : cur), null)
    for (const s of list) {
      if (s.amount_pence <= 0 || s.notice_id === null) continue
      const from = s.last_date && s.last_date >= s.starts_on ? addDays(s.last_date, 1) : s.starts_on
      if (from > through) continue
      const dates = collectionDates(schedulePattern(s), { from, through, rentFreeMondays: rentFree.get(m.account_id) ?? new Set() }, opts.calendar)
      for (const c of dates) {
        if (inForce(c.date)?.id !== s.id) continue
        candidates.push({ mandateId: m.id, scheduleId: s.id, noticeId: s.notice_id, date: c.date, nominal: c.nominal, amount: s.amount_pence })
      }
    }
  }
  if (candidates.length === 0) return 0
  // A date that already has a live regular collection (e.g. one submitted early) is never planned twice.
  const rows = await tx.query<{ id: number }>(
    `insert into dd_collections (mandate_id, schedule_id, notice_id, collection_date, nominal_date, amount_pence)
     select u.* from unnest($1::int[], $2::bigint[], $3::bigint[], $4::date[], $5::date[], $6::bigint[]) as u(mandate_id, schedule_id, notice_id, d, nominal, amount)
     where not exists (select 1 from dd_collections c where c.mandate_id = u.mandate_id and c.collection_date = u.d
                       and c.status <> 'cancelled' and c.represented_from_id is null)
     returning id`,
    [
      candidates.map((r) => r.mandateId),
      candidates.map((r) => r.scheduleId),
      candidates.map((r) => r.noticeId),
      candidates.map((r) => r.date),
      candidates.map((r) => r.nominal),
      candidates.map((r) => r.amount),
    ],
  )
  return rows.length
}

export async function latestSchedule(tx: Queryable, mandateId: number): Promise<Schedule | null> {
  const [s] = await tx.query<Schedule>(
    `select id, mandate_id, frequency, day_of_month, weekday, anchor, starts_on, amount_pence, notice_id, reason
     from dd_schedules where mandate_id = $1 order by id desc limit 1`,
    [mandateId],
  )
  return s ?? null
}

interface PlanContext {
  today: string
  calendar: WorkingDayCalendar
  settings: DdSettings
  actor: Actor
}

async function insertSchedule(
  tx: Queryable,
  m: Mandate,
  a: { pattern: CollectionPattern; startsOn: string; amount: MandateAmount; noticeId: number | null; reason: string },
): Promise<number> {
  const [row] = await tx.query<{ id: number }>(
    `insert into dd_schedules (mandate_id, frequency, day_of_month, weekday, anchor, starts_on, weekly_charge_pence, benefit_weekly_pence,
       charge_pence, instalment_pence, amount_pence, notice_id, reason)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) returning id`,
    [
      m.id,
      a.pattern.frequency,
      a.pattern.dayOfMonth ?? null,
      a.pattern.frequency === 'monthly' ? null : a.pattern.weekday,
      a.pattern.anchor ?? null,
      a.startsOn,
      a.amount.weeklyChargePence,
      a.amount.benefitWeeklyPence,
      a.amount.chargePence,
      a.amount.instalmentPence,
      a.amount.totalPence,
      a.noticeId,
      a.reason,
    ],
  )
  return row!.id
}

/** The pattern a mandate's columns describe, keeping the cycle (anchor) of the schedule it replaces when the weekday is the same. */
export function proposedPattern(m: Pick<Mandate, 'frequency' | 'day_of_month' | 'weekday'>, current: Schedule | null): CollectionPattern {
  if (m.frequency === 'monthly') return { frequency: 'monthly', dayOfMonth: m.day_of_month! }
  const keepCycle = current && current.frequency === m.frequency && current.weekday === m.weekday && current.anchor
  return { frequency: m.frequency, weekday: m.weekday!, ...(keepCycle ? { anchor: current.anchor! } : {}) }
}

export interface StartedSchedule {
  scheduleId: number
  noticeId: number
  amount: MandateAmount
  collections: ScheduledCollection[]
}

/**
 * Puts a new plan in force from the first pattern date on or after `from`: the advance notice listing the next
 * collections, the schedule (a fortnightly or 4-weekly cycle anchored on its first date when it has no cycle
 * yet), planned collections from then on replaced, and the new ones planned ahead.
 */
async function adoptPlan(
  tx: Queryable,
  m: Mandate,
  o: PlanContext & {
    pattern: CollectionPattern
    from: string
    amount: MandateAmount
    kind: NoticeKind
    noticeEarliest: string
    changes?: string[]
    reason: string
  },
): Promise<StartedSchedule> {
  const rentFree = (await rentFreeMondays(tx, [m.account_id], o.from, addDays(o.from, 400))).get(m.account_id)
  const listed = collectionDates(o.pattern, { from: o.from, count: NOTICE_LISTS, ...(rentFree ? { rentFreeMondays: rentFree } : {}) }, o.calendar)
  const first = listed[0]!
  const pattern = o.pattern.frequency === 'monthly' || o.pattern.anchor ? o.pattern : { ...o.pattern, anchor: first.nominal }
  const noticeId = await produceAdvanceNotice(tx, {
    mandate: m,
    kind: o.kind,
    producedOn: o.today,
    earliestCollection: o.noticeEarliest,
    collections: listed.map((c) => ({ date: c.date, amountPence: o.amount.totalPence })),
    frequency: m.frequency,
    day: m.day_of_month ?? m.weekday!,
    ...(o.changes ? { changes: o.changes } : {}),
    settings: o.settings,
    actor: o.actor,
  })
  const scheduleId = await insertSchedule(tx, m, { pattern, startsOn: first.date, amount: o.amount, noticeId, reason: o.reason })
  await cancelPlannedCollections(tx, m.id, `Re-planned from ${first.date} (advance notice ${noticeId})`, { from: first.date, regularOnly: true })
  await extendCollections(tx, { through: addDays(maxDate(first.date, o.today), PLAN_AHEAD_DAYS), mandateIds: [m.id], calendar: o.calendar })
  return { scheduleId, noticeId, amount: o.amount, collections: listed }
}

/**
 * Starts collecting on a mandate that has no schedule running (a new mandate, or one resumed): amount from the
 * charges in force today, first collection on the first pattern date on or after `earliest`, with its advance notice.
 */
export async function startSchedule(
  tx: Queryable,
  m: Mandate,
  o: PlanContext & { kind: Extract<NoticeKind, 'new_mandate' | 'resume'>; earliest: string; noticeEarliest: string; reason: 'set_up' | 'resume' },
): Promise<StartedSchedule> {
  const amount = amountFor(m, (await chargesOn(tx, [m.account_id], o.today)).get(m.account_id)!)
  if (amount.totalPence <= 0) {
    throw new AppError(
      'validation',
      'There is nothing to collect: the account has no weekly charge in force (after housing costs paid direct) and no instalment',
    )
  }
  const pattern = proposedPattern(m, await latestSchedule(tx, m.id))
  return adoptPlan(tx, m, { ...o, pattern, from: o.earliest, amount })
}

/** The earliest a change may be collected after notice given today (the Guarantee's notice, and a whole Bacs cycle). */
export function earliestAfterNotice(today: string, noticeWorkingDays: number, calendar: WorkingDayCalendar): string {
  return maxDate(calendar.addWorkingDays(today, noticeWorkingDays), calendar.addWorkingDays(calendar.nextWorkingDay(today), 2))
}

export interface ReplanResult {
  changed: boolean
  changes: string[]
  amountBeforePence: number
  amountAfterPence: number
  firstCollection: string | null
  noticeId: number | null
  scheduleId: number | null
}

/**
 * Re-plans a collecting mandate to match its terms (pattern, instalment, housing costs) and the charges in force
 * on `chargesOn`. No change of amount, date or frequency: nothing happens. Otherwise an advance notice is produced
 * and the new plan starts on the first collection the notice period allows (and not before `notBefore`); planned
 * collections before then stay as they were notified.
 */
export async function replanMandate(
  tx: Queryable,
  m: Mandate,
  o: PlanContext & { chargesOn: string; notBefore?: string; reason: 'adjustment' | 'amendment' },
): Promise<ReplanResult> {
  const current = await latestSchedule(tx, m.id)
  const unchanged = (amount: number): ReplanResult => ({
    changed: false,
    changes: [],
    amountBeforePence: current?.amount_pence ?? 0,
    amountAfterPence: amount,
    firstCollection: null,
    noticeId: null,
    scheduleId: null,
  })
  if (!current || !COLLECTING_STATUSES.includes(m.status)) return unchanged(current?.amount_pence ?? 0)
  const amount = amountFor(m, (await chargesOn(tx, [m.account_id], o.chargesOn)).get(m.account_id)!)
  const pattern = proposedPattern(m, current)

  if (amount.totalPence === 0) {
    // Nothing more to collect (e.g. housing costs now cover the charge): stop planning; no notice is needed to collect less.
    if (current.amount_pence === 0) return unchanged(0)
    const startsOn = maxDate(o.today, o.notBefore ?? o.today)
    await cancelPlannedCollections(tx, m.id, 'Nothing to collect from this date', { from: startsOn, regularOnly: true })
    const scheduleId = await insertSchedule(tx, m, { pattern, startsOn, amount, noticeId: null, reason: o.reason })
    return { ...unchanged(0), changed: true, changes: ['amount'], scheduleId }
  }

  const currentPlan: CollectionPlan = { ...schedulePattern(current), amountPence: current.amount_pence }
  const proposedPlan: CollectionPlan = { ...pattern, amountPence: amount.totalPence }
  let advice
  try {
    advice = adviceOfChange(currentPlan, proposedPlan, { today: o.today, noticeWorkingDays: m.notice_working_days }, o.calendar)
  } catch (e) {
    throw asUserError(e)
  }
  if (!advice.noticeRequired) return unchanged(amount.totalPence)

  const from = o.notBefore ? maxDate(advice.earliestCollection, o.notBefore) : advice.earliestCollection
  const adopted = await adoptPlan(tx, m, { ...o, pattern, from, amount, kind: 'change', noticeEarliest: advice.earliestCollection, changes: advice.changes })
  return {
    changed: true,
    changes: advice.changes,
    amountBeforePence: current.amount_pence,
    amountAfterPence: amount.totalPence,
    firstCollection: adopted.collections[0]!.date,
    noticeId: adopted.noticeId,
    scheduleId: adopted.scheduleId,
  }
}
