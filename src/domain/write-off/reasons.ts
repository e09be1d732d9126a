/**
 * Why a debt is written off (DOMAIN.md §11, from published council policies: Gateshead, Camden, Welwyn Hatfield,
 * Cambridge, Hinckley & Bosworth). Pure: the words officers see and the rules a case must meet before it is stored.
 */
export const WRITE_OFF_REASONS = [
  'statute_barred',
  'deceased_no_estate',
  'gone_away_untraceable',
  'insolvency',
  'uneconomical_to_pursue',
  'vulnerability',
  'other',
] as const
export type WriteOffReason = (typeof WRITE_OFF_REASONS)[number]

export const INSOLVENCY_KINDS = ['dro', 'bankruptcy', 'iva'] as const
export type InsolvencyKind = (typeof INSOLVENCY_KINDS)[number]

export const REASON_LABELS: Record<WriteOffReason, string> = {
  statute_barred: 'Statute-barred (Limitation Act 1980)',
  deceased_no_estate: 'Debtor deceased with no or insufficient estate',
  gone_away_untraceable: 'Gone away: untraceable after tracing',
  insolvency: 'Insolvency (Debt Relief Order, bankruptcy or IVA)',
  uneconomical_to_pursue: 'Uneconomical to pursue',
  vulnerability: 'Vulnerability or hardship',
  other: 'Other reason',
}

export const REASON_HINTS: Record<WriteOffReason, string> = {
  statute_barred: 'More than six years since the last payment, written acknowledgement or charge.',
  deceased_no_estate: 'Not where a joint tenant survives. Note the date of death and how the estate was checked.',
  gone_away_untraceable: 'Note the tracing agent and debt collection agency results.',
  insolvency: 'Write off the debt covered by the order or arrangement, at discharge or when no dividend is paid.',
  uneconomical_to_pursue: 'The cost of recovery would exceed the debt.',
  vulnerability: 'Record the adjustment, not clinical detail.',
  other: 'Say what the reason is.',
}

export const INSOLVENCY_LABELS: Record<InsolvencyKind, string> = {
  dro: 'Debt Relief Order',
  bankruptcy: 'Bankruptcy',
  iva: 'Individual Voluntary Arrangement',
}

export const MAX_NOTE_LENGTH = 2000

/** A case's reason in words: `Insolvency (Debt Relief Order…)` or, for other, the text the officer gave. */
export function describeReason(reason: WriteOffReason, insolvencyKind: InsolvencyKind | null, reasonText: string | null): string {
  if (reason === 'insolvency' && insolvencyKind) return `Insolvency: ${INSOLVENCY_LABELS[insolvencyKind]}`
  if (reason === 'other' && reasonText) return `Other: ${reasonText}`
  return REASON_LABELS[reason]
}

export interface CaseReason {
  reason: WriteOffReason
  insolvencyKind: InsolvencyKind | null
  reasonText: string | null
  evidenceNote: string
}

export interface ReasonProblem {
  field: 'reason' | 'insolvencyKind' | 'reasonText' | 'evidenceNote'
  message: string
}

/** The reason's own rules: insolvency needs its kind, other needs words, every case needs its evidence. */
export function checkCaseReason(r: CaseReason): ReasonProblem[] {
  const problems: ReasonProblem[] = []
  if (r.reason === 'insolvency' && !r.insolvencyKind) problems.push({ field: 'insolvencyKind', message: 'Select the kind of insolvency' })
  if (r.reason !== 'insolvency' && r.insolvencyKind) problems.push({ field: 'insolvencyKind', message: 'Only an insolvency case has a kind of insolvency' })
  if (r.reason === 'other' && !r.reasonText?.trim()) problems.push({ field: 'reasonText', message: 'Enter the reason for the write-off' })
  if (!r.evidenceNote.trim()) problems.push({ field: 'evidenceNote', message: 'Enter the evidence for the write-off' })
  if (r.evidenceNote.length > MAX_NOTE_LENGTH) problems.push({ field: 'evidenceNote', message: `Evidence must be ${MAX_NOTE_LENGTH} characters or fewer` })
  if ((r.reasonText ?? '').length > 200) problems.push({ field: 'reasonText', message: 'Reason must be 200 characters or fewer' })
  return problems
}
