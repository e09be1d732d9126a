/**
 * Payment files: read a bank / cash office CSV, an allpay / PayPoint / Post Office fixed-width
 * file, or a housing benefit / Universal Credit schedule into ParsedPayments. Every parser returns
 * the whole file or throws a PaymentFileError listing every bad line; nothing here touches the
 * database. Matching payments to accounts is `domain/payments/match-payment.ts`.
 */
import { createHash } from 'node:crypto'
import { parseAllpayFile } from './allpay.ts'
import { parseBankCsv } from './bank-csv.ts'
import { parseBenefitSchedule } from './benefit-schedule.ts'
import type { ParseOptions } from './common.ts'
import type { BenefitKind, ParsedPaymentFile, PaymentFileFormat } from './types.ts'

export { ALLPAY_CHANNELS, ALLPAY_RECORD_LENGTH, parseAllpayFile } from './allpay.ts'
export { BANK_CSV_METHODS, parseBankCsv } from './bank-csv.ts'
export { BENEFIT_KINDS, parseBenefitSchedule } from './benefit-schedule.ts'
export type { ParseOptions } from './common.ts'
export * from './types.ts'

export interface ParsePaymentFileOptions extends ParseOptions {
  /** Which benefit a benefit schedule pays; required for the `benefit-schedule` format. */
  kind?: BenefitKind
}

export function parsePaymentFile(text: string, format: PaymentFileFormat, opts: ParsePaymentFileOptions = {}): ParsedPaymentFile {
  const { kind, ...parseOpts } = opts
  switch (format) {
    case 'bank-csv':
      return parseBankCsv(text, parseOpts)
    case 'allpay':
      return parseAllpayFile(text, parseOpts)
    case 'benefit-schedule':
      if (!kind) throw new RangeError('A benefit schedule needs its kind: housing_benefit or universal_credit')
      return parseBenefitSchedule(text, kind, parseOpts)
    default:
      throw new RangeError(`Unknown payment file format: ${String(format satisfies never)}`)
  }
}

/**
 * SHA-256 (hex) of the file's bytes: UTF-8 of a string as given, or the raw bytes of a Buffer.
 * Stored with each import so the same file is refused a second time. Hash the bytes as uploaded
 * where you have them: the string form has already lost any difference in the original encoding.
 */
export function contentHash(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex')
}
