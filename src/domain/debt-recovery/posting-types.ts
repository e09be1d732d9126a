/**
 * Ledger posting types as limitation reads them. A credit of a payment type is a part payment (it restarts the
 * clock); a debit is a debt falling due (a cause of action) unless it is one of the movements below, which only
 * undo or move money (a returned payment, a payment moved away, a refund of credit, a write-off or write-on).
 */
export const PAYMENT_POSTING_TYPES = [
  'direct_debit', 'standing_order', 'card', 'cheque', 'postal_order', 'cash', 'bank_transfer',
  'allpay', 'paypoint', 'post_office', 'housing_benefit', 'universal_credit', 'dwp_deduction', 'employer_deduction',
  // Money a debt collection agency collected from the debtor (recorded from the agency's return).
  'agency_collection',
] as const

export const NOT_A_CAUSE_POSTING_TYPES = [...PAYMENT_POSTING_TYPES, 'transfer_out', 'credit_offset', 'refund', 'write_off', 'write_on'] as const
