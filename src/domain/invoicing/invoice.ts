/**
 * Invoices and credit notes as numbers: pricing lines (VAT per line), totals, the ledger legs an invoice posts and
 * the reversing legs of a credit note, and how a partial credit is shared across an invoice's lines.
 *
 * Sign convention of the ledger (decision 0003): positive debits an account. An invoice debits the customer with
 * its total and credits each charge type's income account with the net and the output VAT account with the VAT;
 * a credit note posts exactly the opposite for the part it cancels.
 */
import type { Leg } from '../ledger/legs.ts'
import { allocateProportionally, assertPence, formatPounds, type Pence } from '../money/pence.ts'
import { netOfGross, vatOn, vatRuleFor, type VatPolicy, type VatTreatment } from './vat.ts'

/** A single invoice may charge at most this much (£1,000,000): far above any sundry debt, it catches a slipped key. */
export const MAX_INVOICE_PENCE = 100_000_000
export const MAX_INVOICE_LINES = 50
export const MAX_LINE_DESCRIPTION = 200

export interface InvoiceLineInput {
  chargeType: string
  description: string
  netPence: Pence
}

export interface PricedLine extends InvoiceLineInput {
  lineNo: number
  vatTreatment: VatTreatment
  vatRateBps: number
  vatPence: Pence
  totalPence: Pence
}

export interface Totals {
  netPence: Pence
  vatPence: Pence
  totalPence: Pence
}

export class InvoiceRuleError extends Error {
  override name = 'InvoiceRuleError'
  readonly field: string
  constructor(field: string, message: string) {
    super(message)
    this.field = field
  }
}

/** Prices each line under the VAT policy in force on the invoice date; refuses empty or impossible invoices. */
export function priceLines(lines: readonly InvoiceLineInput[], policy: VatPolicy): PricedLine[] {
  if (lines.length === 0) throw new InvoiceRuleError('lines', 'An invoice needs at least one line')
  if (lines.length > MAX_INVOICE_LINES) throw new InvoiceRuleError('lines', `An invoice may have at most ${MAX_INVOICE_LINES} lines`)
  const priced = lines.map((l, i) => {
    assertPence(l.netPence)
    if (l.netPence <= 0) throw new InvoiceRuleError('amount', `Line ${i + 1}: the amount must be more than £0.00`)
    const description = l.description.trim()
    if (!description) throw new InvoiceRuleError('description', `Line ${i + 1}: enter what the charge is for`)
    if (description.length > MAX_LINE_DESCRIPTION) {
      throw new InvoiceRuleError('description', `Line ${i + 1}: the description must be ${MAX_LINE_DESCRIPTION} characters or fewer`)
    }
    const rule = vatRuleFor(policy, l.chargeType)
    const vatPence = rule.treatment === 'standard' ? vatOn(l.netPence, rule.rateBps) : 0
    return {
      lineNo: i + 1,
      chargeType: l.chargeType,
      description,
      netPence: l.netPence,
      vatTreatment: rule.treatment,
      vatRateBps: rule.rateBps,
      vatPence,
      totalPence: l.netPence + vatPence,
    }
  })
  const totals = totalsOf(priced)
  if (totals.totalPence > MAX_INVOICE_PENCE) {
    throw new InvoiceRuleError('amount', `An invoice may charge at most ${formatPounds(MAX_INVOICE_PENCE)}, not ${formatPounds(totals.totalPence)}`)
  }
  return priced
}

export function totalsOf(lines: readonly { netPence: Pence; vatPence: Pence }[]): Totals {
  let netPence = 0
  let vatPence = 0
  for (const l of lines) {
    netPence += l.netPence
    vatPence += l.vatPence
  }
  return { netPence, vatPence, totalPence: netPence + vatPence }
}

export interface LegAccounts {
  customerAccountId: number
  /** The income (or balance sheet) account each charge type credits. */
  incomeAccountFor: (chargeType: string) => number
  vatAccountId: number
}

/**
 * The legs of an invoice: the customer debited with the total, each income account credited with the net of its
 * lines (one leg per account), the VAT account with the VAT. `sign` -1 gives a credit note's reversing legs.
 */
export function invoiceLegs(
  lines: readonly { chargeType: string; netPence: Pence; vatPence: Pence }[],
  accounts: LegAccounts,
  o: { postingType: string; description: string; sign?: 1 | -1 },
): Leg[] {
  const sign = o.sign ?? 1
  const byIncome = new Map<number, number>()
  let vat = 0
  let total = 0
  for (const l of lines) {
    const id = accounts.incomeAccountFor(l.chargeType)
    byIncome.set(id, (byIncome.get(id) ?? 0) + l.netPence)
    vat += l.vatPence
    total += l.netPence + l.vatPence
  }
  const legs: Leg[] = [{ accountId: accounts.customerAccountId, amountPence: sign * total, postingType: o.postingType, description: o.description }]
  for (const [accountId, net] of byIncome) {
    if (net !== 0) legs.push({ accountId, amountPence: -sign * net, postingType: o.postingType, description: o.description })
  }
  if (vat !== 0) legs.push({ accountId: accounts.vatAccountId, amountPence: -sign * vat, postingType: 'vat', description: o.description })
  return legs
}

export interface CreditableLine {
  invoiceLineId: number
  netPence: Pence
  vatPence: Pence
  vatRateBps: number
  /** Already cancelled by earlier credit notes. */
  creditedNetPence: Pence
  creditedVatPence: Pence
}

export interface CreditLine {
  invoiceLineId: number
  netPence: Pence
  vatPence: Pence
}

/** What is left of an invoice to credit (gross). */
export function remainingToCredit(lines: readonly CreditableLine[]): Pence {
  return lines.reduce((s, l) => s + l.netPence - l.creditedNetPence + l.vatPence - l.creditedVatPence, 0)
}

/**
 * How a credit note cancels an invoice: `'whole'` cancels everything not yet credited; an amount (gross, pence)
 * is shared across the lines in proportion to what is left of each (largest remainder, so the parts add up exactly),
 * and each line's share split back into net and VAT at the line's rate. Never more than is left of any line.
 */
export function allocateCredit(lines: readonly CreditableLine[], amount: 'whole' | Pence): CreditLine[] {
  const left = lines.map((l) => ({ net: l.netPence - l.creditedNetPence, vat: l.vatPence - l.creditedVatPence }))
  const remaining = left.reduce((s, l) => s + l.net + l.vat, 0)
  if (remaining <= 0) throw new InvoiceRuleError('amount', 'This invoice has already been cancelled in full by credit notes')
  if (amount === 'whole') {
    return lines
      .map((l, i) => ({ invoiceLineId: l.invoiceLineId, netPence: left[i]!.net, vatPence: left[i]!.vat }))
      .filter((c) => c.netPence + c.vatPence > 0)
  }
  assertPence(amount)
  if (amount <= 0) throw new InvoiceRuleError('amount', 'The amount to credit must be more than £0.00')
  if (amount > remaining) {
    throw new InvoiceRuleError('amount', `The amount to credit must be ${formatPounds(remaining)} or less (what is left of the invoice)`)
  }
  const shares = allocateProportionally(amount, left.map((l) => l.net + l.vat))
  const out: CreditLine[] = []
  lines.forEach((l, i) => {
    const gross = shares[i]!
    if (gross === 0) return
    const { net: remNet, vat: remVat } = left[i]!
    let net: number
    let vat: number
    if (gross === remNet + remVat) {
      net = remNet
      vat = remVat
    } else {
      net = netOfGross(gross, l.vatRateBps)
      vat = gross - net
      if (vat > remVat) {
        vat = remVat
        net = gross - vat
      }
      if (net > remNet) {
        net = remNet
        vat = gross - net
      }
    }
    out.push({ invoiceLineId: l.invoiceLineId, netPence: net, vatPence: vat })
  })
  return out
}

export type InvoiceStatus = 'outstanding' | 'part_credited' | 'credited'

export function invoiceStatus(totalPence: Pence, creditedPence: Pence): InvoiceStatus {
  if (creditedPence <= 0) return 'outstanding'
  return creditedPence >= totalPence ? 'credited' : 'part_credited'
}

export const INVOICE_STATUS_LABELS: Record<InvoiceStatus, string> = {
  outstanding: 'Issued',
  part_credited: 'Part cancelled by credit note',
  credited: 'Cancelled by credit note',
}
