import { limitationPosition, type LimitationInput, type LimitationPosition } from '../debt-recovery/limitation.ts'

/**
 * Limitation as write-off reads it: the debt recovery rule (`src/domain/debt-recovery/limitation.ts`: six years from
 * the latest of the debt falling due, a part payment or a signed written acknowledgement, Limitation Act 1980 ss5,
 * 9, 19, 29(5), 30; no revival by a payment or acknowledgement after the bar, s29(7); a claim issued in time stops
 * the clock), so a debt is statute-barred for write-off exactly when debt recovery says so. Nothing is counted here.
 */

/** What the clock runs from, read from the ledger and the recovery records (everything but the date asked about). */
export type LimitationFacts = Omit<LimitationInput, 'today'>

export interface LimitationResult extends LimitationPosition {
  /** The same as `statuteBarred`: barred on the date asked (null when no date the debt fell due is known). */
  barred: boolean | null
}

export function limitationOn(facts: LimitationFacts, onDate: string): LimitationResult {
  const position = limitationPosition({ ...facts, today: onDate })
  return { ...position, barred: position.statuteBarred }
}
