/**
 * Evaluates conditions against the facts of a case, keeping every result with a sentence that
 * explains it, so a recommendation can say exactly which rule fired and why.
 */
import { diffDays, type IsoDate } from '../calendar/index.ts'
import { formatPounds } from '../money/pence.ts'
import { formatWeeks } from './arrears.ts'
import { FIELD_SPECS, isGroup, type Condition, type ConditionGroup, type ConditionOp, type ServedNotice } from './conditions.ts'
import { debtLimitation, enforcementState, judgmentState, letterState, tracingState, type DebtFacts } from '../debt-recovery/facts.ts'
import { monthsBetween } from './months.ts'
import type { ArrangementStatus, HearingOutcome, NoticeKind, Trend } from './vocabulary.ts'

/** The facts a condition can look at, all as of `today`. */
export interface CaseFacts {
  today: IsoDate
  arrearsPence: number
  balancePence: number
  arrearsWeeksHundredths: number | null
  lastPaymentOn: IsoDate | null
  stageEnteredOn: IsoDate | null
  lastContactOn: IsoDate | null
  /** When the oldest unpaid debit fell due; null if not known. */
  oldestUnpaidOn: IsoDate | null
  /** Last written acknowledgement of the debt (Limitation Act 1980 s29(5), s30). */
  lastAcknowledgementOn: IsoDate | null
  arrangementStatus: ArrangementStatus
  trend: Trend
  hearingOutcome: HearingOutcome
  orderBreached: boolean
  notices: readonly ServedNotice[]
  /** Former tenant and sundry debts: limitation dates, tracing, agency, letter of claim, judgment, enforcement. */
  debt?: DebtFacts
}

export interface ConditionResult {
  condition: Condition
  met: boolean
  /** The value looked at, as words (e.g. "£812.40", "6.21 weeks", "never"). */
  actual: string
  /** A sentence for the explanation, e.g. "arrears 6.21 weeks ≥ 4 weeks". */
  text: string
}

export interface GroupResult {
  mode: 'all' | 'any'
  met: boolean
  children: (ConditionResult | GroupResult)[]
}

const OP_SYMBOL: Record<ConditionOp, string> = { gte: '≥', gt: '>', lte: '≤', lt: '<', eq: '=', neq: '≠', in: 'in' }

/** The latest notice (by service date) of the kind, or of any kind. */
export function latestNotice(notices: readonly ServedNotice[], kind?: NoticeKind): ServedNotice | undefined {
  let latest: ServedNotice | undefined
  for (const n of notices) {
    if (kind !== undefined && n.kind !== kind) continue
    if (!latest || n.servedOn > latest.servedOn) latest = n
  }
  return latest
}

function compare(actual: number, op: ConditionOp, expected: number): boolean {
  switch (op) {
    case 'gte':
      return actual >= expected
    case 'gt':
      return actual > expected
    case 'lte':
      return actual <= expected
    case 'lt':
      return actual < expected
    case 'eq':
      return actual === expected
    case 'neq':
      return actual !== expected
    case 'in':
      return false
  }
}

function matchWord(actual: string, op: ConditionOp, value: Condition['value']): boolean {
  if (op === 'in') return Array.isArray(value) && value.includes(actual)
  if (op === 'eq') return actual === value
  if (op === 'neq') return actual !== value
  return false
}

function daysSince(from: IsoDate | null, today: IsoDate): number | null {
  return from === null ? null : diffDays(from, today)
}

/** The later of two optional dates. */
function later(a: IsoDate | null, b: IsoDate | null): IsoDate | null {
  if (a === null) return b
  if (b === null) return a
  return a > b ? a : b
}

function describe(label: string, actual: string, condition: Condition, expectedText: string, met: boolean): string {
  const rule = `${OP_SYMBOL[condition.op]} ${expectedText}`
  return met ? `${label} ${actual} ${rule}` : `${label} ${actual} (needs ${rule})`
}

/** "order breached: yes", or unmet "order breached: no (needs yes)". */
function yesNoText(label: string, actual: string, condition: Condition, met: boolean): string {
  const wanted = (condition.op === 'eq') === condition.value ? 'yes' : 'no'
  return met ? `${label}: ${actual}` : `${label}: ${actual} (needs ${wanted})`
}

const weeksText = (value: number) => `${String(value)} week${value === 1 ? '' : 's'}`

export function evaluateCondition(condition: Condition, facts: CaseFacts): ConditionResult {
  const spec = FIELD_SPECS[condition.field]
  const { op, value } = condition
  const numeric = (actual: number | null, actualText: string, expected: number, expectedText: string, nullIsInfinite: boolean) => {
    const comparable = actual === null ? (nullIsInfinite ? Infinity : null) : actual
    const met = comparable === null ? false : compare(comparable, op, expected)
    return { condition, met, actual: actualText, text: describe(spec.label, actualText, condition, expectedText, met) }
  }
  switch (condition.field) {
    case 'arrearsPence':
    case 'balancePence': {
      const actual = condition.field === 'arrearsPence' ? facts.arrearsPence : facts.balancePence
      return numeric(actual, formatPounds(actual), value as number, formatPounds(value as number), false)
    }
    case 'arrearsWeeks': {
      const h = facts.arrearsWeeksHundredths
      const expected = Math.round((value as number) * 100)
      const actual = h === null ? `${formatPounds(facts.arrearsPence)} (weeks unknown: no weekly charge)` : `${formatPounds(facts.arrearsPence)} (${formatWeeks(h)} weeks)`
      return numeric(h, actual, expected, weeksText(value as number), false)
    }
    case 'daysSinceLastPayment':
    case 'daysSinceStageEntered':
    case 'daysSinceLastContact': {
      const from =
        condition.field === 'daysSinceLastPayment' ? facts.lastPaymentOn : condition.field === 'daysSinceStageEntered' ? facts.stageEnteredOn : facts.lastContactOn
      const d = daysSince(from, facts.today)
      return numeric(d, d === null ? 'never' : String(d), value as number, String(value), true)
    }
    case 'debtAgeDays': {
      const d = daysSince(facts.oldestUnpaidOn, facts.today)
      return numeric(d, d === null ? 'unknown' : String(d), value as number, String(value), false)
    }
    case 'monthsSinceLastAcknowledgement': {
      // The limitation clock restarts on a payment or a signed written acknowledgement; with neither
      // recorded it runs from the oldest unpaid debit (Limitation Act 1980 ss19, 29(5), 30) [P].
      const from = later(facts.lastPaymentOn, facts.lastAcknowledgementOn) ?? facts.oldestUnpaidOn
      const m = from === null ? null : monthsBetween(from, facts.today)
      return numeric(m, m === null ? 'unknown' : String(m), value as number, String(value), false)
    }
    case 'arrangementStatus':
    case 'trend':
    case 'hearingOutcome': {
      const actual = facts[condition.field]
      const met = matchWord(actual, op, value)
      const expected = Array.isArray(value) ? `(${value.join(', ')})` : String(value)
      // Met: "arrangement breached", "arrangement none, not kept"; unmet: "arrangement kept (needs ≠ kept)".
      const text = !met ? describe(spec.label, actual, condition, expected, met) : op === 'neq' ? `${spec.label} ${actual}, not ${expected}` : `${spec.label} ${actual}`
      return { condition, met, actual, text }
    }
    case 'noticeExpired':
    case 'noticeValid': {
      const notice = latestNotice(facts.notices, condition.noticeKind)
      const which = condition.noticeKind ?? 'latest notice'
      let state: boolean
      let actual: string
      if (!notice) {
        state = false
        actual = condition.noticeKind ? `no (no ${condition.noticeKind} notice served)` : 'no (no notice served)'
      } else if (condition.field === 'noticeExpired') {
        state = facts.today >= notice.expiresOn
        actual = `${state ? 'yes' : 'no'} (${notice.kind} served ${notice.servedOn}, date in notice ${notice.expiresOn})`
      } else {
        state = facts.today >= notice.servedOn && (notice.validUntil === null || facts.today <= notice.validUntil)
        actual = `${state ? 'yes' : 'no'} (${notice.kind} served ${notice.servedOn}, ${notice.validUntil === null ? 'does not lapse' : `in force until ${notice.validUntil}`})`
      }
      const met = op === 'eq' ? state === value : state !== value
      return { condition, met, actual, text: yesNoText(`${spec.label} [${which}]`, actual, condition, met) }
    }
    case 'orderBreached': {
      const met = op === 'eq' ? facts.orderBreached === value : facts.orderBreached !== value
      const actual = facts.orderBreached ? 'yes' : 'no'
      return { condition, met, actual, text: yesNoText(spec.label, actual, condition, met) }
    }
    case 'statuteBarred': {
      const l = debtLimitation(facts)
      if (l.statuteBarred === null) return { condition, met: false, actual: 'unknown', text: `${spec.label}: unknown (no date the debt fell due)` }
      const actual = `${l.statuteBarred ? 'yes' : 'no'} (${l.text})`
      const met = op === 'eq' ? l.statuteBarred === value : l.statuteBarred !== value
      // "statute-barred since 2026-03-02 (six years from the last payment on 2020-03-01)": the sentence says it all.
      return { condition, met, actual, text: met ? l.text : `${l.text} (needs ${(op === 'eq') === value ? 'statute-barred' : 'not statute-barred'})` }
    }
    case 'agencyPlaced': {
      const a = facts.debt?.agency
      const state = Boolean(a)
      const actual = a ? `yes (${a.agency} since ${a.placedOn})` : 'no'
      const met = op === 'eq' ? state === value : state !== value
      return { condition, met, actual, text: yesNoText(spec.label, actual, condition, met) }
    }
    case 'letterOfClaimExpired': {
      const l = letterState(facts.debt, facts.today)
      const state = l?.expired ?? false
      const actual = l ? `${state ? 'yes' : 'no'} (${l.text})` : 'no (no letter of claim recorded)'
      const met = op === 'eq' ? state === value : state !== value
      return { condition, met, actual, text: yesNoText(spec.label, actual, condition, met) }
    }
    case 'tracingResult':
    case 'letterOfClaimReply':
    case 'judgmentStatus':
    case 'enforcementStatus': {
      const { state, text: detail } = debtState(condition.field, facts)
      const met = matchWord(state, op, value)
      const expected = Array.isArray(value) ? `(${value.join(', ')})` : String(value)
      const actual = `${state}${detail ? ` (${detail})` : ''}`
      const text = !met ? describe(spec.label, actual, condition, expected, met) : op === 'neq' ? `${spec.label} ${actual}, not ${expected}` : `${spec.label} ${actual}`
      return { condition, met, actual, text }
    }
  }
}

function debtState(field: 'tracingResult' | 'letterOfClaimReply' | 'judgmentStatus' | 'enforcementStatus', facts: CaseFacts): { state: string; text: string } {
  switch (field) {
    case 'tracingResult':
      return tracingState(facts.debt)
    case 'letterOfClaimReply': {
      const l = letterState(facts.debt, facts.today)
      return l ? { state: l.reply, text: '' } : { state: 'none', text: 'no letter of claim' }
    }
    case 'judgmentStatus': {
      const j = judgmentState(facts.debt, facts.today)
      // A money judgment recorded as a hearing outcome (court_orders) counts too, its terms read like an order's.
      if (j.state === 'none' && facts.hearingOutcome === 'money_judgment') return { state: facts.orderBreached ? 'breached' : 'kept', text: 'money judgment at a hearing' }
      return j
    }
    case 'enforcementStatus':
      return enforcementState(facts.debt)
  }
}

export function evaluateGroup(group: ConditionGroup, facts: CaseFacts): GroupResult {
  const mode = 'all' in group ? 'all' : 'any'
  const nodes = 'all' in group ? group.all : group.any
  const children = nodes.map((node) => (isGroup(node) ? evaluateGroup(node, facts) : evaluateCondition(node, facts)))
  const met = mode === 'all' ? children.every((c) => c.met) : children.some((c) => c.met)
  return { mode, met, children }
}

/**
 * The conditions that made a met group true: all of an `all` group, the met members of an `any`
 * group (recursively). For an unmet group: the conditions that failed.
 */
export function decisiveConditions(result: GroupResult): ConditionResult[] {
  const out: ConditionResult[] = []
  const walk = (r: GroupResult, wantMet: boolean) => {
    for (const child of r.children) {
      if ('mode' in child) {
        if (child.met === wantMet) walk(child, wantMet)
      } else if (child.met === wantMet) {
        out.push(child)
      }
    }
  }
  walk(result, result.met)
  return out
}

/** One line for a group result: "a and b", "a or b", with nested groups in brackets. */
export function describeGroup(result: GroupResult, onlyDecisive = true): string {
  const shown = (r: GroupResult) => r.children.filter((c) => !onlyDecisive || c.met === r.met)
  const parts = shown(result).map((c) => {
    if (!('mode' in c)) return c.text
    const inner = describeGroup(c, onlyDecisive)
    return shown(c).length > 1 ? `(${inner})` : inner
  })
  // Listing why: every decisive part holds (or fails) together, except an unmet "any", which needed one of them.
  const joiner = result.mode === 'any' && (!result.met || !onlyDecisive) ? ' or ' : ' and '
  return parts.join(joiner)
}
