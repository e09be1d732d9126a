/**
 * The court fee for issuing a money claim, by the value claimed (including interest), from a dated fee table in
 * policy data (HMCTS EX50 bands: a fixed fee per band, a percentage in the upper bands, a cap). The table says
 * whether its figures were confirmed. Pure.
 */
import { formatPounds } from '../money/pence.ts'

export interface FeeBand {
  /** The top of the band, inclusive; null for the last band (no upper limit). */
  upToPence: number | null
  /** A fixed fee for the band… */
  feePence?: number
  /** …or a percentage of the claim, in basis points (500 = 5%), rounded down to the penny [U]. */
  basisPoints?: number
}

export interface FeeTable {
  confirmed: boolean
  bands: readonly FeeBand[]
}

export interface ClaimFee {
  feePence: number
  /** The band used, in words: "£300.01 to £500.00". */
  band: string
  confirmed: boolean
}

/** Checks a table: bands in ascending order, each with one of a fee or a percentage, the last open-ended. */
export function feeTableProblems(table: FeeTable): string[] {
  const problems: string[] = []
  if (table.bands.length === 0) problems.push('the fee table has no bands')
  table.bands.forEach((b, i) => {
    if ((b.feePence === undefined) === (b.basisPoints === undefined)) problems.push(`band ${i + 1} needs exactly one of feePence or basisPoints`)
    const last = i === table.bands.length - 1
    if (last !== (b.upToPence === null)) problems.push(last ? 'the last band must have no upper limit (upToPence null)' : `band ${i + 1} needs an upper limit`)
    const prev = table.bands[i - 1]
    if (prev && prev.upToPence !== null && b.upToPence !== null && b.upToPence <= prev.upToPence) problems.push(`band ${i + 1} must start above band ${i}`)
  })
  return problems
}

export function moneyClaimFee(claimValuePence: number, table: FeeTable): ClaimFee {
  if (!Number.isSafeInteger(claimValuePence) || claimValuePence <= 0) throw new RangeError(`A claim value must be a positive whole number of pence, got ${claimValuePence}`)
  const problems = feeTableProblems(table)
  if (problems.length) throw new RangeError(`Invalid fee table: ${problems.join('; ')}`)
  let from = 0
  for (const band of table.bands) {
    if (band.upToPence === null || claimValuePence <= band.upToPence) {
      const words = band.upToPence === null ? `over ${formatPounds(from)}` : from === 0 ? `up to ${formatPounds(band.upToPence)}` : `${formatPounds(from + 1)} to ${formatPounds(band.upToPence)}`
      if (band.basisPoints !== undefined) {
        const fee = Number((BigInt(claimValuePence) * BigInt(band.basisPoints)) / 10_000n)
        return { feePence: fee, band: `${words} (${band.basisPoints / 100}% of the claim)`, confirmed: table.confirmed }
      }
      return { feePence: band.feePence!, band: words, confirmed: table.confirmed }
    }
    from = band.upToPence
  }
  throw new RangeError('unreachable: the last band has no upper limit')
}
