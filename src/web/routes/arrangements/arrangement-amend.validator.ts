import {
  ARRANGEMENT_FREQUENCIES,
  ARRANGEMENT_PAYMENT_METHODS,
  priorityFromTiers,
  type ArrangementFrequency,
  type ArrangementPaymentMethod,
  type PriorityOrder,
} from '../../../domain/arrangements/index.ts'
import { MoneyParseError, parsePounds } from '../../../domain/money/pence.ts'
import { ACCOUNT_TYPES, type AccountType } from '../../../domain/recovery/index.ts'
import { checkDateParts, checkPounds, datePartsOf, fieldsOf, textOf, type DateParts } from '../../form-fields.ts'
import type { FormError } from '../../types.ts'
import { MAX_INSTALMENT_PENCE } from './arrangement-terms.validator.ts'

/** What the amend form holds, as typed (to show back with the errors). */
export interface AmendInput {
  frequency: string
  instalment: string
  paymentMethod: string
  effectiveFrom: DateParts
  accounts: string[]
  /** The tier typed for each type of debt, by account type (`priority-rent` …). */
  priority: Partial<Record<AccountType, string>>
  toleranceAmount: string
  toleranceDays: string
  reason: string
  /** The version the form was filled in against (hidden field): a change made meanwhile by someone else is a conflict. */
  version: string
}

export interface AmendForm {
  frequency: ArrangementFrequency
  instalmentPence: number
  paymentMethod: ArrangementPaymentMethod
  effectiveFrom: string
  accountIds: number[]
  /** The order the tiers give (only the types on the form; the rest go last). */
  priorityOrder: PriorityOrder
  tolerance: { amountPence: number; days: number }
  reason: string
  /** Null when the form did not say (the change then applies to whatever version is current). */
  expectedVersion: number | null
}

export type AmendResult = { ok: true; form: AmendForm; input: AmendInput } | { ok: false; errors: FormError[]; input: AmendInput }

/** The most days a tolerance may run (the domain's `maxToleranceDays`). */
export const MAX_TOLERANCE_DAYS = 60

const listOf = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' && v ? [v] : [])

/** Pure: the amendment an officer typed, or GOV.UK errors in the order of the fields. `types` are the types of debt on the form. */
export function validateAmend(body: unknown, types: readonly AccountType[]): AmendResult {
  const f = fieldsOf(body)
  const priority: AmendInput['priority'] = {}
  for (const t of types) priority[t] = textOf(f, `priority-${t}`)
  const input: AmendInput = {
    frequency: textOf(f, 'frequency'),
    instalment: textOf(f, 'instalment'),
    paymentMethod: textOf(f, 'paymentMethod'),
    effectiveFrom: datePartsOf(f, 'effectiveFrom'),
    accounts: listOf(f.accounts),
    priority,
    toleranceAmount: textOf(f, 'toleranceAmount'),
    toleranceDays: textOf(f, 'toleranceDays'),
    reason: textOf(f, 'reason'),
    version: textOf(f, 'version'),
  }
  const errors: FormError[] = []
  const frequency = (ARRANGEMENT_FREQUENCIES as readonly string[]).includes(input.frequency) ? (input.frequency as ArrangementFrequency) : null
  if (!frequency) errors.push({ text: 'Select how often the instalments are paid', href: '#frequency' })
  const instalment = checkPounds(input.instalment, 'instalment', 'Instalment', MAX_INSTALMENT_PENCE)
  if ('error' in instalment) errors.push(instalment.error)
  const method = (ARRANGEMENT_PAYMENT_METHODS as readonly string[]).includes(input.paymentMethod) ? (input.paymentMethod as ArrangementPaymentMethod) : null
  if (!method) errors.push({ text: 'Select how the instalments will be paid', href: '#paymentMethod' })
  const from = checkDateParts(input.effectiveFrom, 'effectiveFrom', 'Date the change takes effect')
  if ('error' in from) errors.push(from.error)
  const accountIds = [...new Set(input.accounts.filter((a) => /^[1-9]\d{0,9}$/.test(a)).map(Number))]
  if (accountIds.length === 0) errors.push({ text: 'Select at least one account to include', href: '#accounts' })
  const tiers: Partial<Record<AccountType, number>> = {}
  for (const t of types) {
    const v = priority[t] ?? ''
    if (!/^[1-9]\d?$/.test(v) || Number(v) > types.length) {
      errors.push({ text: `Select the priority of ${t.replaceAll('_', ' ')} debts`, href: `#priority-${t}` })
    } else tiers[t] = Number(v)
  }
  let tolerancePence: number | null = null
  if (!input.toleranceAmount) errors.push({ text: 'Enter the tolerance amount', href: '#toleranceAmount' })
  else {
    try {
      tolerancePence = parsePounds(input.toleranceAmount)
      if (tolerancePence < 0) {
        errors.push({ text: 'Tolerance amount must be £0.00 or more', href: '#toleranceAmount' })
        tolerancePence = null
      } else if (tolerancePence > MAX_INSTALMENT_PENCE) {
        errors.push({ text: 'Tolerance amount is too large', href: '#toleranceAmount' })
        tolerancePence = null
      }
    } catch (e) {
      if (!(e instanceof MoneyParseError)) throw e
      errors.push({ text: 'Tolerance amount must be an amount of money, like 5.00', href: '#toleranceAmount' })
    }
  }
  const days = /^\d{1,2}$/.test(input.toleranceDays) ? Number(input.toleranceDays) : null
  if (days === null || days > MAX_TOLERANCE_DAYS) errors.push({ text: `Tolerance in days must be a whole number from 0 to ${MAX_TOLERANCE_DAYS}`, href: '#toleranceDays' })
  if (!input.reason) errors.push({ text: 'Enter why the arrangement is being changed', href: '#reason' })
  else if (input.reason.length > 500) errors.push({ text: 'Reason must be 500 characters or fewer', href: '#reason' })
  if (errors.length || !frequency || !method || 'error' in instalment || 'error' in from || tolerancePence === null || days === null) return { ok: false, errors, input }
  return {
    ok: true,
    input,
    form: {
      frequency,
      instalmentPence: instalment.pence,
      paymentMethod: method,
      effectiveFrom: from.iso,
      accountIds,
      priorityOrder: priorityFromTiers(tiers),
      tolerance: { amountPence: tolerancePence, days },
      reason: input.reason,
      expectedVersion: /^[1-9]\d{0,5}$/.test(input.version) ? Number(input.version) : null,
    },
  }
}

/** Where on the amend page each service field is. */
export const AMEND_FIELD_HREFS: Record<string, string> = {
  effectiveFrom: '#effectiveFrom-day',
  startDate: '#effectiveFrom-day',
  instalmentPence: '#instalment',
  frequency: '#frequency',
  paymentMethod: '#paymentMethod',
  reason: '#reason',
  accounts: '#accounts',
  'tolerance.amountPence': '#toleranceAmount',
  'tolerance.days': '#toleranceDays',
  startingArrearsPence: '#accounts',
}
