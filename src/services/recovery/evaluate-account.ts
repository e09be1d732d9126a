/**
 * One account's trawl decision, from the figures the trawl's set-based query gathered (pure: no I/O, "today" passed
 * in). It wires the domain together — `selectPathway`, `measureArrears`, `recommendNextAction`, holds — and adds
 * the few rules that need the case's records rather than the pathway:
 *
 * 1. **Pathway version.** A case keeps the version it is on, unless a newer version (or another pathway, such as
 *    the Renters' Rights Act regime from its commencement) now applies and has the case's current stage: then it
 *    moves to it, because the law in force applies to the next step.
 * 2. **Court order terms act like an arrangement** (`arrangementStatus` kept/breached, `orderBreached`).
 * 3. **An arrangement being kept leaves the account alone**: no contact or escalation, whatever a council's own
 *    pathway says (the shipped ones already require it on every escalating stage).
 * 4. **A possession claim needs the Pre-Action Protocol checklist complete** (stages requiring `pap_complied`):
 *    otherwise the claim is blocked and says what is missing. The checklist is read only for these accounts.
 * 5. **No warrant before the date for possession** in the order.
 * 6. **Steps the trawl takes itself**: a reset, and a step the pathway lets `system` authorise that needs no checks
 *    and carries no caution from a hold in force (reminder SMS and letters). Everything else is for an officer.
 */
import { addDays, diffDays, type IsoDate } from '../../domain/calendar/dates.ts'
import {
  activeHolds,
  findStage,
  measureArrears,
  recommendNextAction,
  selectPathway,
  type AccountType,
  type ArrearsMeasure,
  type ConditionField,
  type ArrangementStatus,
  type ConditionResult,
  type HearingOutcome,
  type Hold,
  type Pathway,
  type Recommendation,
  type ServedNotice,
  type Tenure,
  type Trend,
} from '../../domain/recovery/index.ts'
import { conditionsIn } from '../../domain/recovery/conditions.ts'
import type { DebtFacts } from '../../domain/debt-recovery/facts.ts'
import { startCandidates } from '../../domain/recovery/pathway-schema.ts'
import { expectedBenefitCredits, type BenefitHistory } from './benefit-credits.ts'
import { readOrderTerms } from './order-terms.ts'
import { papStatus, type PapChecklistState } from './pap.ts'
import { priorityOf, type PriorityFactor, type PriorityInput } from './priority.ts'
import type { RecoverySettings } from './recovery-settings.ts'

export interface CaseState {
  pathwayId: string
  pathwayVersion: string
  currentStage: string | null
  stageEnteredOn: IsoDate | null
}

export interface OrderState {
  orderType: 'outright' | 'suspended' | 'postponed' | 'adjourned_on_terms' | 'money_judgment'
  possessionOn: IsoDate | null
  termsWeeklyPence: number | null
  termsStartOn: IsoDate | null
  balanceBeforeTermsPence: number | null
}

export interface TrawlInput {
  accountId: number
  accountNumber: string
  accountType: AccountType
  patchId: number | null
  tenure: Tenure | null
  socialHousing: boolean
  openedOn: IsoDate
  balancePence: number
  /** Balances 4 and 13 weeks ago; null when the account did not exist yet. */
  balance4wPence: number | null
  balance13wPence: number | null
  currentWeekDebitPence: number
  grossWeeklyChargePence: number
  lastPaymentOn: IsoDate | null
  benefit: BenefitHistory | null
  oldestUnpaidOn: IsoDate | null
  case: CaseState | null
  lastContactOn: IsoDate | null
  lastAcknowledgementOn: IsoDate | null
  holds: Hold[]
  notices: ServedNotice[]
  hearingOutcome: HearingOutcome
  order: OrderState | null
  /** The account's arrangement (kept, breached or none), from the arrangements module when it is there. */
  arrangementStatus?: ArrangementStatus
  /** Former tenant and sundry debts: limitation dates, tracing, agency, letter of claim, judgment, enforcement. */
  debt?: DebtFacts
}

export interface EvaluationContext {
  today: IsoDate
  pathways: readonly Pathway[]
  settings: RecoverySettings
  /** Cache of pathway selections per (account type, tenure, social housing): filled as it goes. */
  selections?: Map<string, ReturnType<typeof selectPathway>>
  /** The balance history dates (4 and 13 weeks before today), worked out once. */
  days?: { fourWeeksAgo: IsoDate; thirteenWeeksAgo: IsoDate }
  /** Recommendations for cases not started with nothing else on them, by the facts their first stage looks at. */
  memo?: Map<string, Recommendation>
  firstStageFields?: Map<Pathway, ReadonlySet<ConditionField>>
}

export type DecisionKind = 'action' | 'blocked' | 'none' | 'reset'

export interface TrawlDecision {
  accountId: number
  patchId: number | null
  pathwayId: string | null
  pathwayVersion: string | null
  /** Set when the case moves onto another pathway version: the reason, for its stage history. */
  pathwaySwitch: string | null
  fromStage: string | null
  stage: string | null
  kind: DecisionKind
  actionType: string | null
  reason: string
  firedConditions: readonly ConditionResult[]
  requiredChecks: readonly string[]
  authorisedBy: readonly string[]
  cautions: readonly string[]
  blockedBy: readonly string[]
  holdTypes: readonly string[]
  /** The trawl takes the step itself (a reset or a system step). */
  applied: boolean
  /** The claim stage needs the PAP checklist: read it and call `applyPapGate`. */
  needsPapCheck: boolean
  balancePence: number
  arrearsPence: number
  arrearsWeeksHundredths: number | null
  trend: Trend
  /** Against 13 weeks ago; only for steps due or blocked (the worktray shows it). */
  longTrend: Trend | null
  lastPaymentOn: IsoDate | null
  orderBreached: boolean
  vulnerable: boolean
  priority: number
  priorityFactors: readonly PriorityFactor[]
}

const INTERNAL_ACTIONS = new Set(['none', 'review', 'write_off_review'])
const VULNERABILITY_HOLDS = new Set(['vulnerability_review', 'breathing_space_mental_health'])

/** What choosing a pathway needs to know about the account. */
export type PathwayChoiceInput = Pick<TrawlInput, 'accountType' | 'tenure' | 'socialHousing' | 'case'>

function selectionFor(input: PathwayChoiceInput, ctx: Pick<EvaluationContext, 'today' | 'pathways' | 'settings' | 'selections'>) {
  const key = `${input.accountType}|${input.tenure ?? ''}|${input.socialHousing}`
  const cache = (ctx.selections ??= new Map())
  let selected = cache.get(key)
  if (!selected) {
    selected = selectPathway(
      ctx.pathways,
      { accountType: input.accountType, tenure: input.tenure, socialHousing: input.socialHousing, onDate: ctx.today },
      { commencements: ctx.settings.commencements },
    )
    cache.set(key, selected)
  }
  return selected
}

/** Which pathway the account is evaluated on, and whether the case moves to it (rule 1). */
export function choosePathway(
  input: PathwayChoiceInput,
  ctx: Pick<EvaluationContext, 'today' | 'pathways' | 'settings' | 'selections'>,
): { pathway: Pathway; switchReason: string | null } | { error: string } {
  const selected = selectionFor(input, ctx)
  const c = input.case
  if (!c) return selected.ok ? { pathway: selected.pathway, switchReason: null } : { error: selected.error }
  const stored = ctx.pathways.find((p) => p.id === c.pathwayId && p.version === c.pathwayVersion)
  if (selected.ok && (selected.pathway.id !== c.pathwayId || selected.pathway.version !== c.pathwayVersion)) {
    if (c.currentStage === null || findStage(selected.pathway, c.currentStage)) {
      return { pathway: selected.pathway, switchReason: `Pathway changed from ${c.pathwayId} v${c.pathwayVersion}: ${selected.explanation}` }
    }
  }
  if (stored) return { pathway: stored, switchReason: null }
  return { error: `The case is on pathway ${c.pathwayId} v${c.pathwayVersion}, which is not loaded` }
}

/** Shared by every decision that has none (never mutated): fewer allocations for 100,000 accounts a night. */
const EMPTY: readonly never[] = Object.freeze([])

function newDecision(input: TrawlInput): TrawlDecision {
  return {
    accountId: input.accountId,
    patchId: input.patchId,
    pathwayId: null,
    pathwayVersion: null,
    pathwaySwitch: null,
    fromStage: input.case?.currentStage ?? null,
    stage: null,
    kind: 'none',
    actionType: null,
    reason: '',
    firedConditions: EMPTY,
    requiredChecks: EMPTY,
    authorisedBy: EMPTY,
    cautions: EMPTY,
    blockedBy: EMPTY,
    holdTypes: EMPTY,
    applied: false,
    needsPapCheck: false,
    balancePence: input.balancePence,
    arrearsPence: Math.max(0, input.balancePence),
    arrearsWeeksHundredths: null,
    trend: 'steady',
    longTrend: null,
    lastPaymentOn: input.lastPaymentOn,
    orderBreached: false,
    vulnerable: false,
    priority: 0,
    priorityFactors: EMPTY,
  }
}

export function evaluateAccount(input: TrawlInput, ctx: EvaluationContext): TrawlDecision {
  const { today, settings } = ctx
  // One decision object per account, filled in as the evaluation goes (the trawl makes 100,000 a night).
  const d = newDecision(input)
  const chosen = choosePathway(input, ctx)
  if ('error' in chosen) {
    d.reason = `No recovery pathway: ${chosen.error}`
    return finish(d, input.lastPaymentOn ? diffDays(input.lastPaymentOn, today) : null, ctx)
  }
  const { pathway } = chosen

  const days = (ctx.days ??= { fourWeeksAgo: addDays(today, -28), thirteenWeeksAgo: addDays(today, -91) })
  const currentWeekDebitPence = Math.max(0, input.currentWeekDebitPence)
  const measureInput = {
    today,
    balancePence: input.balancePence,
    grossWeeklyChargePence: input.grossWeeklyChargePence,
    currentWeekDebitPence,
    expectedBenefit: input.benefit ? expectedBenefitCredits(today, input.benefit) : EMPTY,
    lastPaymentOn: input.lastPaymentOn,
    benefitGraceDays: settings.benefitGraceDays,
  }
  // The pathway conditions read the 4-week trend only; the 13-week one is for officers, so it is worked out
  // (below, by the same domain measure against the 13-week balance alone) only for accounts that reach the worktray.
  const measure = measureArrears({
    ...measureInput,
    history: input.balance4wPence === null ? EMPTY : [{ on: days.fourWeeksAgo, balancePence: input.balance4wPence }],
  })

  // An arrangement and a court order's terms both count: either broken is a breach; otherwise either kept is kept.
  let arrangement: ArrangementStatus = input.arrangementStatus ?? 'none'
  let termsText: string | null = null
  const o = input.order
  if (o && o.termsWeeklyPence !== null && o.termsStartOn !== null && o.balanceBeforeTermsPence !== null) {
    const terms = readOrderTerms({
      today,
      termsStartOn: o.termsStartOn,
      termsWeeklyPence: o.termsWeeklyPence,
      balanceBeforeTermsPence: o.balanceBeforeTermsPence,
      balancePence: input.balancePence,
      currentWeekDebitPence,
      tolerance: settings.orderTermsTolerance,
    })
    if (terms.status !== 'not_started') {
      if (arrangement !== 'breached') arrangement = terms.status
      termsText = terms.text
    }
  }

  d.pathwayId = pathway.id
  d.pathwayVersion = pathway.version
  d.pathwaySwitch = chosen.switchReason
  d.arrearsPence = measure.collectableArrearsPence
  d.arrearsWeeksHundredths = measure.arrearsWeeksHundredths
  d.trend = measure.trend
  d.orderBreached = arrangement === 'breached'
  if (input.holds.length > 0) {
    const inForce = activeHolds(input.holds, today)
    if (inForce.length > 0) {
      d.holdTypes = [...new Set(inForce.map((h) => h.type))]
      d.vulnerable = inForce.some((h) => VULNERABILITY_HOLDS.has(h.type))
    }
  }

  let rec: Recommendation
  const key = memoKey(input, pathway, measure, arrangement, ctx)
  const known = key === null ? undefined : ctx.memo?.get(key)
  try {
    rec = known ?? recommendNextAction({
      pathway,
      currentStage: input.case?.currentStage ?? null,
      stageEnteredOn: input.case?.stageEnteredOn ?? null,
      measure,
      holds: input.holds,
      arrangement: { status: arrangement },
      notices: input.notices,
      lastContactOn: input.lastContactOn,
      hearingOutcome: input.hearingOutcome,
      orderBreached: arrangement === 'breached',
      oldestUnpaidOn: input.oldestUnpaidOn,
      lastAcknowledgementOn: input.lastAcknowledgementOn,
      ...(input.debt ? { debt: input.debt } : {}),
      today,
    })
  } catch (e) {
    d.reason = `Not evaluated: ${(e as Error).message}`
    return finish(d, measure.daysSinceLastPayment, ctx)
  }
  if (key !== null && !known) (ctx.memo ??= new Map()).set(key, rec)
  const withTerms = (reason: string) => (termsText ? `${reason}. Court ${termsText}` : reason)

  switch (rec.kind) {
    case 'reset':
      d.kind = 'reset'
      d.reason = rec.reason
      d.firedConditions = rec.firedConditions
      d.applied = true
      break
    case 'none':
      d.reason = withTerms(rec.reason)
      break
    case 'blocked':
      d.kind = 'blocked'
      d.stage = rec.stage.id
      d.actionType = rec.action.type
      d.reason = withTerms(rec.reason)
      d.firedConditions = rec.firedConditions
      d.requiredChecks = rec.stage.checks
      d.authorisedBy = rec.stage.authorisedBy
      d.blockedBy = [...new Set(rec.holds.map((h) => h.type))]
      break
    case 'action': {
      d.kind = 'action'
      d.stage = rec.stage.id
      d.actionType = rec.action.type
      d.reason = withTerms(rec.reason)
      d.firedConditions = rec.firedConditions
      d.requiredChecks = rec.requiredChecks
      d.authorisedBy = rec.authorisedBy
      d.cautions = rec.cautions
      if (arrangement === 'kept' && !INTERNAL_ACTIONS.has(rec.action.type)) {
        d.kind = 'none'
        d.stage = null
        d.actionType = null
        d.reason = `Left alone: the arrangement is being kept (${d.reason})`
      } else if (rec.action.type === 'warrant' && o?.possessionOn && o.possessionOn > today) {
        d.kind = 'blocked'
        d.blockedBy = ['possession_date_not_reached']
        d.reason = `${d.reason}. Not yet: the date for possession in the order is ${o.possessionOn}`
      } else {
        d.needsPapCheck = rec.action.type === 'claim' && rec.requiredChecks.includes('pap_complied')
        d.applied = !d.needsPapCheck && rec.authorisedBy.includes('system') && rec.requiredChecks.length === 0 && rec.cautions.length === 0
      }
      break
    }
  }
  if ((d.kind === 'action' || d.kind === 'blocked') && input.balance13wPence !== null) {
    d.longTrend = measureArrears({ ...measureInput, history: [{ on: days.thirteenWeeksAgo, balancePence: input.balance13wPence }] }).trend
  }
  return finish(d, measure.daysSinceLastPayment, ctx)
}

/**
 * Most accounts on a night are not on a pathway yet and have nothing else on them (no hold, notice, order, contact,
 * court outcome, arrangement). For those the domain looks only at the first stage's conditions, so its answer is a
 * function of the pathway and the facts those conditions read (for a clear rent account: arrears £0.00, 0.00 weeks).
 * The key holds exactly those facts as the domain sees them (the dates behind the "days since" ones), so a cached
 * answer is the one the domain would give; anything else is evaluated afresh.
 */
function memoKey(input: TrawlInput, pathway: Pathway, measure: ArrearsMeasure, arrangement: ArrangementStatus, ctx: EvaluationContext): string | null {
  if (input.case?.currentStage || input.holds.length || input.notices.length || input.order || arrangement !== 'none') return null
  if (input.lastContactOn || input.lastAcknowledgementOn || input.hearingOutcome !== 'none') return null
  const fieldsByPathway = (ctx.firstStageFields ??= new Map())
  let fields = fieldsByPathway.get(pathway)
  if (!fields) {
    fields = new Set(startCandidates(pathway).flatMap((s) => [...conditionsIn(s.entry)].map((c) => c.field)))
    fieldsByPathway.set(pathway, fields)
  }
  let key = `${pathway.id}@${pathway.version}`
  for (const f of fields) {
    switch (f) {
      case 'arrearsPence':
      case 'arrearsWeeks':
        key += `|a${measure.collectableArrearsPence}/${measure.arrearsWeeksHundredths}`
        break
      case 'balancePence':
        key += `|b${measure.balancePence}`
        break
      case 'daysSinceLastPayment':
        key += `|p${input.lastPaymentOn}`
        break
      case 'debtAgeDays':
        key += `|o${input.oldestUnpaidOn}`
        break
      case 'monthsSinceLastAcknowledgement':
        key += `|m${input.lastPaymentOn}/${input.oldestUnpaidOn}`
        break
      case 'trend':
        key += `|t${measure.trend}`
        break
      case 'statuteBarred':
        if (input.debt) return null
        key += `|l${input.oldestUnpaidOn}/${input.lastPaymentOn}`
        break
      case 'tracingResult':
      case 'agencyPlaced':
      case 'letterOfClaimExpired':
      case 'letterOfClaimReply':
      case 'judgmentStatus':
      case 'enforcementStatus':
        // Debt facts (limitation dates, tracing, agency, letter, judgment): evaluated afresh, never cached.
        if (input.debt) return null
        break
      default:
        // Not started, no contact, notices, order or court outcome: these facts are the same for every such account.
        break
    }
  }
  return key
}

/** Adds the priority and its factors (in place), for steps due or blocked: the worktray's order. Otherwise 0. */
function finish(d: TrawlDecision, daysSinceLastPayment: number | null, ctx: EvaluationContext): TrawlDecision {
  if (d.kind !== 'action' && d.kind !== 'blocked') return d
  const { score, factors } = priorityOf(
    {
      actionType: (d.actionType as PriorityInput['actionType']) ?? null,
      arrearsPence: d.arrearsPence,
      arrearsWeeksHundredths: d.arrearsWeeksHundredths,
      trend: d.trend,
      daysSinceLastPayment,
      orderBreached: d.orderBreached,
      vulnerable: d.vulnerable,
    },
    ctx.settings.priority,
  )
  d.priority = score
  d.priorityFactors = factors
  return d
}

/** The Pre-Action Protocol gate for a claim recommendation (rule 4): blocked, naming what is missing, or unchanged. */
export function applyPapGate(d: TrawlDecision, pap: PapChecklistState, minContactAttempts: number): TrawlDecision {
  if (!d.needsPapCheck) return d
  const status = papStatus(pap, minContactAttempts)
  if (status.complete) return { ...d, needsPapCheck: false }
  return {
    ...d,
    needsPapCheck: false,
    kind: 'blocked',
    applied: false,
    blockedBy: ['pap_incomplete'],
    reason: `${d.reason}. Blocked until the Pre-Action Protocol checklist is complete: ${status.missing.join(', ')}`,
  }
}
