/**
 * The nightly arrangement check (`reeve run arrangement-check --date D`): for every arrangement in force, the
 * combined end-of-day balance of its accounts on each day it changed since the current terms began (one set-based
 * query for all arrangements), checked by the domain's `checkArrangement` against the expected schedule with the
 * version's tolerance. Events are written only on a transition from the stored status (kept → breached, breached
 * → kept, → completed), once each (a unique index backs it), so a second run for the same date changes nothing.
 * A breach moves the recovery pathway through the `account_arrangement_status` view the trawl reads.
 */
import type { Db } from '../db/client.ts'
import { checkArrangement, type ArrangementTerms, type BalanceObservation, type ExpectedSchedule } from '../domain/arrangements/index.ts'
import { isIsoDate } from '../domain/calendar/index.ts'
import { AppError } from '../errors.ts'
import { systemActor, type Actor } from '../services/actor.ts'
import { insertArrangementEvent } from '../services/arrangements/arrangements.ts'
import { arrangementSettings } from '../services/arrangements/arrangement-settings.ts'
import { recordAuditEvent } from '../services/audit/record-audit-event.ts'
import { failJobRun, finishJobRun, startJobRun } from './job-runs.ts'

export interface ArrangementCheckCounts {
  checked: number
  kept: number
  breached: number
  completed: number
  transitions: number
  notStarted: number
}

interface OpenArrangement {
  id: number
  status: 'kept' | 'breached'
  version: number
  effective_from: string
  terms: ArrangementTerms
  schedule: ExpectedSchedule
}

export async function runArrangementCheck(db: Db, opts: { date: string; actor?: Actor }): Promise<ArrangementCheckCounts> {
  if (!isIsoDate(opts.date)) throw new AppError('validation', 'The date must be a real date (YYYY-MM-DD)')
  const actor = opts.actor ?? systemActor('arrangement-check')
  const run = await startJobRun(db, 'arrangement-check', `arrangement-check:${opts.date}`, { date: opts.date })
  try {
    const counts = await check(db, opts.date, actor)
    await finishJobRun(db, run.id, counts)
    return counts
  } catch (e) {
    await failJobRun(db, run.id, e)
    throw e
  }
}

async function check(db: Db, date: string, actor: Actor): Promise<ArrangementCheckCounts> {
  const settings = await arrangementSettings(db, date)
  // The arrangements in force, each with the version whose terms apply on the date.
  const open = await db.query<OpenArrangement>(
    `select distinct on (a.id) a.id, a.status, v.version, v.effective_from, v.terms, v.schedule
     from arrangements a join arrangement_versions v on v.arrangement_id = a.id and v.effective_from <= $1
     where a.status in ('kept', 'breached')
     order by a.id, v.version desc`,
    [date],
  )
  const [{ n: total } = { n: 0 }] = await db.query<{ n: number }>(`select count(*)::int as n from arrangements where status in ('kept', 'breached')`)
  const counts: ArrangementCheckCounts = { checked: open.length, kept: 0, breached: 0, completed: 0, transitions: 0, notStarted: total - open.length }
  if (open.length === 0) return counts

  // End-of-day combined balance of each arrangement's accounts, on every day it changed from its terms' start to the date.
  const rows = await db.query<{ arrangement_id: number; day: string; balance: number }>(
    `with arr as (select unnest($1::bigint[]) as id, unnest($2::date[]) as since),
     daily as (
       select aa.arrangement_id, p.effective_date as day, sum(p.amount_pence)::bigint as delta
       from arr join arrangement_accounts aa on aa.arrangement_id = arr.id
       join postings p on p.account_id = aa.account_id and p.effective_date <= $3
       group by aa.arrangement_id, p.effective_date
     ),
     running as (select arrangement_id, day, sum(delta) over (partition by arrangement_id order by day)::bigint as balance from daily)
     select r.arrangement_id, r.day, r.balance from running r join arr on arr.id = r.arrangement_id
     where r.day >= arr.since order by r.arrangement_id, r.day`,
    [open.map((a) => a.id), open.map((a) => a.effective_from), date],
  )
  const balances = new Map<number, BalanceObservation[]>()
  for (const r of rows) {
    const list = balances.get(r.arrangement_id) ?? []
    list.push({ date: r.day, balancePence: r.balance })
    balances.set(r.arrangement_id, list)
  }

  for (const a of open) {
    const result = checkArrangement({
      schedule: a.schedule,
      actualBalances: balances.get(a.id) ?? [],
      today: date,
      tolerance: a.terms.tolerance,
      previousStatus: a.status,
      breachIsFinal: settings.breachIsFinal,
    })
    counts[result.status]++
    const t = result.transition
    if (!t) continue
    const type = t.type === 'back_on_track' ? 'kept' : t.type
    const wrote = await db.transaction(async (tx) => {
      const [locked] = await tx.query<{ status: string }>('select status from arrangements where id = $1 for update', [a.id])
      if (!locked || locked.status !== a.status) return false
      const inserted = await insertArrangementEvent(
        tx,
        { arrangementId: a.id, version: a.version, type, on: t.on, text: t.text, detail: t.type === 'breached' ? t.detail : t.reading, checkDate: date },
        actor,
      )
      await tx.query('update arrangements set status = $2, status_since = $3 where id = $1', [a.id, result.status, t.on])
      await recordAuditEvent(tx, actor, {
        action: `arrangement.${type}`,
        entityType: 'arrangement',
        entityId: a.id,
        before: { status: a.status },
        after: { status: result.status, on: t.on, checkDate: date },
        reason: t.text,
      })
      return inserted
    })
    if (wrote) counts.transitions++
  }
  await db.query('update arrangements set last_checked_on = greatest(coalesce(last_checked_on, $2::date), $2::date) where id = any($1::bigint[])', [open.map((a) => a.id), date])
  return counts
}
