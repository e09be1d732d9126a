import type { Queryable } from '../../../db/client.ts'
import { addDays, diffDays, weekCommencing } from '../../../domain/calendar/dates.ts'
import { measureById } from '../../../domain/performance/measures.ts'
import type { Period } from '../../../domain/performance/periods.ts'
import { targetInForce, type Target } from '../../../domain/performance/targets.ts'
import type { Dimension } from '../../../services/performance/figures.sql.ts'
import { groupLabel, type OfficerOption, type PatchOption } from '../../../services/performance/group-labels.ts'
import { measureRows, performanceReport, type MeasureRow, type PerformanceReport } from '../../../services/performance/performance-report.ts'
import type { PerformanceFilters } from '../../../services/performance/read-figures.ts'
import { readTrend } from '../../../services/performance/snapshots.ts'
import { renderFunnelSvg, renderTrendChartSvg } from './charts-svg.ts'
import type { BY_CHOICES } from './performance-filters.validator.ts'

/** How many weeks of snapshots the trend shows at least (more when the period is longer, up to two years). */
const TREND_WEEKS = 26
const MAX_TREND_WEEKS = 104

export interface TrendRow {
  weekCommencing: string
  weekEnding: string
  /** Measures with the rent year to date's flows. */
  measures: MeasureRow[]
  /** Measures with the week's own flows. */
  weekMeasures: MeasureRow[]
}

export interface Trend {
  dimension: Dimension
  groupKey: string
  label: string
  rows: TrendRow[]
  charts: { title: string; svg: string }[]
}

export interface DashboardData {
  report: PerformanceReport
  /** null when the filters combine (snapshots are kept per single dimension). */
  trend: Trend | null
  funnelSvg: string
}

/** Snapshots are stored per group of one dimension: the filters name at most one group, or none (overall). */
export function trendGroupFor(filters: PerformanceFilters): { dimension: Dimension; groupKey: string } | null {
  const set = [
    filters.patchId !== null ? { dimension: 'patch' as const, groupKey: String(filters.patchId) } : null,
    filters.officerUserId !== null ? { dimension: 'officer' as const, groupKey: String(filters.officerUserId) } : null,
    filters.tenure !== null ? { dimension: 'tenure' as const, groupKey: filters.tenure } : null,
    filters.accountType !== null ? { dimension: 'account_type' as const, groupKey: filters.accountType } : null,
  ].filter((x) => x !== null)
  if (set.length > 1) return null
  return set[0] ?? { dimension: 'overall', groupKey: '' }
}

function value(rows: readonly MeasureRow[], id: string): number | null {
  return rows.find((m) => m.id === id)?.number ?? null
}

function targetSeries(targets: readonly Target[], id: string, patchId: number | null, rows: readonly TrendRow[]): (number | null)[] {
  return rows.map((r) => targetInForce(targets, id, patchId, r.weekEnding)?.value ?? null)
}

export async function loadTrend(
  db: Queryable,
  o: { period: Period; filters: PerformanceFilters; targets: readonly Target[]; names: { patches: readonly PatchOption[]; officers: readonly OfficerOption[] } },
): Promise<Trend | null> {
  const group = trendGroupFor(o.filters)
  if (!group) return null
  // Weeks that have ended by the period's end.
  const toWeek = addDays(weekCommencing(addDays(o.period.to, 1)), -7)
  const periodWeeks = Math.ceil(diffDays(o.period.from, o.period.to) / 7)
  const weeks = Math.min(MAX_TREND_WEEKS, Math.max(TREND_WEEKS, periodWeeks))
  const fromWeek = addDays(toWeek, -7 * (weeks - 1))
  const q = { ...group, fromWeek, toWeek }
  const [ytd, week] = await Promise.all([readTrend(db, { ...q, basis: 'rent_year_to_date' }), readTrend(db, { ...q, basis: 'week' })])
  const patchId = group.dimension === 'patch' ? Number(group.groupKey) : null
  const rows: TrendRow[] = ytd.map((p, i) => ({
    weekCommencing: p.weekCommencing,
    weekEnding: p.weekEnding,
    measures: measureRows(p.figures, o.targets, patchId, p.weekEnding),
    weekMeasures: measureRows(week[i]!.figures, o.targets, patchId, p.weekEnding),
  }))
  const label = groupLabel(group.dimension, group.groupKey, o.names)
  const weeksList = rows.map((r) => r.weekCommencing)
  const pctChart = (id: string, title: string) => {
    const target = targetSeries(o.targets, id, patchId, rows)
    return renderTrendChartSvg({
      title,
      unit: 'percent',
      weeks: weeksList,
      series: [{ label: 'Actual', values: rows.map((r) => value(r.measures, id)) }, ...(target.some((t) => t !== null) ? [{ label: 'Target', values: target, dashed: true }] : [])],
    })
  }
  const charts = [
    { title: `${measureById('collection_rate')!.label}, rent year to date`, svg: pctChart('collection_rate', `${measureById('collection_rate')!.label}, rent year to date, week by week (${label})`) },
    {
      title: measureById('current_tenant_arrears_rate')!.label,
      svg: pctChart('current_tenant_arrears_rate', `${measureById('current_tenant_arrears_rate')!.label} at the end of each week (${label})`),
    },
    {
      title: 'Arrears at the end of each week',
      svg: renderTrendChartSvg({
        title: `Current tenant, former tenant and temporary accommodation arrears at the end of each week (${label})`,
        unit: 'pence',
        weeks: weeksList,
        series: [
          { label: 'Current tenant arrears', values: rows.map((r) => value(r.measures, 'current_tenant_arrears')) },
          { label: 'Former tenant arrears', values: rows.map((r) => value(r.measures, 'former_tenant_arrears')), dashed: true },
          { label: 'TA arrears', values: rows.map((r) => value(r.measures, 'ta_arrears')) },
        ],
      }),
    },
  ]
  return { ...group, label, rows, charts }
}

export async function loadDashboard(
  db: Queryable,
  o: { period: Period; filters: PerformanceFilters; by: (typeof BY_CHOICES)[number]; targets: readonly Target[]; names: { patches: readonly PatchOption[]; officers: readonly OfficerOption[] } },
): Promise<DashboardData> {
  const [report, trend] = await Promise.all([
    performanceReport(db, { from: o.period.from, to: o.period.to, filters: o.filters, by: o.by }),
    loadTrend(db, o),
  ])
  const funnelSvg = renderFunnelSvg(
    report.stages.runDate ? `Accounts at each level of recovery action, from the trawl of ${report.stages.runDate}` : 'Accounts at each level of recovery action',
    report.stages.runDate ? report.stages.funnel : [],
  )
  return { report, trend, funnelSvg }
}
