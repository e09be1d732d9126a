/**
 * Discretionary Housing Payments (DOMAIN.md §6.2): discretionary top-ups for people getting HB or UC
 * housing costs, e.g. for the under-occupancy reduction or the benefit cap. Councils warn that a DHP
 * is not to be assumed for the 53rd-week shortfall.
 *
 * | from      | to                                     |
 * | --------- | -------------------------------------- |
 * | applied   | awarded, refused, withdrawn            |
 * | refused   | applied (the council's own review)     |
 * | awarded   | nothing (a further period is a new application) |
 * | withdrawn | nothing                                |
 *
 * There is no statutory appeal against a DHP decision, only the council's internal review [P].
 */
import { compareDates, diffDays, parseIsoDate, type IsoDate } from '../calendar/index.ts'
import { assertPence, type Pence } from '../money/pence.ts'
import type { ClaimId } from './housing-benefit.ts'
import { assertChangeDate, defineStateMachine, type StateChange } from './state-machine.ts'

export const DHP = defineStateMachine(
  'A Discretionary Housing Payment application',
  { applied: 'applied for', awarded: 'awarded', refused: 'refused', withdrawn: 'withdrawn' },
  { applied: ['awarded', 'refused', 'withdrawn'], refused: ['applied'], awarded: [], withdrawn: [] },
)
export type DhpState = (typeof DHP.states)[number]

/** What the shortfall is from (for reporting; DOMAIN.md §6.2-6.3). */
export const DHP_REASONS = ['under_occupancy', 'benefit_cap', 'local_housing_allowance_shortfall', 'non_dependant_deduction', 'rent_in_advance_or_deposit', 'other'] as const
export type DhpReason = (typeof DHP_REASONS)[number]

export interface DhpAward {
  /** A weekly top-up for the period, or one lump sum. */
  basis: 'weekly' | 'lump_sum'
  amountPence: Pence
  from: IsoDate
  /** Last day of the award (inclusive). */
  to: IsoDate
  paidTo: 'rent_account' | 'claimant'
}

export interface DhpApplication {
  kind: 'dhp'
  id: ClaimId
  accountId?: string | number
  appliedOn: IsoDate
  reason: DhpReason
  state: DhpState
  since: IsoDate
  tenantCooperating: boolean
  award: DhpAward | null
  refusalReason: string | null
  history: StateChange<DhpState>[]
}

export type DhpChange =
  | { to: 'awarded'; on: IsoDate; award: DhpAward }
  | { to: 'refused'; on: IsoDate; reason: string }
  | { to: 'withdrawn'; on: IsoDate; reason?: string }
  | { to: 'applied'; on: IsoDate; note?: string }

export function applyForDhp(input: { id: ClaimId; appliedOn: IsoDate; reason: DhpReason; accountId?: string | number; tenantCooperating?: boolean }): DhpApplication {
  const appliedOn = parseIsoDate(input.appliedOn)
  if (!(DHP_REASONS as readonly string[]).includes(input.reason)) throw new RangeError(`Unknown DHP reason "${String(input.reason)}"`)
  return {
    kind: 'dhp',
    id: input.id,
    ...(input.accountId !== undefined ? { accountId: input.accountId } : {}),
    appliedOn,
    reason: input.reason,
    state: 'applied',
    since: appliedOn,
    tenantCooperating: input.tenantCooperating ?? true,
    award: null,
    refusalReason: null,
    history: [{ from: null, to: 'applied', on: appliedOn }],
  }
}

export function changeDhpApplication(app: DhpApplication, change: DhpChange): DhpApplication {
  DHP.assertMove(app.state, change.to)
  const on = assertChangeDate(DHP.name, app.since, change.on)
  const entry = (note?: string): StateChange<DhpState> => ({ from: app.state, to: change.to, on, ...(note ? { note } : {}) })
  switch (change.to) {
    case 'awarded': {
      const a = change.award
      assertPence(a.amountPence)
      if (a.amountPence <= 0) throw new RangeError('A DHP award must be more than £0.00')
      if (compareDates(parseIsoDate(a.to), parseIsoDate(a.from)) < 0) throw new RangeError(`A DHP award cannot end (${a.to}) before it starts (${a.from})`)
      return { ...app, state: 'awarded', since: on, award: a, history: [...app.history, entry()] }
    }
    case 'refused':
      return { ...app, state: 'refused', since: on, refusalReason: change.reason, history: [...app.history, entry(change.reason)] }
    case 'withdrawn':
      return { ...app, state: 'withdrawn', since: on, history: [...app.history, entry(change.reason)] }
    case 'applied':
      return { ...app, state: 'applied', since: on, refusalReason: null, history: [...app.history, entry(change.note ?? 'Review requested')] }
  }
}

/** The whole award in pence: a lump sum, or the weekly amount for every day of the period ÷ 7 (half up). */
export function dhpAwardTotal(award: DhpAward): Pence {
  if (award.basis === 'lump_sum') return award.amountPence
  const days = diffDays(award.from, award.to) + 1
  return Math.floor((award.amountPence * days * 2 + 7) / 14)
}
