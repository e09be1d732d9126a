/**
 * CSV exports of every table on the performance dashboard: the same rows the page shows, for spreadsheets. Money is
 * in pounds with two decimals (`1234.56`), percentages with two decimals (`98.53`), and the headline table carries
 * each ratio's numerator and denominator so a rate can be checked to the penny. Text cells a spreadsheet would read
 * as a formula are neutralised (OWASP CSV injection), as in the statement CSV.
 */
import { stringify } from 'csv-stringify/sync'
import { formatPoundsPlain } from '../../domain/money/pence.ts'
import { MEASURES, type MeasureDefinition } from '../../domain/performance/measures.ts'
import type { FunnelBar, StageRow } from '../../domain/performance/stage-funnel.ts'
import { neutraliseFormula } from '../../formats/statement-csv.ts'
import type { MeasureRow, ReportRow } from './performance-report.ts'
import type { StoredTarget } from './targets.ts'

export const PERFORMANCE_TABLES = ['measures', 'groups', 'stages', 'funnel', 'trend', 'targets'] as const
export type PerformanceTable = (typeof PERFORMANCE_TABLES)[number]

function csv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return stringify([header, ...rows], { record_delimiter: '\r\n' })
}

const text = (s: string) => neutraliseFormula(s)

function plainBasisPoints(bps: number): string {
  const sign = bps < 0 ? '-' : ''
  const abs = Math.abs(bps)
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/** A value in its unit for a machine: percentages "98.53", money "1234.56", counts "12"; "" when undefined. */
export function plainNumber(unit: MeasureDefinition['unit'], n: number | null): string {
  if (n === null) return ''
  if (unit === 'percent') return plainBasisPoints(n)
  if (unit === 'pence') return formatPoundsPlain(n)
  return String(n)
}

function ratioParts(m: MeasureRow): [string, string] {
  if (m.value.unit !== 'percent') return ['', '']
  const money = MEASURES.find((d) => d.id === m.id)?.partsUnit !== 'count'
  const fmt = (n: number) => (money ? formatPoundsPlain(n) : String(n))
  return [fmt(m.value.ratio.numerator), fmt(m.value.ratio.denominator)]
}

export function measuresCsv(from: string, to: string, scope: string, row: ReportRow): string {
  return csv(
    ['period_from', 'period_to', 'scope', 'measure_id', 'measure', 'unit', 'value', 'numerator', 'denominator', 'target', 'target_status'],
    row.measures.map((m) => [
      from,
      to,
      text(scope),
      m.id,
      text(m.label),
      m.unit === 'pence' ? 'pounds' : m.unit,
      plainNumber(m.unit, m.number),
      ...ratioParts(m),
      m.target ? plainNumber(m.unit, m.target.value) : '',
      m.target?.status ?? '',
    ]),
  )
}

export function groupsCsv(from: string, to: string, dimension: string, rows: readonly ReportRow[]): string {
  return csv(
    ['period_from', 'period_to', 'dimension', 'group_key', 'group', ...MEASURES.map((m) => m.id)],
    rows.map((r) => [from, to, dimension, text(r.groupKey), text(r.label), ...r.measures.map((m) => plainNumber(m.unit, m.number))]),
  )
}

export function stagesCsv(runDate: string | null, rows: readonly StageRow[]): string {
  return csv(
    ['trawl_date', 'pathway_id', 'pathway', 'stage_id', 'stage', 'accounts'],
    rows.map((r) => [runDate ?? '', r.pathwayId ?? '', text(r.pathwayName), r.stage ?? '', text(r.stageName), String(r.accounts)]),
  )
}

export function funnelCsv(runDate: string | null, bars: readonly FunnelBar[]): string {
  return csv(['trawl_date', 'level', 'label', 'accounts'], bars.map((b) => [runDate ?? '', b.id, b.label, String(b.accounts)]))
}

export interface TrendCsvRow {
  weekCommencing: string
  weekEnding: string
  /** Flows over the rent year to the week's end, or over the week alone (stocks are the same in both). */
  basis: 'rent_year_to_date' | 'week'
  measures: readonly MeasureRow[]
}

export function trendCsv(group: string, rows: readonly TrendCsvRow[]): string {
  return csv(
    ['week_commencing', 'week_ending', 'group', 'basis', ...MEASURES.map((m) => m.id)],
    rows.map((r) => [r.weekCommencing, r.weekEnding, text(group), r.basis, ...r.measures.map((m) => plainNumber(m.unit, m.number))]),
  )
}

export function targetsCsv(targets: readonly StoredTarget[]): string {
  return csv(
    ['id', 'measure_id', 'measure', 'patch', 'effective_from', 'target', 'unit', 'set_by', 'set_at', 'reason'],
    targets.map((t) => {
      const m = MEASURES.find((x) => x.id === t.measure)
      return [
        String(t.id),
        t.measure,
        text(m?.label ?? t.measure),
        text(t.patchName ?? 'Overall'),
        t.effectiveFrom,
        m ? plainNumber(m.unit, t.value) : String(t.value),
        t.unit,
        text(t.setBy),
        t.setAt,
        text(t.reason ?? ''),
      ]
    }),
  )
}
