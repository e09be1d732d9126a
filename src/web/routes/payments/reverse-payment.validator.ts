import type { PaymentReversalReason } from '../../../services/payments/reverse-payment.ts'
import { fieldsOf, textOf } from '../../form-fields.ts'
import type { FormError } from '../../types.ts'

export const MAX_NOTE_LENGTH = 500

/** The reasons, in the order the page offers them, with the words officers use. */
export const REVERSAL_REASONS: { value: PaymentReversalReason; text: string; hint?: string }[] = [
  { value: 'cheque_dishonoured', text: 'Cheque dishonoured', hint: 'The bank returned the cheque unpaid' },
  { value: 'card_recalled', text: 'Card payment recalled', hint: 'A chargeback or recall by the card issuer' },
  { value: 'direct_debit_unpaid', text: 'Direct Debit unpaid' },
  { value: 'paid_in_error', text: 'Paid in error', hint: 'The money is being returned to the payer' },
  { value: 'other', text: 'Another reason', hint: 'Say what happened in the note' },
]

export interface ReversePaymentInput {
  reason: string
  note: string
}

export type ReversePaymentResult =
  | { ok: true; form: { reason: PaymentReversalReason; note: string | null }; input: ReversePaymentInput }
  | { ok: false; errors: FormError[]; input: ReversePaymentInput }

/** Pure: why the payment is being taken back. "Another reason" needs a note saying what it is. */
export function validateReversePayment(body: unknown): ReversePaymentResult {
  const f = fieldsOf(body)
  const input = { reason: textOf(f, 'reason'), note: textOf(f, 'note') }
  const reason = REVERSAL_REASONS.find((r) => r.value === input.reason)?.value
  const errors: FormError[] = []
  if (!reason) errors.push({ text: 'Select why the payment is being reversed', href: '#reason' })
  if (reason === 'other' && !input.note) errors.push({ text: 'Enter a note saying why the payment is being reversed', href: '#note' })
  if (input.note.length > MAX_NOTE_LENGTH) errors.push({ text: `Note must be ${MAX_NOTE_LENGTH} characters or fewer`, href: '#note' })
  if (errors.length || !reason) return { ok: false, errors, input }
  return { ok: true, form: { reason, note: input.note || null }, input }
}
