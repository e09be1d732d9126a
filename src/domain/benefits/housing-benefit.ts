/**
 * Housing Benefit claims (DOMAIN.md §6.2). For council tenants HB is a rent rebate credited to the
 * rent account, paid in arrears every 2 or 4 weeks; for others it is a rent allowance.
 *
 * States and the moves allowed between them:
 *
 * | from      | to                                                                 |
 * | --------- | ------------------------------------------------------------------ |
 * | pending   | awarded, ended (refused or withdrawn)                              |
 * | awarded   | awarded (a change of award), suspended, overpaid, ended            |
 * | suspended | awarded (reinstated), overpaid, ended                              |
 * | overpaid  | awarded (the revised award), suspended, ended                      |
 * | ended     | nothing: a new claim is a new record                               |
 *
 * `overpaid` records an overpayment decision (amount, reason, whether recoverable: HB Reg 100 makes
 * official-error overpayments unrecoverable unless the claimant could reasonably have known) and
 * carries the revised award, or none if entitlement stopped. `tenantCooperating` is the officer's
 * record that the tenant has given the council what it needs to decide the claim and is paying what
 * HB will not cover: the Pre-Action Protocol's condition for holding off possession (exact wording
 * [U], DOMAIN.md "Items flagged" 3).
 */
import { compareDates, parseIsoDate, type IsoDate } from '../calendar/index.ts'
import { assertPence, type Pence } from '../money/pence.ts'
import { assertChangeDate, defineStateMachine, type StateChange } from './state-machine.ts'

export type ClaimId = string | number

export const HB_CLAIM_STATES = ['pending', 'awarded', 'suspended', 'overpaid', 'ended'] as const
export type HbClaimState = (typeof HB_CLAIM_STATES)[number]

export const HOUSING_BENEFIT = defineStateMachine<HbClaimState>(
  'A Housing Benefit claim',
  { pending: 'pending', awarded: 'awarded', suspended: 'suspended', overpaid: 'overpaid', ended: 'ended' },
  {
    pending: ['awarded', 'ended'],
    awarded: ['awarded', 'suspended', 'overpaid', 'ended'],
    suspended: ['awarded', 'overpaid', 'ended'],
    overpaid: ['awarded', 'suspended', 'ended'],
    ended: [],
  },
)

/** HB is paid in arrears every 2 or 4 weeks (DOMAIN.md §6.2). */
export type HbPaymentCycle = 'two_weekly' | 'four_weekly'
export const HB_CYCLE_DAYS: Record<HbPaymentCycle, number> = { two_weekly: 14, four_weekly: 28 }

export interface HbAward {
  /** HB awarded a week (credited to the rent account). */
  weeklyPence: Pence
  /** First day of entitlement. */
  from: IsoDate
  cycle: HbPaymentCycle
  /** The first payment: it covers `from` to the day before; later ones each cover the cycle just ended. */
  firstPaymentOn: IsoDate
}

export interface HbOverpayment {
  amountPence: Pence
  identifiedOn: IsoDate
  reason: string
  /** Null until decided (official error overpayments are not recoverable, HB Reg 100). */
  recoverable: boolean | null
}

export interface HousingBenefitClaim {
  kind: 'housing_benefit'
  id: ClaimId
  accountId?: string | number
  claimedOn: IsoDate
  state: HbClaimState
  /** When the claim entered its state. */
  since: IsoDate
  tenantCooperating: boolean
  award: HbAward | null
  overpayments: HbOverpayment[]
  history: StateChange<HbClaimState>[]
}

export type HbChange =
  | { to: 'awarded'; on: IsoDate; award?: HbAward; note?: string }
  | { to: 'suspended'; on: IsoDate; reason: string }
  | { to: 'overpaid'; on: IsoDate; amountPence: Pence; reason: string; recoverable?: boolean | null; award: HbAward | null }
  | { to: 'ended'; on: IsoDate; reason: string }

export function openHousingBenefitClaim(input: { id: ClaimId; claimedOn: IsoDate; accountId?: string | number; tenantCooperating?: boolean }): HousingBenefitClaim {
  const claimedOn = parseIsoDate(input.claimedOn)
  return {
    kind: 'housing_benefit',
    id: input.id,
    ...(input.accountId !== undefined ? { accountId: input.accountId } : {}),
    claimedOn,
    state: 'pending',
    since: claimedOn,
    tenantCooperating: input.tenantCooperating ?? true,
    award: null,
    overpayments: [],
    history: [{ from: null, to: 'pending', on: claimedOn, note: 'Claim made' }],
  }
}

function checkAward(award: HbAward): HbAward {
  assertPence(award.weeklyPence)
  if (award.weeklyPence <= 0) throw new RangeError(`An HB award must be more than £0.00 a week: ${award.weeklyPence}`)
  parseIsoDate(award.from)
  parseIsoDate(award.firstPaymentOn)
  if (compareDates(award.firstPaymentOn, award.from) <= 0) throw new RangeError(`HB is paid in arrears: the first payment (${award.firstPaymentOn}) must come after entitlement starts (${award.from})`)
  if (!(award.cycle in HB_CYCLE_DAYS)) throw new RangeError(`HB is paid two-weekly or four-weekly, not "${String(award.cycle)}"`)
  return award
}

/** Moves the claim; throws `BenefitTransitionError` for a move that is not allowed, RangeError for bad details. */
export function changeHousingBenefitClaim(claim: HousingBenefitClaim, change: HbChange): HousingBenefitClaim {
  HOUSING_BENEFIT.assertMove(claim.state, change.to)
  const on = assertChangeDate('A Housing Benefit claim', claim.since, change.on)
  const entry = (note?: string): StateChange<HbClaimState> => ({ from: claim.state, to: change.to, on, ...(note ? { note } : {}) })
  switch (change.to) {
    case 'awarded': {
      const award = change.award ? checkAward(change.award) : claim.award
      if (!award) throw new RangeError('Give the award (weekly amount, start, payment cycle and first payment date) when a claim is first awarded')
      return { ...claim, state: 'awarded', since: on, award, history: [...claim.history, entry(change.note ?? (claim.state === 'awarded' ? 'Award changed' : undefined))] }
    }
    case 'overpaid': {
      assertPence(change.amountPence)
      if (change.amountPence <= 0) throw new RangeError('An overpayment must be more than £0.00')
      const overpayment: HbOverpayment = { amountPence: change.amountPence, identifiedOn: on, reason: change.reason, recoverable: change.recoverable ?? null }
      return {
        ...claim,
        state: 'overpaid',
        since: on,
        award: change.award ? checkAward(change.award) : null,
        overpayments: [...claim.overpayments, overpayment],
        history: [...claim.history, entry(change.reason)],
      }
    }
    case 'suspended':
    case 'ended':
      return { ...claim, state: change.to, since: on, history: [...claim.history, entry(change.reason)] }
  }
}

/** Records whether the tenant is cooperating with the claim (an officer's judgement, not a state). */
export function setHousingBenefitCooperation(claim: HousingBenefitClaim, tenantCooperating: boolean): HousingBenefitClaim {
  return { ...claim, tenantCooperating }
}
