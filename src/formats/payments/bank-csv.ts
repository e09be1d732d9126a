/**
 * A generic bank statement / cash office CSV: one payment per row under a header row.
 *
 *   date,reference,amount,method,name,transaction_id
 *   06/04/2026,101000016,95.20,bank_transfer,J SMITH,FP0001
 *
 * Columns (named in the header, any order, names matched ignoring case):
 *   date            required  DD/MM/YYYY (day and month may be one digit) or YYYY-MM-DD; a real date
 *   reference       required  what the payer quoted; must not be empty
 *   amount          required  pounds, positive: `95.20`, `£1,234.56`, `12`
 *   method          optional  cash, cheque, postal_order, card, bank_transfer or standing_order
 *                             (spaces or hyphens for underscores, any case); empty means bank_transfer
 *   name            optional  the payer's name as the bank gives it
 *   transaction_id  optional  the bank's id for the payment; must not repeat within the file
 * Other columns (a running balance, a narrative…) are ignored. A byte order mark, CRLF line
 * endings and blank lines are all fine.
 */
import { clip, type ParseOptions, parsePositivePounds, parseUkOrIsoDate, Problems } from './common.ts'
import { readCsvTable } from './csv-table.ts'
import type { ParsedPayment, ParsedPaymentFile, PaymentMethod } from './types.ts'

export const BANK_CSV_METHODS = ['cash', 'cheque', 'postal_order', 'card', 'bank_transfer', 'standing_order'] as const satisfies readonly PaymentMethod[]

export type BankCsvMethod = (typeof BANK_CSV_METHODS)[number]

const REQUIRED = ['date', 'reference', 'amount'] as const
const OPTIONAL = ['method', 'name', 'transaction_id'] as const

export function parseBankCsv(text: string, opts: ParseOptions = {}): ParsedPaymentFile {
  const problems = new Problems()
  const table = readCsvTable(text, { required: REQUIRED, optional: OPTIONAL }, problems, opts)
  const payments: ParsedPayment[] = []
  const seenIds = new Map<string, number>()

  for (const { line, cells } of table.rows) {
    const dateText = cells.date ?? ''
    const receivedOn = parseUkOrIsoDate(dateText)
    if (!receivedOn) {
      problems.add(line, 'date', dateText === '' ? 'Enter the date' : `"${clip(dateText)}" is not a real date as DD/MM/YYYY or YYYY-MM-DD`)
    }

    const reference = cells.reference ?? ''
    if (reference === '') problems.add(line, 'reference', 'The reference is empty')

    const amount = parsePositivePounds(cells.amount ?? '')
    if ('error' in amount) problems.add(line, 'amount', amount.error)

    const methodText = cells.method ?? ''
    const method = methodText === '' ? 'bank_transfer' : bankMethod(methodText)
    if (!method) problems.add(line, 'method', `"${clip(methodText)}" is not a payment method: use one of ${BANK_CSV_METHODS.join(', ')}`)

    const externalId = cells.transaction_id || undefined
    if (externalId !== undefined) {
      const earlier = seenIds.get(externalId)
      if (earlier !== undefined) problems.add(line, 'transaction_id', `Transaction id "${clip(externalId)}" is also on line ${earlier}`)
      else seenIds.set(externalId, line)
    }

    if (receivedOn && reference !== '' && 'pence' in amount && method) {
      const payment: ParsedPayment = { line, reference, amountPence: amount.pence, receivedOn, method }
      if (cells.name) payment.payerName = cells.name
      if (externalId !== undefined) payment.externalId = externalId
      payments.push(payment)
    }
  }
  problems.throwIfAny()
  return { format: 'bank-csv', fileId: null, payments }
}

function bankMethod(text: string): BankCsvMethod | null {
  const canonical = text.trim().toLowerCase().replace(/[\s-]+/g, '_')
  return (BANK_CSV_METHODS as readonly string[]).includes(canonical) ? (canonical as BankCsvMethod) : null
}
