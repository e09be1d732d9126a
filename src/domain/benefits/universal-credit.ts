/**
 * Universal Credit housing costs, as the landlord sees them (DOMAIN.md §6.1). A UC claim runs
 * several things at once, so it is four small state machines side by side ("tracks"):
 *
 * | track          | states and moves                                                                        |
 * | -------------- | --------------------------------------------------------------------------------------- |
 * | `claim`        | claim_made → housing_costs_awarded or closed; housing_costs_awarded → closed             |
 * | `verification` | not_requested → requested → done; done → requested (verified again, e.g. a rent change) |
 * | `apa`          | none → requested → received or refused; received → stopped; refused, stopped → requested |
 * | `deduction`    | none → requested → in_payment or refused; in_payment → stopped; refused, stopped → requested |
 *
 * - `verification` is the DWP asking the landlord, through the Landlord Portal, to confirm the rent
 *   and service charges.
 * - `apa` is an Alternative Payment Arrangement: a managed payment to the landlord (MPTL), more
 *   frequent payments, or split payments. Only a managed payment brings money to the rent account.
 *   After *Roberts v SSWP* the DWP asks the tenant first, so expect a delay or a refusal.
 * - `deduction` is a third-party deduction from the tenant's UC for rent arrears
 *   (`thirdPartyDeduction` works out what the DWP can take).
 *
 * Guards across tracks: nothing can be requested on a closed claim; a managed payment or deduction
 * can only be in payment once housing costs are awarded; closing the claim stops both (recorded).
 * `tenantCooperating` is the officer's record for the Pre-Action Protocol benefit-claim hold.
 */
import { parseIsoDate, type IsoDate } from '../calendar/index.ts'
import { assertPence, type Pence } from '../money/pence.ts'
import type { ClaimId } from './housing-benefit.ts'
import { assertChangeDate, BenefitTransitionError, defineStateMachine } from './state-machine.ts'

export const UC_CLAIM = defineStateMachine(
  'A Universal Credit claim',
  { claim_made: 'made (housing costs not yet decided)', housing_costs_awarded: 'awarded housing costs', closed: 'closed' },
  { claim_made: ['housing_costs_awarded', 'closed'], housing_costs_awarded: ['closed'], closed: [] },
)
export type UcClaimState = (typeof UC_CLAIM.states)[number]

export const UC_VERIFICATION = defineStateMachine(
  'A Universal Credit landlord verification',
  { not_requested: 'not requested', requested: 'requested', done: 'done' },
  { not_requested: ['requested'], requested: ['done'], done: ['requested'] },
)
export type UcVerificationState = (typeof UC_VERIFICATION.states)[number]

export const UC_APA = defineStateMachine(
  'A Universal Credit Alternative Payment Arrangement',
  { none: 'not asked for', requested: 'requested', received: 'in place', refused: 'refused', stopped: 'stopped' },
  { none: ['requested'], requested: ['received', 'refused'], received: ['stopped'], refused: ['requested'], stopped: ['requested'] },
)
export type UcApaState = (typeof UC_APA.states)[number]

export const UC_DEDUCTION = defineStateMachine(
  'A Universal Credit third-party deduction',
  { none: 'not asked for', requested: 'requested', in_payment: 'in payment', refused: 'refused', stopped: 'stopped' },
  { none: ['requested'], requested: ['in_payment', 'refused'], in_payment: ['stopped'], refused: ['requested'], stopped: ['requested'] },
)
export type UcDeductionState = (typeof UC_DEDUCTION.states)[number]

/** APA types in the DWP's priority order [C]. */
export const APA_TYPES = ['managed_payment', 'more_frequent_payments', 'split_payments'] as const
export type ApaType = (typeof APA_TYPES)[number]

export type UcTrack = 'claim' | 'verification' | 'apa' | 'deduction'

export interface UcTrackChange {
  track: UcTrack
  from: string
  to: string
  on: IsoDate
  note?: string
}

export interface UniversalCreditClaim {
  kind: 'universal_credit'
  id: ClaimId
  accountId?: string | number
  claimedOn: IsoDate
  tenantCooperating: boolean
  claim: { state: UcClaimState; since: IsoDate }
  verification: { state: UcVerificationState; since: IsoDate }
  apa: {
    state: UcApaState
    since: IsoDate
    type: ApaType | null
    /** Managed payment each assessment period, once in place. */
    monthlyPence: Pence | null
    /** The first assessment period the managed payment covers (UC periods run monthly from here). */
    assessmentPeriodStart: IsoDate | null
  }
  deduction: {
    state: UcDeductionState
    since: IsoDate
    requestedPercent: number | null
    monthlyPence: Pence | null
    assessmentPeriodStart: IsoDate | null
  }
  history: UcTrackChange[]
}

export type UcChange =
  | { track: 'claim'; to: 'housing_costs_awarded' | 'closed'; on: IsoDate; note?: string }
  | { track: 'verification'; to: 'requested' | 'done'; on: IsoDate; note?: string }
  | { track: 'apa'; to: 'requested'; on: IsoDate; type: ApaType; note?: string }
  | { track: 'apa'; to: 'received'; on: IsoDate; monthlyPence?: Pence; assessmentPeriodStart?: IsoDate; note?: string }
  | { track: 'apa'; to: 'refused' | 'stopped'; on: IsoDate; note?: string }
  | { track: 'deduction'; to: 'requested'; on: IsoDate; requestedPercent?: number; note?: string }
  | { track: 'deduction'; to: 'in_payment'; on: IsoDate; monthlyPence: Pence; assessmentPeriodStart: IsoDate; note?: string }
  | { track: 'deduction'; to: 'refused' | 'stopped'; on: IsoDate; note?: string }

export function openUniversalCreditClaim(input: { id: ClaimId; claimedOn: IsoDate; accountId?: string | number; tenantCooperating?: boolean }): UniversalCreditClaim {
  const claimedOn = parseIsoDate(input.claimedOn)
  return {
    kind: 'universal_credit',
    id: input.id,
    ...(input.accountId !== undefined ? { accountId: input.accountId } : {}),
    claimedOn,
    tenantCooperating: input.tenantCooperating ?? true,
    claim: { state: 'claim_made', since: claimedOn },
    verification: { state: 'not_requested', since: claimedOn },
    apa: { state: 'none', since: claimedOn, type: null, monthlyPence: null, assessmentPeriodStart: null },
    deduction: { state: 'none', since: claimedOn, requestedPercent: null, monthlyPence: null, assessmentPeriodStart: null },
    history: [{ track: 'claim', from: '', to: 'claim_made', on: claimedOn, note: 'Claim made' }],
  }
}

function positive(name: string, pence: Pence | undefined): Pence {
  if (pence === undefined) throw new RangeError(`Give the ${name}`)
  assertPence(pence)
  if (pence <= 0) throw new RangeError(`The ${name} must be more than £0.00`)
  return pence
}

function refuse(machine: string, from: string, to: string, why: string): never {
  throw new BenefitTransitionError(`${machine} cannot become ${to}: ${why}`, machine, from, to)
}

/** Moves one track of the claim; throws `BenefitTransitionError` for a move that is not allowed. */
export function changeUniversalCreditClaim(claim: UniversalCreditClaim, change: UcChange): UniversalCreditClaim {
  const closed = claim.claim.state === 'closed'
  const awarded = claim.claim.state === 'housing_costs_awarded'
  const record = (from: string, note?: string): UcTrackChange => ({ track: change.track, from, to: change.to, on: change.on, ...(note ? { note } : {}) })

  switch (change.track) {
    case 'claim': {
      UC_CLAIM.assertMove(claim.claim.state, change.to)
      const on = assertChangeDate(UC_CLAIM.name, claim.claim.since, change.on)
      const history = [...claim.history, record(claim.claim.state, change.note)]
      let { apa, deduction } = claim
      if (change.to === 'closed') {
        // A closed claim pays nothing more: stop what was in payment, and say so in the history.
        if (apa.state === 'received') {
          history.push({ track: 'apa', from: 'received', to: 'stopped', on, note: 'Claim closed' })
          apa = { ...apa, state: 'stopped', since: on }
        }
        if (deduction.state === 'in_payment') {
          history.push({ track: 'deduction', from: 'in_payment', to: 'stopped', on, note: 'Claim closed' })
          deduction = { ...deduction, state: 'stopped', since: on }
        }
      }
      return { ...claim, claim: { state: change.to, since: on }, apa, deduction, history }
    }
    case 'verification': {
      UC_VERIFICATION.assertMove(claim.verification.state, change.to)
      if (closed && change.to === 'requested') refuse(UC_VERIFICATION.name, claim.verification.state, 'requested', 'the claim is closed')
      const on = assertChangeDate(UC_VERIFICATION.name, claim.verification.since, change.on)
      return { ...claim, verification: { state: change.to, since: on }, history: [...claim.history, record(claim.verification.state, change.note)] }
    }
    case 'apa': {
      UC_APA.assertMove(claim.apa.state, change.to)
      const on = assertChangeDate(UC_APA.name, claim.apa.since, change.on)
      const history = [...claim.history, record(claim.apa.state, change.note)]
      if (change.to === 'requested') {
        if (closed) refuse(UC_APA.name, claim.apa.state, 'requested', 'the claim is closed')
        if (!(APA_TYPES as readonly string[]).includes(change.type)) throw new RangeError(`Unknown APA type "${String(change.type)}"`)
        return { ...claim, apa: { state: 'requested', since: on, type: change.type, monthlyPence: null, assessmentPeriodStart: null }, history }
      }
      if (change.to === 'received') {
        if (!awarded) refuse(UC_APA.name, claim.apa.state, 'in place', 'housing costs have not been awarded on the claim')
        const managed = claim.apa.type === 'managed_payment'
        return {
          ...claim,
          apa: {
            ...claim.apa,
            state: 'received',
            since: on,
            monthlyPence: managed ? positive('managed payment each month', change.monthlyPence) : null,
            assessmentPeriodStart: managed ? parseIsoDate(change.assessmentPeriodStart ?? '') : null,
          },
          history,
        }
      }
      return { ...claim, apa: { ...claim.apa, state: change.to, since: on }, history }
    }
    case 'deduction': {
      UC_DEDUCTION.assertMove(claim.deduction.state, change.to)
      const on = assertChangeDate(UC_DEDUCTION.name, claim.deduction.since, change.on)
      const history = [...claim.history, record(claim.deduction.state, change.note)]
      if (change.to === 'requested') {
        if (closed) refuse(UC_DEDUCTION.name, claim.deduction.state, 'requested', 'the claim is closed')
        return { ...claim, deduction: { state: 'requested', since: on, requestedPercent: change.requestedPercent ?? null, monthlyPence: null, assessmentPeriodStart: null }, history }
      }
      if (change.to === 'in_payment') {
        if (!awarded) refuse(UC_DEDUCTION.name, claim.deduction.state, 'in payment', 'housing costs have not been awarded on the claim')
        return {
          ...claim,
          deduction: { ...claim.deduction, state: 'in_payment', since: on, monthlyPence: positive('deduction each month', change.monthlyPence), assessmentPeriodStart: parseIsoDate(change.assessmentPeriodStart) },
          history,
        }
      }
      return { ...claim, deduction: { ...claim.deduction, state: change.to, since: on }, history }
    }
  }
}

export function setUniversalCreditCooperation(claim: UniversalCreditClaim, tenantCooperating: boolean): UniversalCreditClaim {
  return { ...claim, tenantCooperating }
}
