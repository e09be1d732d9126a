/**
 * What the recovery pathways' debt conditions read about a former tenant or sundry debt: the limitation clock's
 * dates, tracing, an agency placement, the letter of claim and its replies, the money claim, the judgment and
 * enforcement. Gathered by the trawl's query (or a service) and passed to the recovery evaluator in `CaseInput.debt`;
 * the states below are what the conditions compare. Pure.
 */
import type { IsoDate } from '../calendar/dates.ts'
import { judgmentPosition, type Judgment, type JudgmentState, type JudgmentTolerance } from './judgment.ts'
import { letterOfClaimPosition, type LetterOfClaim, type LetterPosition, type PapDebtRules } from './letter-of-claim.ts'
import { limitationPosition, type LimitationPosition } from './limitation.ts'

export const TRACING_STATES = ['none', 'requested', 'traced', 'not_traced'] as const
export type TracingState = (typeof TRACING_STATES)[number]

export const ENFORCEMENT_KINDS = ['attachment_of_earnings', 'warrant_of_control', 'high_court_writ', 'charging_order', 'third_party_debt_order'] as const
export type EnforcementKind = (typeof ENFORCEMENT_KINDS)[number]
export const ENFORCEMENT_STATES = ['none', 'applied', 'in_force', 'unsuccessful', 'paid'] as const
export type EnforcementState = (typeof ENFORCEMENT_STATES)[number]

export interface DebtFacts {
  /** When the debt (its latest part) fell due: the cause of action. */
  causeOfActionOn?: IsoDate | null
  /** Payment dates besides the last one (needed only for debts over six years old: s29(7) no revival). */
  payments?: readonly IsoDate[]
  /** Signed written acknowledgements besides the last one. */
  acknowledgements?: readonly IsoDate[]
  /** The first money claim issued for the debt (it stops the limitation clock). */
  claimIssuedOn?: IsoDate | null
  /** The latest tracing request. */
  tracing?: { requestedOn: IsoDate; result: 'traced' | 'not_traced' | null } | null
  /** An open agency placement. */
  agency?: { agency: string; placedOn: IsoDate } | null
  /** The latest letter of claim, with the protocol periods in force. */
  letter?: (LetterOfClaim & { rules: PapDebtRules }) | null
  /** The judgment in force (not set aside), with the tolerance for its terms. */
  judgment?: (Judgment & { tolerance: JudgmentTolerance }) | null
  /** The latest enforcement step. */
  enforcement?: { kind: EnforcementKind; appliedOn: IsoDate; orderMadeOn: IsoDate | null; endedOn: IsoDate | null; outcome: 'paid_in_full' | 'unsuccessful' | 'withdrawn' | null } | null
}

export interface LimitationFacts {
  today: IsoDate
  lastPaymentOn: IsoDate | null
  lastAcknowledgementOn: IsoDate | null
  /** Used as the cause of action when the debt facts do not give one (earlier, so never a late claim). */
  oldestUnpaidOn: IsoDate | null
  debt?: DebtFacts | undefined
}

export function debtLimitation(f: LimitationFacts): LimitationPosition {
  const d = f.debt
  return limitationPosition({
    today: f.today,
    causeOfActionOn: d?.causeOfActionOn ?? f.oldestUnpaidOn,
    payments: [f.lastPaymentOn, ...(d?.payments ?? [])],
    acknowledgements: [f.lastAcknowledgementOn, ...(d?.acknowledgements ?? [])],
    claimIssuedOn: d?.claimIssuedOn ?? null,
  })
}

export function tracingState(d: DebtFacts | undefined): { state: TracingState; text: string } {
  const t = d?.tracing
  if (!t) return { state: 'none', text: 'none requested' }
  if (t.result === null) return { state: 'requested', text: `${t.requestedOn}, no result yet` }
  return { state: t.result, text: `requested ${t.requestedOn}` }
}

export function letterState(d: DebtFacts | undefined, today: IsoDate): LetterPosition | null {
  const l = d?.letter
  return l ? letterOfClaimPosition(l, l.rules, today) : null
}

/** The judgment's state, or 'none' with no judgment. */
export function judgmentState(d: DebtFacts | undefined, today: IsoDate): { state: JudgmentState; text: string } {
  const j = d?.judgment
  if (!j) return { state: 'none', text: 'no judgment' }
  const p = judgmentPosition(j, j.tolerance, today)
  return { state: p.status, text: p.text }
}

export function enforcementState(d: DebtFacts | undefined): { state: EnforcementState; text: string } {
  const e = d?.enforcement
  if (!e) return { state: 'none', text: 'none' }
  const what = e.kind.replaceAll('_', ' ')
  if (e.endedOn) {
    const state: EnforcementState = e.outcome === 'paid_in_full' ? 'paid' : 'unsuccessful'
    return { state, text: `${what} ended ${e.endedOn} (${(e.outcome ?? 'ended').replaceAll('_', ' ')})` }
  }
  if (e.orderMadeOn) return { state: 'in_force', text: `${what} made ${e.orderMadeOn}` }
  return { state: 'applied', text: `${what} applied for ${e.appliedOn}` }
}
