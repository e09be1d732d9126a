/**
 * Turning a surplus into a sustainable instalment proposal across the person's debts with the
 * council (DOMAIN.md §7 "How a creditor uses it"; DESIGN.md §5 "Affordability": the surplus drives
 * the offer). Every figure comes with an explanation the officer can read back to the tenant.
 *
 * Rules (each one a decision, recorded here so it can be checked):
 *
 * 1. **What can be offered.** `offerShareBps` of the monthly surplus (default 10,000 = all of it:
 *    the SFS has already allowed for essential spending and a savings contribution) [assumption: a
 *    council wanting a buffer sets, say, 8,000 for 80%]. Rounded down to the penny, then converted to
 *    the instalment frequency rounding down again (`fromMonthlyPence`), so the instalment never asks
 *    for more than the surplus.
 * 2. **Priority debts first.** The offer is apportioned by `apportionPayment`: rent, temporary
 *    accommodation, pitch and council tax first (`DEFAULT_PRIORITY_ORDER`), pro rata by balance within
 *    a tier (the SFS pro-rata rule), later tiers only once earlier ones are covered in full. A debt is
 *    never offered more per instalment than it owes.
 * 3. **Minimum instalment.** `minimumInstalmentPence` is per instalment at the chosen frequency. A
 *    debt whose share is below it (and below its balance: a small balance can be cleared in one go)
 *    gets nothing this time and its share goes to the others: the lowest-priority such debt is
 *    dropped first, one at a time.
 * 4. **No sustainable offer.** When what can be offered is below the minimum (or there is no surplus,
 *    or a deficit), the suggestion is a token payment (`tokenPaymentPence`, default £1 per instalment,
 *    the SFS example of £1 a month, DOMAIN.md §7) on the highest-priority debt, with advice to refer
 *    for money advice and review.
 */
import type { IsoDate } from '../calendar/index.ts'
import { assertPence, formatPounds, type Pence } from '../money/pence.ts'
import type { AccountType } from '../recovery/index.ts'
import { apportionPayment, DEFAULT_PRIORITY_ORDER, tierOf, type AccountId, type PriorityOrder, type WithinTier } from '../arrangements/apportion.ts'
import type { ArrangementFrequency } from '../arrangements/vocabulary.ts'
import { FREQUENCY_NAMES, fromMonthlyPence, toMonthlyPence } from './frequency.ts'

export interface OfferDebt {
  accountId: AccountId
  type: AccountType
  balancePence: Pence
  oldestDebtOn?: IsoDate | null
}

export interface SuggestOfferInput {
  /** Monthly surplus (`assessStatement(...).disposableIncomePence`); zero or negative means none. */
  surplusPence: Pence
  debts: readonly OfferDebt[]
  priorityOrder?: PriorityOrder
  withinTier?: WithinTier
  /** The smallest instalment worth setting up, per instalment at `frequency`. */
  minimumInstalmentPence: Pence
  /** Share of the surplus to offer, in basis points (default 10,000: all of it). */
  offerShareBps?: number
  /** Instalment frequency (default monthly, the SFS's own period). */
  frequency?: ArrangementFrequency
  /** Token payment per instalment when nothing sustainable can be offered (default 100p). */
  tokenPaymentPence?: Pence
}

export interface OfferInstalment {
  accountId: AccountId
  type: AccountType
  tier: number
  balancePence: Pence
  /** Per instalment at the offer's frequency. */
  perInstalmentPence: Pence
  /** The same, as a monthly figure (×52÷12 etc., half up). */
  monthlyPence: Pence
  /** Instalments to clear the balance at this rate; null when nothing is offered. */
  instalmentsToClear: number | null
}

export interface OfferSuggestion {
  kind: 'offer' | 'token' | 'nothing_owed'
  frequency: ArrangementFrequency
  surplusPence: Pence
  /** Monthly amount that could be offered (share of the surplus). */
  offerableMonthlyPence: Pence
  offerablePerInstalmentPence: Pence
  /** One per debt, in the order given (0 for a debt that gets nothing). */
  instalments: OfferInstalment[]
  totalPerInstalmentPence: Pence
  /** Offerable but not needed (every debt covered). */
  unusedPerInstalmentPence: Pence
  explanation: string[]
}

const TYPE_LABELS: Partial<Record<AccountType, string>> = {
  rent: 'Rent',
  former_tenant: 'Former tenant arrears',
  temporary_accommodation: 'Temporary accommodation',
  council_tax: 'Council tax',
  hb_overpayment: 'Housing Benefit overpayment',
  rechargeable_repair: 'Rechargeable repair',
  storage_removals: 'Storage and removals',
  social_care: 'Social care',
  insurance_claim: 'Insurance claim',
  court_costs: 'Court costs',
}
const describeDebt = (d: OfferDebt) => `${TYPE_LABELS[d.type] ?? d.type.charAt(0).toUpperCase() + d.type.slice(1).replaceAll('_', ' ')} (${String(d.accountId)})`

function tierText(order: PriorityOrder): string {
  const tiers = order.map((t) => t.map((type) => (TYPE_LABELS[type] ?? type.replaceAll('_', ' ')).toLowerCase()).join(', '))
  return `${tiers.map((t, i) => `${i + 1}. ${t}`).join('; ')}; ${order.length + 1}. everything else`
}

/** A sustainable instalment proposal from the surplus, priority debts first, with an explanation. */
export function suggestOffer(input: SuggestOfferInput): OfferSuggestion {
  const surplus = assertPence(input.surplusPence)
  const minimum = assertPence(input.minimumInstalmentPence)
  const token = assertPence(input.tokenPaymentPence ?? 100)
  const share = input.offerShareBps ?? 10_000
  const frequency = input.frequency ?? 'monthly'
  const order = input.priorityOrder ?? DEFAULT_PRIORITY_ORDER
  if (!Number.isSafeInteger(share) || share < 0 || share > 10_000) throw new RangeError(`offerShareBps must be a whole number from 0 to 10,000: ${share}`)
  if (minimum < 1) throw new RangeError(`The minimum instalment must be at least 1p: ${minimum}`)
  for (const d of input.debts) assertPence(d.balancePence)
  const per = FREQUENCY_NAMES[frequency]

  const offerableMonthly = surplus > 0 ? Math.floor((surplus * share) / 10_000) : 0
  const offerable = fromMonthlyPence(offerableMonthly, frequency)
  const owed = input.debts.filter((d) => d.balancePence > 0)
  const base = { frequency, surplusPence: surplus, offerableMonthlyPence: offerableMonthly, offerablePerInstalmentPence: offerable }
  const instalmentFor = (d: OfferDebt, pence: Pence): OfferInstalment => ({
    accountId: d.accountId,
    type: d.type,
    tier: tierOf(d.type, order),
    balancePence: d.balancePence,
    perInstalmentPence: pence,
    monthlyPence: toMonthlyPence(pence, frequency),
    instalmentsToClear: pence > 0 ? Math.ceil(Math.max(0, d.balancePence) / pence) : null,
  })
  const surplusText =
    surplus > 0
      ? `Surplus ${formatPounds(surplus)} a month; offering ${share / 100}% of it: ${formatPounds(offerableMonthly)} a month` +
        (frequency === 'monthly' ? '' : `, ${formatPounds(offerable)} ${per}`)
      : surplus < 0
        ? `Deficit of ${formatPounds(-surplus)} a month: there is no surplus to offer`
        : 'No surplus after essential costs'

  if (owed.length === 0) {
    return { ...base, kind: 'nothing_owed', instalments: input.debts.map((d) => instalmentFor(d, 0)), totalPerInstalmentPence: 0, unusedPerInstalmentPence: offerable, explanation: [surplusText, 'Nothing is owed on these accounts'] }
  }

  if (offerable < minimum) {
    // Token payment on the highest-priority debt (largest balance within the tier, then the first listed).
    const top = [...owed].sort((a, b) => tierOf(a.type, order) - tierOf(b.type, order) || b.balancePence - a.balancePence)[0]!
    const tokenPence = Math.min(token, top.balancePence)
    return {
      ...base,
      kind: 'token',
      instalments: input.debts.map((d) => instalmentFor(d, d === top ? tokenPence : 0)),
      totalPerInstalmentPence: tokenPence,
      unusedPerInstalmentPence: 0,
      explanation: [
        surplusText,
        `${formatPounds(offerable)} ${per} is below the minimum instalment of ${formatPounds(minimum)}: no sustainable offer can be made`,
        `Suggest a token payment of ${formatPounds(tokenPence)} ${per} to ${describeDebt(top)}, refer for free money advice and a benefits check, and review the statement within 3 months`,
      ],
    }
  }

  // Apportion, dropping debts whose share is below the minimum (lowest priority first) until none is.
  const active = new Set(owed)
  const dropped: { debt: OfferDebt; sharePence: Pence }[] = []
  let allocation = apportionPayment(offerable, [...active], { priorityOrder: order, withinTier: input.withinTier ?? 'pro_rata' })
  for (;;) {
    const list = [...active]
    const tooSmall = allocation.allocations
      .map((a, i) => ({ a, debt: list[i]! }))
      .filter(({ a, debt }) => a.pence > 0 && a.pence < minimum && a.pence < debt.balancePence)
      .sort((x, y) => y.a.tier - x.a.tier || x.a.pence - y.a.pence || list.indexOf(y.debt) - list.indexOf(x.debt))
    const drop = tooSmall[0]
    if (!drop) break
    dropped.push({ debt: drop.debt, sharePence: drop.a.pence })
    active.delete(drop.debt)
    allocation = apportionPayment(offerable, [...active], { priorityOrder: order, withinTier: input.withinTier ?? 'pro_rata' })
  }
  const activeList = [...active]
  const given = new Map<OfferDebt, Pence>(activeList.map((d, i) => [d, allocation.allocations[i]!.pence]))
  const instalments = input.debts.map((d) => instalmentFor(d, given.get(d) ?? 0))
  const total = instalments.reduce((sum, i) => sum + i.perInstalmentPence, 0)

  const explanation = [surplusText, `Priority: ${tierText(order)}; ${input.withinTier === 'oldest_first' ? 'oldest debt first' : 'pro rata by balance'} within each`]
  for (const [k, d] of input.debts.entries()) {
    const inst = instalments[k]!
    if (d.balancePence <= 0) continue
    const drop = dropped.find((x) => x.debt === d)
    if (inst.perInstalmentPence > 0) {
      explanation.push(`${describeDebt(d)}: ${formatPounds(inst.perInstalmentPence)} ${per}, clearing ${formatPounds(d.balancePence)} in ${inst.instalmentsToClear} instalment${inst.instalmentsToClear === 1 ? '' : 's'}`)
    } else if (drop) {
      explanation.push(`${describeDebt(d)}: nothing for now: its share of ${formatPounds(drop.sharePence)} ${per} would be below the minimum instalment of ${formatPounds(minimum)}`)
    } else {
      explanation.push(`${describeDebt(d)}: nothing for now: the offer is taken by higher-priority debts; review once they are cleared`)
    }
  }
  if (allocation.unallocatedPence > 0) explanation.push(`${formatPounds(allocation.unallocatedPence)} ${per} of the surplus is not needed: every debt is covered`)
  return { ...base, kind: 'offer', instalments, totalPerInstalmentPence: total, unusedPerInstalmentPence: allocation.unallocatedPence, explanation }
}
