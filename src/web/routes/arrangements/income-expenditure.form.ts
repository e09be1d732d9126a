import { FREQUENCIES, SECTION_LABELS, SFS_CATEGORIES, type Frequency, type StatementLine } from '../../../domain/affordability/index.ts'
import { MoneyParseError, parsePounds } from '../../../domain/money/pence.ts'
import { fieldsOf, textOf } from '../../form-fields.ts'
import type { FormError } from '../../types.ts'

/** The lines on the short form: each SFS category's main line and its "other" line. */
export const IE_LINES = SFS_CATEGORIES.flatMap((c) => {
  const subs = c.subCategories as readonly { id: string; label: string }[]
  const picks = subs.length > 1 ? [subs[0]!, subs[subs.length - 1]!] : [subs[0]!]
  return picks.map((s) => ({ id: s.id, label: s.label, category: c.label, section: c.section, sectionLabel: SECTION_LABELS[c.section] }))
})

export const IE_SECTIONS = (['income', 'fixed_costs', 'flexible_costs'] as const).map((s) => ({ id: s, label: SECTION_LABELS[s], lines: IE_LINES.filter((l) => l.section === s) }))

export interface IeInput {
  adults: string
  children: string
  vehicles: string
  lines: Record<string, { amount: string; frequency: string }>
}

export function blankIe(): IeInput {
  return { adults: '1', children: '0', vehicles: '0', lines: Object.fromEntries(IE_LINES.map((l) => [l.id, { amount: '', frequency: 'monthly' }])) }
}

/** Pure: the household and lines typed (blank lines left out), or errors; the domain validates the rest. */
export function readIe(body: unknown): { input: IeInput; errors: FormError[]; household?: { adults: number; childrenUnder16: number; children16To18: number; nonDependants: number; vehicles: number }; lines?: StatementLine[] } {
  const f = fieldsOf(body)
  const input: IeInput = { adults: textOf(f, 'adults'), children: textOf(f, 'children'), vehicles: textOf(f, 'vehicles'), lines: {} }
  const errors: FormError[] = []
  const count = (v: string, id: string, label: string, min: number) => {
    if (!/^\d{1,2}$/.test(v) || Number(v) < min) {
      errors.push({ text: `${label} must be a whole number, ${min} or more`, href: `#${id}` })
      return min
    }
    return Number(v)
  }
  const adults = count(input.adults, 'adults', 'Number of adults', 1)
  const children = count(input.children, 'children', 'Number of children', 0)
  const vehicles = count(input.vehicles, 'vehicles', 'Number of vehicles', 0)
  const lines: StatementLine[] = []
  for (const l of IE_LINES) {
    const amount = textOf(f, `line-${l.id}-amount`)
    const frequency = textOf(f, `line-${l.id}-frequency`) || 'monthly'
    input.lines[l.id] = { amount, frequency }
    if (!amount) continue
    let pence: number
    try {
      pence = parsePounds(amount)
    } catch (e) {
      if (!(e instanceof MoneyParseError)) throw e
      errors.push({ text: `${l.label} must be an amount of money, like 25.50`, href: `#line-${l.id}-amount` })
      continue
    }
    if (pence < 0) errors.push({ text: `${l.label} must be £0.00 or more`, href: `#line-${l.id}-amount` })
    if (!(FREQUENCIES as readonly string[]).includes(frequency)) errors.push({ text: `Select how often ${l.label.toLowerCase()} is paid`, href: `#line-${l.id}-frequency` })
    else if (pence > 0) lines.push({ subCategory: l.id as StatementLine['subCategory'], amountPence: pence, frequency: frequency as Frequency })
  }
  if (lines.length === 0 && errors.length === 0) errors.push({ text: 'Enter at least one amount of income or spending', href: `#line-${IE_LINES[0]!.id}-amount` })
  if (errors.length) return { input, errors }
  return { input, errors, household: { adults, childrenUnder16: children, children16To18: 0, nonDependants: 0, vehicles }, lines }
}
