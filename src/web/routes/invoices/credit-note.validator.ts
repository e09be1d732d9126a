import { MAX_INVOICE_PENCE } from '../../../domain/invoicing/invoice.ts'
import { checkPounds, fieldsOf, textOf } from '../../form-fields.ts'
import type { FormError } from '../../types.ts'

export const MAX_CREDIT_REASON = 500

export interface CreditNoteInput {
  extent: string
  amount: string
  reason: string
}

export type CreditNoteResult = { ok: true; amount: 'whole' | number; reason: string; input: CreditNoteInput } | { ok: false; errors: FormError[]; input: CreditNoteInput }

/** Pure: whole or part (with the amount), and why; or GOV.UK errors. */
export function validateCreditNote(body: unknown): CreditNoteResult {
  const f = fieldsOf(body)
  const input: CreditNoteInput = { extent: textOf(f, 'extent'), amount: textOf(f, 'amount'), reason: textOf(f, 'reason') }
  const errors: FormError[] = []
  let amount: 'whole' | number = 'whole'
  if (input.extent === 'part') {
    const a = checkPounds(input.amount, 'amount', 'Amount to cancel', MAX_INVOICE_PENCE)
    if ('error' in a) errors.push(a.error)
    else amount = a.pence
  } else if (input.extent !== 'whole') errors.push({ text: 'Select whether to cancel all of the invoice or part of it', href: '#extent' })
  if (!input.reason) errors.push({ text: 'Enter why the invoice is being cancelled', href: '#reason' })
  else if (input.reason.length > MAX_CREDIT_REASON) errors.push({ text: `Reason must be ${MAX_CREDIT_REASON} characters or fewer`, href: '#reason' })
  if (errors.length) return { ok: false, errors, input }
  return { ok: true, amount, reason: input.reason, input }
}
