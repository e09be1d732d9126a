/**
 * A housing benefit or Universal Credit direct payment schedule: the council's benefits system
 * (HB) or DWP (UC managed payments to landlord) paying rent straight to the rent account, each
 * payment covering a period, usually in arrears.
 *
 *   reference,claim_reference,name,period_start,period_end,amount,payment_date
 *   101000016,HB0012345,Jane Smith,2026-03-30,2026-04-26,380.80,2026-04-27
 *   TOTAL,,,,,380.80,
 *
 * Columns (named in the header, any order, names matched ignoring case):
 *   reference        required  the rent account's payment reference (or account number)
 *   period_start     required  first day the payment covers, DD/MM/YYYY or YYYY-MM-DD
 *   period_end       required  last day it covers; not before period_start
 *   amount           required  pounds, positive (deductions for overpayments are not payments)
 *   claim_reference  optional  the benefit claim; kept as the payment's externalId
 *   name             optional  the claimant
 *   payment_date     optional  when the money was paid; required on every row if the column is
 *                              there. Without the column a payment is taken as received on period_end.
 * The schedule may end with a total row, whose reference is `TOTAL` and whose amount must equal
 * the sum of the payments; without one there is nothing to check the payments against.
 */
import { formatPounds, MoneyParseError, parsePounds } from '../../domain/money/pence.ts'
import { clip, NO_PAYMENTS_MESSAGE, type ParseOptions, parsePositivePounds, parseUkOrIsoDate, Problems } from './common.ts'
import { readCsvTable } from './csv-table.ts'
import type { BenefitKind, ParsedPayment, ParsedPaymentFile } from './types.ts'

const REQUIRED = ['reference', 'period_start', 'period_end', 'amount'] as const
const OPTIONAL = ['claim_reference', 'name', 'payment_date'] as const

export const BENEFIT_KINDS: readonly BenefitKind[] = ['housing_benefit', 'universal_credit']

export function parseBenefitSchedule(text: string, kind: BenefitKind, opts: ParseOptions = {}): ParsedPaymentFile {
  if (!BENEFIT_KINDS.includes(kind)) throw new RangeError(`Unknown benefit kind: ${String(kind)}`)
  const problems = new Problems()
  const table = readCsvTable(text, { required: REQUIRED, optional: OPTIONAL }, problems, opts)
  const hasPaymentDate = table.columns.has('payment_date')
  const payments: ParsedPayment[] = []
  let paymentRows = 0
  let sum = 0
  let allAmountsRead = true
  let total: { line: number; pence: number | null } | null = null

  for (const [i, { line, cells }] of table.rows.entries()) {
    const reference = cells.reference ?? ''
    if (reference.toUpperCase() === 'TOTAL') {
      if (total) problems.add(line, 'reference', `A second TOTAL row (the first is on line ${total.line})`)
      else if (i !== table.rows.length - 1) problems.add(line, 'reference', 'The TOTAL row must be the last row')
      const amount = parseTotalPounds(cells.amount ?? '')
      if (amount === null) problems.add(line, 'amount', `The TOTAL row's amount "${clip(cells.amount ?? '')}" is not an amount of money (expected pounds such as 810.50)`)
      total ??= { line, pence: amount }
      continue
    }
    paymentRows += 1
    if (reference === '') problems.add(line, 'reference', 'The reference is empty')

    const from = readDate(cells.period_start ?? '', line, 'period_start', problems)
    const to = readDate(cells.period_end ?? '', line, 'period_end', problems)
    if (from && to && to < from) problems.add(line, 'period_end', `The period ends (${to}) before it starts (${from})`)
    const paidOn = hasPaymentDate ? readDate(cells.payment_date ?? '', line, 'payment_date', problems) : to

    const amount = parsePositivePounds(cells.amount ?? '')
    if ('error' in amount) {
      problems.add(line, 'amount', amount.error)
      allAmountsRead = false
    } else sum += amount.pence

    if (reference !== '' && from && to && to >= from && paidOn && 'pence' in amount) {
      const payment: ParsedPayment = { line, reference, amountPence: amount.pence, receivedOn: paidOn, method: kind, period: { from, to } }
      if (cells.name) payment.payerName = cells.name
      if (cells.claim_reference) payment.externalId = cells.claim_reference
      payments.push(payment)
    }
  }

  if (paymentRows === 0 && !problems.any) problems.add(table.headerLine, 'file', NO_PAYMENTS_MESSAGE)
  if (total && total.pence !== null && allAmountsRead && total.pence !== sum) {
    problems.add(total.line, 'amount', `The TOTAL row says ${formatPounds(total.pence)} but the payments add up to ${formatPounds(sum)}`)
  }
  problems.throwIfAny()
  const result: ParsedPaymentFile = { format: 'benefit-schedule', fileId: null, payments }
  if (total?.pence != null) {
    result.declaredTotalPence = total.pence
  }
  return result
}

function readDate(text: string, line: number, field: string, problems: Problems): string | null {
  const iso = parseUkOrIsoDate(text)
  if (!iso) problems.add(line, field, text === '' ? 'Enter the date' : `"${clip(text)}" is not a real date as DD/MM/YYYY or YYYY-MM-DD`)
  return iso
}

function parseTotalPounds(text: string): number | null {
  try {
    const pence = parsePounds(text)
    return pence >= 0 ? pence : null
  } catch (e) {
    if (e instanceof MoneyParseError) return null
    throw e
  }
}
