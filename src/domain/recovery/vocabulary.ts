/**
 * The words a recovery pathway is written in: action types, notice kinds, checks, roles, holds,
 * account types, tenures and hearing outcomes. One list each, shared by the pathway schema, the
 * holds rules and the case evaluator, so a pathway file, a hold and a recommendation always use the
 * same vocabulary (and the same words as the database: account types, tenures and roles match the
 * check constraints in `db/migrations/0001_ledger.sql`).
 */

/** What a stage does. The order here is only for display. */
export const ACTION_TYPES = [
  'none',
  'sms',
  'letter',
  'call',
  'visit',
  'notice',
  'review',
  'claim',
  'hearing',
  'warrant',
  'eviction',
  'agency',
  'tracing',
  'letter_before_claim',
  'money_claim',
  'attachment_of_earnings',
  'enforcement',
  'write_off_review',
] as const
export type ActionType = (typeof ACTION_TYPES)[number]

/**
 * Legal steps: a stage taking one of these must require the proportionality and Equality Act checks
 * (DESIGN.md principle 5) and may never be taken automatically (`system`): UK GDPR Art 22A-22D as
 * amended by the DUAA 2025 expect meaningful human review of significant decisions (DOMAIN.md 12).
 * Attachment of earnings is included as well as the five named in the issue: it is an enforcement
 * application to the court against a person's wages; so is other enforcement of a money judgment (`enforcement`:
 * a warrant of control, a High Court writ, a charging order, a third party debt order).
 */
export const LEGAL_ACTIONS = ['notice', 'claim', 'warrant', 'eviction', 'money_claim', 'attachment_of_earnings', 'enforcement'] as const satisfies readonly ActionType[]

export function isLegalAction(action: ActionType): boolean {
  return (LEGAL_ACTIONS as readonly ActionType[]).includes(action)
}

export const NOTICE_KINDS = ['nosp_secure', 's8_assured', 's128_introductory', 'notice_to_quit', 'licence_termination'] as const
export type NoticeKind = (typeof NOTICE_KINDS)[number]

/** Things an officer must have done and recorded before a stage's action may be taken. */
export const CHECKS = [
  'contact_attempted',
  'benefits_checked',
  'arrangement_offered',
  'vulnerability_considered',
  'proportionality_recorded',
  'equality_act_considered',
  'pap_complied',
  'breathing_space_checked',
  'notice_served_all_tenants',
  'rent_statement_sent',
] as const
export type Check = (typeof CHECKS)[number]

/**
 * Who may authorise a stage. The officer roles are the `users.role` values that can act on cases;
 * `system` means the nightly trawl may take the step without an officer (only ever for non-legal
 * steps such as a reminder SMS or letter).
 */
export const ROLES = ['system', 'income_officer', 'debt_recovery_officer', 'team_leader', 'finance'] as const
export type Role = (typeof ROLES)[number]

export const HOLD_TYPES = [
  'breathing_space_standard',
  'breathing_space_mental_health',
  'insolvency_dro',
  'insolvency_bankruptcy',
  'insolvency_iva',
  'benefit_claim_pending',
  'dispute',
  'vulnerability_review',
  'deceased',
] as const
export type HoldType = (typeof HOLD_TYPES)[number]

/** Customer account types (`accounts.account_type`, customer class only). */
export const ACCOUNT_TYPES = [
  'rent',
  'former_tenant',
  'garage',
  'temporary_accommodation',
  'pitch',
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
export type AccountType = (typeof ACCOUNT_TYPES)[number]

/** Tenures (`tenancies.tenure`). */
export const TENURES = [
  'secure',
  'introductory',
  'flexible',
  'assured',
  'assured_shorthold',
  'non_secure',
  'ta_licence',
  'private_sector_lease',
  'garage_licence',
  'pitch_licence',
] as const
export type Tenure = (typeof TENURES)[number]

export const ARRANGEMENT_STATUSES = ['kept', 'breached', 'none'] as const
export type ArrangementStatus = (typeof ARRANGEMENT_STATUSES)[number]

export const TRENDS = ['rising', 'falling', 'steady'] as const
export type Trend = (typeof TRENDS)[number]

/**
 * The result of the last hearing in the case. `none` until there has been one. A money judgment is
 * the outcome of a money claim (former tenant and sundry debts).
 */
export const HEARING_OUTCOMES = [
  'none',
  'adjourned',
  'adjourned_on_terms',
  'suspended_order',
  'postponed_order',
  'outright_order',
  'dismissed',
  'money_judgment',
] as const
export type HearingOutcome = (typeof HEARING_OUTCOMES)[number]
