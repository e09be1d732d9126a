/**
 * A stated priority order in words and back: how officers (the web form, `reeve arrangement … --priority`) state
 * which debts an instalment pays first. Written as tiers separated by `>` and account types within a tier by `,`,
 * e.g. `rent,council_tax > rechargeable_repair` (rent and council tax first, pro rata; then the repair). Account types
 * not named form one last tier together (`apportion.ts`).
 */
import { ACCOUNT_TYPES, type AccountType } from '../recovery/index.ts'
import { ApportionError, validatePriorityOrder, type PriorityOrder, type WithinTier } from './apportion.ts'

const words = (type: string) => type.replaceAll('_', ' ')

/** "rent, council tax first, then the rest, pro rata within each" (for history and events). */
export function describePriority(order: PriorityOrder, withinTier: WithinTier = 'pro_rata'): string {
  const within = withinTier === 'pro_rata' ? 'pro rata' : 'oldest first'
  if (order.length === 0) return `all debts together, ${within}`
  const tiers = order.map((tier) => tier.map(words).join(', '))
  return `${tiers.join(' > ')} > the rest, ${within} within each`
}

/** `rent,council_tax > repair` → [['rent','council_tax'],['rechargeable_repair']]; throws ApportionError naming the problem. */
export function parsePriority(text: string): PriorityOrder {
  const trimmed = text.trim()
  if (trimmed === '' || trimmed === 'none') return []
  const order = trimmed.split('>').map((tier, i) => {
    const types = tier
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean)
    if (types.length === 0) throw new ApportionError(`Priority tier ${i + 1} is empty`)
    for (const t of types) {
      if (!(ACCOUNT_TYPES as readonly string[]).includes(t)) throw new ApportionError(`Priority tier ${i + 1} names an unknown account type "${t}"`)
    }
    return types as AccountType[]
  })
  validatePriorityOrder(order)
  return order
}

/** The order back as text, the form `parsePriority` reads. */
export function formatPriority(order: PriorityOrder): string {
  return order.map((tier) => tier.join(',')).join(' > ')
}

/**
 * A priority order from a tier number per account type (the web form: "1st", "2nd" … for each type of debt
 * covered). Empty tiers close up; types given no number are left to the last tier.
 */
export function priorityFromTiers(tiers: Readonly<Partial<Record<AccountType, number>>>): PriorityOrder {
  const numbers = [...new Set(Object.values(tiers).filter((n): n is number => Number.isSafeInteger(n) && n >= 1))].sort((a, b) => a - b)
  return numbers.map((n) => ACCOUNT_TYPES.filter((t) => tiers[t] === n))
}
