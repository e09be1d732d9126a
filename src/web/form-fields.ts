import { isIsoDate } from '../domain/calendar/dates.ts'
import { formatPounds, MoneyParseError, parsePounds } from '../domain/money/pence.ts'
import type { AppError } from '../errors.ts'
import type { FormError } from './types.ts'
import { readableDates } from './view-filters.ts'

/**
 * Pure helpers shared by the form validators: reading fields from a parsed body, GOV.UK date inputs,
 * amounts of money, and turning a service's AppError into errors for the error summary.
 */

export type Fields = Record<string, unknown>

export interface DateParts {
  day: string
  month: string
  year: string
}

export function fieldsOf(body: unknown): Fields {
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Fields) : {}
}

/** A text field, trimmed; empty when absent or not text. */
export function textOf(fields: Fields, name: string): string {
  const v = fields[name]
  return typeof v === 'string' ? v.trim() : ''
}

export function partsOfIso(iso: string): DateParts {
  return { day: String(Number(iso.slice(8, 10))), month: String(Number(iso.slice(5, 7))), year: iso.slice(0, 4) }
}

/** The `name-day`, `name-month` and `name-year` fields of a GOV.UK date input. */
export function datePartsOf(fields: Fields, name: string): DateParts {
  return { day: textOf(fields, `${name}-day`), month: textOf(fields, `${name}-month`), year: textOf(fields, `${name}-year`) }
}

/** GOV.UK date-input wording, linked to the first part to fix. `label` is how the page names the date. */
export function checkDateParts(parts: DateParts, name: string, label: string): { iso: string } | { error: FormError } {
  const missing = (['day', 'month', 'year'] as const).filter((k) => !parts[k])
  if (missing.length === 3) return { error: { text: `Enter the ${label.toLowerCase()}`, href: `#${name}-day` } }
  if (missing.length) return { error: { text: `${label} must include a ${missing.join(' and ')}`, href: `#${name}-${missing[0]}` } }
  const notReal = { error: { text: `${label} must be a real date`, href: `#${name}-day` } }
  if (!/^\d{1,2}$/.test(parts.day) || !/^\d{1,2}$/.test(parts.month) || !/^\d{4}$/.test(parts.year)) return notReal
  const iso = `${parts.year}-${parts.month.padStart(2, '0')}-${parts.day.padStart(2, '0')}`
  return isIsoDate(iso) ? { iso } : notReal
}

/**
 * An amount of money typed in pounds (`25`, `25.50`, `£1,025.50`), as a positive number of pence no more
 * than `maxPence`; or the GOV.UK error for it.
 */
export function checkPounds(text: string, id: string, label: string, maxPence: number): { pence: number } | { error: FormError } {
  if (!text) return { error: { text: `Enter the ${label.toLowerCase()}`, href: `#${id}` } }
  let pence: number
  try {
    pence = parsePounds(text)
  } catch (e) {
    if (!(e instanceof MoneyParseError)) throw e
    return { error: { text: `${label} must be an amount of money, like 25.50`, href: `#${id}` } }
  }
  if (pence <= 0) return { error: { text: `${label} must be more than £0.00`, href: `#${id}` } }
  if (pence > maxPence) return { error: { text: `${label} must be ${formatPounds(maxPence)} or less`, href: `#${id}` } }
  return { pence }
}

/**
 * A service's refusal as error-summary entries: its field details, each linked to the field the page shows
 * for it (or `fallbackHref`); with no details, its user message.
 */
export function formErrorsFrom(err: AppError, hrefs: Record<string, string>, fallbackHref: string): FormError[] {
  if (err.details.length === 0) return [{ text: readableDates(err.userMessage), href: fallbackHref }]
  return err.details.map((d) => ({ text: readableDates(d.message), href: hrefs[d.field] ?? fallbackHref }))
}
