import { MAX_INVOICE_PENCE } from '../../../domain/invoicing/invoice.ts'
import { MoneyParseError, parsePounds } from '../../../domain/money/pence.ts'
import { checkDateParts, checkPounds, datePartsOf, fieldsOf, textOf, type DateParts } from '../../form-fields.ts'
import type { FormError } from '../../types.ts'

/**
 * The fields of a source-record form (repair, care plan, loan, storage, claim, HB overpayment), as data: the view
 * draws each with its GOV.UK macro and `validateRecordForm` checks each the same way, so every form reads and
 * refuses alike. Rules that join fields (an end after a start) are each form's own `check`.
 */
export type RecordField =
  | { kind: 'text'; name: string; label: string; hint?: string; optional?: boolean; max: number; pattern?: RegExp; patternText?: string; multiline?: boolean; width?: string }
  | { kind: 'money'; name: string; label: string; hint?: string; optional?: boolean; allowZero?: boolean }
  | { kind: 'date'; name: string; label: string; hint?: string; optional?: boolean; notFuture?: boolean }
  | { kind: 'whole'; name: string; label: string; hint?: string; optional?: boolean; min: number; max: number }
  | { kind: 'radios'; name: string; label: string; hint?: string; optional?: boolean; items: readonly { value: string; text: string; hint?: string }[] }

export type RecordInput = Record<string, string | DateParts>
/** Checked values: text and radios as strings, money in pence, whole numbers, dates as ISO; `null` when left empty. */
export type RecordValues = Record<string, string | number | null>

export type RecordFormResult = { ok: true; values: RecordValues; input: RecordInput } | { ok: false; errors: FormError[]; input: RecordInput }

export function blankRecordInput(fields: readonly RecordField[], defaults: Record<string, string | DateParts> = {}): RecordInput {
  return Object.fromEntries(fields.map((f) => [f.name, defaults[f.name] ?? (f.kind === 'date' ? { day: '', month: '', year: '' } : '')]))
}

const lower = (label: string) => label.charAt(0).toLowerCase() + label.slice(1)

function checkField(f: RecordField, fields: Record<string, unknown>, today: string): { input: string | DateParts; value: string | number | null; error?: FormError } {
  if (f.kind === 'date') {
    const parts = datePartsOf(fields, f.name)
    if (f.optional && !parts.day && !parts.month && !parts.year) return { input: parts, value: null }
    const d = checkDateParts(parts, f.name, f.label)
    if ('error' in d) return { input: parts, value: null, error: d.error }
    if (f.notFuture && d.iso > today) return { input: parts, value: null, error: { text: `${f.label} must be today or in the past`, href: `#${f.name}-day` } }
    return { input: parts, value: d.iso }
  }
  const text = textOf(fields, f.name)
  const href = `#${f.name}`
  if (!text) return f.optional ? { input: text, value: null } : { input: text, value: null, error: { text: f.kind === 'radios' ? `Select ${lower(f.label)}` : `Enter ${f.kind === 'money' ? 'the ' : ''}${lower(f.label)}`, href } }
  switch (f.kind) {
    case 'text':
      if (text.length > f.max) return { input: text, value: null, error: { text: `${f.label} must be ${f.max} characters or fewer`, href } }
      if (f.pattern && !f.pattern.test(text)) return { input: text, value: null, error: { text: f.patternText ?? `${f.label} is not in the right form`, href } }
      return { input: text, value: text }
    case 'radios':
      return f.items.some((i) => i.value === text) ? { input: text, value: text } : { input: text, value: null, error: { text: `Select ${lower(f.label)}`, href } }
    case 'whole': {
      const n = /^\d{1,6}$/.test(text) ? Number(text) : NaN
      if (!Number.isInteger(n)) return { input: text, value: null, error: { text: `${f.label} must be a whole number, like ${f.min + 1}`, href } }
      if (n < f.min || n > f.max) return { input: text, value: null, error: { text: `${f.label} must be between ${f.min} and ${f.max}`, href } }
      return { input: text, value: n }
    }
    case 'money': {
      if (!f.allowZero) {
        const m = checkPounds(text, f.name, f.label, MAX_INVOICE_PENCE)
        return 'error' in m ? { input: text, value: null, error: m.error } : { input: text, value: m.pence }
      }
      try {
        const pence = parsePounds(text)
        if (pence < 0 || pence > MAX_INVOICE_PENCE) return { input: text, value: null, error: { text: `${f.label} must be between £0.00 and £${(MAX_INVOICE_PENCE / 100).toFixed(2)}`, href } }
        return { input: text, value: pence }
      } catch (e) {
        if (!(e instanceof MoneyParseError)) throw e
        return { input: text, value: null, error: { text: `${f.label} must be an amount of money, like 25.50`, href } }
      }
    }
  }
}

/**
 * Pure: every field checked in page order, then the form's own cross-field `check` on the values that passed.
 * Returns GOV.UK errors, each linked to its field.
 */
export function validateRecordForm(
  fields: readonly RecordField[],
  body: unknown,
  today: string,
  check?: (v: RecordValues) => FormError[],
): RecordFormResult {
  const f = fieldsOf(body)
  const input: RecordInput = {}
  const values: RecordValues = {}
  const errors: FormError[] = []
  for (const spec of fields) {
    const r = checkField(spec, f, today)
    input[spec.name] = r.input
    values[spec.name] = r.value
    if (r.error) errors.push(r.error)
  }
  if (!errors.length && check) errors.push(...check(values))
  return errors.length ? { ok: false, errors, input } : { ok: true, values, input }
}
