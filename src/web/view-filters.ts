import { isIsoDate } from '../domain/calendar/dates.ts'
import { paymentMethodLabel } from '../domain/ledger/describe-posting.ts'
import { formatPounds } from '../domain/money/pence.ts'
import type { FormError } from './types.ts'

/**
 * Pure formatting helpers for templates. Money stays integer pence until this edge (STYLE 5.2 item 1);
 * calendar dates stay ISO strings and are never passed through a local-time Date.
 */

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/** 123456 → `£1,234.56`. Empty for null/undefined so optional amounts render as blank cells. */
export function money(pence: number | null | undefined): string {
  if (pence === null || pence === undefined) return ''
  return formatPounds(pence)
}

/** `2026-11-22` → `22 November 2026` (GOV.UK style: no leading zero, month in full). */
export function longDate(iso: string | null | undefined): string {
  if (!iso) return ''
  if (!isIsoDate(iso)) return iso
  const [year, month, day] = iso.split('-')
  return `${Number(day)} ${MONTHS[Number(month) - 1]} ${year}`
}

/**
 * Calendar dates inside a sentence from a service (`Hold added, from 2026-11-21 to 2027-01-20`) in GOV.UK style
 * (`from 21 November 2026 to 20 January 2027`), for the messages officers read in banners and error summaries.
 */
export function readableDates(text: string): string {
  return text.replace(/(?<![\w./-])\d{4}-\d{2}-\d{2}(?![\w-]|\.\w)/g, (iso) => longDate(iso))
}

/** A balance as officers say it: `£12.50 owed`, `£3.00 in credit`, or `£0.00` when clear. */
export function balanceText(pence: number): string {
  if (pence > 0) return `${formatPounds(pence)} owed`
  if (pence < 0) return `${formatPounds(-pence)} in credit`
  return formatPounds(0)
}

/**
 * The error for one field, shaped for a govuk-frontend `errorMessage` option, or undefined
 * (which the components treat as "no error"). Errors link to fields as `#id`.
 */
export function findError(errors: readonly FormError[] | null | undefined, fieldId: string): { text: string } | undefined {
  const found = errors?.find((e) => e.href === `#${fieldId}`)
  return found ? { text: found.text } : undefined
}

/** `former_tenant` → `Former tenant`: the fallback label for enum values without a hand-written one. */
export function humanise(value: string | null | undefined): string {
  if (!value) return ''
  const words = value.replaceAll('_', ' ')
  return words.charAt(0).toUpperCase() + words.slice(1)
}

const LABELS: Record<string, string> = {
  rent: 'Rent',
  former_tenant: 'Former tenant arrears',
  temporary_accommodation: 'Temporary accommodation',
  hb_overpayment: 'Housing Benefit overpayment',
  storage_removals: 'Storage and removals',
  assured_shorthold: 'Assured shorthold',
  non_secure: 'Non-secure',
  ta_licence: 'Temporary accommodation licence',
  open: 'Open',
  closed: 'Closed',
}

/** The council's words for account types, tenures and statuses. */
export function label(value: string | null | undefined): string {
  if (!value) return ''
  return LABELS[value] ?? humanise(value)
}

/** The error for a GOV.UK date input `name` (any of its `name-day`/`-month`/`-year` fields). */
export function findDateError(errors: readonly FormError[] | null | undefined, name: string): { text: string } | undefined {
  return findError(errors, `${name}-day`) ?? findError(errors, `${name}-month`) ?? findError(errors, `${name}-year`)
}

/** `items` for govukDateInput from day/month/year text, with error styling on every part when the date is wrong. */
export function dateInputItems(parts: { day?: string; month?: string; year?: string } | undefined, error: unknown) {
  const errorClass = error ? ' govuk-input--error' : ''
  return [
    { name: 'day', label: 'Day', value: parts?.day ?? '', classes: `govuk-input--width-2${errorClass}` },
    { name: 'month', label: 'Month', value: parts?.month ?? '', classes: `govuk-input--width-2${errorClass}` },
    { name: 'year', label: 'Year', value: parts?.year ?? '', classes: `govuk-input--width-4${errorClass}` },
  ]
}

/** `cheque` → `Cheque`, `universal_credit` → `Universal Credit (direct payment)`: the statement's words. */
export function paymentMethod(method: string | null | undefined): string {
  return method ? paymentMethodLabel(method) : ''
}

const LONDON_TIME = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
const LONDON_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' })

/** A moment as officers read it, in London time: `22 November 2026 at 14:05`. */
export function dateTime(value: Date | string | null | undefined): string {
  if (!value) return ''
  const d = value instanceof Date ? value : new Date(value)
  if (Number.isNaN(d.getTime())) return ''
  return `${longDate(LONDON_DATE.format(d))} at ${LONDON_TIME.format(d)}`
}

/** Who did something, from an audit actor label: `user:jsmith` → `jsmith`; `cli`, `system:…` as they are. */
export function actorName(label: string | null | undefined): string {
  if (!label) return ''
  return label.startsWith('user:') ? label.slice('user:'.length) : label
}

const MATCH_RULES: Record<string, string> = {
  'exact-reference': 'Payment reference',
  'account-number': 'Account number',
  'reference-typo': 'Payment reference with a typing error',
  'name-and-amount': 'Name and usual amount',
  suspense: 'Not matched: in suspense',
}

/** How a payment in a file was matched to its account, in words. */
export function matchRule(rule: string | null | undefined): string {
  if (!rule) return ''
  return MATCH_RULES[rule] ?? humanise(rule.replaceAll('-', '_'))
}

const FILE_FORMATS: Record<string, string> = {
  'bank-csv': 'Bank CSV',
  allpay: 'allpay, PayPoint or Post Office',
  'benefit-schedule': 'Benefit schedule',
}

/** The kind of a payment file, in words. */
export function fileFormat(format: string | null | undefined): string {
  if (!format) return ''
  return FILE_FORMATS[format] ?? format
}
