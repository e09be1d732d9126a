import { RECEIPTABLE_METHODS, type ReceiptableMethod } from '../../../services/payments/receipt-payment.ts'
import { checkDateParts, checkPounds, datePartsOf, fieldsOf, partsOfIso, textOf, type DateParts } from '../../form-fields.ts'
import type { FormError } from '../../types.ts'

/** The most an officer can take in one go: far above any real counter payment, it catches a slipped key. */
export const MAX_COUNTER_PAYMENT_PENCE = 100_000_000
export const MAX_REFERENCE_LENGTH = 60
export const MAX_COLLECTED_AT_LENGTH = 80

export interface TakePaymentInput {
  method: string
  amount: string
  receivedOn: DateParts
  reference: string
  collectedAt: string
}

export interface TakePaymentForm {
  method: ReceiptableMethod
  amountPence: number
  receivedOn: string
  reference: string | null
  collectedAt: string | null
}

export type TakePaymentResult = { ok: true; form: TakePaymentForm; input: TakePaymentInput } | { ok: false; errors: FormError[]; input: TakePaymentInput }

const isMethod = (m: string): m is ReceiptableMethod => (RECEIPTABLE_METHODS as readonly string[]).includes(m)

/** The empty form: received today. */
export function blankTakePayment(today: string): TakePaymentInput {
  return { method: '', amount: '', receivedOn: partsOfIso(today), reference: '', collectedAt: '' }
}

/** Pure: the payment an officer typed, or GOV.UK errors in the order of the fields on the page. */
export function validateTakePayment(body: unknown, today: string): TakePaymentResult {
  const f = fieldsOf(body)
  const input: TakePaymentInput = {
    method: textOf(f, 'method'),
    amount: textOf(f, 'amount'),
    receivedOn: datePartsOf(f, 'receivedOn'),
    reference: textOf(f, 'reference'),
    collectedAt: textOf(f, 'collectedAt'),
  }
  const errors: FormError[] = []
  if (!isMethod(input.method)) errors.push({ text: 'Select how the payment was made', href: '#method' })
  const amount = checkPounds(input.amount, 'amount', 'Amount received', MAX_COUNTER_PAYMENT_PENCE)
  if ('error' in amount) errors.push(amount.error)
  const date = checkDateParts(input.receivedOn, 'receivedOn', 'Date received')
  if ('error' in date) errors.push(date.error)
  else if (date.iso > today) errors.push({ text: 'Date received must be today or in the past', href: '#receivedOn-day' })
  if (input.reference.length > MAX_REFERENCE_LENGTH) {
    errors.push({ text: `Reference must be ${MAX_REFERENCE_LENGTH} characters or fewer`, href: '#reference' })
  }
  if (input.collectedAt.length > MAX_COLLECTED_AT_LENGTH) {
    errors.push({ text: `Where it was collected must be ${MAX_COLLECTED_AT_LENGTH} characters or fewer`, href: '#collectedAt' })
  }
  if (errors.length || !isMethod(input.method) || 'error' in amount || 'error' in date) return { ok: false, errors, input }
  return {
    ok: true,
    input,
    form: {
      method: input.method,
      amountPence: amount.pence,
      receivedOn: date.iso,
      reference: input.reference || null,
      collectedAt: input.collectedAt || null,
    },
  }
}
