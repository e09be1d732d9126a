/**
 * Recommends the next step for one case: the pure core of the nightly trawl. Every result says
 * which rule fired and why (DESIGN.md principle 3), in words an officer can read and an auditor
 * can check.
 *
 * How a case moves:
 * 1. If the case has started (it has a current stage) and the pathway's `resetWhen` is met
 *    (default: collectable arrears ≤ £0), the result is `reset`: back to the start.
 * 2. Otherwise the candidates are the current stage's `next` stages in priority order, or for a case
 *    that has not started the first stage and then the pathway's `startStages` (e.g. a write-off review
 *    for a debt already statute-barred when recovery starts). The first candidate whose entry conditions are met and
 *    whose wait has passed (days since the current stage was entered ≥ its `waitDays`) is the one.
 * 3. If a hold in force blocks that stage's action, the result is `blocked`, naming the holds. It
 *    does not fall through to a lower-priority candidate: that would route around the hold.
 * 4. If no candidate is due, the result is `none`, saying what each candidate is waiting for.
 *
 * The evaluator recommends; it does not act. The required checks and authorising roles travel with
 * the recommendation so the service that records the action can insist on them.
 */
import { diffDays, parseIsoDate, type IsoDate } from '../calendar/index.ts'
import type { ArrearsMeasure } from './arrears.ts'
import type { ServedNotice } from './conditions.ts'
import { decisiveConditions, describeGroup, evaluateGroup, type CaseFacts, type ConditionResult, type GroupResult } from './evaluate-conditions.ts'
import { activeHolds, describeHold, holdCautions, holdsBlocking, type Hold } from './holds.ts'
import type { DebtFacts } from '../debt-recovery/facts.ts'
import { findStage, startCandidates, type Pathway, type Stage, type StageAction } from './pathway-schema.ts'
import type { ArrangementStatus, Check, HearingOutcome, Role } from './vocabulary.ts'

export interface CaseInput {
  pathway: Pathway
  /** The stage last taken; null for a case that has not started on the pathway. */
  currentStage: string | null
  /** When the current stage was taken. */
  stageEnteredOn: IsoDate | null
  /** The arrears measure as of `today` (arrears.ts). */
  measure: ArrearsMeasure
  /** Holds covering the account; expired ones are ignored. */
  holds: readonly Hold[]
  arrangement?: { status: ArrangementStatus }
  notices?: readonly ServedNotice[]
  /** The last two-way contact with the customer (not merely an attempt). */
  lastContactOn?: IsoDate | null
  hearingOutcome?: HearingOutcome
  /** The terms of a suspended/postponed order or a judgment have been broken. */
  orderBreached?: boolean
  /** When the oldest unpaid debit fell due (for `debtAgeDays` and limitation). */
  oldestUnpaidOn?: IsoDate | null
  /** The last signed written acknowledgement of the debt. */
  lastAcknowledgementOn?: IsoDate | null
  /** Former tenant and sundry debts: limitation dates, tracing, agency, letter of claim, judgment, enforcement. */
  debt?: DebtFacts
  today: IsoDate
}

export interface PathwayRef {
  id: string
  version: string
  name: string
}

export interface Waiting {
  stage: string
  stageName: string
  /** The conditions not met (empty if only the wait is outstanding). */
  unmet: ConditionResult[]
  /** Days still to wait after the current stage (0 if the wait has passed). */
  daysToWait: number
}

export type Recommendation =
  | {
      kind: 'action'
      pathway: PathwayRef
      fromStage: string | null
      stage: Stage
      action: StageAction
      reason: string
      firedConditions: ConditionResult[]
      requiredChecks: readonly Check[]
      authorisedBy: readonly Role[]
      /** Things to bear in mind from holds in force that do not block this action. */
      cautions: string[]
    }
  | { kind: 'blocked'; pathway: PathwayRef; fromStage: string | null; stage: Stage; action: StageAction; holds: Hold[]; reason: string; firedConditions: ConditionResult[] }
  | { kind: 'none'; pathway: PathwayRef; fromStage: string | null; reason: string; waiting: Waiting[] }
  | { kind: 'reset'; pathway: PathwayRef; fromStage: string; reason: string; firedConditions: ConditionResult[] }

function pathwayRef(p: Pathway): PathwayRef {
  return { id: p.id, version: p.version, name: p.name }
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1)
}

function because(result: GroupResult): string {
  const text = describeGroup(result)
  return text === '' ? 'no conditions' : text
}

function factsOf(input: CaseInput): CaseFacts {
  const m = input.measure
  return {
    today: input.today,
    arrearsPence: m.collectableArrearsPence,
    balancePence: m.balancePence,
    arrearsWeeksHundredths: m.arrearsWeeksHundredths,
    lastPaymentOn: m.lastPaymentOn,
    stageEnteredOn: input.currentStage === null ? null : input.stageEnteredOn,
    lastContactOn: input.lastContactOn ?? null,
    oldestUnpaidOn: input.oldestUnpaidOn ?? null,
    lastAcknowledgementOn: input.lastAcknowledgementOn ?? null,
    arrangementStatus: input.arrangement?.status ?? 'none',
    trend: m.trend,
    hearingOutcome: input.hearingOutcome ?? 'none',
    orderBreached: input.orderBreached ?? false,
    notices: input.notices ?? [],
    ...(input.debt ? { debt: input.debt } : {}),
  }
}

function guard(input: CaseInput): Stage | null {
  const today = parseIsoDate(input.today)
  if (input.measure.asOf !== today) throw new RangeError(`The arrears measure is as of ${input.measure.asOf}, not today (${today})`)
  for (const [name, date] of [
    ['lastContactOn', input.lastContactOn],
    ['lastAcknowledgementOn', input.lastAcknowledgementOn],
    ['oldestUnpaidOn', input.oldestUnpaidOn],
  ] as const) {
    if (date && parseIsoDate(date) > today) throw new RangeError(`${name} ${date} is after today ${today}`)
  }
  if (input.currentStage === null) return null
  const stage = findStage(input.pathway, input.currentStage)
  if (!stage) {
    throw new RangeError(`Stage "${input.currentStage}" is not in pathway ${input.pathway.id} v${input.pathway.version}; move the case to one of its stages`)
  }
  if (!input.stageEnteredOn) throw new RangeError(`The case is at stage "${stage.id}" but has no stageEnteredOn date`)
  if (parseIsoDate(input.stageEnteredOn) > today) throw new RangeError(`stageEnteredOn ${input.stageEnteredOn} is after today ${today}`)
  return stage
}

export function recommendNextAction(input: CaseInput): Recommendation {
  const current = guard(input)
  const { pathway, today } = input
  const ref = pathwayRef(pathway)
  const where = `of "${pathway.name}" v${pathway.version}`
  const facts = factsOf(input)
  const fromStage = current?.id ?? null

  if (current) {
    const reset = evaluateGroup(pathway.resetWhen, facts)
    if (reset.met) {
      return {
        kind: 'reset',
        pathway: ref,
        fromStage: current.id,
        reason: `${capitalise(because(reset))}: back to the start ${where} (was at stage "${current.name}")`,
        firedConditions: decisiveConditions(reset),
      }
    }
  }

  const candidates = current ? current.next : startCandidates(pathway).map((s) => s.id)
  if (candidates.length === 0) {
    return { kind: 'none', pathway: ref, fromStage, reason: `Stage "${current?.name}" is the last stage ${where}: no further step`, waiting: [] }
  }

  const daysAtStage = current ? diffDays(input.stageEnteredOn!, today) : null
  const inForce = activeHolds(input.holds, today)
  const waiting: Waiting[] = []
  const notYet: string[] = []
  for (const id of candidates) {
    const stage = findStage(pathway, id)!
    const entry = evaluateGroup(stage.entry, facts)
    const daysToWait = daysAtStage === null ? 0 : Math.max(0, stage.waitDays - daysAtStage)
    if (!entry.met || daysToWait > 0) {
      waiting.push({ stage: stage.id, stageName: stage.name, unmet: entry.met ? [] : decisiveConditions(entry), daysToWait })
      const parts = entry.met ? [] : [because(entry)]
      if (daysToWait > 0) parts.push(`${daysToWait} more day${daysToWait === 1 ? '' : 's'} to wait after "${current?.name}"`)
      notYet.push(`"${stage.name}" not yet: ${parts.join('; ')}`)
      continue
    }

    const fired = decisiveConditions(entry)
    const waited = current && stage.waitDays > 0 ? `${daysAtStage} days since "${current.name}" (wait ${stage.waitDays})` : ''
    const why = fired.length === 0 && waited ? waited : [because(entry), waited].filter(Boolean).join('; ')
    const blockers = holdsBlocking(stage.action.type, inForce, stage.blockedByHolds)
    if (blockers.length > 0) {
      return {
        kind: 'blocked',
        pathway: ref,
        fromStage,
        stage,
        action: stage.action,
        holds: blockers,
        reason: `Stage "${stage.name}" ${where} is due (${why}) but is blocked by ${blockers.map(describeHold).join('; ')}`,
        firedConditions: fired,
      }
    }
    return {
      kind: 'action',
      pathway: ref,
      fromStage,
      stage,
      action: stage.action,
      reason: `${capitalise(why)} — stage "${stage.name}" ${where}`,
      firedConditions: fired,
      requiredChecks: stage.checks,
      authorisedBy: stage.authorisedBy,
      cautions: holdCautions(stage.action.type, inForce),
    }
  }

  return { kind: 'none', pathway: ref, fromStage, reason: `No step due ${where}. ${notYet.join('. ')}`, waiting }
}
