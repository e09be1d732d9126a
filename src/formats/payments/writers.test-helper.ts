/**
 * Test-only writers for the three payment file formats, written from the documented layouts
 * rather than from the parsers' code, so a round trip checks the parsers against the documentation.
 */
import { formatPounds, formatPoundsPlain } from '../../domain/money/pence.ts'
import type { ParsedPayment } from './types.ts'

export type PaymentSpec = Omit<ParsedPayment, 'line'>

function csvCell(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value
}

function csvLine(cells: string[]): string {
  return cells.map(csvCell).join(',')
}

function ukDate(iso: string): string {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`
}

export interface BankCsvStyle {
  ukDates?: boolean
  poundSign?: boolean
  crlf?: boolean
  bom?: boolean
  /** Leave the method cell empty for bank transfers (the default method). */
  blankDefaultMethod?: boolean
}

export function writeBankCsv(payments: PaymentSpec[], style: BankCsvStyle = {}): string {
  const eol = style.crlf ? '\r\n' : '\n'
  const lines = [csvLine(['Date', 'Reference', 'Amount', 'Method', 'Name', 'Transaction ID'])]
  for (const p of payments) {
    lines.push(
      csvLine([
        style.ukDates ? ukDate(p.receivedOn) : p.receivedOn,
        p.reference,
        style.poundSign ? formatPounds(p.amountPence) : formatPoundsPlain(p.amountPence),
        style.blankDefaultMethod && p.method === 'bank_transfer' ? '' : p.method,
        p.payerName ?? '',
        p.externalId ?? '',
      ]),
    )
  }
  return (style.bom ? '\uFEFF' : '') + lines.join(eol) + eol
}

const CHANNEL_FOR: Record<string, string> = { paypoint: 'PP', post_office: 'PO', allpay: 'AP' }

export interface AllpayHeader {
  clientCode: string
  sequence: number
  createdOn: string
}

/** Records per the layout in allpay.ts: 80 characters, H / D… / T. */
export function writeAllpay(payments: PaymentSpec[], header: AllpayHeader, eol = '\n'): string {
  const compact = (iso: string) => iso.replaceAll('-', '')
  const records = ['H' + header.clientCode.padEnd(8) + String(header.sequence).padStart(6, '0') + compact(header.createdOn) + '060000']
  for (const p of payments) {
    const channel = CHANNEL_FOR[p.method]
    if (!channel) throw new Error(`No allpay channel for ${p.method}`)
    records.push(
      'D' +
        p.reference.padStart(19, '0') +
        String(p.amountPence).padStart(10, '0') +
        compact(p.receivedOn) +
        '120000' +
        channel +
        (p.externalId ?? '').padEnd(20) +
        'OUTLET01',
    )
  }
  const total = payments.reduce((sum, p) => sum + p.amountPence, 0)
  records.push('T' + String(payments.length).padStart(8, '0') + String(total).padStart(12, '0'))
  return records.map((r) => r.padEnd(80)).join(eol) + eol
}

export interface BenefitStyle {
  /** Write a payment_date column (the payments' receivedOn); otherwise receivedOn must be period end. */
  paymentDate?: boolean
  totalRow?: boolean
  ukDates?: boolean
}

export function writeBenefitSchedule(payments: PaymentSpec[], style: BenefitStyle = {}): string {
  const date = (iso: string) => (style.ukDates ? ukDate(iso) : iso)
  const header = ['reference', 'claim_reference', 'name', 'period_start', 'period_end', 'amount']
  if (style.paymentDate) header.push('payment_date')
  const lines = [csvLine(header)]
  for (const p of payments) {
    if (!p.period) throw new Error('A benefit payment needs a period')
    const row = [p.reference, p.externalId ?? '', p.payerName ?? '', date(p.period.from), date(p.period.to), formatPoundsPlain(p.amountPence)]
    if (style.paymentDate) row.push(date(p.receivedOn))
    lines.push(csvLine(row))
  }
  if (style.totalRow) {
    const total = payments.reduce((sum, p) => sum + p.amountPence, 0)
    const row = ['TOTAL', '', '', '', '', formatPoundsPlain(total)]
    if (style.paymentDate) row.push('')
    lines.push(csvLine(row))
  }
  return lines.join('\n') + '\n'
}
