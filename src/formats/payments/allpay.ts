/**
 * A payment network file of the kind allpay, PayPoint and the Post Office send: cash and card
 * payments made with a tenant's payment card (or its barcode on a bill) at a shop, a post office,
 * or allpay online / by phone / in the app, reported to the council once a day.
 *
 * Reeve's layout ("Reeve fixed-width payment file, version 1"). Every record is exactly 80
 * characters (spaces included: do not let an editor trim trailing spaces), one per line, LF or
 * CRLF. Numeric fields are digits, right-aligned and zero-padded; text fields are left-aligned and
 * space-padded. Positions are 1-based and inclusive.
 *
 * Header: the first record, exactly one
 *   pos    len  field
 *   1      1    record type           "H"
 *   2-9    8    client code           the council's scheme id with the network (text, not blank)
 *   10-15  6    file sequence number  digits; goes up by one with each file the network sends
 *   16-23  8    creation date         YYYYMMDD
 *   24-29  6    creation time         HHMMSS
 *   30-80  51   filler                spaces (not checked)
 *
 * Detail: one per payment
 *   1      1    record type           "D"
 *   2-20   19   card number           digits (leading spaces allowed). The payment reference is the
 *                                      right-aligned digits: `0000000000101000016` is reference
 *                                      101000016; a card printed with the network's issuer prefix,
 *                                      `9826150000101000016`, is kept whole and matching takes the
 *                                      trailing 9 digits
 *   21-30  10   amount                pence, zero-padded, more than zero (`0000009520` is £95.20)
 *   31-38  8    transaction date      YYYYMMDD
 *   39-44  6    transaction time      HHMMSS
 *   45-46  2    channel               PP PayPoint → paypoint; PO Post Office → post_office;
 *                                      AP allpay online, phone or app → allpay
 *   47-66  20   transaction id        text, not blank, unique within the file
 *   67-74  8    outlet id             the shop or post office branch (text; blank for AP; not checked)
 *   75-80  6    filler                spaces (not checked)
 *
 * Trailer: the last record, exactly one
 *   1      1    record type           "T"
 *   2-9    8    record count          number of D records
 *   10-21  12   total amount          pence, the sum of the D amounts
 *   22-80  59   filler                spaces (not checked)
 *
 * The trailer must agree with the details: a missing trailer means the file was cut short, and a
 * count or total that disagrees means records were lost or altered; either refuses the whole file.
 * The file id is `<client code>-<sequence number>`, e.g. `RVC00001-000042`.
 */
import { formatPounds } from '../../domain/money/pence.ts'
import { checkAmount, clip, NO_PAYMENTS_MESSAGE, type ParseOptions, parseCompactDate, parseCompactTime, Problems, splitLines } from './common.ts'
import type { ParsedPayment, ParsedPaymentFile, PaymentMethod } from './types.ts'

export const ALLPAY_RECORD_LENGTH = 80

export const ALLPAY_CHANNELS = {
  PP: 'paypoint',
  PO: 'post_office',
  AP: 'allpay',
} as const satisfies Record<string, PaymentMethod>

export type AllpayChannel = keyof typeof ALLPAY_CHANNELS

/** [start, end] 1-based inclusive positions, as in the layout above. */
const HEADER = { clientCode: [2, 9], sequence: [10, 15], date: [16, 23], time: [24, 29] } as const
const DETAIL = { card: [2, 20], amount: [21, 30], date: [31, 38], time: [39, 44], channel: [45, 46], transactionId: [47, 66], outlet: [67, 74] } as const
const TRAILER = { count: [2, 9], total: [10, 21] } as const

function field(record: string, [start, end]: readonly [number, number]): string {
  return record.slice(start - 1, end)
}

interface Header {
  line: number
  fileId: string | null
  createdOn: string | null
}

interface Trailer {
  line: number
  count: number | null
  total: number | null
}

export function parseAllpayFile(text: string, opts: ParseOptions = {}): ParsedPaymentFile {
  const lines = splitLines(text, opts)
  const problems = new Problems()
  const payments: ParsedPayment[] = []
  const seenIds = new Map<string, number>()
  let header: Header | null = null
  let trailer: Trailer | null = null
  let detailCount = 0
  let allAmountsRead = true
  let detailTotal = 0
  let firstRecord = true
  let lastLine = 1

  for (const [i, record] of lines.entries()) {
    const line = i + 1
    if (record.trim() === '') continue // blank lines are ignored wherever they are
    lastLine = line
    const type = record[0] ?? ''
    const isFirst = firstRecord
    firstRecord = false

    if (type !== 'H' && type !== 'D' && type !== 'T') {
      problems.add(line, 'record_type', `Unknown record type "${clip(type)}": every record starts H (header), D (detail) or T (trailer)`)
      if (record.length !== ALLPAY_RECORD_LENGTH) lengthProblem(problems, line, record)
      continue
    }
    // Where the record sits in the file is checked even when it is the wrong length, so a bad
    // record does not also hide a missing header or trailer.
    if (isFirst && type !== 'H') problems.add(line, 'record_type', 'The first record must be the header (H)')
    if (type === 'H' && !isFirst) problems.add(line, 'record_type', 'A header record (H) can only be the first record')
    if (type !== 'T' && trailer) problems.add(line, 'record_type', `A record after the trailer on line ${trailer.line}: the trailer (T) must be the last record`)
    if (type === 'T' && trailer) problems.add(line, 'record_type', `A second trailer record (the first is on line ${trailer.line})`)
    if (type === 'D') detailCount += 1

    if (record.length !== ALLPAY_RECORD_LENGTH) {
      lengthProblem(problems, line, record)
      if (type === 'D') allAmountsRead = false
      if (type === 'T' && !trailer) trailer = { line, count: null, total: null }
      continue
    }

    if (type === 'H') {
      if (isFirst) header = readHeader(record, line, problems)
    } else if (type === 'T') {
      if (!trailer) trailer = readTrailer(record, line, problems)
    } else {
      const { payment, amountPence } = readDetail(record, line, problems, seenIds)
      if (payment) payments.push(payment)
      if (amountPence === null) allAmountsRead = false
      else detailTotal += amountPence
    }
  }

  if (!trailer) {
    problems.add(lastLine, 'record_type', 'The file has no trailer record (T) at the end: it may have been cut short')
  }
  if (detailCount === 0 && !problems.any) problems.add(trailer?.line ?? 1, 'file', NO_PAYMENTS_MESSAGE)
  if (trailer) {
    if (trailer.count !== null && trailer.count !== detailCount) {
      problems.add(trailer.line, 'record_count', `The trailer says ${trailer.count} payment records but the file has ${detailCount}`)
    }
    if (trailer.total !== null && allAmountsRead && trailer.total !== detailTotal) {
      problems.add(trailer.line, 'total_amount', `The trailer says the payments total ${formatPounds(trailer.total)} but they add up to ${formatPounds(detailTotal)}`)
    }
  }
  problems.throwIfAny()

  const result: ParsedPaymentFile = { format: 'allpay', fileId: header?.fileId ?? null, payments }
  if (trailer?.count != null) result.declaredCount = trailer.count
  if (trailer?.total != null) result.declaredTotalPence = trailer.total
  if (header?.createdOn) result.createdOn = header.createdOn
  return result
}

function lengthProblem(problems: Problems, line: number, record: string): void {
  problems.add(line, 'record_length', `The record is ${record.length} characters long; every record must be exactly ${ALLPAY_RECORD_LENGTH}`)
}

function readHeader(record: string, line: number, problems: Problems): Header {
  const clientCode = field(record, HEADER.clientCode).trim()
  const sequence = field(record, HEADER.sequence)
  const createdOn = parseCompactDate(field(record, HEADER.date))
  if (clientCode === '') problems.add(line, 'client_code', 'The client code (positions 2-9) is blank')
  if (!/^\d{6}$/.test(sequence)) problems.add(line, 'file_sequence', `The file sequence number (positions 10-15) must be 6 digits, not "${sequence}"`)
  if (!createdOn) problems.add(line, 'creation_date', `The creation date (positions 16-23) "${field(record, HEADER.date)}" is not a real date as YYYYMMDD`)
  if (!parseCompactTime(field(record, HEADER.time))) {
    problems.add(line, 'creation_time', `The creation time (positions 24-29) "${field(record, HEADER.time)}" is not a time as HHMMSS`)
  }
  return { line, fileId: clientCode !== '' && /^\d{6}$/.test(sequence) ? `${clientCode}-${sequence}` : null, createdOn }
}

function readTrailer(record: string, line: number, problems: Problems): Trailer {
  const countText = field(record, TRAILER.count)
  const totalText = field(record, TRAILER.total)
  const count = /^\d{8}$/.test(countText) ? Number(countText) : null
  const total = /^\d{12}$/.test(totalText) ? Number(totalText) : null
  if (count === null) problems.add(line, 'record_count', `The record count (positions 2-9) must be 8 digits, not "${countText}"`)
  if (total === null) problems.add(line, 'total_amount', `The total amount (positions 10-21) must be 12 digits of pence, not "${totalText}"`)
  return { line, count, total }
}

/** The payment, if the record is good, and its amount whenever the amount field could be read. */
function readDetail(
  record: string,
  line: number,
  problems: Problems,
  seenIds: Map<string, number>,
): { payment: ParsedPayment | null; amountPence: number | null } {
  let ok = true
  const add = (f: string, message: string) => {
    ok = false
    problems.add(line, f, message)
  }

  const card = field(record, DETAIL.card)
  const cardDigits = card.trimStart()
  let reference = ''
  if (!/^\d+$/.test(cardDigits)) add('reference', `The card number (positions 2-20) must be digits, not "${card}"`)
  else {
    reference = cardDigits.replace(/^0+/, '')
    if (reference === '') add('reference', 'The card number (positions 2-20) is all zeros')
  }

  const amountText = field(record, DETAIL.amount)
  const amountPence = /^\d{10}$/.test(amountText) ? Number(amountText) : null
  if (amountPence === null) add('amount', `The amount (positions 21-30) must be 10 digits of pence, not "${amountText}"`)
  else {
    const checked = checkAmount(amountPence)
    if ('error' in checked) add('amount', checked.error)
  }

  const dateText = field(record, DETAIL.date)
  const receivedOn = parseCompactDate(dateText)
  if (!receivedOn) add('date', `The transaction date (positions 31-38) "${dateText}" is not a real date as YYYYMMDD`)

  const timeText = field(record, DETAIL.time)
  if (!parseCompactTime(timeText)) add('time', `The transaction time (positions 39-44) "${timeText}" is not a time as HHMMSS`)

  const channelText = field(record, DETAIL.channel)
  const method = Object.hasOwn(ALLPAY_CHANNELS, channelText) ? ALLPAY_CHANNELS[channelText as AllpayChannel] : null
  if (!method) add('channel', `The channel (positions 45-46) "${channelText}" is not PP (PayPoint), PO (Post Office) or AP (allpay)`)

  const externalId = field(record, DETAIL.transactionId).trim()
  if (externalId === '') add('transaction_id', 'The transaction id (positions 47-66) is blank')
  else {
    const earlier = seenIds.get(externalId)
    if (earlier !== undefined) add('transaction_id', `Transaction id "${externalId}" is also on line ${earlier}`)
    else seenIds.set(externalId, line)
  }

  if (!ok || amountPence === null || !receivedOn || !method) return { payment: null, amountPence }
  return { payment: { line, reference, amountPence, receivedOn, method, externalId }, amountPence }
}
