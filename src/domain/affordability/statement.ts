/**
 * An income and expenditure statement in the Standard Financial Statement layout (DESIGN.md §4
 * "Income & expenditure": an SFS with its date; DOMAIN.md §7), and its validation.
 *
 * A statement is stored as taken: the date, who took it, the household, each amount at the frequency
 * the person gave it (normalised to monthly only when assessed, so the original figures are never
 * lost), the savings contribution and debt admin fee (monthly), the debts, and any explanation for
 * spending above a guideline.
 *
 * `validateStatement` checks input from a form or the API with zod and returns every problem with a
 * GOV.UK-style message ("Enter the amount for rent", "Amount for gas must be £0.00 or more") and the
 * field it belongs to, for the error summary.
 */
import { z } from 'zod'
import { compareDates, isIsoDate, type IsoDate } from '../calendar/index.ts'
import { formatPounds, type Pence } from '../money/pence.ts'
import { isSubCategoryId, SFS_CATEGORIES, subCategory, type SfsCategoryId, type SfsSubCategoryId } from './categories.ts'
import { FREQUENCIES, type Frequency } from './frequency.ts'

export interface Household {
  /** The client, a partner on a joint statement, and other adult dependants. */
  adults: number
  childrenUnder16: number
  children16To18: number
  /** Adults in the home who pay their own way (their contribution is income). */
  nonDependants: number
  vehicles: number
}

export interface StatementLine {
  subCategory: SfsSubCategoryId
  amountPence: Pence
  frequency: Frequency
  note?: string
}

export interface StatementDebt {
  creditor: string
  /** Priority debts (rent, council tax, energy, court fines …) are dealt with first. */
  priority: boolean
  balancePence: Pence
  /** The monthly payment offered or being made, if any. */
  offerPence?: Pence
  /** Set for the council's own debts (a Reeve account). */
  accountId?: string | number
  ccj?: boolean
  note?: string
}

export interface IncomeExpenditureStatement {
  takenOn: IsoDate
  /** Who took it (the officer's user name). */
  takenBy: string
  household: Household
  lines: StatementLine[]
  /** Monthly. */
  savingsContributionPence?: Pence
  /** Monthly (a debt management fee, rarely for council arrangements). */
  debtAdminFeePence?: Pence
  debts?: StatementDebt[]
  /** Why spending is above a guideline, by category. */
  explanations?: Partial<Record<SfsCategoryId, string>>
  notes?: string
}

/** Largest single amount accepted: £100,000 (a sanity bound, not a rule). */
export const MAX_AMOUNT_PENCE = 10_000_000
const MAX_DEBT_PENCE = 100_000_000

export interface StatementError {
  /** Dotted path of the field: `lines.2.amountPence`. */
  field: string
  /** For the GOV.UK error summary: `#lines-2-amountPence`. */
  href: string
  text: string
}

export type StatementResult = { ok: true; statement: IncomeExpenditureStatement } | { ok: false; errors: StatementError[] }

/** A label inside a sentence: "Council tax" → "council tax", but "TV licence", "Child Benefit" and other names keep their capitals. */
const inSentence = (label: string) => (/[A-Z]/.test(label.slice(1)) ? label : label.charAt(0).toLowerCase() + label.slice(1))
const upper = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)

function count(noun: string, min: number, max: number) {
  const whole = `Number of ${noun} must be a whole number`
  return z
    .number({ error: (iss) => (iss.input === undefined || iss.input === null ? `Enter the number of ${noun}` : whole) })
    .int(whole)
    .min(min, `Number of ${noun} must be ${min} or more`)
    .max(max, `Number of ${noun} must be ${max} or fewer`)
}

function money(name: string, max = MAX_AMOUNT_PENCE, min = 0) {
  const notMoney = `${upper(name)} must be an amount of money in pence`
  return z
    .number({ error: (iss) => (iss.input === undefined || iss.input === null ? `Enter the ${name}` : notMoney) })
    .int(notMoney)
    .min(min, min === 0 ? `${upper(name)} must be £0.00 or more` : `${upper(name)} must be more than ${formatPounds(min - 1)}`)
    .max(max, `${upper(name)} must be ${formatPounds(max)} or less`)
}

const householdSchema = z.object(
  {
    adults: count('adults', 1, 20),
    childrenUnder16: count('children under 16', 0, 20),
    children16To18: count('children aged 16 to 18', 0, 20),
    nonDependants: count('non-dependants', 0, 20),
    vehicles: count('vehicles', 0, 20),
  },
  { error: 'Enter who lives in the household' },
)

// The line's messages name what the amount is for, so the amount and frequency are checked together
// with the sub-category rather than by field schemas that cannot see it.
const lineSchema = z
  .object({
    subCategory: z.unknown().optional(),
    amountPence: z.unknown().optional(),
    frequency: z.unknown().optional(),
    note: z.string({ error: 'Note must be text' }).max(500, 'Note must be 500 characters or fewer').optional(),
  })
  .superRefine((line, ctx) => {
    if (!isSubCategoryId(line.subCategory)) {
      ctx.addIssue({ code: 'custom', path: ['subCategory'], message: 'Select what the amount is for' })
      return
    }
    const what = inSentence(subCategory(line.subCategory).label)
    const a = line.amountPence
    if (a === undefined || a === null || a === '') ctx.addIssue({ code: 'custom', path: ['amountPence'], message: `Enter the amount for ${what}` })
    else if (typeof a !== 'number' || !Number.isSafeInteger(a)) ctx.addIssue({ code: 'custom', path: ['amountPence'], message: `Amount for ${what} must be an amount of money in pence` })
    else if (a < 0) ctx.addIssue({ code: 'custom', path: ['amountPence'], message: `Amount for ${what} must be £0.00 or more` })
    else if (a > MAX_AMOUNT_PENCE) ctx.addIssue({ code: 'custom', path: ['amountPence'], message: `Amount for ${what} must be ${formatPounds(MAX_AMOUNT_PENCE)} or less` })
    if (!(FREQUENCIES as readonly unknown[]).includes(line.frequency)) ctx.addIssue({ code: 'custom', path: ['frequency'], message: `Select how often the amount for ${what} is paid` })
  })

const debtSchema = z
  .object({
    creditor: z.string({ error: 'Enter the creditor' }).trim().min(1, 'Enter the creditor').max(200, 'Creditor must be 200 characters or fewer'),
    priority: z.boolean({ error: 'Select whether the debt is a priority debt' }),
    balancePence: money('amount owed', MAX_DEBT_PENCE, 1),
    offerPence: money('monthly payment', MAX_AMOUNT_PENCE).optional(),
    accountId: z.union([z.string(), z.number()]).optional(),
    ccj: z.boolean().optional(),
    note: z.string().max(500, 'Note must be 500 characters or fewer').optional(),
  })
  .strip()

const CATEGORY_IDS = SFS_CATEGORIES.map((c) => c.id) as [SfsCategoryId, ...SfsCategoryId[]]

const statementSchema = z.object({
  takenOn: z
    .string({ error: 'Enter the date the statement was taken' })
    .min(1, 'Enter the date the statement was taken')
    .refine((s) => isIsoDate(s), 'Date the statement was taken must be a real date'),
  takenBy: z.string({ error: 'Enter who took the statement' }).trim().min(1, 'Enter who took the statement'),
  household: householdSchema,
  lines: z.array(lineSchema, { error: 'Enter the income and spending' }).min(1, 'Enter at least one amount of income or spending'),
  savingsContributionPence: money('savings contribution').optional(),
  debtAdminFeePence: money('debt admin fee').optional(),
  debts: z.array(debtSchema).optional(),
  explanations: z.partialRecord(z.enum(CATEGORY_IDS), z.string().max(1000, 'Explanation must be 1000 characters or fewer')).optional(),
  notes: z.string().max(2000, 'Notes must be 2000 characters or fewer').optional(),
})

/**
 * Validates a statement. With `today`, the date taken must not be in the future. Unknown keys are
 * dropped; every problem is returned, in the order of the form.
 */
export function validateStatement(input: unknown, options: { today?: IsoDate } = {}): StatementResult {
  const r = statementSchema.safeParse(input)
  const errors: StatementError[] = []
  if (!r.success) {
    for (const issue of r.error.issues) {
      const field = issue.path.map(String).join('.') || 'statement'
      errors.push({ field, href: `#${field.replaceAll('.', '-')}`, text: issue.message })
    }
    return { ok: false, errors }
  }
  if (options.today && compareDates(r.data.takenOn, options.today) > 0) {
    return { ok: false, errors: [{ field: 'takenOn', href: '#takenOn', text: 'Date the statement was taken must be today or in the past' }] }
  }
  return { ok: true, statement: r.data as IncomeExpenditureStatement }
}
