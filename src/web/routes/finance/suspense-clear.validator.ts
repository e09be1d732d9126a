import { fieldsOf, textOf } from '../../form-fields.ts'
import type { FormError } from '../../types.ts'

export const MAX_NOTE_LENGTH = 500

export interface SuspenseClearInput {
  account: string
  note: string
}

export type SuspenseClearResult = { ok: true; form: SuspenseClearInput; input: SuspenseClearInput } | { ok: false; errors: FormError[]; input: SuspenseClearInput }

/** Pure: the account a suspense payment belongs to (account number or payment reference) and why. */
export function validateSuspenseClear(body: unknown): SuspenseClearResult {
  const f = fieldsOf(body)
  const input = { account: textOf(f, 'account').replace(/\s+/g, '').toUpperCase(), note: textOf(f, 'note') }
  const errors: FormError[] = []
  if (!input.account) errors.push({ text: 'Enter the account number or payment reference the payment belongs to', href: '#account' })
  else if (input.account.length > 30) errors.push({ text: 'Account number or payment reference must be 30 characters or fewer', href: '#account' })
  if (!input.note) errors.push({ text: 'Enter a note saying why the payment belongs to this account', href: '#note' })
  else if (input.note.length > MAX_NOTE_LENGTH) errors.push({ text: `Note must be ${MAX_NOTE_LENGTH} characters or fewer`, href: '#note' })
  return errors.length ? { ok: false, errors, input } : { ok: true, form: input, input }
}
