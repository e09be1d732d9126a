import type { Queryable } from '../../db/client.ts'
import { isIsoDate } from '../../domain/calendar/dates.ts'
import { emptyFigures, FIGURES, type Figures } from '../../domain/performance/measures.ts'
import { annualWindowStart } from '../../domain/performance/periods.ts'
import type { PathwayInfo, StageCount } from '../../domain/performance/stage-funnel.ts'
import {
  CHARGE_POSTING_TYPES,
  CURRENT_TENANCY_ACCOUNT_TYPES,
  DIRECT_DEBIT_ACCOUNT_TYPES,
  DIRECT_DEBIT_IN_PLACE_STATUSES,
  ELECTRONIC_METHODS,
  PAYER_CHOSEN_METHODS,
  PAYMENT_METHODS,
  RENT_COLLECTION_ACCOUNT_TYPES,
  SUNDRY_ACCOUNT_TYPES,
} from '../../domain/performance/vocabulary.ts'
import { AppError } from '../../errors.ts'
import { figuresSql, LATEST_TRAWL_RUN_SQL, stageCountsSql, type Dimension } from './figures.sql.ts'

/** Which accounts to count: each filter narrows the scope; null means any. */
export interface PerformanceFilters {
  patchId: number | null
  officerUserId: number | null
  tenure: string | null
  accountType: string | null
}

export const NO_FILTERS: PerformanceFilters = { patchId: null, officerUserId: null, tenure: null, accountType: null }

export interface GroupFigures {
  dimension: Dimension
  /** '' for overall; a patch or user id, a tenure or an account type; 'none' for accounts with none. */
  groupKey: string
  figures: Figures
}

export interface FiguresQuery {
  from: string
  to: string
  filters: PerformanceFilters
  dimensions: readonly Dimension[]
}

function checkRange(from: string, to: string): void {
  if (!isIsoDate(from) || !isIsoDate(to) || from > to) throw new AppError('validation', 'Give a period as YYYY-MM-DD dates, starting on or before its end')
}

/** The figures query's parameters ($1-$16), in figuresSql's order. */
export function figuresParams(q: Omit<FiguresQuery, 'dimensions'>): unknown[] {
  return [
    q.from,
    q.to,
    q.filters.patchId,
    q.filters.officerUserId,
    q.filters.tenure,
    q.filters.accountType,
    CHARGE_POSTING_TYPES,
    PAYMENT_METHODS,
    ELECTRONIC_METHODS,
    PAYER_CHOSEN_METHODS,
    RENT_COLLECTION_ACCOUNT_TYPES,
    CURRENT_TENANCY_ACCOUNT_TYPES,
    SUNDRY_ACCOUNT_TYPES,
    DIRECT_DEBIT_IN_PLACE_STATUSES,
    annualWindowStart(q.to),
    DIRECT_DEBIT_ACCOUNT_TYPES,
  ]
}

/**
 * The figures of every group of every dimension asked for, from the ledger and the recovery records, for one
 * period. The overall row is always there (all zero when nothing is in scope).
 */
export async function readFigures(db: Queryable, q: FiguresQuery): Promise<GroupFigures[]> {
  checkRange(q.from, q.to)
  const dims: Dimension[] = q.dimensions.includes('overall') ? [...q.dimensions] : ['overall', ...q.dimensions]
  const rows = await db.query<Record<string, unknown> & { dimension: Dimension; group_key: string }>(figuresSql(dims), figuresParams(q))
  const out: GroupFigures[] = rows.map((r) => {
    const figures = emptyFigures()
    for (const f of FIGURES) figures[f] = Number(r[f])
    return { dimension: r.dimension, groupKey: r.group_key, figures }
  })
  if (!out.some((g) => g.dimension === 'overall')) out.unshift({ dimension: 'overall', groupKey: '', figures: emptyFigures() })
  return out
}

export interface GroupStageCounts {
  dimension: Dimension
  groupKey: string
  counts: StageCount[]
}

/** Accounts at each stage in the latest completed trawl on or before `to` (null run date: none yet). */
export async function readStageCounts(
  db: Queryable,
  q: { to: string; filters: PerformanceFilters; dimensions: readonly Dimension[] },
): Promise<{ runDate: string | null; groups: GroupStageCounts[] }> {
  const [run] = await db.query<{ run_date: string }>(LATEST_TRAWL_RUN_SQL, [q.to])
  if (!run) return { runDate: null, groups: [] }
  const dims: Dimension[] = q.dimensions.includes('overall') ? [...q.dimensions] : ['overall', ...q.dimensions]
  const rows = await db.query<{
    dimension: Dimension
    group_key: string
    pathway_id: string | null
    pathway_version: string | null
    stage: string | null
    accounts: number
  }>(stageCountsSql(dims), [q.to, q.filters.patchId, q.filters.officerUserId, q.filters.tenure, q.filters.accountType])
  const groups = new Map<string, GroupStageCounts>()
  for (const r of rows) {
    const key = `${r.dimension}|${r.group_key}`
    let g = groups.get(key)
    if (!g) groups.set(key, (g = { dimension: r.dimension, groupKey: r.group_key, counts: [] }))
    g.counts.push({ pathwayId: r.pathway_id, pathwayVersion: r.pathway_version, stage: r.stage, accounts: r.accounts })
  }
  return { runDate: run.run_date, groups: [...groups.values()] }
}

/** Every loaded pathway version's stages (id, name, action), for naming stages and placing them in the funnel. */
export async function readPathwayInfo(db: Queryable): Promise<PathwayInfo[]> {
  const rows = await db.query<{ id: string; version: string; name: string; document: { stages?: { id: string; name: string; action?: { type?: string } }[] } }>(
    'select id, version, name, document from pathways order by id, version',
  )
  return rows.map((r) => ({
    id: r.id,
    version: r.version,
    name: r.name,
    stages: (r.document.stages ?? []).map((s) => ({ id: s.id, name: s.name, actionType: s.action?.type ?? 'none' })),
  }))
}
