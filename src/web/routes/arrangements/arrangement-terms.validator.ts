import { ARRANGEMENT_FREQUENCIES, ARRANGEMENT_PAYMENT_METHODS, type ArrangementFrequency, type ArrangementPaymentMethod } from '../../../domain/arrangements/index.ts'
import { checkDateParts, checkPounds, datePartsOf, fieldsOf, partsOfIso, textOf, type DateParts } from '../../form-fields.ts'
import type { FormError } from '../../types.ts'

export const MAX_INSTALMENT_PENCE = 10_000_000

export interface TermsInput {
  frequency: string
  instalment: string
  startDate: DateParts
  lumpSum: string
  lumpSumDate: DateParts
  paymentMethod: string
  extraAccounts: string[]
  ie: string
}

export interface TermsForm {
  frequency: ArrangementFrequency
  instalmentPence: number
  startDate: string
  lumpSum: { amountPence: number; date: string } | null
  paymentMethod: ArrangementPaymentMethod
  extraAccountIds: number[]
  incomeExpenditureId: number | null
}

export type TermsResult = { ok: true; form: TermsForm; input: TermsInput } | { ok: false; errors: FormError[]; input: TermsInput }

export function blankTerms(today: string, ie: string): TermsInput {
  return { frequency: '', instalment: '', startDate: partsOfIso(today), lumpSum: '', lumpSumDate: { day: '', month: '', year: '' }, paymentMethod: '', extraAccounts: [], ie }
}

const listOf = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' && v ? [v] : [])

/** Pure: the terms an officer typed, or GOV.UK errors in the order of the fields. */
export function validateTerms(body: unknown): TermsResult {
  const f = fieldsOf(body)
  const input: TermsInput = {
    frequency: textOf(f, 'frequency'),
    instalment: textOf(f, 'instalment'),
    startDate: datePartsOf(f, 'startDate'),
    lumpSum: textOf(f, 'lumpSum'),
    lumpSumDate: datePartsOf(f, 'lumpSumDate'),
    paymentMethod: textOf(f, 'paymentMethod'),
    extraAccounts: listOf(f.extraAccounts),
    ie: textOf(f, 'ie'),
  }
  const errors: FormError[] = []
  const frequency = (ARRANGEMENT_FREQUENCIES as readonly string[]).includes(input.frequency) ? (input.frequency as ArrangementFrequency) : null
  if (!frequency) errors.push({ text: 'Select how often the instalments are paid', href: '#frequency' })
  const instalment = checkPounds(input.instalment, 'instalment', 'Instalment', MAX_INSTALMENT_PENCE)
  if ('error' in instalment) errors.push(instalment.error)
  const start = checkDateParts(input.startDate, 'startDate', 'Date of the first instalment')
  if ('error' in start) errors.push(start.error)
  let lumpSum: TermsForm['lumpSum'] = null
  const lumpDateGiven = input.lumpSumDate.day || input.lumpSumDate.month || input.lumpSumDate.year
  if (input.lumpSum || lumpDateGiven) {
    const amount = checkPounds(input.lumpSum, 'lumpSum', 'Lump sum', MAX_INSTALMENT_PENCE)
    if ('error' in amount) errors.push(amount.error)
    const date = checkDateParts(input.lumpSumDate, 'lumpSumDate', 'Date of the lump sum')
    if ('error' in date) errors.push(date.error)
    if (!('error' in amount) && !('error' in date)) lumpSum = { amountPence: amount.pence, date: date.iso }
  }
  const method = (ARRANGEMENT_PAYMENT_METHODS as readonly string[]).includes(input.paymentMethod) ? (input.paymentMethod as ArrangementPaymentMethod) : null
  if (!method) errors.push({ text: 'Select how the instalments will be paid', href: '#paymentMethod' })
  const extra = input.extraAccounts.filter((a) => /^[1-9]\d{0,9}$/.test(a)).map(Number)
  const ie = /^[1-9]\d{0,14}$/.test(input.ie) ? Number(input.ie) : null
  if (errors.length || !frequency || !method || 'error' in instalment || 'error' in start) return { ok: false, errors, input }
  return { ok: true, input, form: { frequency, instalmentPence: instalment.pence, startDate: start.iso, lumpSum, paymentMethod: method, extraAccountIds: extra, incomeExpenditureId: ie } }
}

/** Where on the page each service field is. */
export const TERMS_FIELD_HREFS: Record<string, string> = {
  startDate: '#startDate-day',
  frequency: '#frequency',
  paymentMethod: '#paymentMethod',
  instalmentPence: '#instalment',
  'lumpSumFirst.date': '#lumpSumDate-day',
  'lumpSumFirst.amountPence': '#lumpSum',
  lumpSumFirst: '#lumpSum',
  accounts: '#extraAccounts',
  startingArrearsPence: '#instalment',
}
