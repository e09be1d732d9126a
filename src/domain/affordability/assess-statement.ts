/**
 * Assessing an income and expenditure statement: monthly totals by SFS category and section, the
 * disposable income (surplus or deficit), and the flexible spending above the trigger figures.
 *
 * The sums follow the SFS Data Definition Specification (DOMAIN.md §7) [C]:
 *
 *     available for priority debts     = income − outgoings − savings contribution − debt admin fee
 *     available for non-priority debts = available for priority debts − priority debt offers
 *
 * "Disposable income" here is the first: what the household has each month for all its debts, the
 * figure an arrangement is built from (`suggestOffer`). A negative figure is a deficit: the household
 * cannot meet its essential costs, and the explanation says to refer for money advice.
 *
 * A trigger flag is raised when a category's monthly total is *above* its figure (at the figure is
 * accepted: "creditors agree not to question flexible spending at or below the guideline"). The
 * flag carries the statement's explanation for that category, if one was given.
 */
import { compareDates } from '../calendar/index.ts'
import { formatPounds, type Pence } from '../money/pence.ts'
import { SFS_CATEGORIES, subCategory, type SfsCategoryId, type SfsSection, type SfsSubCategoryId } from './categories.ts'
import { toMonthlyPence, type Frequency } from './frequency.ts'
import { triggerFigures, type SpendingGuidelines } from './spending-guidelines.ts'
import type { IncomeExpenditureStatement } from './statement.ts'

export interface AssessedLine {
  subCategory: SfsSubCategoryId
  label: string
  category: SfsCategoryId
  section: SfsSection
  amountPence: Pence
  frequency: Frequency
  monthlyPence: Pence
  note?: string
}

export interface CategoryTotal {
  id: SfsCategoryId
  label: string
  section: SfsSection
  monthlyPence: Pence
}

export interface TriggerFlag {
  category: SfsCategoryId
  label: string
  spentPence: Pence
  triggerPence: Pence
  overByPence: Pence
  /** The statement's explanation for the category, if any. */
  explanation: string | null
  text: string
}

export interface StatementAssessment {
  takenOn: string
  takenBy: string
  lines: AssessedLine[]
  /** Every SFS category in SFS order, with its monthly total (0 when nothing was entered). */
  categories: CategoryTotal[]
  totals: {
    incomePence: Pence
    fixedCostsPence: Pence
    flexibleCostsPence: Pence
    outgoingsPence: Pence
    savingsContributionPence: Pence
    debtAdminFeePence: Pence
  }
  incomeMinusOutgoingsPence: Pence
  /** Available for debts each month (SFS "available for priority debts"); negative is a deficit. */
  disposableIncomePence: Pence
  position: 'surplus' | 'deficit' | 'nil'
  priorityDebtOffersPence: Pence
  availableForNonPriorityDebtsPence: Pence
  guidelines: {
    id: string
    version: string
    effectiveFrom: string
    illustrative: boolean
    figures: Partial<Record<SfsCategoryId, Pence>>
  }
  triggerFlags: TriggerFlag[]
  explanation: string[]
}

/** Totals, disposable income and trigger flags for a (validated) statement. */
export function assessStatement(statement: IncomeExpenditureStatement, guidelines: SpendingGuidelines): StatementAssessment {
  if (compareDates(guidelines.effectiveFrom, statement.takenOn) > 0) {
    throw new RangeError(
      `Spending guidelines ${guidelines.version} apply from ${guidelines.effectiveFrom}, after the statement was taken on ${statement.takenOn}: use the version in force then`,
    )
  }
  const lines: AssessedLine[] = statement.lines.map((l) => {
    const info = subCategory(l.subCategory)
    return {
      subCategory: l.subCategory,
      label: info.label,
      category: info.category,
      section: info.section,
      amountPence: l.amountPence,
      frequency: l.frequency,
      monthlyPence: toMonthlyPence(l.amountPence, l.frequency),
      ...(l.note ? { note: l.note } : {}),
    }
  })
  const categories: CategoryTotal[] = SFS_CATEGORIES.map((c) => ({
    id: c.id,
    label: c.label,
    section: c.section,
    monthlyPence: lines.filter((l) => l.category === c.id).reduce((sum, l) => sum + l.monthlyPence, 0),
  }))
  const sectionTotal = (s: SfsSection) => categories.filter((c) => c.section === s).reduce((sum, c) => sum + c.monthlyPence, 0)
  const income = sectionTotal('income')
  const fixed = sectionTotal('fixed_costs')
  const flexible = sectionTotal('flexible_costs')
  const outgoings = fixed + flexible
  const savings = statement.savingsContributionPence ?? 0
  const fee = statement.debtAdminFeePence ?? 0
  const disposable = income - outgoings - savings - fee
  const priorityOffers = (statement.debts ?? []).filter((d) => d.priority).reduce((sum, d) => sum + (d.offerPence ?? 0), 0)

  const h = statement.household
  const figures = triggerFigures(guidelines, { adults: h.adults, children: h.childrenUnder16 + h.children16To18, vehicles: h.vehicles })
  const placeholder = guidelines.illustrative ? ' (illustrative figure, not the licensed SFS guideline)' : ''
  const triggerFlags: TriggerFlag[] = []
  for (const c of categories) {
    const trigger = figures[c.id]
    if (trigger === undefined || c.monthlyPence <= trigger) continue
    const explanation = statement.explanations?.[c.id]?.trim() || null
    const over = c.monthlyPence - trigger
    triggerFlags.push({
      category: c.id,
      label: c.label,
      spentPence: c.monthlyPence,
      triggerPence: trigger,
      overByPence: over,
      explanation,
      text:
        `${c.label}: ${formatPounds(c.monthlyPence)} a month is ${formatPounds(over)} above the spending guideline of ${formatPounds(trigger)}${placeholder}` +
        (explanation ? `; explanation given: ${explanation}` : '; ask for an explanation or evidence'),
    })
  }

  const position = disposable > 0 ? 'surplus' : disposable < 0 ? 'deficit' : 'nil'
  const explanation = [
    `Income ${formatPounds(income)} a month; fixed costs ${formatPounds(fixed)}; flexible costs ${formatPounds(flexible)}` +
      (savings ? `; savings contribution ${formatPounds(savings)}` : '') +
      (fee ? `; debt admin fee ${formatPounds(fee)}` : ''),
    position === 'surplus'
      ? `Surplus of ${formatPounds(disposable)} a month available for debts`
      : position === 'deficit'
        ? `Deficit of ${formatPounds(-disposable)} a month: essential costs are more than income; refer for free money advice and check benefit entitlement`
        : 'Nothing left for debts after essential costs: refer for free money advice and check benefit entitlement',
    ...triggerFlags.map((f) => f.text),
    ...(guidelines.illustrative
      ? [`Spending guidelines ${guidelines.version} are illustrative placeholders, not the licensed SFS figures: replace them before relying on the flags`]
      : []),
  ]

  return {
    takenOn: statement.takenOn,
    takenBy: statement.takenBy,
    lines,
    categories,
    totals: { incomePence: income, fixedCostsPence: fixed, flexibleCostsPence: flexible, outgoingsPence: outgoings, savingsContributionPence: savings, debtAdminFeePence: fee },
    incomeMinusOutgoingsPence: income - outgoings,
    disposableIncomePence: disposable,
    position,
    priorityDebtOffersPence: priorityOffers,
    availableForNonPriorityDebtsPence: disposable - priorityOffers,
    guidelines: { id: guidelines.id, version: guidelines.version, effectiveFrom: guidelines.effectiveFrom, illustrative: guidelines.illustrative, figures },
    triggerFlags,
    explanation,
  }
}
