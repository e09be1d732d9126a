/**
 * Former tenant and sundry debt recovery: limitation, the Pre-Action Protocol for Debt Claims letter of claim, money
 * claim fees, judgment terms, and the facts the recovery pathways' debt conditions read. Pure domain code.
 */
export { addYears, LIMITATION_YEARS, limitationPosition } from './limitation.ts'
export type { ClockEvent, LimitationInput, LimitationPosition } from './limitation.ts'
export { feeTableProblems, moneyClaimFee } from './claim-fee.ts'
export type { ClaimFee, FeeBand, FeeTable } from './claim-fee.ts'
export { DEFAULT_PAP_DEBT_RULES, letterOfClaimPosition, REPLY_STATES, REPLY_TYPES, responseDueOn } from './letter-of-claim.ts'
export type { LetterOfClaim, LetterPosition, LetterReply, PapDebtRules, ReplyState, ReplyType } from './letter-of-claim.ts'
export { FORTHWITH_DAYS, JUDGMENT_STATES, JUDGMENT_TERMS, judgmentPosition } from './judgment.ts'
export type { Judgment, JudgmentPosition, JudgmentState, JudgmentTerms, JudgmentTolerance } from './judgment.ts'
export { debtLimitation, ENFORCEMENT_KINDS, ENFORCEMENT_STATES, enforcementState, judgmentState, letterState, TRACING_STATES, tracingState } from './facts.ts'
export type { DebtFacts, EnforcementKind, EnforcementState, LimitationFacts, TracingState } from './facts.ts'
export { NOT_A_CAUSE_POSTING_TYPES, PAYMENT_POSTING_TYPES } from './posting-types.ts'
