/**
 * Redacting personal fields inside stored JSON (an income and expenditure statement, an audit event's before/after)
 * by key: under a personal key every string is replaced, at any depth, and everything else is kept as it was
 * (numbers, booleans, nulls, ids and the shape), so the record still reads as the same kind of record and its
 * figures still add up. Pure: no I/O.
 */

export const REDACTED = '[Anonymised]'

/** Free text in a Standard Financial Statement (line and debt notes, creditors, explanations, notes). */
export const STATEMENT_TEXT_KEYS: ReadonlySet<string> = new Set(['note', 'notes', 'explanation', 'explanations', 'creditor'])

/**
 * Keys that carry a person's data in audit events' before/after (camelCase as services write them, snake_case as rows
 * copied whole would have them). Ids, amounts, dates, statuses and the council's own account numbers are kept.
 */
export const AUDIT_PERSONAL_KEYS: ReadonlySet<string> = new Set([
  'title', 'forename', 'surname', 'name', 'names', 'organisationName', 'organisation_name', 'payerName', 'payer_name', 'payerNames',
  'payeeName', 'payee_name', 'dateOfBirth', 'date_of_birth', 'email', 'phone', 'mobile', 'recipient', 'address', 'addressLine1',
  'addressLine2', 'address_line1', 'address_line2', 'forwardingAddress', 'sortCode', 'sort_code', 'bankSortCode', 'bank_sort_code',
  'bankAccountNumber', 'bank_account_number', 'accountName', 'account_name', 'text', 'summary', 'concern', 'note', 'notes',
  'outcomeNote', 'outcome_note', 'serviceDetail', 'service_detail', 'explanation', 'explanations', 'creditor', 'body', 'subject',
  'mergeData', 'merge_data', 'bodyText', 'body_text', 'proportionalityNote', 'proportionality_note', 'equalityNote', 'equality_note',
])

function redactAll(value: unknown): unknown {
  if (typeof value === 'string') return REDACTED
  if (Array.isArray(value)) return value.map(redactAll)
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactAll(v)]))
  return value
}

/** A copy of `value` with every string under a key in `keys` (at any depth) replaced by REDACTED. */
export function redactPersonal(value: unknown, keys: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) return value.map((v) => redactPersonal(v, keys))
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, keys.has(k) ? redactAll(v) : redactPersonal(v, keys)]))
  }
  return value
}
