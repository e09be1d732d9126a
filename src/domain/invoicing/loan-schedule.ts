/**
 * The repayment schedule of a homelessness-prevention loan: instalments in whole pence that add up exactly to the
 * principal. Either a number of instalments (equal, the first few a penny more where the principal does not divide
 * evenly, so no instalment differs from another by more than 1p) or an instalment amount (the last one only what
 * is left). Due dates are the first due date plus whole periods: 7 or 28 days, or calendar months counted from the
 * first date each time (31 Jan, 28 Feb, 31 Mar: never drifting to the 28th).
 */
import { addDays, parseIsoDate, type IsoDate } from '../calendar/index.ts'
import { assertPence, formatPounds, type Pence } from '../money/pence.ts'
import { addMonths } from '../recovery/months.ts'

export const LOAN_FREQUENCIES = ['weekly', 'four_weekly', 'monthly'] as const
export type LoanFrequency = (typeof LOAN_FREQUENCIES)[number]

/** At most this many instalments (10 years weekly): a longer schedule is a mistake. */
export const MAX_LOAN_INSTALMENTS = 520

export interface LoanInstalment {
  instalmentNo: number
  dueOn: IsoDate
  amountPence: Pence
}

export type LoanScheduleInput = {
  principalPence: Pence
  firstDueOn: IsoDate
  frequency: LoanFrequency
} & ({ instalments: number } | { instalmentPence: Pence })

export class LoanScheduleError extends Error {
  override name = 'LoanScheduleError'
  readonly field: string
  constructor(field: string, message: string) {
    super(message)
    this.field = field
  }
}

export function dueDate(firstDueOn: IsoDate, frequency: LoanFrequency, index: number): IsoDate {
  if (frequency === 'weekly') return addDays(firstDueOn, 7 * index)
  if (frequency === 'four_weekly') return addDays(firstDueOn, 28 * index)
  return addMonths(firstDueOn, index)
}

export function loanSchedule(input: LoanScheduleInput): LoanInstalment[] {
  const principal = assertPence(input.principalPence)
  parseIsoDate(input.firstDueOn)
  if (principal <= 0) throw new LoanScheduleError('principal', 'The loan must be more than £0.00')
  let amounts: number[]
  if ('instalments' in input) {
    const n = input.instalments
    if (!Number.isSafeInteger(n) || n < 1 || n > MAX_LOAN_INSTALMENTS) {
      throw new LoanScheduleError('instalments', `The number of instalments must be a whole number from 1 to ${MAX_LOAN_INSTALMENTS}`)
    }
    if (n > principal) throw new LoanScheduleError('instalments', `${n} instalments would be less than a penny each`)
    const base = Math.floor(principal / n)
    const extra = principal - base * n
    amounts = Array.from({ length: n }, (_, i) => base + (i < extra ? 1 : 0))
  } else {
    const each = assertPence(input.instalmentPence)
    if (each <= 0) throw new LoanScheduleError('instalment', 'The instalment must be more than £0.00')
    const n = Math.ceil(principal / each)
    if (n > MAX_LOAN_INSTALMENTS) {
      throw new LoanScheduleError('instalment', `${formatPounds(each)} would take ${n} instalments, more than ${MAX_LOAN_INSTALMENTS}: the smallest instalment is ${formatPounds(Math.ceil(principal / MAX_LOAN_INSTALMENTS))}`)
    }
    amounts = Array.from({ length: n }, (_, i) => (i < n - 1 ? each : principal - each * (n - 1)))
  }
  return amounts.map((amountPence, i) => ({ instalmentNo: i + 1, dueOn: dueDate(input.firstDueOn, input.frequency, i), amountPence }))
}

/** What the schedule expected to have been repaid by the end of a day. */
export function dueByDate(schedule: readonly LoanInstalment[], onDate: IsoDate): Pence {
  return schedule.filter((i) => i.dueOn <= onDate).reduce((s, i) => s + i.amountPence, 0)
}
