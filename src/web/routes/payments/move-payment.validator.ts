import { fieldsOf, textOf } from '../../form-fields.ts'
import type { FormError } from '../../types.ts'

export const MAX_REASON_LENGTH = 500

export interface MovePaymentInput {
  target: string
  reason: string
}

export type MovePaymentResult = { ok: true; form: MovePaymentInput; input: MovePaymentInput } | { ok: false; errors: FormError[]; input: MovePaymentInput }

/** Pure: the account to move a payment to (account number or payment reference, as typed) and why. */
export function validateMovePayment(body: unknown): MovePaymentResult {
  const f = fieldsOf(body)
  const input = { target: textOf(f, 'target').replace(/\s+/g, '').toUpperCase(), reason: textOf(f, 'reason') }
  const errors: FormError[] = []
  if (!input.target) errors.push({ text: 'Enter the account number or payment reference to move the payment to', href: '#target' })
  else if (input.target.length > 30) errors.push({ text: 'Account number or payment reference must be 30 characters or fewer', href: '#target' })
  if (!input.reason) errors.push({ text: 'Enter why the payment is being moved', href: '#reason' })
  else if (input.reason.length > MAX_REASON_LENGTH) errors.push({ text: `Reason must be ${MAX_REASON_LENGTH} characters or fewer`, href: '#reason' })
  return errors.length ? { ok: false, errors, input } : { ok: true, form: input, input }
}
