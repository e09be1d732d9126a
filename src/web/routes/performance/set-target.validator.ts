import { measureById } from '../../../domain/performance/measures.ts'
import { parseTargetValue } from '../../../domain/performance/targets.ts'
import { checkDateParts, datePartsOf, fieldsOf, textOf, type DateParts } from '../../form-fields.ts'
import type { FormError } from '../../types.ts'

export interface SetTargetInput {
  measure: string
  patch: string
  effectiveFrom: DateParts
  value: string
  reason: string
}

export type SetTargetResult =
  | { ok: true; measure: string; patchId: number | null; effectiveFrom: string; value: number; reason: string | null; input: SetTargetInput }
  | { ok: false; errors: FormError[]; input: SetTargetInput }

export const MAX_REASON = 500

/** Pure: the target form, checked field by field with GOV.UK wording (the measure decides the value's unit). */
export function validateSetTarget(body: unknown, patchIds: readonly number[]): SetTargetResult {
  const f = fieldsOf(body)
  const input: SetTargetInput = {
    measure: textOf(f, 'measure'),
    patch: textOf(f, 'patch'),
    effectiveFrom: datePartsOf(f, 'effectiveFrom'),
    value: textOf(f, 'value'),
    reason: textOf(f, 'reason'),
  }
  const errors: FormError[] = []
  const m = input.measure ? measureById(input.measure) : undefined
  if (!m || m.direction === 'none') errors.push({ text: input.measure ? 'Choose a measure from the list' : 'Choose the measure', href: '#measure' })
  let patchId: number | null = null
  if (input.patch) {
    patchId = /^[1-9]\d{0,9}$/.test(input.patch) ? Number(input.patch) : null
    if (patchId === null || !patchIds.includes(patchId)) errors.push({ text: 'Choose a patch from the list, or overall', href: '#patch' })
  }
  const date = checkDateParts(input.effectiveFrom, 'effectiveFrom', 'Date the target applies from')
  if ('error' in date) errors.push(date.error)
  let value: number | null = null
  if (m && m.direction !== 'none') {
    const parsed = parseTargetValue(m, input.value)
    if (parsed.ok) value = parsed.value
    else errors.push({ text: parsed.message, href: '#value' })
  } else if (!input.value) errors.push({ text: 'Enter the target', href: '#value' })
  if (input.reason.length > MAX_REASON) errors.push({ text: `Reason must be ${MAX_REASON} characters or fewer`, href: '#reason' })
  if (errors.length || !m || value === null || !('iso' in date)) return { ok: false, errors, input }
  return { ok: true, measure: m.id, patchId, effectiveFrom: date.iso, value, reason: input.reason || null, input }
}
