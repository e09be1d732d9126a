import { fieldsOf, textOf } from '../../form-fields.ts'
import type { FormError } from '../../types.ts'

export const MAX_REASON_LENGTH = 500

export interface RefundRequestInput {
  method: string
  sortCode: string
  bankAccountNumber: string
  reason: string
}

export interface RefundRequestForm {
  method: 'bacs' | 'cheque'
  bankSortCode: string | null
  bankAccountNumber: string | null
  reason: string
}

export type RefundRequestResult = { ok: true; form: RefundRequestForm; input: RefundRequestInput } | { ok: false; errors: FormError[]; input: RefundRequestInput }

const digitsOf = (text: string) => text.replace(/[\s-]/g, '')

/** Pure: how to pay the refund (BACS needs a sort code and account number; a cheque does not) and why. */
export function validateRefundRequest(body: unknown): RefundRequestResult {
  const f = fieldsOf(body)
  const input = { method: textOf(f, 'method'), sortCode: textOf(f, 'sortCode'), bankAccountNumber: textOf(f, 'bankAccountNumber'), reason: textOf(f, 'reason') }
  const errors: FormError[] = []
  const method = input.method === 'bacs' || input.method === 'cheque' ? input.method : null
  if (!method) errors.push({ text: 'Select how the refund should be paid', href: '#method' })
  const sortCode = digitsOf(input.sortCode)
  const accountNumber = digitsOf(input.bankAccountNumber)
  if (method === 'bacs') {
    if (!sortCode) errors.push({ text: 'Enter a sort code', href: '#sortCode' })
    else if (!/^\d{6}$/.test(sortCode)) errors.push({ text: 'Enter a valid sort code like 309430', href: '#sortCode' })
    if (!accountNumber) errors.push({ text: 'Enter an account number', href: '#bankAccountNumber' })
    else if (!/^\d{6,8}$/.test(accountNumber)) errors.push({ text: 'Enter a valid account number like 00733445', href: '#bankAccountNumber' })
  }
  if (!input.reason) errors.push({ text: 'Enter why the refund is due', href: '#reason' })
  else if (input.reason.length > MAX_REASON_LENGTH) errors.push({ text: `Reason must be ${MAX_REASON_LENGTH} characters or fewer`, href: '#reason' })
  if (errors.length || !method) return { ok: false, errors, input }
  const bacs = method === 'bacs'
  return {
    ok: true,
    input,
    // Six- and seven-digit account numbers are written with leading zeros, as banks do.
    form: { method, bankSortCode: bacs ? sortCode : null, bankAccountNumber: bacs ? accountNumber.padStart(8, '0') : null, reason: input.reason },
  }
}
