import { MAX_INVOICE_PENCE, MAX_LINE_DESCRIPTION } from '../../../domain/invoicing/invoice.ts'
import { checkDateParts, checkPounds, datePartsOf, fieldsOf, partsOfIso, textOf, type DateParts } from '../../form-fields.ts'
import type { FormError } from '../../types.ts'

export interface RaiseInvoiceInput {
  chargeType: string
  description: string
  amount: string
  issueDate: DateParts
}

export interface RaiseInvoiceForm {
  chargeType: string
  description: string
  netPence: number
  issueDate: string
}

export type RaiseInvoiceResult = { ok: true; form: RaiseInvoiceForm; input: RaiseInvoiceInput } | { ok: false; errors: FormError[]; input: RaiseInvoiceInput }

export function blankRaiseInvoice(today: string): RaiseInvoiceInput {
  return { chargeType: '', description: '', amount: '', issueDate: partsOfIso(today) }
}

/** Pure: the invoice an officer typed, or GOV.UK errors in page order. `allowed` are the charge types offered. */
export function validateRaiseInvoice(body: unknown, today: string, allowed: readonly string[]): RaiseInvoiceResult {
  const f = fieldsOf(body)
  const input: RaiseInvoiceInput = { chargeType: textOf(f, 'chargeType'), description: textOf(f, 'description'), amount: textOf(f, 'amount'), issueDate: datePartsOf(f, 'issueDate') }
  const errors: FormError[] = []
  if (!allowed.includes(input.chargeType)) errors.push({ text: 'Select what the charge is for', href: '#chargeType' })
  if (!input.description) errors.push({ text: 'Enter a description of the charge', href: '#description' })
  else if (input.description.length > MAX_LINE_DESCRIPTION) errors.push({ text: `Description must be ${MAX_LINE_DESCRIPTION} characters or fewer`, href: '#description' })
  const amount = checkPounds(input.amount, 'amount', 'Amount', MAX_INVOICE_PENCE)
  if ('error' in amount) errors.push(amount.error)
  const date = checkDateParts(input.issueDate, 'issueDate', 'Invoice date')
  if ('error' in date) errors.push(date.error)
  else if (date.iso > today) errors.push({ text: 'Invoice date must be today or in the past', href: '#issueDate-day' })
  if (errors.length || 'error' in amount || 'error' in date) return { ok: false, errors, input }
  return { ok: true, input, form: { chargeType: input.chargeType, description: input.description, netPence: amount.pence, issueDate: date.iso } }
}
