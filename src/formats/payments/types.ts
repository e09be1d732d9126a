/**
 * What every payment file parser returns, and the one error they throw.
 *
 * A parser either returns every payment in the file or throws a PaymentFileError listing every
 * bad line it found (up to MAX_PROBLEMS), so an officer can fix the whole file in one go rather
 * than re-uploading it once per mistake. A file is never half imported.
 */
import { AppError } from '../../errors.ts'
import type { PaymentMethod } from '../../services/payments/record-payment.ts'

export type { PaymentMethod }

export type PaymentFileFormat = 'bank-csv' | 'allpay' | 'benefit-schedule'

export const PAYMENT_FILE_FORMATS: readonly PaymentFileFormat[] = ['bank-csv', 'allpay', 'benefit-schedule']

export type BenefitKind = 'housing_benefit' | 'universal_credit'

export interface ParsedPayment {
  /** 1-based line of the file the payment is on (the header, if any, is line 1). */
  line: number
  /** The reference as the payer gave it (trimmed; zero padding of card numbers removed). Matching normalises it further. */
  reference: string
  /** Always a positive safe integer. */
  amountPence: number
  /** YYYY-MM-DD, a real calendar date. */
  receivedOn: string
  method: PaymentMethod
  payerName?: string
  /** The period a benefit payment covers (benefit schedules only), both YYYY-MM-DD, from <= to. */
  period?: { from: string; to: string }
  /**
   * The sender's id for the payment: the bank / network transaction id, or for a benefit schedule
   * the claim reference (which repeats from one schedule to the next, so it is not unique).
   */
  externalId?: string
}

export interface ParsedPaymentFile {
  format: PaymentFileFormat
  /** The file's own identifier from its header, if it has one (allpay: `<client code>-<sequence>`). */
  fileId: string | null
  payments: ParsedPayment[]
  /** Count of payments the file says it holds (from a trailer), already checked against `payments`. */
  declaredCount?: number
  /** Total the file says it holds (from a trailer or total row), already checked against `payments`. */
  declaredTotalPence?: number
  /** The date the sender created the file, from its header (allpay only). */
  createdOn?: string
}

export interface PaymentFileProblem {
  /** 1-based line number in the file. */
  line: number
  /** The column or fixed-width field at fault, or `file` for a problem with the file as a whole. */
  field: string
  message: string
}

/** The most problems a PaymentFileError lists; `totalProblems` still counts them all. */
export const MAX_PROBLEMS = 100

/** Files longer than this are refused before parsing (split them: a batch this big is a mistake or an attack). */
export const MAX_LINES = 50_000

/**
 * The largest single payment a file may hold, £10,000,000.00. Far above any real rent or benefit
 * payment, it stops a mistyped amount (or a sort code in the amount column) from posting, and keeps
 * a file's total well inside the safe integer range.
 */
export const MAX_PAYMENT_PENCE = 1_000_000_000

export class PaymentFileError extends Error {
  override name = 'PaymentFileError'
  /** Every problem found, in line order, capped at MAX_PROBLEMS. */
  readonly problems: PaymentFileProblem[]
  /** How many problems there were in all (may exceed problems.length). */
  readonly totalProblems: number

  constructor(problems: PaymentFileProblem[], totalProblems: number = problems.length) {
    const sorted = [...problems].sort((a, b) => a.line - b.line).slice(0, MAX_PROBLEMS)
    super(summarise(sorted, totalProblems))
    this.problems = sorted
    this.totalProblems = Math.max(totalProblems, sorted.length)
  }

  /** The same problems as the application's validation error (HTTP 400, CLI exit code). */
  toAppError(): AppError {
    return new AppError(
      'validation',
      this.message,
      this.problems.map((p) => ({ field: p.field, message: p.message, line: p.line })),
    )
  }
}

function summarise(problems: PaymentFileProblem[], total: number): string {
  const first = problems[0]
  if (!first) return 'The payment file could not be read'
  const head = `line ${first.line}, ${first.field}: ${first.message}`
  if (total <= 1) return `The payment file has a problem: ${head}`
  const more = total > problems.length ? ` (the first ${problems.length} are listed)` : ''
  return `The payment file has ${total} problems${more}. The first is ${head}`
}
