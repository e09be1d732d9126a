/** Reading arrangements for the pages, the one view of debt and the API. */
import type { Queryable } from '../../db/client.ts'
import { DEFAULT_PRIORITY_ORDER, describePriority, describeTerms, periodDate, type ArrangementTerms, type ExpectedSchedule } from '../../domain/arrangements/index.ts'
import type { IsoDate } from '../../domain/calendar/index.ts'
import { formatPounds } from '../../domain/money/pence.ts'

export interface ArrangementEventView {
  id: number
  version: number
  type: 'created' | 'amended' | 'kept' | 'breached' | 'completed' | 'cancelled'
  on: string
  text: string
  actor: string
  /** What an amendment changed, one line each. */
  changes: string[]
}

export interface ArrangementAccountView {
  accountId: number
  accountNumber: string
  accountType: string
  tier: number
  /** Arrears on the version's effective date. */
  startingBalancePence: number
  firstInstalmentSharePence: number
}

export interface ArrangementView {
  id: number
  partyId: number
  status: 'kept' | 'breached' | 'completed' | 'cancelled'
  statusSince: string
  lastCheckedOn: string | null
  cancelReason: string | null
  version: number
  terms: ArrangementTerms
  schedule: ExpectedSchedule
  description: string
  completesOn: string
  nextPayment: { dueOn: string; paymentPence: number; instalmentPence: number; chargePence: number } | null
  /** The accounts the current version covers. */
  accounts: ArrangementAccountView[]
  /** The priority order and tolerance in words. */
  priority: string
  tolerance: string
  versions: {
    version: number
    effectiveFrom: string
    description: string
    reason: string
    recordedBy: string
    recordedOn: string
    accounts: ArrangementAccountView[]
    priority: string
    tolerance: string
  }[]
  events: ArrangementEventView[]
  breaches: ArrangementEventView[]
}

/** The next payment the schedule expects on or after `today` (after the arrears are cleared, the charge alone). */
export function nextExpectedPayment(schedule: ExpectedSchedule, today: IsoDate): ArrangementView['nextPayment'] {
  const e = schedule.entries.find((x) => x.dueOn >= today)
  if (e) return { dueOn: e.dueOn, paymentPence: e.paymentPence, instalmentPence: e.instalmentPence, chargePence: e.chargePence }
  if (schedule.chargePerPeriodPence === 0) return null
  for (let k = schedule.instalmentCount; k < schedule.instalmentCount + 2000; k++) {
    const d = periodDate(schedule.startDate, schedule.frequency, k)
    if (d >= today) return { dueOn: d, paymentPence: schedule.chargePerPeriodPence, instalmentPence: 0, chargePence: schedule.chargePerPeriodPence }
  }
  return null
}

const priorityText = (t: ArrangementTerms) => describePriority(t.apportion?.priorityOrder ?? DEFAULT_PRIORITY_ORDER, t.apportion?.withinTier ?? 'pro_rata')
const toleranceText = (t: ArrangementTerms) => `${formatPounds(t.tolerance.amountPence)} and ${t.tolerance.days} days`

export async function getArrangement(db: Queryable, arrangementId: number, today: IsoDate): Promise<ArrangementView | null> {
  const [a] = await db.query<{ id: number; party_id: number; status: ArrangementView['status']; status_since: string; last_checked_on: string | null; cancel_reason: string | null }>(
    'select id, party_id, status, status_since, last_checked_on, cancel_reason from arrangements where id = $1',
    [arrangementId],
  )
  if (!a) return null
  const versions = await db.query<{ version: number; effective_from: string; terms: ArrangementTerms; schedule: ExpectedSchedule; reason: string; recorded_by: string; recorded_on: string }>(
    'select version, effective_from, terms, schedule, reason, recorded_by, recorded_on from arrangement_versions where arrangement_id = $1 order by version',
    [a.id],
  )
  const accountRows = await db.query<{ version: number; account_id: number; account_number: string; account_type: string; priority_tier: number; arrears_pence: number; first_instalment_share_pence: number }>(
    `select va.version, va.account_id, ac.account_number, ac.account_type, va.priority_tier, va.arrears_pence, va.first_instalment_share_pence
     from arrangement_version_accounts va join accounts ac on ac.id = va.account_id where va.arrangement_id = $1 order by va.version, va.priority_tier, ac.account_number`,
    [a.id],
  )
  const accountsOf = (version: number): ArrangementAccountView[] =>
    accountRows
      .filter((r) => r.version === version)
      .map((r) => ({
        accountId: r.account_id,
        accountNumber: r.account_number,
        accountType: r.account_type,
        tier: r.priority_tier,
        startingBalancePence: r.arrears_pence,
        firstInstalmentSharePence: r.first_instalment_share_pence,
      }))
  const events = await db.query<{ id: number; version: number; event_type: ArrangementEventView['type']; occurred_on: string; text: string; actor: string; detail: { changes?: unknown } | null }>(
    'select id, version, event_type, occurred_on, text, actor, detail from arrangement_events where arrangement_id = $1 order by occurred_on, id',
    [a.id],
  )
  const current = versions[versions.length - 1]!
  const eventViews = events.map((e) => ({
    id: e.id,
    version: e.version,
    type: e.event_type,
    on: e.occurred_on,
    text: e.text,
    actor: e.actor,
    changes: Array.isArray(e.detail?.changes) ? e.detail.changes.filter((c): c is string => typeof c === 'string') : [],
  }))
  return {
    id: a.id,
    partyId: a.party_id,
    status: a.status,
    statusSince: a.status_since,
    lastCheckedOn: a.last_checked_on,
    cancelReason: a.cancel_reason,
    version: current.version,
    terms: current.terms,
    schedule: current.schedule,
    description: describeTerms(current.terms),
    completesOn: current.schedule.completesOn,
    nextPayment: a.status === 'kept' || a.status === 'breached' ? nextExpectedPayment(current.schedule, today) : null,
    accounts: accountsOf(current.version),
    priority: priorityText(current.terms),
    tolerance: toleranceText(current.terms),
    versions: versions.map((v) => ({
      version: v.version,
      effectiveFrom: v.effective_from,
      description: describeTerms(v.terms),
      reason: v.reason,
      recordedBy: v.recorded_by,
      recordedOn: v.recorded_on,
      accounts: accountsOf(v.version),
      priority: priorityText(v.terms),
      tolerance: toleranceText(v.terms),
    })),
    events: eventViews,
    breaches: eventViews.filter((e) => e.type === 'breached'),
  }
}

/**
 * The arrangement for an account: the one covering it now that is in force, else the most recent one that
 * covers it or once covered it (an account taken out by an amendment); null when there has never been one.
 */
export async function getAccountArrangement(db: Queryable, accountId: number, today: IsoDate): Promise<ArrangementView | null> {
  const [r] = await db.query<{ id: number }>(
    `select a.id from arrangements a
     where a.id in (select arrangement_id from arrangement_accounts where account_id = $1
                    union select arrangement_id from arrangement_version_accounts where account_id = $1)
     order by (a.status in ('kept', 'breached') and exists (select 1 from arrangement_accounts aa where aa.arrangement_id = a.id and aa.account_id = $1)) desc, a.id desc
     limit 1`,
    [accountId],
  )
  return r ? getArrangement(db, r.id, today) : null
}
