/**
 * The words an arrangement is written in: how often instalments fall due, how they are paid, and the
 * status the nightly check gives it. One list each, shared by the schedule, the check, amendment
 * and the affordability offer.
 */

/** How often an instalment (on top of the current charge) falls due. A lump sum first is separate. */
export const ARRANGEMENT_FREQUENCIES = ['weekly', 'fortnightly', 'four_weekly', 'monthly'] as const
export type ArrangementFrequency = (typeof ARRANGEMENT_FREQUENCIES)[number]

export const FREQUENCY_LABELS: Record<ArrangementFrequency, { adjective: string; per: string }> = {
  weekly: { adjective: 'weekly', per: 'a week' },
  fortnightly: { adjective: 'fortnightly', per: 'a fortnight' },
  four_weekly: { adjective: '4-weekly', per: 'every 4 weeks' },
  monthly: { adjective: 'monthly', per: 'a month' },
}

/**
 * How the instalments are paid. The same words as `payments.method` in `db/migrations/0001_ledger.sql`,
 * less the two that are benefit payments of the rent itself (`housing_benefit`, `universal_credit`):
 * those pay the current charge, not an arrangement.
 *
 * - `employer_deduction`: a voluntary deduction from wages that the employer pays to the council
 *   (agreed with the tenant, unlike a court attachment of earnings order).
 * - `dwp_deduction`: a third-party deduction from Universal Credit (or a legacy benefit) paid by
 *   the DWP for the arrears (DOMAIN.md §6.1). The DWP sets the amount within its limits
 *   (`thirdPartyDeduction` in `domain/benefits`), so the instalment recorded is the amount the DWP
 *   confirmed, and it arrives monthly (UC) or 4-weekly (legacy benefits).
 */
export const ARRANGEMENT_PAYMENT_METHODS = [
  'direct_debit',
  'standing_order',
  'card',
  'cash',
  'cheque',
  'postal_order',
  'bank_transfer',
  'allpay',
  'paypoint',
  'post_office',
  'employer_deduction',
  'dwp_deduction',
] as const
export type ArrangementPaymentMethod = (typeof ARRANGEMENT_PAYMENT_METHODS)[number]

export const PAYMENT_METHOD_LABELS: Record<ArrangementPaymentMethod, string> = {
  direct_debit: 'Direct Debit',
  standing_order: 'Standing order',
  card: 'Debit or credit card',
  cash: 'Cash',
  cheque: 'Cheque',
  postal_order: 'Postal order',
  bank_transfer: 'Bank transfer',
  allpay: 'allpay card',
  paypoint: 'PayPoint',
  post_office: 'Post Office',
  employer_deduction: 'Deduction from wages by the employer (voluntary)',
  dwp_deduction: 'Deduction from benefit by the DWP (third-party deduction)',
}

/**
 * Frequencies each method can be paid at. A DWP deduction arrives with the benefit: monthly from
 * Universal Credit, 4-weekly from legacy benefits [P] (DOMAIN.md §6.1 describes UC deductions "per
 * month"; the 4-weekly legacy cycle is from memory). Every other method can follow any frequency.
 */
export const METHOD_FREQUENCIES: Partial<Record<ArrangementPaymentMethod, readonly ArrangementFrequency[]>> = {
  dwp_deduction: ['monthly', 'four_weekly'],
}

/** What the nightly check says about an arrangement. */
export const ARRANGEMENT_CHECK_STATUSES = ['kept', 'breached', 'completed'] as const
export type ArrangementCheckStatus = (typeof ARRANGEMENT_CHECK_STATUSES)[number]
