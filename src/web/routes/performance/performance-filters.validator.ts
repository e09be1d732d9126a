import { z } from 'zod'
import { isIsoDate } from '../../../domain/calendar/dates.ts'
import { parsePeriod, PeriodError, presetPeriods, resolvePeriod, upToToday, type Period } from '../../../domain/performance/periods.ts'
import { CUSTOMER_ACCOUNT_TYPES, TENURES } from '../../../domain/performance/vocabulary.ts'
import type { GroupDimension } from '../../../services/performance/figures.sql.ts'
import type { PerformanceFilters } from '../../../services/performance/read-figures.ts'
import { checkDateParts, partsOfIso, type DateParts } from '../../form-fields.ts'
import type { FormError } from '../../types.ts'

export const BY_CHOICES = ['patch', 'officer', 'tenure', 'account_type'] as const satisfies readonly GroupDimension[]

export interface PerformanceFilterInput {
  period: string
  from: DateParts
  to: DateParts
  by: string
  patch: string
  officer: string
  tenure: string
  type: string
}

export type PerformanceFilterResult =
  | { ok: true; period: Period & { partial: boolean }; by: GroupDimension; filters: PerformanceFilters; input: PerformanceFilterInput; query: string }
  | { ok: false; errors: FormError[]; input: PerformanceFilterInput }

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '')
const idSchema = z.string().regex(/^[1-9]\d{0,9}$/).transform(Number)
const bySchema = z.enum(BY_CHOICES)
const tenureSchema = z.enum(TENURES)
const typeSchema = z.enum(CUSTOMER_ACCOUNT_TYPES)

function dateParts(query: Record<string, unknown>, name: 'from' | 'to'): DateParts {
  const iso = str(query[name])
  if (iso && isIsoDate(iso)) return partsOfIso(iso)
  return { day: str(query[`${name}-day`]), month: str(query[`${name}-month`]), year: str(query[`${name}-year`]) }
}

/**
 * Pure: the dashboard's period and filters from the query string (the same for the page and its CSV links). The
 * period is a preset (`rent-year:2026`…) or `custom` with two dates; it is cut off at today. Patches and officers
 * must be ones that exist; tenure and account type are the database's words.
 */
export function validatePerformanceFilters(
  query: Record<string, unknown>,
  today: string,
  known: { patchIds: readonly number[]; officerIds: readonly number[] },
): PerformanceFilterResult {
  const input: PerformanceFilterInput = {
    period: str(query.period) || presetPeriods(today)[0]!.key,
    from: dateParts(query, 'from'),
    to: dateParts(query, 'to'),
    by: str(query.by) || 'patch',
    patch: str(query.patch),
    officer: str(query.officer),
    tenure: str(query.tenure),
    type: str(query.type),
  }
  const errors: FormError[] = []
  let period: Period | null = null
  if (input.period === 'custom') {
    const from = checkDateParts(input.from, 'from', 'Start date')
    const to = checkDateParts(input.to, 'to', 'End date')
    if ('error' in from) errors.push(from.error)
    if ('error' in to) errors.push(to.error)
    if ('iso' in from && 'iso' in to) {
      if (from.iso > to.iso) errors.push({ text: 'Start date must be on or before the end date', href: '#from-day' })
      else period = resolvePeriod({ kind: 'custom', from: from.iso, to: to.iso })
    }
  } else {
    try {
      period = parsePeriod(input.period)
    } catch (e) {
      if (!(e instanceof PeriodError)) throw e
      errors.push({ text: 'Choose a period from the list', href: '#period' })
    }
  }
  let clamped: (Period & { partial: boolean }) | null = null
  if (period) {
    try {
      clamped = upToToday(period, today)
    } catch (e) {
      if (!(e instanceof PeriodError)) throw e
      errors.push({ text: 'The period must start on or before today', href: input.period === 'custom' ? '#from-day' : '#period' })
    }
  }
  const by = bySchema.safeParse(input.by)
  if (!by.success) errors.push({ text: 'Choose how to break the figures down', href: '#by' })
  const patch = input.patch ? idSchema.safeParse(input.patch) : null
  if (patch && (!patch.success || !known.patchIds.includes(patch.data))) errors.push({ text: 'Choose a patch from the list', href: '#patch' })
  const officer = input.officer ? idSchema.safeParse(input.officer) : null
  if (officer && (!officer.success || !known.officerIds.includes(officer.data))) errors.push({ text: 'Choose an officer from the list', href: '#officer' })
  const tenure = input.tenure ? tenureSchema.safeParse(input.tenure) : null
  if (tenure && !tenure.success) errors.push({ text: 'Choose a tenure from the list', href: '#tenure' })
  const type = input.type ? typeSchema.safeParse(input.type) : null
  if (type && !type.success) errors.push({ text: 'Choose an account type from the list', href: '#type' })
  if (errors.length || !clamped || !by.success) return { ok: false, errors, input }
  const filters: PerformanceFilters = {
    patchId: patch?.success ? patch.data : null,
    officerUserId: officer?.success ? officer.data : null,
    tenure: tenure?.success ? tenure.data : null,
    accountType: type?.success ? type.data : null,
  }
  const q = new URLSearchParams()
  q.set('period', input.period)
  if (input.period === 'custom') {
    q.set('from', clamped.from)
    q.set('to', period!.to)
  }
  q.set('by', by.data)
  for (const [k, v] of Object.entries({ patch: input.patch, officer: input.officer, tenure: input.tenure, type: input.type })) if (v) q.set(k, v)
  return { ok: true, period: clamped, by: by.data, filters, input, query: q.toString() }
}
