/**
 * Holds: periods during which some recovery actions must not be taken (DESIGN.md principle 5).
 * A hold has a type, a start, an end (worked out where the law fixes it, otherwise set by an
 * officer) and a reason. Holds end by themselves: `activeHolds(holds, today)` only returns the ones
 * in force today, so nobody has to remember to lift an expired Breathing Space.
 *
 * Arrangements are *not* holds: an arrangement being kept stops escalation through the pathway's
 * conditions (`arrangementStatus`), and breaking it is an event that moves the case on.
 *
 * Scope: a hold stops actions for the debts it covers. The caller passes the holds that cover the
 * account being evaluated (a Breathing Space covers the debts notified to us and, once we have been
 * notified about one debt, our other debts of that person; deceased and vulnerability holds are
 * about the person, so cover all their accounts).
 *
 * Dates are inclusive: a hold is in force on every day from `startsOn` to its end, both included.
 */
import { addDays, compareDates, parseIsoDate, type IsoDate } from '../calendar/index.ts'
import { addMonths } from './months.ts'
import { ACTION_TYPES, LEGAL_ACTIONS, type ActionType, type HoldType } from './vocabulary.ts'

export interface Hold {
  id?: string | number
  type: HoldType
  /**
   * First day in force. A Breathing Space starts the day *after* the debtor's entry on the
   * register (Debt Respite Scheme Regs 2020 reg 26(1)) [C]: use `breathingSpaceStartsOn`.
   */
  startsOn: IsoDate
  /**
   * Last day in force, when known: the end date in the Insolvency Service's notification, the day
   * before a dispute was resolved or a claim decided, an early cancellation. It overrides the end
   * the law would otherwise give.
   */
  endsOn?: IsoDate | null
  /** Mental health crisis Breathing Space: the last day of crisis treatment, once confirmed. */
  treatmentEndsOn?: IsoDate | null
  reason: string
}

/** Standard Breathing Space: 60 days (DRS Regs 2020) [C]. */
export const BREATHING_SPACE_STANDARD_DAYS = 60
/** Mental health crisis Breathing Space: the treatment plus 30 days [C]. */
export const BREATHING_SPACE_MENTAL_HEALTH_EXTRA_DAYS = 30
/** Debt Relief Order moratorium: one year from the effective date (Insolvency Act 1986 s251H) [P]. */
export const DRO_MORATORIUM_MONTHS = 12

/** The day a Breathing Space starts: the day after its entry on the register (reg 26(1)) [C]. */
export function breathingSpaceStartsOn(registeredOn: IsoDate): IsoDate {
  return addDays(parseIsoDate(registeredOn), 1)
}

/**
 * The last day a hold is in force, or null while it is open-ended.
 *
 * - An explicit `endsOn` always wins.
 * - Standard Breathing Space: `startsOn + 60`. "Lasts 60 days" is read as 60 days *after* the start
 *   rather than 60 days beginning with it, so any doubt about the counting rule [P] costs one more
 *   day of protection, never one day too few. The notification's own end date, once recorded in
 *   `endsOn`, replaces this.
 * - Mental health crisis Breathing Space: open-ended until the treatment end is known, then 30 days
 *   after it (`treatmentEndsOn + 30`).
 * - Debt Relief Order: the day before the first anniversary of its start (the 12-month moratorium).
 * - Bankruptcy, IVA, benefit claim pending, dispute, vulnerability review, deceased: open-ended
 *   until an officer records the end. (A bankrupt's provable debts stay unenforceable after
 *   discharge, so that hold ends when the debt is written off or the officer decides, not on a date.)
 */
export function holdEnd(hold: Hold): IsoDate | null {
  if (hold.endsOn) return parseIsoDate(hold.endsOn)
  switch (hold.type) {
    case 'breathing_space_standard':
      return addDays(hold.startsOn, BREATHING_SPACE_STANDARD_DAYS)
    case 'breathing_space_mental_health':
      return hold.treatmentEndsOn ? addDays(hold.treatmentEndsOn, BREATHING_SPACE_MENTAL_HEALTH_EXTRA_DAYS) : null
    case 'insolvency_dro': {
      // The year beginning with the start: up to the day before the anniversary. A 29 February start
      // has its anniversary on 1 March (not 28 February), so the protection is never a day short.
      const clamped = addMonths(hold.startsOn, DRO_MORATORIUM_MONTHS)
      const anniversary = clamped.slice(8) === hold.startsOn.slice(8) ? clamped : addDays(clamped, 1)
      return addDays(anniversary, -1)
    }
    default:
      return null
  }
}

export function isHoldActive(hold: Hold, today: IsoDate): boolean {
  if (compareDates(hold.startsOn, today) > 0) return false
  const end = holdEnd(hold)
  return end === null || compareDates(today, end) <= 0
}

/** The holds in force on `today` (expired and future holds drop out by themselves). */
export function activeHolds(holds: readonly Hold[], today: IsoDate): Hold[] {
  parseIsoDate(today)
  return holds.filter((h) => isHoldActive(h, today))
}

// ---------------------------------------------------------------------------------------------
// What each hold blocks
// ---------------------------------------------------------------------------------------------

/** Contact that asks for payment of the arrears (a demand). */
const DEMANDS = ['sms', 'letter', 'call', 'visit', 'letter_before_claim'] as const satisfies readonly ActionType[]
/** Steps to recover money as a debt. */
const MONEY_RECOVERY = ['tracing', 'agency', 'letter_before_claim', 'money_claim', 'attachment_of_earnings', 'enforcement'] as const satisfies readonly ActionType[]
/** Steps towards possession on rent arrears grounds. */
const POSSESSION = ['notice', 'claim', 'hearing', 'warrant', 'eviction'] as const satisfies readonly ActionType[]
/** Internal steps that never touch the debtor: never blocked, even after death. */
const INTERNAL = ['none', 'review', 'write_off_review'] as const satisfies readonly ActionType[]

const unique = (...lists: readonly (readonly ActionType[])[]): readonly ActionType[] => [...new Set(lists.flat())]

export interface HoldRule {
  label: string
  blocks: readonly ActionType[]
  /** Said alongside any action it does not block while the hold is in force. */
  caution?: string
  source: string
}

/**
 * The default blocks per hold type. A pathway stage can add hold types to its own action
 * (`blockedByHolds`), never remove these: they carry the statutory floor.
 */
export const HOLD_RULES: Record<HoldType, HoldRule> = {
  breathing_space_standard: {
    label: 'Breathing Space (standard)',
    blocks: unique(DEMANDS, MONEY_RECOVERY, POSSESSION),
    caution: 'Breathing Space: current rent and other ongoing charges still fall due and may be collected; no interest, fees or charges on the moratorium debt.',
    source:
      'Debt Respite Scheme (Breathing Space Moratorium and Mental Health Crisis Moratorium) (England and Wales) Regulations 2020: no enforcement, no contact requesting repayment, no other step to recover a moratorium debt (including possession on arrears grounds) without court permission; ongoing liabilities such as current rent continue [C] gov.uk creditor guidance, Shelter, CPAG. Whether pending court hearings may proceed is treated conservatively as blocked [P].',
  },
  breathing_space_mental_health: {
    label: 'Breathing Space (mental health crisis)',
    blocks: unique(DEMANDS, MONEY_RECOVERY, POSSESSION),
    caution: 'Mental health crisis Breathing Space: current rent still falls due; contact only about current charges, with adjustments for the crisis.',
    source: 'DRS Regs 2020 (mental health crisis moratorium): same protections as standard, lasting for the crisis treatment plus 30 days [C] gov.uk guidance.',
  },
  insolvency_dro: {
    label: 'Debt Relief Order',
    blocks: unique(MONEY_RECOVERY),
    caution:
      'Debt Relief Order: arrears in the order cannot be demanded or claimed as money; possession on arrears grounds may continue (Sharples v Places for People [2011] EWCA Civ 813), but seek no money judgment for covered arrears and any suspended order may only require current rent.',
    source: 'Insolvency Act 1986 s251G (no remedy for the recovery of a qualifying debt during the moratorium) [P]; Sharples v Places for People Homes [2011] EWCA Civ 813 [C] DOMAIN.md §4.',
  },
  insolvency_bankruptcy: {
    label: 'Bankruptcy',
    blocks: unique(MONEY_RECOVERY),
    caution:
      'Bankruptcy: provable arrears cannot be enforced (Insolvency Act 1986 s285(3)); possession may continue (Sharples), but no money judgment for provable arrears and any suspended order may only require current rent.',
    source: 'Insolvency Act 1986 s285(3) [C]; Sharples v Places for People Homes [2011] EWCA Civ 813 [C] DOMAIN.md §4.',
  },
  insolvency_iva: {
    label: 'Individual Voluntary Arrangement',
    blocks: unique(MONEY_RECOVERY, POSSESSION),
    caution: 'IVA: arrears in the IVA are dealt with under its terms; collect current rent only.',
    source:
      'An approved IVA binds the landlord as a creditor; whether possession may rely on IVA arrears depends on its terms and conflicting case law [U] DOMAIN.md §4, so possession steps are blocked until legal advice is recorded and the hold ended.',
  },
  benefit_claim_pending: {
    label: 'Housing Benefit / Universal Credit claim pending',
    blocks: unique(LEGAL_ACTIONS, ['letter_before_claim']),
    source:
      'Pre-Action Protocol for Possession Claims by Social Landlords: do not start proceedings while an HB or UC housing costs claim is outstanding and the tenant is cooperating [C] CPAG. Reeve also holds notices, warrants, evictions and money claims while the claim is decided [assumption].',
  },
  dispute: {
    label: 'Dispute',
    blocks: unique(['sms', 'letter'], ['agency', 'letter_before_claim'], LEGAL_ACTIONS),
    caution: 'Debt in dispute: contact to resolve the dispute only.',
    source:
      'Pre-Action Protocol for Debt Claims (respond to a dispute before issuing); Reeve policy: no automated demands, agency placement or legal step on a disputed debt until the dispute is decided [assumption].',
  },
  vulnerability_review: {
    label: 'Vulnerability review',
    blocks: unique(['agency', 'letter_before_claim'], LEGAL_ACTIONS),
    caution: 'Vulnerability review open: make reasonable adjustments to any contact.',
    source:
      'PAP Possession Claims by Social Landlords (vulnerability, Equality Act 2010, capacity) [C]; DESIGN.md principle 5: no legal step until the review is recorded.',
  },
  deceased: {
    label: 'Deceased',
    blocks: ACTION_TYPES.filter((a) => !(INTERNAL as readonly ActionType[]).includes(a)),
    source: 'Stop all recovery contact and action; deal with the estate or a surviving joint tenant separately (DOMAIN.md §9, FTA closure) [C].',
  },
}

/** For each action type blocked by any of the holds, the holds that block it. */
export function blockedActions(holds: readonly Hold[]): Map<ActionType, Hold[]> {
  const blocked = new Map<ActionType, Hold[]>()
  for (const hold of holds) {
    for (const action of HOLD_RULES[hold.type].blocks) {
      const list = blocked.get(action) ?? []
      list.push(hold)
      blocked.set(action, list)
    }
  }
  return blocked
}

/** The holds that block `action`, counting extra hold types a stage adds for itself. */
export function holdsBlocking(action: ActionType, holds: readonly Hold[], extraTypes: readonly HoldType[] = []): Hold[] {
  return holds.filter((h) => HOLD_RULES[h.type].blocks.includes(action) || extraTypes.includes(h.type))
}

/** Cautions from holds that are in force but do not block the action. */
export function holdCautions(action: ActionType, holds: readonly Hold[]): string[] {
  if ((INTERNAL as readonly ActionType[]).includes(action)) return []
  const out = new Set<string>()
  for (const h of holds) {
    const rule = HOLD_RULES[h.type]
    if (rule.caution && !rule.blocks.includes(action)) out.add(rule.caution)
  }
  return [...out]
}

/** "Breathing Space (standard) from 2026-03-03 to 2026-05-02: reason". */
export function describeHold(hold: Hold): string {
  const end = holdEnd(hold)
  return `${HOLD_RULES[hold.type].label} from ${hold.startsOn} ${end ? `to ${end}` : '(open-ended)'}: ${hold.reason}`
}
