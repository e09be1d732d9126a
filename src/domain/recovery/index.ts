/**
 * Recovery: arrears measure, pathways as data, holds, and the next-step recommendation. Pure
 * domain code: no I/O, and "today" is always passed in.
 */
export { DEFAULT_BENEFIT_GRACE_DAYS, formatWeeks, measureArrears, weeksHundredths } from './arrears.ts'
export type { ArrearsInput, ArrearsMeasure, BalancePoint, ExpectedBenefitCredit, TrendReading } from './arrears.ts'
export { CONDITION_FIELDS, CONDITION_OPS, FIELD_SPECS } from './conditions.ts'
export type { Condition, ConditionField, ConditionGroup, ConditionNode, ConditionOp, Problem, ServedNotice } from './conditions.ts'
export { decisiveConditions, describeGroup, evaluateCondition, evaluateGroup, latestNotice } from './evaluate-conditions.ts'
export type { CaseFacts, ConditionResult, GroupResult } from './evaluate-conditions.ts'
export { parseConditionGroup } from './parse-conditions.ts'
export { recommendNextAction } from './evaluate-case.ts'
export type { CaseInput, PathwayRef, Recommendation, Waiting } from './evaluate-case.ts'
export {
  activeHolds,
  blockedActions,
  BREATHING_SPACE_MENTAL_HEALTH_EXTRA_DAYS,
  BREATHING_SPACE_STANDARD_DAYS,
  breathingSpaceStartsOn,
  describeHold,
  DRO_MORATORIUM_MONTHS,
  holdCautions,
  holdEnd,
  HOLD_RULES,
  holdsBlocking,
  isHoldActive,
} from './holds.ts'
export type { Hold, HoldRule } from './holds.ts'
export { addMonths, monthsBetween } from './months.ts'
export { earliestDateInNotice, noticeDates } from './notices.ts'
export type { NoticeDates, NoticeSpec } from './notices.ts'
export { allConditions, DEFAULT_RESET_WHEN, findStage, formatProblems, parsePathwayJson, startCandidates, validatePathway } from './pathway-schema.ts'
export type { Pathway, Stage, StageAction, ValidationResult } from './pathway-schema.ts'
export { checkPathwaySet, pathwayApplies, pathwayStartsOn, selectPathway } from './select-pathway.ts'
export type { AccountForPathway, SelectionResult, SelectOptions } from './select-pathway.ts'
export * from './vocabulary.ts'
