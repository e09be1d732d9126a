import { isIsoDate } from '../../../domain/calendar/dates.ts'
import { checkCaseReason, INSOLVENCY_KINDS, MAX_NOTE_LENGTH, WRITE_OFF_REASONS, type CaseReason, type InsolvencyKind, type WriteOffReason } from '../../../domain/write-off/reasons.ts'
import { checkPounds, fieldsOf, textOf } from '../../form-fields.ts'
import type { FormError } from '../../types.ts'

/** Pure validators for the write-off forms: GOV.UK wording, each error linked to its field. */

const MAX_PENCE = 10_000_000_000

export interface ReasonInput {
  reason: string
  insolvencyKind: string
  reasonText: string
  evidenceNote: string
}

const readReason = (f: Record<string, unknown>): ReasonInput => ({
  reason: textOf(f, 'reason'),
  insolvencyKind: textOf(f, 'insolvencyKind'),
  reasonText: textOf(f, 'reasonText'),
  evidenceNote: textOf(f, 'evidenceNote').replaceAll('\r\n', '\n'),
})

function checkReason(input: ReasonInput, errors: FormError[]): CaseReason | null {
  if (!(WRITE_OFF_REASONS as readonly string[]).includes(input.reason)) {
    errors.push({ text: 'Select the reason for the write-off', href: '#reason' })
    if (!input.evidenceNote) errors.push({ text: 'Enter the evidence for the write-off', href: '#evidenceNote' })
    return null
  }
  const reason = input.reason as WriteOffReason
  const kind = reason === 'insolvency' && (INSOLVENCY_KINDS as readonly string[]).includes(input.insolvencyKind) ? (input.insolvencyKind as InsolvencyKind) : null
  const r: CaseReason = { reason, insolvencyKind: kind, reasonText: reason === 'other' ? input.reasonText : null, evidenceNote: input.evidenceNote }
  const problems = checkCaseReason(r)
  for (const p of problems) errors.push({ text: p.message, href: `#${p.field}` })
  return problems.length ? null : r
}

export interface PrepareInput extends ReasonInput {
  amountChoice: string
  amount: string
}

export type PrepareResult = { ok: true; form: CaseReason & { amountPence: number | null }; input: PrepareInput } | { ok: false; errors: FormError[]; input: PrepareInput }

/** "Request write-off": whole balance or part (an amount up to the balance), a reason and the evidence. */
export function validatePrepare(body: unknown, balancePence: number): PrepareResult {
  const f = fieldsOf(body)
  const input: PrepareInput = { amountChoice: textOf(f, 'amountChoice'), amount: textOf(f, 'amount'), ...readReason(f) }
  const errors: FormError[] = []
  let amountPence: number | null = null
  if (input.amountChoice === 'part') {
    const a = checkPounds(input.amount, 'amount', 'Amount to write off', Math.max(1, Math.min(balancePence, MAX_PENCE)))
    if ('error' in a) errors.push(a.error)
    else amountPence = a.pence
  } else if (input.amountChoice !== 'whole') {
    errors.push({ text: 'Select whether to write off the whole balance or part of it', href: '#amountChoice' })
  }
  const reason = checkReason(input, errors)
  if (errors.length || !reason) return { ok: false, errors, input }
  return { ok: true, form: { ...reason, amountPence }, input }
}

export interface ListInput extends ReasonInput {
  name: string
  accountTypes: string[]
  maxBalance: string
  includeOpen: string
}

export type ListResult =
  | { ok: true; form: CaseReason & { name: string; accountTypes: string[]; maxBalancePence: number; closedOnly: boolean }; input: ListInput }
  | { ok: false; errors: FormError[]; input: ListInput }

/** A bulk list's rule: a name, the kinds of account, the largest balance, the reason and evidence. */
export function validateList(body: unknown, allowedTypes: readonly string[]): ListResult {
  const f = fieldsOf(body)
  const rawTypes = f.accountTypes
  const types = (Array.isArray(rawTypes) ? rawTypes : [rawTypes]).filter((t): t is string => typeof t === 'string' && allowedTypes.includes(t))
  const input: ListInput = { name: textOf(f, 'name'), accountTypes: types, maxBalance: textOf(f, 'maxBalance'), includeOpen: textOf(f, 'includeOpen'), ...readReason(f) }
  const errors: FormError[] = []
  if (!input.name) errors.push({ text: 'Enter a name for the list', href: '#name' })
  else if (input.name.length > 100) errors.push({ text: 'Name must be 100 characters or fewer', href: '#name' })
  if (types.length === 0) errors.push({ text: 'Select at least one kind of account', href: '#accountTypes' })
  const max = checkPounds(input.maxBalance, 'maxBalance', 'Largest balance', MAX_PENCE)
  if ('error' in max) errors.push(max.error)
  const reason = checkReason(input, errors)
  if (errors.length || !reason || 'error' in max) return { ok: false, errors, input }
  return { ok: true, form: { ...reason, name: input.name, accountTypes: types, maxBalancePence: max.pence, closedOnly: input.includeOpen !== 'yes' }, input }
}

export interface WriteOnInput {
  basis: string
  amount: string
  reason: string
}

export type WriteOnFormResult =
  | { ok: true; form: { basis: 'payment_received' | 'full_by_choice'; amountPence: number | null; reason: string }; input: WriteOnInput }
  | { ok: false; errors: FormError[]; input: WriteOnInput }

/** Write-on: for a payment (up to the credit) or in full by choice; an amount may be given; a reason always. */
export function validateWriteOn(body: unknown): WriteOnFormResult {
  const f = fieldsOf(body)
  const input: WriteOnInput = { basis: textOf(f, 'basis'), amount: textOf(f, 'amount'), reason: textOf(f, 'reason') }
  const errors: FormError[] = []
  if (input.basis !== 'payment_received' && input.basis !== 'full_by_choice') errors.push({ text: 'Select why the debt is being written back on', href: '#basis' })
  let amountPence: number | null = null
  if (input.amount) {
    const a = checkPounds(input.amount, 'amount', 'Amount', MAX_PENCE)
    if ('error' in a) errors.push(a.error)
    else amountPence = a.pence
  }
  if (!input.reason) errors.push({ text: 'Enter the reason for the write-on', href: '#reason' })
  else if (input.reason.length > MAX_NOTE_LENGTH) errors.push({ text: `Reason must be ${MAX_NOTE_LENGTH} characters or fewer`, href: '#reason' })
  if (errors.length) return { ok: false, errors, input }
  return { ok: true, form: { basis: input.basis as 'payment_received' | 'full_by_choice', amountPence, reason: input.reason }, input }
}

/** The report's period from the query string (defaults: this financial year to date). */
export function validatePeriod(query: unknown, today: string): { ok: true; from: string; to: string } | { ok: false; errors: FormError[]; from: string; to: string } {
  const f = fieldsOf(query)
  const y = Number(today.slice(0, 4))
  const fyStart = today.slice(5) >= '04-01' ? `${y}-04-01` : `${y - 1}-04-01`
  const from = textOf(f, 'from') || fyStart
  const to = textOf(f, 'to') || today
  const errors: FormError[] = []
  if (!isIsoDate(from)) errors.push({ text: 'Enter the start date as YYYY-MM-DD, like 2026-04-01', href: '#from' })
  if (!isIsoDate(to)) errors.push({ text: 'Enter the end date as YYYY-MM-DD, like 2027-03-31', href: '#to' })
  if (!errors.length && from > to) errors.push({ text: 'The end date must be the same as or after the start date', href: '#to' })
  return errors.length ? { ok: false, errors, from, to } : { ok: true, from, to }
}
