/**
 * Which postings, payment methods and account types each measure counts: the lists the SQL is given, in one place
 * (docs/performance-measures.md explains each choice). The words are the database's (0001_ledger.sql checks).
 */

/** Posting types of the weekly charges (the debit run posts each charge under its charge type). */
export const CHARGE_POSTING_TYPES = ['rent', 'service_charge', 'heating', 'water', 'electricity', 'support_charge', 'garage_rent', 'ta_charge'] as const

/** Every payment method: a payment, its reversal and a move between accounts are posted under the method. */
export const PAYMENT_METHODS = [
  'direct_debit',
  'standing_order',
  'card',
  'cheque',
  'postal_order',
  'cash',
  'bank_transfer',
  'allpay',
  'paypoint',
  'post_office',
  'housing_benefit',
  'universal_credit',
  'dwp_deduction',
  'employer_deduction',
] as const
export type PaymentMethod = (typeof PAYMENT_METHODS)[number]

/** Paid electronically: bank to bank or by card, no cash or paper handled by anyone. */
export const ELECTRONIC_METHODS = ['direct_debit', 'standing_order', 'card', 'bank_transfer'] as const satisfies readonly PaymentMethod[]

/**
 * Paid in cash or on paper, or at a counter: allpay, PayPoint and Post Office payments are made at a shop or post
 * office counter (the file does not say whether by cash or card, so they count as not electronic).
 */
export const COUNTER_AND_PAPER_METHODS = ['cash', 'cheque', 'postal_order', 'allpay', 'paypoint', 'post_office'] as const satisfies readonly PaymentMethod[]

/** Money the payer did not choose how to pay (benefits and deductions): left out of the electronic share. */
export const THIRD_PARTY_METHODS = ['housing_benefit', 'universal_credit', 'dwp_deduction', 'employer_deduction'] as const satisfies readonly PaymentMethod[]

export const PAYER_CHOSEN_METHODS = [...ELECTRONIC_METHODS, ...COUNTER_AND_PAPER_METHODS] as const

/** Accounts whose collection counts as rent collected: every charged account, and the former tenant accounts they become. */
export const RENT_COLLECTION_ACCOUNT_TYPES = ['rent', 'garage', 'pitch', 'temporary_accommodation', 'former_tenant'] as const

/** Current tenancies (licences) measured for current tenant arrears: temporary accommodation is reported apart. */
export const CURRENT_TENANCY_ACCOUNT_TYPES = ['rent', 'garage', 'pitch'] as const

/** Accounts offered Direct Debit take-up: every open account with a weekly charge. */
export const DIRECT_DEBIT_ACCOUNT_TYPES = ['rent', 'garage', 'pitch', 'temporary_accommodation'] as const

/** Sundry debts: everything owed that is not a tenancy charge or a former tenancy's arrears. */
export const SUNDRY_ACCOUNT_TYPES = [
  'rechargeable_repair',
  'loan',
  'storage_removals',
  'social_care',
  'insurance_claim',
  'hb_overpayment',
  'council_tax',
  'court_costs',
  'sundry',
] as const

/** A Direct Debit instruction is in place while lodging, lodged or active (not suspended, cancelled or failed). */
export const DIRECT_DEBIT_IN_PLACE_STATUSES = ['pending_lodgement', 'lodged', 'active'] as const

export const CUSTOMER_ACCOUNT_TYPES = [...RENT_COLLECTION_ACCOUNT_TYPES, ...SUNDRY_ACCOUNT_TYPES] as const

/** Tenures, as the recovery engine and `tenancies.tenure` know them. */
export { TENURES } from '../recovery/vocabulary.ts'
