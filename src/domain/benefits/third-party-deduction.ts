/**
 * What the DWP can deduct from Universal Credit for rent arrears and pay to the landlord (a
 * third-party deduction, TPD). DOMAIN.md §6.1 [C] (CPAG; uc-advice; NHAS; SFHA; universalcreditadvice):
 *
 * - a rent arrears TPD is at least 10% and at most 20% of the standard allowance a month;
 * - all deductions together may not exceed the overall cap: 15% of the standard allowance from
 *   7 April 2025 (25% before), so other deductions reduce the room for this one pound for pound;
 * - nothing is deducted if the 10% minimum cannot be taken;
 * - rent (and service charge) arrears, like fuel, can go over the cap as a "last resort" deduction;
 * - at most 3 third-party deductions at once.
 *
 * Reeve's reading (each an assumption, recorded so it can be checked):
 *
 * 1. Percentages of the allowance are rounded to the nearest penny, halves up [assumption: the DWP's
 *    own rounding is not recorded].
 * 2. Within the cap the deduction is the smaller of the request and the room left under the cap.
 * 3. If that is below the 10% minimum, the normal answer is no deduction. When the landlord asks for
 *    it as a last resort (`lastResort`: the tenancy is at risk) and the limits allow it, the
 *    deduction is the 10% minimum, taking total deductions over the cap by as little as possible
 *    [assumption: how far over the cap the DWP will go is not recorded]. The DWP decides: this is
 *    what to request and expect, not a promise.
 * 4. The request itself must be between 10% and 20%: anything else is refused as a RangeError.
 */
import { assertPence, formatPounds, type Pence } from '../money/pence.ts'
import type { DeductionLimits } from './uc-rates.ts'

export interface ThirdPartyDeductionInput {
  /** The claimant's monthly UC standard allowance (`standardAllowanceOn`). */
  standardAllowancePence: Pence
  /** Other deductions already taken from the UC each month. */
  otherDeductionsPence: Pence
  /** The rent arrears deduction asked for, as a % of the standard allowance (10–20, up to 2 decimals). */
  requestedPercent: number
  limits: DeductionLimits
  /** Ask for it as a last resort (the tenancy is at risk) if it cannot fit under the cap. */
  lastResort?: boolean
  /** Third-party deductions already in payment (at most 3 at once). */
  otherThirdPartyDeductions?: number
}

export interface ThirdPartyDeductionResult {
  outcome: 'deduct' | 'none'
  /** Monthly deduction for rent arrears (0 when none). */
  amountPence: Pence
  requestedPence: Pence
  minimumPence: Pence
  maximumPence: Pence
  overallCapPence: Pence
  /** Room left under the cap after the other deductions. */
  roomUnderCapPence: Pence
  exceedsOverallCap: boolean
  explanation: string[]
}

const toHundredths = (percent: number) => Math.round(percent * 100)

/** `percent`% of `pence`, to the nearest penny (halves up). */
export function percentOf(pence: Pence, percent: number): Pence {
  const hundredths = toHundredths(percent)
  return Math.floor((pence * hundredths * 2 + 10_000) / 20_000)
}

const pct = (n: number) => `${n}%`

export function thirdPartyDeduction(input: ThirdPartyDeductionInput): ThirdPartyDeductionResult {
  const allowance = assertPence(input.standardAllowancePence)
  const other = assertPence(input.otherDeductionsPence)
  const { limits } = input
  if (allowance <= 0) throw new RangeError(`The standard allowance must be more than £0.00: ${allowance}`)
  if (other < 0) throw new RangeError(`Other deductions must be £0.00 or more: ${other}`)
  const requestedPercent = input.requestedPercent
  if (!Number.isFinite(requestedPercent) || Math.abs(requestedPercent * 100 - toHundredths(requestedPercent)) > 1e-9) {
    throw new RangeError(`The requested percentage must have at most 2 decimal places: ${requestedPercent}`)
  }
  if (requestedPercent < limits.rentArrearsMinPercent || requestedPercent > limits.rentArrearsMaxPercent) {
    throw new RangeError(
      `A rent arrears deduction must be between ${pct(limits.rentArrearsMinPercent)} and ${pct(limits.rentArrearsMaxPercent)} of the standard allowance, not ${pct(requestedPercent)}`,
    )
  }

  const minimum = percentOf(allowance, limits.rentArrearsMinPercent)
  const maximum = percentOf(allowance, limits.rentArrearsMaxPercent)
  const cap = percentOf(allowance, limits.overallCapPercent)
  const requested = percentOf(allowance, requestedPercent)
  const room = Math.max(0, cap - other)
  const base = { requestedPence: requested, minimumPence: minimum, maximumPence: maximum, overallCapPence: cap, roomUnderCapPence: room }
  const frame =
    `Standard allowance ${formatPounds(allowance)} a month: a rent arrears deduction is ${formatPounds(minimum)} (${pct(limits.rentArrearsMinPercent)}) to ` +
    `${formatPounds(maximum)} (${pct(limits.rentArrearsMaxPercent)}); all deductions together are capped at ${formatPounds(cap)} (${pct(limits.overallCapPercent)}), ` +
    `${formatPounds(other)} already taken, ${formatPounds(room)} left`
  const none = (why: string): ThirdPartyDeductionResult => ({ ...base, outcome: 'none', amountPence: 0, exceedsOverallCap: false, explanation: [frame, why] })

  const count = input.otherThirdPartyDeductions ?? 0
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`otherThirdPartyDeductions must be a whole number, 0 or more: ${count}`)
  if (count >= limits.maxThirdPartyDeductions) {
    return none(`No deduction: there can be at most ${limits.maxThirdPartyDeductions} third-party deductions at once and ${count} are already in payment`)
  }

  const withinCap = Math.min(requested, room)
  if (withinCap >= minimum) {
    const reduced = withinCap < requested
    return {
      ...base,
      outcome: 'deduct',
      amountPence: withinCap,
      exceedsOverallCap: false,
      explanation: [
        frame,
        reduced
          ? `Deduct ${formatPounds(withinCap)} a month: the ${pct(requestedPercent)} asked for (${formatPounds(requested)}) is reduced to keep all deductions within the cap`
          : `Deduct ${formatPounds(withinCap)} a month (${pct(requestedPercent)} of the standard allowance)`,
      ],
    }
  }
  if (input.lastResort && limits.lastResortMayExceedCap) {
    return {
      ...base,
      outcome: 'deduct',
      amountPence: minimum,
      exceedsOverallCap: true,
      explanation: [
        frame,
        `The ${pct(limits.rentArrearsMinPercent)} minimum does not fit under the cap; as a last resort (the tenancy is at risk) rent arrears may go over it: ` +
          `ask for ${formatPounds(minimum)} a month, taking all deductions to ${formatPounds(other + minimum)}. The DWP decides`,
      ],
    }
  }
  return none(
    `No deduction: the ${pct(limits.rentArrearsMinPercent)} minimum of ${formatPounds(minimum)} does not fit in the ${formatPounds(room)} left under the cap` +
      (limits.lastResortMayExceedCap ? '; it can be asked for as a last resort if the tenancy is at risk' : ''),
  )
}
