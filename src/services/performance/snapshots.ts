import type { Db, Queryable } from '../../db/client.ts'
import { addDays, isIsoDate, weekCommencing } from '../../domain/calendar/dates.ts'
import { rentYearOf } from '../../domain/calendar/rent-year.ts'
import { emptyFigures, FIGURES, type Figure, type Figures } from '../../domain/performance/measures.ts'
import type { StageCount } from '../../domain/performance/stage-funnel.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'
import { DIMENSIONS, figuresSql, LATEST_TRAWL_RUN_SQL, stageCountsSql, type Dimension } from './figures.sql.ts'
import { figuresParams, NO_FILTERS } from './read-figures.ts'

export type SnapshotBasis = 'week' | 'rent_year_to_date'

export interface SnapshotResult {
  snapshotId: number
  weekCommencing: string
  weekEnding: string
  trawlRunDate: string | null
  figureRows: number
  /** True when the week had been snapshotted already: the stored snapshot is returned unchanged. */
  replayed: boolean
}

// The figures query, its rows unpivoted into one row per figure, straight into the table: one statement, no round
// trip of the figures through JavaScript. Zero figures are not stored (a missing figure reads as 0).
const unpivot = FIGURES.map((f) => `('${f}', f.${f})`).join(', ')
const insertFiguresSql = (base: number) => `with figures as (${figuresSql(DIMENSIONS).replace(/\$(\d+)\b/g, (_, n: string) => `$${Number(n) + base}`)})
insert into performance_snapshot_figures (snapshot_id, basis, dimension, group_key, figure, detail, value)
select $1, $2, f.dimension, f.group_key, v.figure, '', v.value
from figures f cross join lateral (values ${unpivot}) as v (figure, value)
where v.value <> 0`

const insertStagesSql = `with stages as (${stageCountsSql(DIMENSIONS).replace(/\$(\d+)\b/g, (_, n: string) => `$${Number(n) + 1}`)})
insert into performance_snapshot_figures (snapshot_id, basis, dimension, group_key, figure, detail, value)
select $1, b.basis, s.dimension, s.group_key, 'accounts_at_stage',
  coalesce(s.pathway_id, '') || '@' || coalesce(s.pathway_version, '') || ':' || coalesce(s.stage, ''), s.accounts
from stages s cross join (values ('week'), ('rent_year_to_date')) as b (basis)`

/**
 * Takes the weekly snapshot of the rent week containing `date`: every figure, for the week and for the rent year to
 * its Sunday, in every dimension (overall, patch, officer, tenure, account type), and the accounts at each stage
 * from the latest trawl by then. Set-based (two passes over the ledger, each one INSERT … SELECT), in one
 * transaction, and idempotent per week: a second run returns the stored snapshot. The week must have ended.
 */
export async function takePerformanceSnapshot(db: Db, o: { date: string; today: string; actor: Actor }): Promise<SnapshotResult> {
  if (!isIsoDate(o.date) || !isIsoDate(o.today)) throw new AppError('validation', 'Give the date as YYYY-MM-DD')
  const monday = weekCommencing(o.date)
  const sunday = addDays(monday, 6)
  const existing = await findSnapshot(db, monday)
  if (existing) return { ...existing, replayed: true }
  if (sunday >= o.today) {
    throw new AppError('invalid_state', `The rent week of ${monday} ends on ${sunday}: snapshot it from ${addDays(sunday, 1)}, once the week is over`)
  }
  const yearStart = rentYearOf(monday).start
  return db.transaction(async (tx) => {
    // Two runs at once: the second waits here, then finds the first's snapshot.
    await tx.query('select pg_advisory_xact_lock(7424243, $1::int)', [Number(monday.replaceAll('-', '')) % 2_000_000_000])
    const again = await findSnapshot(tx, monday)
    if (again) return { ...again, replayed: true }
    const [job] = await tx.query<{ id: number }>(
      `insert into job_runs (job, run_key, params, status, finished_at) values ('performance-snapshot', $1, $2, 'completed', now()) returning id`,
      [`performance-snapshot:${monday}`, JSON.stringify({ week: monday })],
    )
    const [run] = await tx.query<{ run_date: string }>(LATEST_TRAWL_RUN_SQL, [sunday])
    const [snap] = await tx.query<{ id: number }>(
      `insert into performance_snapshots (week_commencing, week_ending, rent_year_start, trawl_run_date, job_run_id, actor, user_id)
       values ($1, $2, $3, $4, $5, $6, $7) returning id`,
      [monday, sunday, yearStart, run?.run_date ?? null, job!.id, o.actor.label, o.actor.userId],
    )
    const id = snap!.id
    for (const [basis, from] of [['week', monday], ['rent_year_to_date', yearStart]] as const) {
      await tx.query(insertFiguresSql(2), [id, basis, ...figuresParams({ from, to: sunday, filters: NO_FILTERS })])
    }
    if (run) await tx.query(insertStagesSql, [id, sunday, null, null, null, null])
    const [n] = await tx.query<{ n: number }>('select count(*)::int as n from performance_snapshot_figures where snapshot_id = $1', [id])
    await tx.query('update job_runs set counts = $2 where id = $1', [job!.id, JSON.stringify({ figureRows: n!.n })])
    await recordAuditEvent(tx, o.actor, {
      action: 'performance.snapshot_taken',
      entityType: 'performance_snapshot',
      entityId: id,
      after: { weekCommencing: monday, weekEnding: sunday, trawlRunDate: run?.run_date ?? null, figureRows: n!.n },
    })
    return { snapshotId: id, weekCommencing: monday, weekEnding: sunday, trawlRunDate: run?.run_date ?? null, figureRows: n!.n, replayed: false }
  })
}

async function findSnapshot(db: Queryable, monday: string): Promise<Omit<SnapshotResult, 'replayed'> | null> {
  const [s] = await db.query<{ id: number; week_commencing: string; week_ending: string; trawl_run_date: string | null; n: number }>(
    `select s.id, s.week_commencing, s.week_ending, s.trawl_run_date,
       (select count(*)::int from performance_snapshot_figures f where f.snapshot_id = s.id) as n
     from performance_snapshots s where s.week_commencing = $1`,
    [monday],
  )
  if (!s) return null
  return { snapshotId: s.id, weekCommencing: s.week_commencing, weekEnding: s.week_ending, trawlRunDate: s.trawl_run_date, figureRows: s.n }
}

export interface TrendPoint {
  weekCommencing: string
  weekEnding: string
  figures: Figures
  stages: StageCount[]
}

/**
 * One group's snapshots, oldest first: every week from `fromWeek` to `toWeek` (Mondays) that was snapshotted.
 * `basis` chooses the flows (the week's, or the rent year's to that week); stocks are the same in both.
 */
export async function readTrend(
  db: Queryable,
  o: { dimension: Dimension; groupKey: string; fromWeek: string; toWeek: string; basis: SnapshotBasis },
): Promise<TrendPoint[]> {
  const rows = await db.query<{ week_commencing: string; week_ending: string; figure: string | null; detail: string | null; value: number | null }>(
    `select s.week_commencing, s.week_ending, f.figure, f.detail, f.value
     from performance_snapshots s
     left join performance_snapshot_figures f on f.snapshot_id = s.id and f.basis = $3 and f.dimension = $4 and f.group_key = $5
     where s.week_commencing between $1 and $2
     order by s.week_commencing, f.figure, f.detail`,
    [o.fromWeek, o.toWeek, o.basis, o.dimension, o.groupKey],
  )
  const points = new Map<string, TrendPoint>()
  const known = new Set<string>(FIGURES)
  for (const r of rows) {
    let p = points.get(r.week_commencing)
    if (!p) points.set(r.week_commencing, (p = { weekCommencing: r.week_commencing, weekEnding: r.week_ending, figures: emptyFigures(), stages: [] }))
    if (r.figure === null || r.value === null) continue
    if (r.figure === 'accounts_at_stage') p.stages.push({ ...parseStageDetail(r.detail ?? ''), accounts: r.value })
    else if (known.has(r.figure)) p.figures[r.figure as Figure] = r.value
  }
  return [...points.values()]
}

/** `secure-rent@1:nosp` → the pathway, its version and the stage ('' parts are null). */
export function parseStageDetail(detail: string): Omit<StageCount, 'accounts'> {
  const at = detail.indexOf('@')
  const colon = detail.lastIndexOf(':')
  const id = at < 0 ? detail : detail.slice(0, at)
  const version = at < 0 || colon < at ? '' : detail.slice(at + 1, colon)
  const stage = colon < 0 || colon < at ? '' : detail.slice(colon + 1)
  return { pathwayId: id || null, pathwayVersion: version || null, stage: stage || null }
}

/** Which weeks have snapshots, newest first (for the CLI and the dashboard's note). */
export async function listSnapshotWeeks(db: Queryable, limit = 520): Promise<{ weekCommencing: string; trawlRunDate: string | null; createdBy: string }[]> {
  const rows = await db.query<{ week_commencing: string; trawl_run_date: string | null; actor: string }>(
    'select week_commencing, trawl_run_date, actor from performance_snapshots order by week_commencing desc limit $1',
    [limit],
  )
  return rows.map((r) => ({ weekCommencing: r.week_commencing, trawlRunDate: r.trawl_run_date, createdBy: r.actor }))
}
