/**
 * Bacs Direct Debit reports in their XML form: ARUDD (Automated Return of Unpaid Direct
 * Debits), ADDACS (Automated Direct Debit Amendment and Cancellation Service) and the
 * AUDDIS report of instructions the payer's bank rejected.
 *
 * `parseBacsReport` returns every item of the report, typed, with amounts in pence and
 * reason codes resolved against domain/direct-debit/reason-codes.ts; or it throws a
 * BacsReportError listing every problem it found (item number and field). It never
 * returns part of a report, so an import built on it applies all of a report or none.
 *
 * ELEMENT NAMES. Bacs publishes the report schemas (newbacs-advices.xsd) to service
 * users only. The names below come from public code that processes real reports, and
 * are what this parser requires:
 *
 * ARUDD  (seen in: so-sure BacsService.php, Smart Debit CiviCRM extension, several
 *         "glabs" ARUDD exercises built on a bank-issued sample, a Django "core_bounce"
 *         app, a Fundtech-derived sample loader)
 *   BACSDocument/Data/ARUDD
 *     Header                     @reportType @adviceNumber @currentProcessingDate
 *     AddresseeInformation       @name
 *     ServiceLicenseInformation  @userName @userNumber
 *     Advice/OriginatingAccountRecords/OriginatingAccountRecord*
 *       OriginatingAccount       @name @number @sortCode @type @bankName @branchName
 *       ReturnedDebitItem*       @ref @transCode @returnCode @returnDescription
 *                                @originalProcessingDate @valueOf @currency
 *         PayerAccount           @number @ref @name @sortCode @bankName @branchName
 *       Totals                   @numberOf @valueOf @currency
 *   `returnCode` is a 4-digit Bacs code (samples: "0128" and "0273" both "REFER TO
 *   PAYER", "1012" "INSTRUCTION CANCELLED"), NOT the single-character ARUDD reason
 *   code, and the public samples do not agree on a mapping. So the reason is read from
 *   `returnDescription` ("REFER TO PAYER" → 0 …), or from `returnCode` when it is
 *   itself a single ARUDD code, or from `returnCodeMap` (option) when a council has
 *   confirmed its bank's 4-digit codes. If none of these gives a known reason the
 *   item is a problem: Reeve never guesses what to do with an unpaid.
 *
 * ADDACS and AUDDIS (seen in: so-sure BacsService.php, a Django ADDACS importer, a
 *         Python ADDACS loader, the Smart Debit CiviCRM and aMember integrations)
 *   BACSDocument/Data/MessagingAdvices
 *     MessagingHeader (Smart Debit's copies call it Header; both are read)
 *                                @user-number @user-name @report-generation-date
 *                                @envelope-sequence-number @advice-type (when present)
 *     MessagingAdvice*           hyphenated attributes:
 *       ADDACS (record-type "A"): @user-number @record-type @reference @payer-name
 *         @payer-account-number @payer-sort-code @reason-code @effective-date @aosn
 *         @payer-new-account-number @payer-new-sort-code @payer-new-name @due-date
 *         @payment-frequency
 *       AUDDIS: record-type "V" (file accepted) or "R" (file rejected, with
 *         MessagingError @line1 … beside it) are file summaries carrying
 *         @vol-serial-number @originator-file-number @accepted-ddi @rejected-ddi
 *         @file-type; any other record type (so-sure sees "N" and "D") is a rejected
 *         instruction with @reference @payer-name @payer-account-number
 *         @payer-sort-code @reason-code @transaction-code @effective-date and, for
 *         reason C, @payer-new-account-number @payer-new-sort-code.
 *   The brief for this work named `AddacsRecords/AddacsRecord` and
 *   `FailedAccount(s)/ReturnedDDI`; no public code or sample using those names was
 *   found, so they are not read. Which MessagingAdvices report it is comes from
 *   @advice-type when present, otherwise from the record types (all "A" → ADDACS).
 *
 * Dates are YYYY-MM-DD as in all the samples. Sort codes may carry hyphens
 * ("01-02-03") and are returned as 6 digits. Amounts (`valueOf`, pounds such as
 * "123.45") become integer pence without floating point.
 */
import { isIsoDate, type IsoDate } from '../../domain/calendar/dates.ts'
import {
  addacsReason,
  aruddReason,
  aruddReasonFromDescription,
  auddisReason,
  type AddacsReason,
  type AruddReason,
  type AuddisReason,
} from '../../domain/direct-debit/reason-codes.ts'
import {
  isCollectionCode,
  isInstructionCode,
  type CollectionTransactionCode,
  type InstructionTransactionCode,
} from '../../domain/direct-debit/transaction-codes.ts'
import { parsePounds } from '../../domain/money/pence.ts'
import { AppError } from '../../errors.ts'
import { decodeXmlBytes, readXml, type XmlElement } from './xml-tree.ts'

export type BacsReportKind = 'ARUDD' | 'ADDACS' | 'AUDDIS'

export interface BankAccountRef {
  /** 6 digits. */
  sortCode: string
  /** 8 digits. */
  accountNumber: string
}

export interface AruddItem {
  /** 1-based position of the ReturnedDebitItem in the report. */
  index: number
  /** The DDI reference (`ref`), trimmed. */
  reference: string
  /** The code the unpaid collection was presented with. */
  transactionCode: CollectionTransactionCode
  /** `returnCode` exactly as the report gives it (e.g. "0128"). */
  returnCode: string
  returnDescription: string
  /** The ARUDD reason, with its action (re-present, stop, …). */
  reason: AruddReason
  /** Processing day of the collection that came back. */
  originalProcessingDate: IsoDate
  amountPence: number
  payer: BankAccountRef & { name: string | null; reference: string | null; bankName: string | null; branchName: string | null }
  /** The council account the collection was credited to. */
  originatingAccount: (BankAccountRef & { name: string | null }) | null
}

export interface AddacsItem {
  index: number
  reference: string
  reasonCode: string
  reason: AddacsReason
  payerName: string | null
  payer: BankAccountRef
  /** New bank details (reasons 3, C, E), when the bank gives them. */
  newAccount: (BankAccountRef & { name: string | null }) | null
  effectiveDate: IsoDate | null
  /** Bacs' advice sequence number, useful to spot a repeated advice. */
  aosn: string | null
}

export interface AuddisItem {
  index: number
  recordType: string
  reference: string
  reasonCode: string
  reason: AuddisReason
  /** The instruction that was rejected (0N / 0C / 0S), when the report says. */
  transactionCode: InstructionTransactionCode | null
  payerName: string | null
  payer: BankAccountRef
  /** Reason C: the new details to update the mandate with. */
  newAccount: BankAccountRef | null
  effectiveDate: IsoDate | null
}

export interface AuddisFileSummary {
  /** "V" accepted, "R" rejected (see MessagingError lines in `errors`). */
  recordType: 'V' | 'R'
  volumeSerialNumber: string | null
  originatorFileNumber: string | null
  acceptedInstructions: number | null
  rejectedInstructions: number | null
  fileType: string | null
  errors: string[]
}

interface ReportBase {
  /** Stable identifier for the report, to refuse importing the same report twice. */
  reportId: string
  /** Date the report was produced (ARUDD: its processing date). */
  generated: IsoDate
  serviceUserNumber: string
  serviceUserName: string | null
}

export interface AruddReport extends ReportBase {
  kind: 'ARUDD'
  adviceNumber: string | null
  reportType: string | null
  items: AruddItem[]
  totalPence: number
}

export interface AddacsReport extends ReportBase {
  kind: 'ADDACS'
  items: AddacsItem[]
}

export interface AuddisReport extends ReportBase {
  kind: 'AUDDIS'
  files: AuddisFileSummary[]
  items: AuddisItem[]
}

export type BacsReport = AruddReport | AddacsReport | AuddisReport

export interface ParseBacsReportOptions {
  /** Refuse a report for any other service user number. */
  expectedServiceUserNumber?: string
  /** Refuse a report of any other kind. */
  expectedKind?: BacsReportKind
  /**
   * ARUDD 4-digit returnCode → ARUDD reason code ("0128" → "0"), for codes a council
   * has confirmed with its bank. Checked before the description.
   */
  returnCodeMap?: Readonly<Record<string, string>>
}

export interface BacsReportProblem {
  /** 1-based item number (ReturnedDebitItem / MessagingAdvice), or null for the report as a whole. */
  item: number | null
  /** The element or attribute at fault, e.g. "ReturnedDebitItem@valueOf". */
  field: string
  message: string
  /** 1-based line of the element, when known. */
  line: number | null
}

export const MAX_REPORT_PROBLEMS = 100

export class BacsReportError extends Error {
  override name = 'BacsReportError'
  readonly problems: BacsReportProblem[]
  readonly totalProblems: number

  constructor(problems: BacsReportProblem[], totalProblems: number = problems.length) {
    const listed = problems.slice(0, MAX_REPORT_PROBLEMS)
    super(summarise(listed, totalProblems))
    this.problems = listed
    this.totalProblems = Math.max(totalProblems, listed.length)
  }

  toAppError(): AppError {
    return new AppError(
      'validation',
      this.message,
      this.problems.map((p) => ({
        field: p.item === null ? p.field : `items[${p.item - 1}].${p.field}`,
        message: p.message,
        ...(p.line === null ? {} : { line: p.line }),
      })),
    )
  }
}

function summarise(problems: BacsReportProblem[], total: number): string {
  const first = problems[0]
  if (!first) return 'The Bacs report could not be read'
  const where = first.item === null ? first.field : `item ${first.item}, ${first.field}`
  const head = `${where}: ${first.message}`
  if (total <= 1) return `The Bacs report has a problem: ${head}`
  return `The Bacs report has ${total} problems. The first is ${head}`
}

class Problems {
  readonly list: BacsReportProblem[] = []
  count = 0
  add(item: number | null, field: string, message: string, line: number | null = null): void {
    this.count += 1
    if (this.list.length < MAX_REPORT_PROBLEMS) this.list.push({ item, field, message, line })
  }
  throwIfAny(): void {
    if (this.count > 0) throw new BacsReportError(this.list, this.count)
  }
}

const fail = (field: string, message: string, line: number | null = null): never => {
  throw new BacsReportError([{ item: null, field, message, line }])
}

// ---------------------------------------------------------------------------------------
// Attribute readers: each reports its own problem and returns null when it cannot read.

class ItemReader {
  constructor(
    private readonly el: XmlElement,
    private readonly item: number | null,
    private readonly problems: Problems,
  ) {}

  private where(attr: string): string {
    return `${this.el.name}@${attr}`
  }

  problem(attr: string, message: string): void {
    this.problems.add(this.item, this.where(attr), message, this.el.line)
  }

  optional(attr: string): string | null {
    if (!Object.hasOwn(this.el.attributes, attr)) return null
    const v = this.el.attributes[attr]!
    const t = v.trim()
    return t === '' ? null : t
  }

  required(attr: string): string | null {
    const v = this.optional(attr)
    if (v === null) this.problem(attr, `${this.el.name} has no ${attr}`)
    return v
  }

  sortCode(attr: string, required = true): string | null {
    const raw = required ? this.required(attr) : this.optional(attr)
    if (raw === null) return null
    const digits = raw.replace(/[-\s]/g, '')
    if (!/^\d{6}$/.test(digits)) {
      this.problem(attr, `"${raw}" is not a sort code (6 digits)`)
      return null
    }
    return digits
  }

  accountNumber(attr: string, required = true): string | null {
    const raw = required ? this.required(attr) : this.optional(attr)
    if (raw === null) return null
    if (!/^\d{8}$/.test(raw)) {
      this.problem(attr, `"${raw}" is not an account number (8 digits)`)
      return null
    }
    return raw
  }

  date(attr: string, required = true): IsoDate | null {
    const raw = required ? this.required(attr) : this.optional(attr)
    if (raw === null) return null
    if (!isIsoDate(raw)) {
      this.problem(attr, `"${raw}" is not a date in YYYY-MM-DD form`)
      return null
    }
    return raw
  }

  /** Pounds "123.45" → 12345 pence, more than zero. */
  amount(attr: string): number | null {
    const raw = this.required(attr)
    if (raw === null) return null
    if (!/^\d{1,9}(\.\d{1,2})?$/.test(raw)) {
      this.problem(attr, `"${raw}" is not an amount of pounds like 123.45`)
      return null
    }
    const pence = parsePounds(raw)
    if (pence <= 0) {
      this.problem(attr, `The amount must be more than zero, not ${raw}`)
      return null
    }
    return pence
  }

  count(attr: string): number | null {
    const raw = this.optional(attr)
    if (raw === null) return null
    if (!/^\d{1,9}$/.test(raw)) {
      this.problem(attr, `"${raw}" is not a whole number`)
      return null
    }
    return Number(raw)
  }
}

function childrenNamed(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name)
}

function onlyChild(el: XmlElement, name: string, problems: Problems, required = true): XmlElement | null {
  const found = childrenNamed(el, name)
  if (found.length === 0) {
    if (required) problems.add(null, name, `${el.name} has no ${name}`, el.line)
    return null
  }
  if (found.length > 1) problems.add(null, name, `${el.name} has ${found.length} ${name} elements; expected one`, found[1]!.line)
  return found[0]!
}

function unknownChildren(el: XmlElement, allowed: readonly string[], problems: Problems, item: number | null = null): void {
  for (const c of el.children) {
    if (!allowed.includes(c.name)) {
      problems.add(item, c.name, `Unknown record <${c.name}> in <${el.name}>: expected ${allowed.map((a) => `<${a}>`).join(', ')}`, c.line)
    }
  }
}

// ---------------------------------------------------------------------------------------
// ARUDD

function parseArudd(arudd: XmlElement, problems: Problems, opts: ParseBacsReportOptions): AruddReport {
  unknownChildren(arudd, ['Header', 'AddresseeInformation', 'ServiceLicenseInformation', 'Advice'], problems)
  const header = onlyChild(arudd, 'Header', problems)
  const licence = onlyChild(arudd, 'ServiceLicenseInformation', problems)
  const advice = onlyChild(arudd, 'Advice', problems)
  const h = header ? new ItemReader(header, null, problems) : null
  const generated = h?.date('currentProcessingDate') ?? null
  const adviceNumber = h?.optional('adviceNumber') ?? null
  const reportType = h?.optional('reportType') ?? null
  const l = licence ? new ItemReader(licence, null, problems) : null
  const serviceUserNumber = l?.required('userNumber') ?? null
  if (serviceUserNumber !== null && !/^\d{6}$/.test(serviceUserNumber)) {
    l!.problem('userNumber', `"${serviceUserNumber}" is not a 6-digit service user number`)
  }
  const serviceUserName = l?.optional('userName') ?? null

  const items: AruddItem[] = []
  let index = 0
  let totalPence = 0
  if (advice) {
    unknownChildren(advice, ['OriginatingAccountRecords'], problems)
    for (const records of childrenNamed(advice, 'OriginatingAccountRecords')) {
      unknownChildren(records, ['OriginatingAccountRecord'], problems)
      for (const record of childrenNamed(records, 'OriginatingAccountRecord')) {
        unknownChildren(record, ['OriginatingAccount', 'ReturnedDebitItem', 'Totals'], problems)
        const accountEl = onlyChild(record, 'OriginatingAccount', problems, false)
        let originatingAccount: AruddItem['originatingAccount'] = null
        if (accountEl) {
          const a = new ItemReader(accountEl, null, problems)
          const sortCode = a.sortCode('sortCode')
          const accountNumber = a.accountNumber('number')
          if (sortCode && accountNumber) originatingAccount = { sortCode, accountNumber, name: a.optional('name') }
        }
        const recordItems: AruddItem[] = []
        for (const el of childrenNamed(record, 'ReturnedDebitItem')) {
          index += 1
          const item = parseReturnedDebitItem(el, index, problems, opts)
          if (item) recordItems.push({ ...item, originatingAccount })
        }
        const totalsEl = onlyChild(record, 'Totals', problems, false)
        const itemCount = childrenNamed(record, 'ReturnedDebitItem').length
        const sum = recordItems.reduce((s, i) => s + i.amountPence, 0)
        if (totalsEl && recordItems.length === itemCount) {
          const t = new ItemReader(totalsEl, null, problems)
          const numberOf = t.count('numberOf')
          if (numberOf !== null && numberOf !== itemCount) {
            t.problem('numberOf', `Totals say ${numberOf} returned debits but the record has ${itemCount}`)
          }
          const value = t.optional('valueOf')
          if (value !== null) {
            const declared = /^\d{1,12}(\.\d{1,2})?$/.test(value) ? parsePounds(value) : null
            if (declared === null) t.problem('valueOf', `"${value}" is not an amount of pounds like 123.45`)
            else if (declared !== sum) t.problem('valueOf', `Totals say ${value} but the returned debits add up to ${formatPence(sum)}`)
          }
        }
        totalPence += sum
        items.push(...recordItems)
      }
    }
  }
  if (index === 0 && advice) problems.add(null, 'ReturnedDebitItem', 'The ARUDD report has no returned debits in it', advice.line)
  checkServiceUser(serviceUserNumber, opts, problems)
  problems.throwIfAny()
  const id = ['ARUDD', serviceUserNumber, generated, adviceNumber].filter((p) => p !== null).join('-')
  return {
    kind: 'ARUDD',
    reportId: id,
    generated: generated!,
    serviceUserNumber: serviceUserNumber!,
    serviceUserName,
    adviceNumber,
    reportType,
    items,
    totalPence,
  }
}

function formatPence(p: number): string {
  return `${Math.floor(p / 100)}.${String(p % 100).padStart(2, '0')}`
}

/**
 * The reason for an unpaid: from the council's return code map, else a single-character
 * returnCode, else the description. When the code gives a reason and the description
 * names a different one, the item is refused rather than one of them believed.
 */
function resolveAruddReason(
  returnCode: string,
  description: string | null,
  opts: ParseBacsReportOptions,
): { reason: AruddReason } | { problem: string } {
  const mapped = opts.returnCodeMap && Object.hasOwn(opts.returnCodeMap, returnCode) ? opts.returnCodeMap[returnCode] : undefined
  const byCode = mapped !== undefined ? aruddReason(mapped) : returnCode.length === 1 ? aruddReason(returnCode) : undefined
  const byDescription = description === null ? undefined : aruddReasonFromDescription(description)
  if (mapped !== undefined && !byCode) {
    return { problem: `The return code map sends "${returnCode}" to "${mapped}", which is not an ARUDD reason code` }
  }
  if (byCode && byDescription && byCode.code !== byDescription.code) {
    return {
      problem: `returnCode "${returnCode}" means ARUDD ${byCode.code} (${byCode.meaning}) but returnDescription "${description}" means ARUDD ${byDescription.code} (${byDescription.meaning})`,
    }
  }
  const reason = byCode ?? byDescription
  if (reason) return { reason }
  return {
    problem: `Unknown ARUDD reason: returnCode "${returnCode}"${description ? ` with description "${description}"` : ' and no returnDescription'}. Check it against the Bacs reason codes and add it to the return code map`,
  }
}

function parseReturnedDebitItem(
  el: XmlElement,
  index: number,
  problems: Problems,
  opts: ParseBacsReportOptions,
): Omit<AruddItem, 'originatingAccount'> | null {
  const before = problems.count
  const r = new ItemReader(el, index, problems)
  unknownChildren(el, ['PayerAccount'], problems, index)
  const reference = r.required('ref')
  const transCode = r.required('transCode')
  if (transCode !== null && !isCollectionCode(transCode)) {
    r.problem('transCode', `"${transCode}" is not a Direct Debit collection code (01, 17, 18 or 19)`)
  }
  const returnCode = r.required('returnCode')
  const returnDescription = r.optional('returnDescription')
  let reason: AruddReason | undefined
  if (returnCode !== null) {
    const resolved = resolveAruddReason(returnCode, returnDescription, opts)
    if ('problem' in resolved) r.problem('returnCode', resolved.problem)
    else reason = resolved.reason
  }
  const originalProcessingDate = r.date('originalProcessingDate')
  const amountPence = r.amount('valueOf')
  const currency = r.optional('currency')
  if (currency !== null && currency !== 'GBP') r.problem('currency', `Only GBP is collected by Direct Debit, not ${currency}`)

  const payerEls = childrenNamed(el, 'PayerAccount')
  let payer: AruddItem['payer'] | null = null
  if (payerEls.length !== 1) {
    problems.add(index, 'PayerAccount', payerEls.length === 0 ? 'The returned debit has no PayerAccount' : 'The returned debit has more than one PayerAccount', el.line)
  } else {
    const p = new ItemReader(payerEls[0]!, index, problems)
    const sortCode = p.sortCode('sortCode')
    const accountNumber = p.accountNumber('number')
    if (sortCode && accountNumber) {
      payer = {
        sortCode,
        accountNumber,
        name: p.optional('name'),
        reference: p.optional('ref'),
        bankName: p.optional('bankName'),
        branchName: p.optional('branchName'),
      }
    }
  }
  if (problems.count > before) return null
  return {
    index,
    reference: reference!,
    transactionCode: transCode as CollectionTransactionCode,
    returnCode: returnCode!,
    returnDescription: returnDescription ?? reason!.meaning.toUpperCase(),
    reason: reason!,
    originalProcessingDate: originalProcessingDate!,
    amountPence: amountPence!,
    payer: payer!,
  }
}

// ---------------------------------------------------------------------------------------
// ADDACS and AUDDIS (MessagingAdvices)

const AUDDIS_FILE_RECORDS = ['V', 'R'] as const

function parseMessagingAdvices(advices: XmlElement, problems: Problems, opts: ParseBacsReportOptions): AddacsReport | AuddisReport {
  unknownChildren(advices, ['MessagingHeader', 'Header', 'MessagingAdvice', 'MessagingError'], problems)
  const headers = [...childrenNamed(advices, 'MessagingHeader'), ...childrenNamed(advices, 'Header')]
  if (headers.length !== 1) {
    problems.add(null, 'MessagingHeader', headers.length === 0 ? 'The report has no MessagingHeader' : 'The report has more than one header', advices.line)
    problems.throwIfAny()
  }
  const h = new ItemReader(headers[0]!, null, problems)
  const serviceUserNumber = h.required('user-number')
  if (serviceUserNumber !== null && !/^\d{6}$/.test(serviceUserNumber)) h.problem('user-number', `"${serviceUserNumber}" is not a 6-digit service user number`)
  const generated = h.date('report-generation-date')
  const serviceUserName = h.optional('user-name')
  const sequence = h.optional('envelope-sequence-number')
  const declaredType = h.optional('advice-type')?.toUpperCase() ?? null

  const adviceEls = childrenNamed(advices, 'MessagingAdvice')
  const recordTypes = adviceEls.map((el) => (Object.hasOwn(el.attributes, 'record-type') ? el.attributes['record-type']! : '').trim().toUpperCase())
  let kind: 'ADDACS' | 'AUDDIS'
  if (declaredType !== null) {
    if (declaredType.startsWith('ADDACS')) kind = 'ADDACS'
    else if (declaredType.startsWith('AUDDIS')) kind = 'AUDDIS'
    else return fail('MessagingHeader@advice-type', `"${declaredType}" is not an ADDACS or AUDDIS report`, headers[0]!.line)
  } else if (recordTypes.length > 0 && recordTypes.every((t) => t === 'A')) {
    kind = 'ADDACS'
  } else if (recordTypes.length > 0 && recordTypes.every((t) => t !== 'A' && t !== '')) {
    kind = 'AUDDIS'
  } else {
    return fail(
      'MessagingAdvice@record-type',
      recordTypes.length === 0
        ? 'The report has no MessagingAdvice records and no advice-type, so it is not known whether it is ADDACS or AUDDIS'
        : 'The records mix ADDACS (record-type "A") and other record types, or some have no record-type',
      advices.line,
    )
  }
  if (opts.expectedKind && opts.expectedKind !== kind) {
    fail('file', `This is an ${kind} report, not ${opts.expectedKind}`)
  }
  checkServiceUser(serviceUserNumber, opts, problems)

  const reportId = [kind, serviceUserNumber, generated, sequence].filter((p) => p !== null).join('-')
  const base = { reportId, generated: generated!, serviceUserNumber: serviceUserNumber!, serviceUserName }

  if (kind === 'ADDACS') {
    const stray = childrenNamed(advices, 'MessagingError')[0]
    if (stray) problems.add(null, 'MessagingError', 'An ADDACS report does not carry MessagingError records', stray.line)
    const items: AddacsItem[] = []
    adviceEls.forEach((el, i) => {
      if (recordTypes[i] !== 'A' && recordTypes[i] !== '') {
        problems.add(i + 1, 'MessagingAdvice@record-type', `An ADDACS advice has record type "A", not "${recordTypes[i]}"`, el.line)
        return
      }
      const item = parseAddacsAdvice(el, i + 1, serviceUserNumber, problems)
      if (item) items.push(item)
    })
    if (adviceEls.length === 0) problems.add(null, 'MessagingAdvice', 'The ADDACS report has no advices in it', advices.line)
    problems.throwIfAny()
    return { kind, ...base, items }
  }

  const errors = childrenNamed(advices, 'MessagingError').map((e) =>
    Object.keys(e.attributes)
      .filter((k) => /^line\d+$/.test(k))
      .sort((a, b) => Number(a.slice(4)) - Number(b.slice(4)))
      .map((k) => e.attributes[k]!.trim())
      .filter((t) => t !== '')
      .join(' '),
  )
  const files: AuddisFileSummary[] = []
  const items: AuddisItem[] = []
  adviceEls.forEach((el, i) => {
    const recordType = recordTypes[i]!
    if (recordType === 'A') {
      problems.add(i + 1, 'MessagingAdvice@record-type', 'Record type "A" is an ADDACS advice, not part of an AUDDIS report', el.line)
      return
    }
    if ((AUDDIS_FILE_RECORDS as readonly string[]).includes(recordType)) {
      const r = new ItemReader(el, i + 1, problems)
      checkAdviceUser(r, serviceUserNumber)
      files.push({
        recordType: recordType as 'V' | 'R',
        volumeSerialNumber: r.optional('vol-serial-number'),
        originatorFileNumber: r.optional('originator-file-number'),
        acceptedInstructions: r.count('accepted-ddi'),
        rejectedInstructions: r.count('rejected-ddi'),
        fileType: r.optional('file-type'),
        errors: recordType === 'R' ? errors : [],
      })
      return
    }
    const item = parseAuddisAdvice(el, i + 1, recordType, serviceUserNumber, problems)
    if (item) items.push(item)
  })
  if (adviceEls.length === 0) problems.add(null, 'MessagingAdvice', 'The AUDDIS report has no advices in it', advices.line)
  problems.throwIfAny()
  return { kind, ...base, files, items }
}

function checkAdviceUser(r: ItemReader, headerUser: string | null): void {
  const user = r.optional('user-number')
  if (user !== null && headerUser !== null && user !== headerUser) {
    r.problem('user-number', `The advice is for service user ${user}, but the report is for ${headerUser}`)
  }
}

function parseAddacsAdvice(el: XmlElement, index: number, headerUser: string | null, problems: Problems): AddacsItem | null {
  const before = problems.count
  const r = new ItemReader(el, index, problems)
  unknownChildren(el, [], problems, index)
  checkAdviceUser(r, headerUser)
  const reference = r.required('reference')
  const reasonCode = r.required('reason-code')
  const reason = reasonCode === null ? undefined : addacsReason(reasonCode)
  if (reasonCode !== null && !reason) r.problem('reason-code', `"${reasonCode}" is not an ADDACS reason code (0, 1, 2, 3, B, C, D, E or R)`)
  const sortCode = r.sortCode('payer-sort-code')
  const accountNumber = r.accountNumber('payer-account-number')
  const newSort = r.sortCode('payer-new-sort-code', false)
  const newAccount = r.accountNumber('payer-new-account-number', false)
  const hasNewSort = r.optional('payer-new-sort-code') !== null
  const hasNewAccount = r.optional('payer-new-account-number') !== null
  if (hasNewSort !== hasNewAccount) {
    r.problem(hasNewSort ? 'payer-new-account-number' : 'payer-new-sort-code', 'New bank details need both a sort code and an account number')
  }
  if (reason?.code === 'C' && !hasNewSort && !hasNewAccount) {
    r.problem('payer-new-sort-code', 'ADDACS C (account transferred to a different branch) must give the new sort code and account number')
  }
  const effectiveDate = r.date('effective-date', false)
  if (problems.count > before) return null
  return {
    index,
    reference: reference!,
    reasonCode: reason!.code,
    reason: reason!,
    payerName: r.optional('payer-name'),
    payer: { sortCode: sortCode!, accountNumber: accountNumber! },
    newAccount: newSort && newAccount ? { sortCode: newSort, accountNumber: newAccount, name: r.optional('payer-new-name') } : null,
    effectiveDate,
    aosn: r.optional('aosn'),
  }
}

function parseAuddisAdvice(
  el: XmlElement,
  index: number,
  recordType: string,
  headerUser: string | null,
  problems: Problems,
): AuddisItem | null {
  const before = problems.count
  const r = new ItemReader(el, index, problems)
  unknownChildren(el, [], problems, index)
  checkAdviceUser(r, headerUser)
  const reference = r.required('reference')
  const reasonCode = r.required('reason-code')
  const reason = reasonCode === null ? undefined : auddisReason(reasonCode)
  if (reasonCode !== null && !reason) {
    r.problem('reason-code', `"${reasonCode}" is not an AUDDIS reason code (1, 2, 3, 5, 6, 7, B, C, F, G, H, I, K, L, M, N, O, P or Q)`)
  }
  const sortCode = r.sortCode('payer-sort-code')
  const accountNumber = r.accountNumber('payer-account-number')
  const code = r.optional('transaction-code')
  if (code !== null && !isInstructionCode(code)) r.problem('transaction-code', `"${code}" is not an AUDDIS instruction code (0N, 0C or 0S)`)
  const newSort = r.sortCode('payer-new-sort-code', false)
  const newAccount = r.accountNumber('payer-new-account-number', false)
  if (reason?.code === 'C' && (r.optional('payer-new-sort-code') === null || r.optional('payer-new-account-number') === null)) {
    r.problem('payer-new-sort-code', 'AUDDIS C (account transferred to a different branch) must give the new sort code and account number')
  }
  const effectiveDate = r.date('effective-date', false)
  if (problems.count > before) return null
  return {
    index,
    recordType,
    reference: reference!,
    reasonCode: reason!.code,
    reason: reason!,
    transactionCode: code as InstructionTransactionCode | null,
    payerName: r.optional('payer-name'),
    payer: { sortCode: sortCode!, accountNumber: accountNumber! },
    newAccount: newSort && newAccount ? { sortCode: newSort, accountNumber: newAccount } : null,
    effectiveDate,
  }
}

function checkServiceUser(found: string | null, opts: ParseBacsReportOptions, problems: Problems): void {
  if (opts.expectedServiceUserNumber !== undefined && found !== null && found !== opts.expectedServiceUserNumber) {
    problems.add(null, 'serviceUserNumber', `The report is for service user number ${found}, not this council's ${opts.expectedServiceUserNumber}`)
  }
}

// ---------------------------------------------------------------------------------------

/**
 * Reads an ARUDD, ADDACS or AUDDIS report in the Bacs XML form. Bytes are decoded
 * using the XML declaration (ISO-8859-1 or UTF-8). Throws a BacsReportError listing
 * every problem: malformed XML, unknown records, missing or invalid attributes, unknown
 * reason codes, totals that do not add up.
 */
export function parseBacsReport(input: string | Uint8Array, opts: ParseBacsReportOptions = {}): BacsReport {
  let text: string
  if (typeof input === 'string') {
    text = input
  } else {
    const decoded = decodeXmlBytes(input)
    if (!decoded.ok) return fail('file', decoded.message)
    text = decoded.text
  }
  const read = readXml(text)
  if (!read.ok) return fail('xml', read.message, read.line)
  const root = read.root
  if (root.name !== 'BACSDocument') return fail(root.name, `The report's root element must be <BACSDocument>, not <${root.name}>`, root.line)

  const problems = new Problems()
  unknownChildren(root, ['Data', 'SignatureMethod', 'Signature'], problems)
  const data = onlyChild(root, 'Data', problems)
  problems.throwIfAny()
  const reports = data!.children
  if (reports.length !== 1) {
    return fail('Data', `<Data> must hold exactly one report (<ARUDD> or <MessagingAdvices>), not ${reports.length} elements`, data!.line)
  }
  const report = reports[0]!
  let parsed: BacsReport
  if (report.name === 'ARUDD') {
    if (opts.expectedKind && opts.expectedKind !== 'ARUDD') fail('file', `This is an ARUDD report, not ${opts.expectedKind}`)
    parsed = parseArudd(report, problems, opts)
  } else if (report.name === 'MessagingAdvices') {
    parsed = parseMessagingAdvices(report, problems, opts)
  } else {
    return fail(report.name, `<${report.name}> is not a report Reeve reads: expected <ARUDD> or <MessagingAdvices> (ADDACS, AUDDIS)`, report.line)
  }
  return parsed
}
