/**
 * Spending guidelines ("trigger figures"): the flexible spending a creditor accepts without
 * question for a household of a given make-up (DOMAIN.md §7). Above the guideline the officer asks
 * for an explanation or evidence; it is a prompt, never a refusal.
 *
 * The real SFS figures are licensed to SFS members and were not available (DOMAIN.md §7 and
 * "Items flagged as not confirmed" 10) [U]. Reeve ships ILLUSTRATIVE placeholder values in
 * `policies/sfs/spending-guidelines-2026.json`, marked `"illustrative": true`, and every assessment
 * made with them says so. A council that is an SFS member replaces the file with the licensed figures.
 *
 * Format: one file per version, dated (`effectiveFrom`: SFS guidelines change on the first Monday in
 * April, DOMAIN.md §7). Each guideline category has a monthly figure for one adult and for two
 * adults, an amount for each further adult, each child (dependants under 16 and 16–18) and each
 * vehicle:
 *
 *     trigger = (adults = 1 ? oneAdult : twoAdults + (adults − 2) × eachFurtherAdult)
 *               + children × eachChild + vehicles × eachVehicle
 *
 * This additive form is Reeve's [assumption] about how the licensed tables are laid out; if they are
 * a full table by household type, the loader is where that changes. A council may add a guideline for
 * any other SFS category (e.g. transport and travel by vehicles); the three SFS categories are required.
 */
import { z } from 'zod'
import { compareDates, isIsoDate, type IsoDate } from '../calendar/index.ts'
import type { Pence } from '../money/pence.ts'
import { GUIDELINE_CATEGORIES, SFS_CATEGORIES, type SfsCategoryId } from './categories.ts'

export interface HouseholdForGuidelines {
  /** Adults whose spending the statement covers (the client, a partner, adult dependants). */
  adults: number
  /** Dependent children (under 16 and 16–18). */
  children: number
  vehicles: number
}

export interface GuidelineFigure {
  oneAdultPence: Pence
  twoAdultsPence: Pence
  eachFurtherAdultPence: Pence
  eachChildPence: Pence
  eachVehiclePence: Pence
}

export interface SpendingGuidelines {
  id: string
  version: string
  effectiveFrom: IsoDate
  /** True for placeholder figures that are not the licensed SFS guidelines. */
  illustrative: boolean
  source: string
  notes?: string[]
  guidelines: Partial<Record<SfsCategoryId, GuidelineFigure>>
}

const pence = z.number().int('Must be whole pence').min(0, 'Must be 0 or more').max(10_000_000, 'Must be at most 10,000,000 pence (£100,000)')
const figureShape = {
  oneAdultPence: pence,
  twoAdultsPence: pence,
  eachFurtherAdultPence: pence,
  eachChildPence: pence,
  eachVehiclePence: pence,
}
const figureSchema = z.strictObject(figureShape)
const requiredFigure = (id: string) =>
  z.strictObject(figureShape, { error: (iss) => (iss.input === undefined ? `The SFS guideline category "${id}" is required` : 'Must be an object of monthly figures') })

// The three SFS guideline categories are required; a council may add any other SFS category.
const guidelinesShape = Object.fromEntries(
  SFS_CATEGORIES.map((c) => [c.id, (GUIDELINE_CATEGORIES as readonly string[]).includes(c.id) ? requiredFigure(c.id) : figureSchema.optional()]),
) as Record<SfsCategoryId, typeof figureSchema>

const guidelinesSchema = z.strictObject({
  $comment: z.string().optional(),
  id: z.string().trim().min(1, 'Must not be empty'),
  version: z.string().trim().min(1, 'Must not be empty'),
  effectiveFrom: z.string().refine((s) => isIsoDate(s), 'Must be a real date written YYYY-MM-DD'),
  illustrative: z.boolean(),
  source: z.string().trim().min(20, 'Say where the figures come from (at least 20 characters)'),
  notes: z.array(z.string()).optional(),
  guidelines: z.strictObject(guidelinesShape),
})

export interface GuidelineProblem {
  path: string
  message: string
}

export type GuidelinesResult = { ok: true; guidelines: SpendingGuidelines } | { ok: false; problems: GuidelineProblem[] }

/** Validates a spending-guidelines document (already parsed from JSON), naming every problem. */
export function parseSpendingGuidelines(input: unknown): GuidelinesResult {
  const r = guidelinesSchema.safeParse(input)
  if (!r.success) return { ok: false, problems: r.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })) }
  const { $comment: _comment, ...rest } = r.data
  return { ok: true, guidelines: rest as SpendingGuidelines }
}

/** The version in force on `onDate`: the latest `effectiveFrom` on or before it, or null. */
export function selectSpendingGuidelines(versions: readonly SpendingGuidelines[], onDate: IsoDate): SpendingGuidelines | null {
  let best: SpendingGuidelines | null = null
  for (const v of versions) {
    if (compareDates(v.effectiveFrom, onDate) > 0) continue
    if (!best || compareDates(v.effectiveFrom, best.effectiveFrom) > 0) best = v
  }
  return best
}

function count(name: string, n: number, min: number): number {
  if (!Number.isSafeInteger(n) || n < min) throw new RangeError(`${name} must be a whole number, ${min} or more: ${n}`)
  return n
}

/** The trigger figure for one category and household, in monthly pence. */
export function triggerFigure(figure: GuidelineFigure, household: HouseholdForGuidelines): Pence {
  const adults = count('Adults', household.adults, 1)
  const children = count('Children', household.children, 0)
  const vehicles = count('Vehicles', household.vehicles, 0)
  const adultPart = adults === 1 ? figure.oneAdultPence : figure.twoAdultsPence + (adults - 2) * figure.eachFurtherAdultPence
  return adultPart + children * figure.eachChildPence + vehicles * figure.eachVehiclePence
}

/** Every trigger figure of the guidelines for the household, by category. */
export function triggerFigures(guidelines: SpendingGuidelines, household: HouseholdForGuidelines): Partial<Record<SfsCategoryId, Pence>> {
  const out: Partial<Record<SfsCategoryId, Pence>> = {}
  for (const [id, figure] of Object.entries(guidelines.guidelines) as [SfsCategoryId, GuidelineFigure][]) out[id] = triggerFigure(figure, household)
  return out
}
