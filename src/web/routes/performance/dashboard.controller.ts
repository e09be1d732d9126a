import type { FastifyReply, FastifyRequest } from 'fastify'
import { todayInLondon } from '../../../domain/calendar/dates.ts'
import { MEASURES } from '../../../domain/performance/measures.ts'
import { presetPeriods } from '../../../domain/performance/periods.ts'
import { CUSTOMER_ACCOUNT_TYPES, TENURES } from '../../../domain/performance/vocabulary.ts'
import { AppError } from '../../../errors.ts'
import { DIMENSION_LABELS, humaniseKey, listPatchesAndOfficers } from '../../../services/performance/group-labels.ts'
import { funnelCsv, groupsCsv, measuresCsv, PERFORMANCE_TABLES, stagesCsv, targetsCsv, trendCsv, type PerformanceTable } from '../../../services/performance/performance-csv.ts'
import { listTargets, TARGET_SETTER_ROLES } from '../../../services/performance/targets.ts'
import { safeFilename, sendAttachment } from '../../downloads.ts'
import type { WebDeps } from '../../types.ts'
import { loadDashboard, type DashboardData } from './dashboard-data.ts'
import { BY_CHOICES, validatePerformanceFilters, type PerformanceFilterInput } from './performance-filters.validator.ts'

type DashboardRequest = FastifyRequest<{ Querystring: Record<string, unknown> }>
type ExportRequest = FastifyRequest<{ Querystring: Record<string, unknown>; Params: { file: string } }>

/** The columns of the "by group" tables: money, then recovery activity (two tables keep each readable). */
export const MONEY_COLUMNS = ['collection_rate', 'collection_rate_with_arrears', 'rent_collected', 'current_tenant_arrears', 'current_tenant_arrears_rate', 'former_tenant_arrears', 'ta_arrears', 'sundry_outstanding', 'written_off']
export const ACTIVITY_COLUMNS = ['notices_served', 'claims_issued', 'orders_made', 'evictions', 'arrangements_made', 'arrangements_kept', 'arrangements_broken', 'direct_debit_take_up', 'electronic_share']

function choices(today: string, names: Awaited<ReturnType<typeof listPatchesAndOfficers>>, input: PerformanceFilterInput) {
  const opt = (value: string, text: string, current: string) => ({ value, text, selected: value === current })
  return {
    periods: [...presetPeriods(today).map((p) => opt(p.key, p.label, input.period)), opt('custom', 'Dates I choose (below)', input.period)],
    by: BY_CHOICES.map((b) => opt(b, DIMENSION_LABELS[b], input.by)),
    patches: [opt('', 'All patches', input.patch), ...names.patches.map((p) => opt(String(p.id), p.name, input.patch))],
    officers: [opt('', 'All officers', input.officer), ...names.officers.map((o) => opt(String(o.id), o.displayName, input.officer))],
    tenures: [opt('', 'All tenures', input.tenure), ...TENURES.map((t) => opt(t, humaniseKey(t), input.tenure))],
    types: [opt('', 'All account types', input.type), ...CUSTOMER_ACCOUNT_TYPES.map((t) => opt(t, humaniseKey(t), input.type))],
  }
}

/** Column headings short enough for a table of nine measures (the measures table has the full names). */
const SHORT_LABELS: Record<string, string> = {
  collection_rate: 'Collected % of due',
  collection_rate_with_arrears: 'Collected % of due and arrears b/f',
  rent_collected: 'Rent collected',
  current_tenant_arrears: 'Current arrears',
  current_tenant_arrears_rate: 'Current arrears % of annual debit',
  former_tenant_arrears: 'Former tenant arrears',
  ta_arrears: 'TA arrears',
  sundry_outstanding: 'Sundry debt',
  written_off: 'Written off',
  notices_served: 'Notices',
  claims_issued: 'Claims',
  orders_made: 'Orders',
  evictions: 'Evictions',
  arrangements_made: 'Arrangements made',
  arrangements_kept: 'Kept',
  arrangements_broken: 'Broken',
  direct_debit_take_up: 'Direct Debit take-up',
  electronic_share: 'Paid electronically',
}

const columnsOf = (ids: readonly string[]) => ids.map((id) => ({ id, label: SHORT_LABELS[id] ?? MEASURES.find((m) => m.id === id)!.label }))

/**
 * The performance dashboard: the measures for a period and scope with targets against them, broken down by one
 * dimension, the weekly trend from snapshots, the stage funnel from the latest trawl; every table as CSV.
 */
export function dashboardController(deps: WebDeps) {
  async function prepare(request: DashboardRequest) {
    const today = todayInLondon(deps.now())
    const names = await listPatchesAndOfficers(deps.db)
    const parsed = validatePerformanceFilters(request.query, today, { patchIds: names.patches.map((p) => p.id), officerIds: names.officers.map((o) => o.id) })
    return { today, names, parsed }
  }

  return {
    async show(request: DashboardRequest, reply: FastifyReply) {
      const { today, names, parsed } = await prepare(request)
      const context = { choices: choices(today, names, parsed.input), input: parsed.input, mayTarget: (TARGET_SETTER_ROLES as readonly string[]).includes(request.user!.role) }
      if (!parsed.ok) return reply.code(400).view('pages/performance/dashboard.njk', { ...context, errors: parsed.errors })
      const targets = await listTargets(deps.db)
      const data: DashboardData = await loadDashboard(deps.db, { period: parsed.period, filters: parsed.filters, by: parsed.by, targets, names })
      return reply.view('pages/performance/dashboard.njk', {
        ...context,
        errors: [],
        period: parsed.period,
        query: parsed.query,
        byLabel: DIMENSION_LABELS[parsed.by],
        report: data.report,
        trend: data.trend,
        funnelSvg: data.funnelSvg,
        moneyColumns: columnsOf(MONEY_COLUMNS),
        activityColumns: columnsOf(ACTIVITY_COLUMNS),
        targetsInForce: data.report.overall.measures.filter((m) => m.target),
      })
    },

    async export(request: ExportRequest, reply: FastifyReply) {
      // `/performance/export/measures.csv` and so on: one file per table on the page.
      const table = request.params.file.replace(/\.csv$/, '') as PerformanceTable
      if (!request.params.file.endsWith('.csv') || !(PERFORMANCE_TABLES as readonly string[]).includes(table)) throw new AppError('not_found', 'There is no such table')
      const { names, parsed } = await prepare(request)
      if (!parsed.ok) throw new AppError('validation', parsed.errors.map((e) => e.text).join('; '))
      const targets = await listTargets(deps.db)
      const { report, trend } = await loadDashboard(deps.db, { period: parsed.period, filters: parsed.filters, by: parsed.by, targets, names })
      const { from, to } = parsed.period
      const scope = report.overall.label
      const body =
        table === 'measures'
          ? measuresCsv(from, to, scope, report.overall)
          : table === 'groups'
            ? groupsCsv(from, to, parsed.by, report.groups)
            : table === 'stages'
              ? stagesCsv(report.stages.runDate, report.stages.rows)
              : table === 'funnel'
                ? funnelCsv(report.stages.runDate, report.stages.funnel)
                : table === 'trend'
                  ? trendCsv(
                      trend?.label ?? '',
                      (trend?.rows ?? []).flatMap((r) => [
                        { ...r, basis: 'rent_year_to_date' as const },
                        { ...r, basis: 'week' as const, measures: r.weekMeasures },
                      ]),
                    )
                  : targetsCsv(targets)
      return sendAttachment(reply, 'text/csv; charset=utf-8', safeFilename(`performance-${table}-${from}-to-${to}.csv`), body)
    },
  }
}
