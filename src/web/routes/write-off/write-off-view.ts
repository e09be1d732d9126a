import { INSOLVENCY_KINDS, INSOLVENCY_LABELS, REASON_HINTS, REASON_LABELS, WRITE_OFF_REASONS } from '../../../domain/write-off/reasons.ts'
import { AppError } from '../../../errors.ts'

/** What every write-off page needs to name reasons and statuses in the council's words. */
export const WRITE_OFF_WORDS = {
  reasonLabels: REASON_LABELS,
  insolvencyLabels: INSOLVENCY_LABELS,
  reasons: WRITE_OFF_REASONS.map((value) => ({ value, text: REASON_LABELS[value], hint: REASON_HINTS[value] })),
  insolvencyKinds: INSOLVENCY_KINDS.map((value) => ({ value, text: INSOLVENCY_LABELS[value] })),
  statusLabels: { prepared: 'Waiting for approval', approved: 'Approved: not yet posted', rejected: 'Rejected', posted: 'Posted', withdrawn: 'Withdrawn' },
  statusColours: { prepared: 'yellow', approved: 'blue', rejected: 'red', posted: 'green', withdrawn: 'grey' },
}

/** Account types a bulk list may take (customer debts). */
export const LIST_ACCOUNT_TYPES = [
  'former_tenant',
  'rechargeable_repair',
  'sundry',
  'temporary_accommodation',
  'garage',
  'pitch',
  'storage_removals',
  'insurance_claim',
  'hb_overpayment',
  'court_costs',
  'loan',
  'social_care',
  'council_tax',
  'rent',
] as const

/** A numeric id from the URL, or the 404 page. */
export function idParam(raw: string, what: string): number {
  if (!/^[1-9]\d{0,14}$/.test(raw)) throw new AppError('not_found', `No ${what} ${raw}`)
  return Number(raw)
}

export const casePath = (id: number) => `/write-offs/${id}`
export const listPath = (id: number) => `/write-offs/lists/${id}`
