/**
 * The performance measures, as data and arithmetic (definitions in words: docs/performance-measures.md).
 *
 * The database computes **figures**: whole numbers (pence or counts) summed from the ledger and the recovery
 * records for one group of accounts (a patch, an officer's patches, a tenure, an account type, or all). Figures
 * add up across groups. **Measures** are built from figures here, in one place: an amount, a count, or an exact
 * ratio of two figures. Snapshots store figures, never measures, so a trend is recomputed by the same code as today's
 * dashboard and a changed presentation never needs old rows rewritten.
 */
import { assertPence } from '../money/pence.ts'
import { ratio, type Ratio } from './ratio.ts'

/** Every figure the measures need, in the order the database returns (and snapshots store) them. */
export const FIGURES = [
  // Flows over the period.
  'rent_debit',
  'rent_collected',
  'arrears_brought_forward',
  'total_collected',
  'electronic_collected',
  'tenant_paid_collected',
  'sundry_collected',
  'written_off',
  'rent_written_off',
  'notices_served',
  'claims_issued',
  'orders_made',
  'evictions',
  'arrangements_made',
  'arrangements_in_force',
  'arrangements_kept',
  'arrangements_broken',
  // Stocks at the end of the period.
  'annual_rent_debit',
  'current_tenant_arrears',
  'former_tenant_arrears',
  'annual_ta_debit',
  'ta_arrears',
  'sundry_outstanding',
  'current_accounts',
  'direct_debit_accounts',
] as const
export type Figure = (typeof FIGURES)[number]
export type Figures = Record<Figure, number>

export function emptyFigures(): Figures {
  return Object.fromEntries(FIGURES.map((f) => [f, 0])) as Figures
}

/** Adds figures group by group (every figure is a sum, so the total of the groups is the figure of their union). */
export function addFigures(a: Figures, b: Figures): Figures {
  const out = emptyFigures()
  for (const f of FIGURES) out[f] = assertPence(a[f] + b[f])
  return out
}

export type MeasureUnit = 'percent' | 'pence' | 'count'
/** Which way is better: the direction a target is met in. `none`: information only, no target. */
export type Direction = 'higher' | 'lower' | 'none'
/** Flow: over the period's days. Stock: at the end of its last day. */
export type MeasureBasis = 'flow' | 'stock'

export interface MeasureDefinition {
  id: string
  label: string
  unit: MeasureUnit
  direction: Direction
  basis: MeasureBasis
  /** Percent measures: the figures divided. Pence and count measures: the figure shown. */
  numerator: Figure
  denominator?: Figure | readonly Figure[]
  /** Percent measures: whether the figures divided are money or counts of accounts and arrangements. */
  partsUnit?: 'pence' | 'count'
  /** One line for the page and the CSV; the full definition is in docs/performance-measures.md. */
  summary: string
}

const pct = (
  id: string,
  label: string,
  direction: Direction,
  basis: MeasureBasis,
  numerator: Figure,
  denominator: Figure | readonly Figure[],
  summary: string,
  partsUnit: 'pence' | 'count' = 'pence',
): MeasureDefinition => ({ id, label, unit: 'percent', direction, basis, numerator, denominator, summary, partsUnit })
const amount = (id: string, label: string, direction: Direction, basis: MeasureBasis, figure: Figure, summary: string): MeasureDefinition => ({
  id,
  label,
  unit: 'pence',
  direction,
  basis,
  numerator: figure,
  summary,
})
const count = (id: string, label: string, direction: Direction, basis: MeasureBasis, figure: Figure, summary: string): MeasureDefinition => ({
  id,
  label,
  unit: 'count',
  direction,
  basis,
  numerator: figure,
  summary,
})

/** The measures, in the order the dashboard lists them. */
export const MEASURES: readonly MeasureDefinition[] = [
  pct('collection_rate', 'Rent collected as % of rent due', 'higher', 'flow', 'rent_collected', 'rent_debit',
    'Rent collected in the period (current and former tenants, HB/UC included) ÷ rent and charges debited in the period, excluding arrears brought forward.'),
  pct('collection_rate_with_arrears', 'Rent collected as % of rent due and arrears brought forward', 'higher', 'flow', 'rent_collected', ['rent_debit', 'arrears_brought_forward'],
    'Rent collected in the period ÷ (rent debited in the period + current and former tenant arrears at its start).'),
  amount('rent_debit', 'Rent and charges due', 'none', 'flow', 'rent_debit', 'Weekly rent and charges debited in the period, net of charge corrections.'),
  amount('rent_collected', 'Rent collected', 'higher', 'flow', 'rent_collected', 'Payments credited to rent, garage, pitch, TA and former tenant accounts, net of reversals and moves.'),
  amount('arrears_brought_forward', 'Arrears brought forward', 'none', 'flow', 'arrears_brought_forward', 'Debit balances of those accounts at the start of the period.'),
  amount('current_tenant_arrears', 'Current tenant arrears', 'lower', 'stock', 'current_tenant_arrears', 'Debit balances of open rent, garage and pitch accounts at the end of the period.'),
  pct('current_tenant_arrears_rate', 'Current tenant arrears as % of annual rent debit', 'lower', 'stock', 'current_tenant_arrears', 'annual_rent_debit',
    'Current tenant arrears ÷ rent and charges debited to rent, garage and pitch accounts in the 52 weeks to the end of the period.'),
  amount('former_tenant_arrears', 'Former tenant arrears', 'lower', 'stock', 'former_tenant_arrears', 'Debit balances of former tenant accounts at the end of the period.'),
  pct('former_tenant_arrears_rate', 'Former tenant arrears as % of annual rent debit', 'lower', 'stock', 'former_tenant_arrears', 'annual_rent_debit',
    'Former tenant arrears ÷ the annual rent debit.'),
  amount('ta_arrears', 'Temporary accommodation arrears', 'lower', 'stock', 'ta_arrears', 'Debit balances of open temporary accommodation accounts at the end of the period.'),
  pct('ta_arrears_rate', 'TA arrears as % of annual TA debit', 'lower', 'stock', 'ta_arrears', 'annual_ta_debit',
    'TA arrears ÷ charges debited to TA accounts in the 52 weeks to the end of the period.'),
  amount('sundry_outstanding', 'Sundry debt outstanding', 'lower', 'stock', 'sundry_outstanding', 'Debit balances of sundry debt accounts (recharges, HB overpayments, loans…) at the end of the period.'),
  amount('sundry_collected', 'Sundry debt collected', 'higher', 'flow', 'sundry_collected', 'Payments credited to sundry debt accounts in the period, net of reversals and moves.'),
  amount('written_off', 'Written off', 'lower', 'flow', 'written_off', 'Debt written off in the period (movements on GL-WRITE-OFF), net of write-ons.'),
  pct('write_off_rate', 'Rent written off as % of rent due', 'lower', 'flow', 'rent_written_off', 'rent_debit',
    'Rent, garage, pitch, TA and former tenant debt written off in the period ÷ rent debited in the period.'),
  count('notices_served', 'Notices served', 'none', 'flow', 'notices_served', 'Notices (NOSP, s8, s128, notice to quit, licence termination) treated as served in the period.'),
  count('claims_issued', 'Court claims issued', 'none', 'flow', 'claims_issued', 'Possession and money claims issued in the period (applications to fix a date are not new claims).'),
  count('orders_made', 'Court orders made', 'none', 'flow', 'orders_made', 'Orders made at hearings in the period: outright, suspended, postponed, adjourned on terms, money judgment.'),
  count('evictions', 'Evictions carried out', 'lower', 'flow', 'evictions', 'Evictions whose recorded outcome in the period was that the household was evicted.'),
  count('arrangements_made', 'Arrangements made', 'higher', 'flow', 'arrangements_made', 'Arrangements set up in the period.'),
  count('arrangements_kept', 'Arrangements kept', 'none', 'flow', 'arrangements_kept', 'Arrangements in force in the period, not breached in it, kept or completed at its end.'),
  count('arrangements_broken', 'Arrangements broken', 'lower', 'flow', 'arrangements_broken', 'Arrangements with a breach recorded in the period.'),
  pct('arrangements_kept_rate', 'Arrangements kept as % of those in force', 'higher', 'flow', 'arrangements_kept', 'arrangements_in_force',
    'Arrangements kept ÷ arrangements in force at any time in the period.', 'count'),
  pct('direct_debit_take_up', 'Direct Debit take-up', 'higher', 'stock', 'direct_debit_accounts', 'current_accounts',
    'Open rent, garage, pitch and TA accounts with a Direct Debit instruction in place at the end of the period ÷ all of them.', 'count'),
  pct('electronic_share', 'Share of payments made electronically', 'higher', 'flow', 'electronic_collected', 'tenant_paid_collected',
    'Money paid by Direct Debit, standing order, card or bank transfer ÷ money paid by any method the payer chose (benefits and deductions left out).'),
]

const BY_ID = new Map(MEASURES.map((m) => [m.id, m]))

export function measureById(id: string): MeasureDefinition | undefined {
  return BY_ID.get(id)
}

/** Measures a manager can set a target for (those with a better direction). */
export const TARGETABLE_MEASURES: readonly MeasureDefinition[] = MEASURES.filter((m) => m.direction !== 'none')

export type MeasureValue =
  | { unit: 'percent'; ratio: Ratio }
  | { unit: 'pence'; pence: number }
  | { unit: 'count'; count: number }

/** A measure's value from a group's figures. */
export function measureValue(m: MeasureDefinition, f: Figures): MeasureValue {
  if (m.unit === 'percent') {
    const parts = m.denominator === undefined ? [] : typeof m.denominator === 'string' ? [m.denominator] : m.denominator
    const den = parts.reduce((sum, p) => assertPence(sum + f[p]), 0)
    // A negative denominator (more credited than debited, say) has no meaningful rate: treated as undefined.
    return { unit: 'percent', ratio: den > 0 ? ratio(f[m.numerator], den) : { numerator: f[m.numerator], denominator: 0 } }
  }
  if (m.unit === 'pence') return { unit: 'pence', pence: f[m.numerator] }
  return { unit: 'count', count: f[m.numerator] }
}

export function measureValues(f: Figures): { measure: MeasureDefinition; value: MeasureValue }[] {
  return MEASURES.map((measure) => ({ measure, value: measureValue(measure, f) }))
}
