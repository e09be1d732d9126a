/**
 * Universal Credit figures as dated data (DESIGN.md principle 3; DOMAIN.md §6.1):
 *
 * - the monthly standard allowance by claimant type: `policies/benefits/uc-standard-allowance.json`;
 * - the deduction limits (rent arrears third-party deduction 10–20% of the standard allowance, the
 *   overall cap, at most 3 third-party deductions): `policies/benefits/uc-deduction-limits.json`.
 *
 * Domain code does no I/O: the service reads the files, these functions validate them (every problem
 * named with its path) and pick the version in force on a date. A rate's `effectiveFrom` is the date
 * from which UC assessment periods use it (uprating applies from the first assessment period
 * beginning on or after that date) [P]: pass the assessment period's start date.
 */
import { z } from 'zod'
import { compareDates, isIsoDate, type IsoDate } from '../calendar/index.ts'
import type { Pence } from '../money/pence.ts'

export const UC_CLAIMANT_TYPES = ['single_under_25', 'single_25_or_over', 'couple_both_under_25', 'couple_one_or_both_25_or_over'] as const
export type UcClaimantType = (typeof UC_CLAIMANT_TYPES)[number]

export interface StandardAllowanceRate {
  effectiveFrom: IsoDate
  year: string
  /** Monthly pence by claimant type; null where no confirmed figure is recorded. */
  monthlyPence: Record<UcClaimantType, Pence | null>
  source: string
}

export interface StandardAllowanceTable {
  id: string
  source: string
  rates: StandardAllowanceRate[]
}

export interface DeductionLimits {
  effectiveFrom: IsoDate
  /** Rent arrears third-party deduction: at least this % of the standard allowance… */
  rentArrearsMinPercent: number
  /** …and at most this %. */
  rentArrearsMaxPercent: number
  /** All deductions together may not exceed this % of the standard allowance… */
  overallCapPercent: number
  /** …except "last resort" deductions (rent or service-charge arrears, fuel), which may go over it. */
  lastResortMayExceedCap: boolean
  maxThirdPartyDeductions: number
  source: string
}

export interface DeductionLimitsTable {
  id: string
  source: string
  versions: DeductionLimits[]
}

export interface DataProblem {
  path: string
  message: string
}

const isoDate = z.string().refine((s) => isIsoDate(s), 'Must be a real date written YYYY-MM-DD')
const text = z.string().trim().min(1, 'Must not be empty')
const monthly = z.number().int('Must be whole pence').min(1, 'Must be more than 0').max(1_000_000, 'Must be at most 1,000,000 pence').nullable()
const percent = z
  .number()
  .min(0, 'Must be 0 or more')
  .max(100, 'Must be 100 or less')
  .refine((n) => Number.isInteger(Math.round(n * 100)) && Math.abs(n * 100 - Math.round(n * 100)) < 1e-9, 'At most 2 decimal places')

const ascending = <T extends { effectiveFrom: string }>(list: T[]) =>
  list.every((v, i) => i === 0 || v.effectiveFrom > list[i - 1]!.effectiveFrom)

const standardAllowanceSchema = z.strictObject({
  $comment: z.string().optional(),
  id: text,
  source: text,
  rates: z
    .array(
      z.strictObject({
        effectiveFrom: isoDate,
        year: text,
        monthlyPence: z.strictObject({ single_under_25: monthly, single_25_or_over: monthly, couple_both_under_25: monthly, couple_one_or_both_25_or_over: monthly }),
        source: text,
      }),
    )
    .min(1, 'List at least one rate')
    .refine(ascending, 'Rates must be in date order, each from a later date'),
})

const deductionLimitsSchema = z.strictObject({
  $comment: z.string().optional(),
  id: text,
  source: text,
  versions: z
    .array(
      z
        .strictObject({
          effectiveFrom: isoDate,
          rentArrearsMinPercent: percent,
          rentArrearsMaxPercent: percent,
          overallCapPercent: percent,
          lastResortMayExceedCap: z.boolean(),
          maxThirdPartyDeductions: z.number().int().min(1).max(10),
          source: text,
        })
        .refine((v) => v.rentArrearsMinPercent <= v.rentArrearsMaxPercent, { message: 'The minimum must not be more than the maximum', path: ['rentArrearsMinPercent'] }),
    )
    .min(1, 'List at least one version')
    .refine(ascending, 'Versions must be in date order, each from a later date'),
})

function problems(error: z.ZodError): DataProblem[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }))
}

export function parseStandardAllowance(input: unknown): { ok: true; table: StandardAllowanceTable } | { ok: false; problems: DataProblem[] } {
  const r = standardAllowanceSchema.safeParse(input)
  if (!r.success) return { ok: false, problems: problems(r.error) }
  const { $comment: _c, ...table } = r.data
  return { ok: true, table }
}

export function parseDeductionLimits(input: unknown): { ok: true; table: DeductionLimitsTable } | { ok: false; problems: DataProblem[] } {
  const r = deductionLimitsSchema.safeParse(input)
  if (!r.success) return { ok: false, problems: problems(r.error) }
  const { $comment: _c, ...table } = r.data
  return { ok: true, table }
}

function inForce<T extends { effectiveFrom: IsoDate }>(list: readonly T[], on: IsoDate): T | null {
  let found: T | null = null
  for (const v of list) if (compareDates(v.effectiveFrom, on) <= 0) found = v
  return found
}

/** The monthly standard allowance for an assessment period starting on `on`; throws when none is recorded. */
export function standardAllowanceOn(table: StandardAllowanceTable, on: IsoDate, claimant: UcClaimantType): { monthlyPence: Pence; rate: StandardAllowanceRate } {
  const rate = inForce(table.rates, on)
  if (!rate) throw new RangeError(`No UC standard allowance is recorded for ${on}: the earliest is from ${table.rates[0]?.effectiveFrom}`)
  const pence = rate.monthlyPence[claimant]
  if (pence === null) throw new RangeError(`No confirmed UC standard allowance for ${claimant.replaceAll('_', ' ')} in ${rate.year}: add it to policies/benefits/uc-standard-allowance.json`)
  return { monthlyPence: pence, rate }
}

export function deductionLimitsOn(table: DeductionLimitsTable, on: IsoDate): DeductionLimits {
  const v = inForce(table.versions, on)
  if (!v) throw new RangeError(`No UC deduction limits are recorded for ${on}: the earliest are from ${table.versions[0]?.effectiveFrom}`)
  return v
}
