/**
 * The benefit-claim hold (DESIGN.md principle 5; DOMAIN.md §1.1, §6): while a Housing Benefit or
 * Universal Credit housing costs claim is outstanding and the tenant is cooperating, the council
 * does not take legal steps for the arrears. The hold type is `benefit_claim_pending`; what it blocks
 * is `HOLD_RULES.benefit_claim_pending` in `domain/recovery` (notices, claims, warrants, evictions,
 * money claims, letters before claim).
 *
 * A claim counts as pending when:
 * - Housing Benefit is `pending` (made, not decided), or `suspended` (payments stopped while the
 *   council looks at something) when `holdWhileHbSuspended` (default true [assumption]: a suspension
 *   is usually a request for information, and the tenant cooperating with it is the PAP's case);
 * - Universal Credit is `claim_made` (housing costs not yet decided);
 * - a Discretionary Housing Payment is `applied` for, only when `holdWhileDhpApplied` (default false
 *   [assumption]: the Protocol speaks of HB/UC claims; a council may choose to wait for DHP too).
 *
 * and the tenant is cooperating (`tenantCooperating`, recorded by an officer: the claim has the
 * evidence it needs and the tenant pays what benefit will not cover [P]). A pending claim without
 * cooperation is reported but does not hold. Claims made after `today` are ignored.
 *
 * The hold starts on the earliest qualifying claim's date (the claim date for a pending claim, the
 * suspension date for a suspended one) and has no end date: it is recomputed each night, and the
 * service ends the stored hold on the day the result stops applying.
 */
import { compareDates, parseIsoDate, type IsoDate } from '../calendar/index.ts'
import type { Hold, HoldType } from '../recovery/index.ts'
import type { DhpApplication } from './dhp.ts'
import type { ClaimId, HousingBenefitClaim } from './housing-benefit.ts'
import type { UniversalCreditClaim } from './universal-credit.ts'

export type BenefitRecord = HousingBenefitClaim | UniversalCreditClaim | DhpApplication

export interface PendingClaimHoldPolicy {
  holdWhileHbSuspended: boolean
  holdWhileDhpApplied: boolean
}

export const DEFAULT_PENDING_CLAIM_HOLD_POLICY: PendingClaimHoldPolicy = { holdWhileHbSuspended: true, holdWhileDhpApplied: false }

export interface PendingClaim {
  id: ClaimId
  kind: BenefitRecord['kind']
  /** What makes it pending: "Housing Benefit claim pending since 2026-04-20". */
  description: string
  since: IsoDate
  tenantCooperating: boolean
}

export interface PendingClaimHoldResult {
  applies: boolean
  holdType: HoldType & 'benefit_claim_pending'
  /** The hold to have in force (open-ended), or null. */
  hold: Hold | null
  /** Pending claims with the tenant cooperating: these hold enforcement. */
  holding: PendingClaim[]
  /** Pending claims without cooperation: reported, no hold. */
  notCooperating: PendingClaim[]
  reasons: string[]
}

function pendingOf(record: BenefitRecord, policy: PendingClaimHoldPolicy): { since: IsoDate; description: string } | null {
  switch (record.kind) {
    case 'housing_benefit':
      if (record.state === 'pending') return { since: record.claimedOn, description: `Housing Benefit claim ${record.id} pending since ${record.claimedOn}` }
      if (record.state === 'suspended' && policy.holdWhileHbSuspended) return { since: record.since, description: `Housing Benefit claim ${record.id} suspended since ${record.since}` }
      return null
    case 'universal_credit':
      return record.claim.state === 'claim_made' ? { since: record.claimedOn, description: `Universal Credit claim ${record.id} made ${record.claimedOn}, housing costs not yet decided` } : null
    case 'dhp':
      return record.state === 'applied' && policy.holdWhileDhpApplied ? { since: record.since, description: `Discretionary Housing Payment application ${record.id} made ${record.since}, not yet decided` } : null
  }
}

/** Whether the benefit-claim hold applies on `today`, and the hold to record if so. */
export function pendingClaimHold(records: readonly BenefitRecord[], today: IsoDate, policy: Partial<PendingClaimHoldPolicy> = {}): PendingClaimHoldResult {
  parseIsoDate(today)
  const p = { ...DEFAULT_PENDING_CLAIM_HOLD_POLICY, ...policy }
  const holding: PendingClaim[] = []
  const notCooperating: PendingClaim[] = []
  for (const r of records) {
    const made = r.kind === 'dhp' ? r.appliedOn : r.claimedOn
    if (compareDates(made, today) > 0) continue
    const pending = pendingOf(r, p)
    if (!pending) continue
    const entry: PendingClaim = { id: r.id, kind: r.kind, description: pending.description, since: pending.since, tenantCooperating: r.tenantCooperating }
    ;(r.tenantCooperating ? holding : notCooperating).push(entry)
  }
  holding.sort((a, b) => compareDates(a.since, b.since))
  const reasons = [
    ...holding.map((c) => `${c.description}, tenant cooperating: legal steps on hold (Pre-Action Protocol)`),
    ...notCooperating.map((c) => `${c.description}, but the tenant is not cooperating with it: no hold`),
  ]
  const first = holding[0]
  return {
    applies: holding.length > 0,
    holdType: 'benefit_claim_pending',
    hold: first ? { type: 'benefit_claim_pending', startsOn: first.since, endsOn: null, reason: holding.map((c) => c.description).join('; ') } : null,
    holding,
    notCooperating,
    reasons: reasons.length > 0 ? reasons : ['No Housing Benefit or Universal Credit claim is pending'],
  }
}
