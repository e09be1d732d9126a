/**
 * The worktray's priority: a sum of points an officer can read back ("why is this at the top?"). Each factor is
 * kept with its points and the figure behind it, and stored with the recommendation.
 *
 * Factors (weights are council policy, `recovery.priority`): arrears in weeks (capped) and the amount band reached;
 * a rising trend up, a falling one down; days without a payment (or never paid); how serious the step due is
 * (eviction, warrant, claim, notice, hearing…); an order whose terms are broken.
 *
 * Vulnerability (a vulnerability review or mental health crisis Breathing Space in force) pulls in both directions
 * on purpose: a vulnerable person comes up *earlier* for support contact (a call, a visit, a review) and *later* for
 * enforcement, so help reaches them first and enforcement never jumps the queue because of them (DESIGN.md
 * principle 5; the holds themselves already block legal steps while a review is open).
 */
import { formatPounds } from '../../domain/money/pence.ts'
import { formatWeeks, isLegalAction, type ActionType, type Trend } from '../../domain/recovery/index.ts'
import type { PriorityWeights } from './recovery-settings.ts'

export interface PriorityFactor {
  factor: 'arrears_weeks' | 'arrears_amount' | 'trend' | 'no_payment' | 'step' | 'order_breached' | 'vulnerable'
  points: number
  detail: string
}

export interface PriorityInput {
  actionType: ActionType | null
  arrearsPence: number
  arrearsWeeksHundredths: number | null
  trend: Trend
  daysSinceLastPayment: number | null
  orderBreached: boolean
  vulnerable: boolean
}

const SUPPORT_ACTIONS: readonly ActionType[] = ['call', 'visit', 'review']

function band(value: number, bands: readonly (readonly [number, number])[]): readonly [number, number] | undefined {
  let reached: readonly [number, number] | undefined
  for (const b of bands) if (value >= b[0] && (!reached || b[0] >= reached[0])) reached = b
  return reached
}

export function priorityOf(input: PriorityInput, w: PriorityWeights): { score: number; factors: PriorityFactor[] } {
  const factors: PriorityFactor[] = []
  const add = (factor: PriorityFactor['factor'], points: number, detail: string) => {
    if (points !== 0) factors.push({ factor, points, detail })
  }
  if (input.arrearsWeeksHundredths !== null) {
    const weeks = Math.min(Math.floor(input.arrearsWeeksHundredths / 100), w.maxArrearsWeeks)
    add('arrears_weeks', weeks * w.perArrearsWeek, `${formatWeeks(input.arrearsWeeksHundredths)} weeks of arrears`)
  }
  const amount = band(input.arrearsPence, w.amountBands)
  if (amount) add('arrears_amount', amount[1], `${formatPounds(input.arrearsPence)} owed (${formatPounds(amount[0])} or more)`)
  if (input.trend === 'rising') add('trend', w.risingTrend, 'arrears rising over 4 weeks')
  if (input.trend === 'falling') add('trend', w.fallingTrend, 'arrears falling over 4 weeks')
  if (input.daysSinceLastPayment === null) {
    if (input.arrearsPence > 0) add('no_payment', w.neverPaid, 'no payment ever received')
  } else {
    const quiet = band(input.daysSinceLastPayment, w.noPaymentDays)
    if (quiet) add('no_payment', quiet[1], `${input.daysSinceLastPayment} days since the last payment`)
  }
  if (input.actionType) {
    const weight = w.actionWeights[input.actionType] ?? 0
    add('step', weight, `next step: ${input.actionType.replaceAll('_', ' ')}`)
  }
  if (input.orderBreached) add('order_breached', w.orderBreached, 'court order terms broken')
  if (input.vulnerable && input.actionType) {
    if (SUPPORT_ACTIONS.includes(input.actionType)) add('vulnerable', w.vulnerableSupport, 'vulnerable: seen first for support')
    else if (isLegalAction(input.actionType) || input.actionType === 'hearing') add('vulnerable', w.vulnerableEnforcement, 'vulnerable: enforcement waits behind support')
  }
  return { score: factors.reduce((s, f) => s + f.points, 0), factors }
}

/** "Priority 87: 6.21 weeks of arrears (+12), £812.40 owed (+30)…" */
export function describePriority(score: number, factors: readonly PriorityFactor[]): string {
  const parts = factors.map((f) => `${f.detail} (${f.points > 0 ? '+' : ''}${f.points})`)
  return `Priority ${score}${parts.length ? `: ${parts.join(', ')}` : ''}`
}
