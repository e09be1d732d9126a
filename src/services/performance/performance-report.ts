import type { Queryable } from '../../db/client.ts'
import { formatPounds } from '../../domain/money/pence.ts'
import {
  MEASURES,
  measureValue,
  type Figures,
  type MeasureDefinition,
  type MeasureValue,
} from '../../domain/performance/measures.ts'
import { formatBasisPoints, formatRatio, toBasisPoints } from '../../domain/performance/ratio.ts'
import { stageFunnel, type FunnelBar, type StageRow } from '../../domain/performance/stage-funnel.ts'
import { targetInForce, targetStatus, type Target, type TargetStatus } from '../../domain/performance/targets.ts'
import type { Dimension, GroupDimension } from './figures.sql.ts'
import { groupLabel, listPatchesAndOfficers } from './group-labels.ts'
import { readFigures, readPathwayInfo, readStageCounts, type PerformanceFilters } from './read-figures.ts'
import { listTargets } from './targets.ts'

export interface MeasureRow {
  id: string
  label: string
  unit: MeasureDefinition['unit']
  direction: MeasureDefinition['direction']
  basis: MeasureDefinition['basis']
  summary: string
  value: MeasureValue
  /** The value for people: "98.53%", "£1,234.56", "12", or "n/a". */
  display: string
  /** Percentages: basis points (null when undefined); pence and counts: the number. For CSV and charts. */
  number: number | null
  target: { value: number; display: string; status: TargetStatus; patchId: number | null } | null
}

export interface ReportRow {
  dimension: Dimension
  groupKey: string
  label: string
  figures: Figures
  measures: MeasureRow[]
}

export interface PerformanceReport {
  from: string
  to: string
  filters: PerformanceFilters
  by: GroupDimension | null
  overall: ReportRow
  groups: ReportRow[]
  stages: { runDate: string | null; rows: StageRow[]; funnel: FunnelBar[] }
}

export function displayValue(v: MeasureValue): string {
  if (v.unit === 'percent') return formatRatio(v.ratio)
  if (v.unit === 'pence') return formatPounds(v.pence)
  return v.count.toLocaleString('en-GB')
}

export function numericValue(v: MeasureValue): number | null {
  if (v.unit === 'percent') return toBasisPoints(v.ratio)
  return v.unit === 'pence' ? v.pence : v.count
}

export function displayTarget(m: MeasureDefinition, value: number): string {
  if (m.unit === 'percent') return formatBasisPoints(value)
  if (m.unit === 'pence') return formatPounds(value)
  return value.toLocaleString('en-GB')
}

/** Every measure of a group, each with the target in force on `date` for `patchId` (else the overall one). */
export function measureRows(figures: Figures, targets: readonly Target[], patchId: number | null, date: string): MeasureRow[] {
  return MEASURES.map((m) => {
    const value = measureValue(m, figures)
    const t = m.direction === 'none' ? null : targetInForce(targets, m.id, patchId, date)
    return {
      id: m.id,
      label: m.label,
      unit: m.unit,
      direction: m.direction,
      basis: m.basis,
      summary: m.summary,
      value,
      display: displayValue(value),
      number: numericValue(value),
      target: t ? { value: t.value, display: displayTarget(m, t.value), status: targetStatus(m, value, t.value), patchId: t.patchId } : null,
    }
  })
}

export interface PerformanceReportOptions {
  from: string
  to: string
  filters: PerformanceFilters
  by: GroupDimension | null
}

/**
 * The measures for a period and scope, overall and by one dimension, with the targets in force on the period's
 * last day, and the accounts at each pathway stage from the latest trawl by then.
 */
export async function performanceReport(db: Queryable, o: PerformanceReportOptions): Promise<PerformanceReport> {
  const dimensions: Dimension[] = o.by ? ['overall', o.by] : ['overall']
  const [groups, stages, pathways, targets, names] = await Promise.all([
    readFigures(db, { from: o.from, to: o.to, filters: o.filters, dimensions }),
    readStageCounts(db, { to: o.to, filters: o.filters, dimensions: ['overall'] }),
    readPathwayInfo(db),
    listTargets(db),
    listPatchesAndOfficers(db),
  ])
  const row = (g: (typeof groups)[number]): ReportRow => {
    const patchId = g.dimension === 'patch' && g.groupKey !== 'none' ? Number(g.groupKey) : g.dimension === 'overall' ? o.filters.patchId : null
    return { dimension: g.dimension, groupKey: g.groupKey, label: groupLabel(g.dimension, g.groupKey, names), figures: g.figures, measures: measureRows(g.figures, targets, patchId, o.to) }
  }
  const overall = row(groups.find((g) => g.dimension === 'overall')!)
  const byRows = groups
    .filter((g) => g.dimension !== 'overall')
    .map(row)
    .sort((a, b) => (a.groupKey === 'none' ? 1 : 0) - (b.groupKey === 'none' ? 1 : 0) || a.label.localeCompare(b.label, 'en-GB'))
  const overallStages = stages.groups.find((g) => g.dimension === 'overall')?.counts ?? []
  return {
    from: o.from,
    to: o.to,
    filters: o.filters,
    by: o.by,
    overall,
    groups: byRows,
    stages: { runDate: stages.runDate, ...stageFunnel(overallStages, pathways) },
  }
}
