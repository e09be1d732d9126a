/**
 * Conditions: the "if" half of a pathway stage (STYLE.md §5.2 item 5, after Actual's Rule/Condition).
 *
 * A condition is `{ field, op, value }`, e.g. `{ "field": "arrearsWeeks", "op": "gte", "value": 4 }`.
 * Conditions combine in groups, `{ "all": [...] }` or `{ "any": [...] }`, which may nest (so "not
 * kept AND (≥ 7 weeks OR (breached AND ≥ 5 weeks))" can be written down). Each field has one kind,
 * which fixes the operators and the value type it accepts:
 *
 * | kind     | fields                                                          | ops                    | value            |
 * |----------|-----------------------------------------------------------------|------------------------|------------------|
 * | pence    | arrearsPence, balancePence                                      | gte gt lte lt eq neq   | whole pence      |
 * | weeks    | arrearsWeeks                                                    | gte gt lte lt eq neq   | weeks, ≤ 2 dp    |
 * | daysSince| daysSinceLastPayment, daysSinceStageEntered, daysSinceLastContact | gte gt lte lt eq neq | whole days ≥ 0   |
 * | days     | debtAgeDays                                                     | gte gt lte lt eq neq   | whole days ≥ 0   |
 * | months   | monthsSinceLastAcknowledgement                                  | gte gt lte lt eq neq   | whole months ≥ 0 |
 * | enum     | arrangementStatus, trend, hearingOutcome                        | eq neq in              | a listed word (or a list for `in`) |
 * | boolean  | noticeExpired, noticeValid, orderBreached                       | eq neq                 | true/false       |
 *
 * Former tenant and sundry debts (facts from `CaseFacts.debt`, domain/debt-recovery):
 *
 * | kind     | fields                                                          | ops                    | value            |
 * |----------|-----------------------------------------------------------------|------------------------|------------------|
 * | boolean  | statuteBarred, agencyPlaced, letterOfClaimExpired               | eq neq                 | true/false       |
 * | enum     | tracingResult, letterOfClaimReply, judgmentStatus, enforcementStatus | eq neq in         | a listed word    |
 *
 * `statuteBarred` is unknown (meets no condition) without a date the debt fell due; `letterOfClaimExpired` is false
 * with no letter of claim recorded.
 *
 * Unknown facts: a `daysSince…` field with no date (never paid, never contacted, no stage yet) is
 * treated as infinitely long ago, so "no payment for ≥ 28 days" is met by an account that never
 * paid. Any other unknown value (arrears in weeks without a weekly charge, debt age without a
 * date) meets no condition at all, whatever the operator: a rule never fires on a guess.
 * `arrearsPence` is the *collectable* arrears of the measure (see arrears.ts).
 *
 * This file holds the vocabulary; parse-conditions.ts validates conditions written in a pathway
 * file and evaluate-conditions.ts evaluates them against a case.
 */
import type { IsoDate } from '../calendar/index.ts'
import { ENFORCEMENT_STATES, JUDGMENT_STATES, REPLY_STATES, TRACING_STATES } from '../debt-recovery/index.ts'
import { ARRANGEMENT_STATUSES, HEARING_OUTCOMES, TRENDS, type NoticeKind } from './vocabulary.ts'

export interface Problem {
  /** Where in the document, e.g. `stages[3].entry.all[0].value`; empty for the whole document. */
  path: string
  message: string
}

export const CONDITION_FIELDS = [
  'arrearsPence',
  'arrearsWeeks',
  'balancePence',
  'daysSinceLastPayment',
  'daysSinceStageEntered',
  'daysSinceLastContact',
  'debtAgeDays',
  'monthsSinceLastAcknowledgement',
  'arrangementStatus',
  'trend',
  'hearingOutcome',
  'noticeExpired',
  'noticeValid',
  'orderBreached',
  'statuteBarred',
  'tracingResult',
  'agencyPlaced',
  'letterOfClaimExpired',
  'letterOfClaimReply',
  'judgmentStatus',
  'enforcementStatus',
] as const
export type ConditionField = (typeof CONDITION_FIELDS)[number]

export const CONDITION_OPS = ['gte', 'gt', 'lte', 'lt', 'eq', 'neq', 'in'] as const
export type ConditionOp = (typeof CONDITION_OPS)[number]

export type FieldKind = 'pence' | 'weeks' | 'daysSince' | 'days' | 'months' | 'enum' | 'boolean'

export interface FieldSpec {
  kind: FieldKind
  label: string
  values?: readonly string[]
  /** Whether the condition may name a notice kind (`noticeKind`). */
  aboutNotice?: boolean
}

export const FIELD_SPECS: Record<ConditionField, FieldSpec> = {
  arrearsPence: { kind: 'pence', label: 'arrears' },
  arrearsWeeks: { kind: 'weeks', label: 'arrears' },
  balancePence: { kind: 'pence', label: 'balance' },
  daysSinceLastPayment: { kind: 'daysSince', label: 'days since last payment' },
  daysSinceStageEntered: { kind: 'daysSince', label: 'days at the current stage' },
  daysSinceLastContact: { kind: 'daysSince', label: 'days since last contact' },
  debtAgeDays: { kind: 'days', label: 'debt age in days' },
  monthsSinceLastAcknowledgement: { kind: 'months', label: 'months since last payment or written acknowledgement' },
  arrangementStatus: { kind: 'enum', label: 'arrangement', values: ARRANGEMENT_STATUSES },
  trend: { kind: 'enum', label: 'trend', values: TRENDS },
  hearingOutcome: { kind: 'enum', label: 'hearing outcome', values: HEARING_OUTCOMES },
  noticeExpired: { kind: 'boolean', label: 'notice date passed', aboutNotice: true },
  noticeValid: { kind: 'boolean', label: 'notice in force', aboutNotice: true },
  orderBreached: { kind: 'boolean', label: 'order or judgment terms breached' },
  statuteBarred: { kind: 'boolean', label: 'statute-barred' },
  tracingResult: { kind: 'enum', label: 'tracing', values: TRACING_STATES },
  agencyPlaced: { kind: 'boolean', label: 'placed with a debt collection agency' },
  letterOfClaimExpired: { kind: 'boolean', label: 'letter of claim time passed' },
  letterOfClaimReply: { kind: 'enum', label: 'letter of claim reply', values: REPLY_STATES },
  judgmentStatus: { kind: 'enum', label: 'judgment', values: JUDGMENT_STATES },
  enforcementStatus: { kind: 'enum', label: 'enforcement', values: ENFORCEMENT_STATES },
}

const NUMERIC_OPS: readonly ConditionOp[] = ['gte', 'gt', 'lte', 'lt', 'eq', 'neq']
export const OPS_BY_KIND: Record<FieldKind, readonly ConditionOp[]> = {
  pence: NUMERIC_OPS,
  weeks: NUMERIC_OPS,
  daysSince: NUMERIC_OPS,
  days: NUMERIC_OPS,
  months: NUMERIC_OPS,
  enum: ['eq', 'neq', 'in'],
  boolean: ['eq', 'neq'],
}

export interface Condition {
  field: ConditionField
  op: ConditionOp
  value: number | boolean | string | readonly string[]
  /** For noticeExpired/noticeValid: which kind of notice; omitted means the latest notice of any kind. */
  noticeKind?: NoticeKind
}
export type ConditionGroup = { all: readonly ConditionNode[] } | { any: readonly ConditionNode[] }
export type ConditionNode = Condition | ConditionGroup

export function isGroup(node: ConditionNode): node is ConditionGroup {
  return 'all' in node || 'any' in node
}
/** Every condition in a group, depth first. */
export function* conditionsIn(group: ConditionGroup): Generator<Condition> {
  for (const node of 'all' in group ? group.all : group.any) {
    if (isGroup(node)) yield* conditionsIn(node)
    else yield node
  }
}

/** A notice on the case (the dates as stated in, or worked out from, the notice served). */
export interface ServedNotice {
  kind: NoticeKind
  servedOn: IsoDate
  /** The date in the notice after which proceedings may begin (the notice "expires"). */
  expiresOn: IsoDate
  /** The last day the notice is in force; null when it does not lapse (see notices.ts). */
  validUntil: IsoDate | null
}

