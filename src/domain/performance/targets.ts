/**
 * Targets: a level a manager sets for a measure, overall or for one patch, from a date. The target that applies
 * to a period is the one in force on its last day: for a patch, the patch's own if it has one, else the overall
 * one. Whether it is met is decided exactly (a ratio cross-multiplied, never a rounded percentage).
 */
import type { IsoDate } from '../calendar/dates.ts'
import { MoneyParseError, parsePercentToBasisPoints, parsePounds } from '../money/pence.ts'
import type { MeasureDefinition, MeasureValue } from './measures.ts'
import { compareRatioWithBasisPoints } from './ratio.ts'

/** How a target value is stored: basis points for percentages, pence for money, a number for counts. */
export type TargetUnit = 'basis_points' | 'pence' | 'count'

export function targetUnitFor(m: MeasureDefinition): TargetUnit {
  return m.unit === 'percent' ? 'basis_points' : m.unit === 'pence' ? 'pence' : 'count'
}

export interface Target {
  id: number
  measure: string
  /** null: the overall target. */
  patchId: number | null
  effectiveFrom: IsoDate
  value: number
}

export type TargetStatus = 'met' | 'not_met' | 'no_figure'

/**
 * Met when the value is at least the target (higher is better) or at most it (lower is better); equal meets it.
 * A percentage with nothing to divide by cannot meet or miss a target.
 */
export function targetStatus(m: MeasureDefinition, value: MeasureValue, target: number): TargetStatus {
  if (m.direction === 'none') throw new RangeError(`Measure ${m.id} takes no target`)
  let cmp: number | null
  if (value.unit === 'percent') cmp = compareRatioWithBasisPoints(value.ratio, target)
  else {
    const v = value.unit === 'pence' ? value.pence : value.count
    cmp = v < target ? -1 : v > target ? 1 : 0
  }
  if (cmp === null) return 'no_figure'
  const met = m.direction === 'higher' ? cmp >= 0 : cmp <= 0
  return met ? 'met' : 'not_met'
}

/**
 * The target in force on `date` for a measure and a patch (null: overall). A patch without its own target takes
 * the overall one. Of two set for the same day, the later set (higher id) wins: a correction is a new row.
 */
export function targetInForce(targets: readonly Target[], measure: string, patchId: number | null, date: IsoDate): Target | null {
  const latest = (forPatch: number | null) => {
    let best: Target | null = null
    for (const t of targets) {
      if (t.measure !== measure || t.patchId !== forPatch || t.effectiveFrom > date) continue
      if (!best || t.effectiveFrom > best.effectiveFrom || (t.effectiveFrom === best.effectiveFrom && t.id > best.id)) best = t
    }
    return best
  }
  return (patchId !== null ? latest(patchId) : null) ?? latest(null)
}

export type ParsedTargetValue = { ok: true; value: number } | { ok: false; message: string }

const COUNT_RE = /^\d{1,9}$/

/** A target typed by a person, in the measure's own unit: "98.5" or "98.5%", "£25,000", "12". */
export function parseTargetValue(m: MeasureDefinition, text: string): ParsedTargetValue {
  const t = text.trim()
  if (!t) return { ok: false, message: 'Enter the target' }
  try {
    if (m.unit === 'percent') {
      const bps = parsePercentToBasisPoints(t)
      if (bps < 0 || bps > 100_000) return { ok: false, message: 'Target must be a percentage from 0 to 1000, like 98.5' }
      return { ok: true, value: bps }
    }
    if (m.unit === 'pence') {
      const pence = parsePounds(t)
      if (pence < 0) return { ok: false, message: 'Target must be £0.00 or more' }
      return { ok: true, value: pence }
    }
  } catch (e) {
    if (!(e instanceof MoneyParseError)) throw e
    return { ok: false, message: m.unit === 'percent' ? 'Target must be a percentage with at most 2 decimal places, like 98.5' : 'Target must be an amount of money, like 25000 or 25,000.00' }
  }
  if (!COUNT_RE.test(t)) return { ok: false, message: 'Target must be a whole number, like 12' }
  return { ok: true, value: Number(t) }
}
