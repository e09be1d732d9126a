import type { Db, Queryable } from '../../db/client.ts'
import { addDays } from '../../domain/calendar/index.ts'
import { documentNumber } from '../../domain/invoicing/document-number.ts'
import { InvoiceRuleError, invoiceLegs, priceLines, totalsOf, type InvoiceLineInput, type PricedLine } from '../../domain/invoicing/invoice.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'
import { postTransaction } from '../ledger/post-transaction.ts'
import { controlAccountId, loadChargeTypes, paymentTermsDaysOn, takeDocumentNumbers, vatPolicyOn } from './invoicing-settings.ts'

export type InvoiceSource = 'manual' | 'repair' | 'care_plan' | 'loan' | 'storage' | 'insurance_claim' | 'hb_overpayment'

export interface RaiseInvoiceOptions {
  accountId: number
  issueDate: string
  postingDate: string
  lines: readonly InvoiceLineInput[]
  source?: InvoiceSource
  period?: { start: string; end: string } | null
  actor: Actor
  /** Why, for the audit trail (defaults to the first line's description). */
  reason?: string
}

export interface RaisedInvoice {
  invoiceId: number
  invoiceNumber: string
  accountId: number
  totalPence: number
  transactionId: number
  lines: PricedLine[]
}

/** Raises an invoice in its own database transaction. */
export function raiseInvoice(db: Db, opts: RaiseInvoiceOptions): Promise<RaisedInvoice> {
  return db.transaction((tx) => raiseInvoiceInTx(tx, opts))
}

/**
 * Raises a numbered invoice in the caller's transaction: checks the account and charge types, prices the lines
 * (VAT per the policy in force on the issue date), takes the next invoice number, posts one balanced ledger
 * transaction (Dr customer, Cr income and output VAT) and writes the invoice, its lines and an audit row.
 */
export async function raiseInvoiceInTx(tx: Queryable, opts: RaiseInvoiceOptions): Promise<RaisedInvoice> {
  const source = opts.source ?? 'manual'
  const [account] = await tx.query<{ id: number; account_class: string; account_type: string; status: string; account_number: string }>(
    'select id, account_class, account_type, status, account_number from accounts where id = $1',
    [opts.accountId],
  )
  if (!account || account.account_class !== 'customer') throw new AppError('not_found', `No customer account ${opts.accountId}`)
  if (account.status !== 'open') throw new AppError('invalid_state', `Account ${account.account_number} is closed: an invoice cannot be raised on it`)

  const types = await loadChargeTypes(tx)
  for (const [i, l] of opts.lines.entries()) {
    const t = types.get(l.chargeType)
    const field = opts.lines.length > 1 ? `lines[${i}].chargeType` : 'chargeType'
    if (!t) throw new AppError('validation', `There is no charge type ${l.chargeType}`, [{ field, message: 'Select a charge type' }])
    if (t.accountTypes && !t.accountTypes.includes(account.account_type)) {
      throw new AppError('validation', `${t.label} cannot be invoiced to a ${account.account_type.replace(/_/g, ' ')} account`, [
        { field, message: `${t.label} cannot be invoiced to this account` },
      ])
    }
    if (t.fromSourceOnly && source === 'manual') {
      throw new AppError('validation', `${t.label} is invoiced from its own record, not typed in`, [{ field, message: `${t.label} is raised from its own record` }])
    }
  }

  let priced: PricedLine[]
  try {
    priced = priceLines(opts.lines, await vatPolicyOn(tx, opts.issueDate))
  } catch (e) {
    if (e instanceof InvoiceRuleError) throw new AppError('validation', e.message, [{ field: e.field, message: e.message }])
    throw e
  }
  const totals = totalsOf(priced)
  const dueDate = addDays(opts.issueDate, await paymentTermsDaysOn(tx, opts.issueDate))
  const [n] = await takeDocumentNumbers(tx, 'INV')
  const invoiceNumber = documentNumber('INV', n!)
  const vatAccountId = await controlAccountId(tx, 'GL-VAT-OUTPUT')
  const description = `Invoice ${invoiceNumber}: ${priced[0]!.description}${priced.length > 1 ? ` and ${priced.length - 1} more` : ''}`
  const posted = await postTransaction(tx, {
    type: 'charge',
    idempotencyKey: `invoice:${invoiceNumber}`,
    effectiveDate: opts.issueDate,
    postingDate: opts.postingDate,
    source: opts.actor.userId === null ? 'system' : 'user',
    actor: opts.actor,
    description,
    legs: invoiceLegs(priced, { customerAccountId: account.id, incomeAccountFor: (c) => types.get(c)!.incomeAccountId, vatAccountId }, { postingType: 'invoice', description }),
  })
  const [inv] = await tx.query<{ id: number }>(
    `insert into invoices (invoice_number, account_id, issue_date, due_date, source, period_start, period_end, net_pence, vat_pence, total_pence,
       transaction_id, actor, user_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) returning id`,
    [
      invoiceNumber,
      account.id,
      opts.issueDate,
      dueDate,
      source,
      opts.period?.start ?? null,
      opts.period?.end ?? null,
      totals.netPence,
      totals.vatPence,
      totals.totalPence,
      posted.transactionId,
      opts.actor.label,
      opts.actor.userId,
    ],
  )
  await insertLines(tx, inv!.id, priced)
  await recordAuditEvent(tx, opts.actor, {
    action: 'invoice.raised',
    entityType: 'invoice',
    entityId: invoiceNumber,
    after: { accountId: account.id, issueDate: opts.issueDate, dueDate, source, ...totals, lines: priced.map((l) => ({ chargeType: l.chargeType, netPence: l.netPence, vatPence: l.vatPence })) },
    reason: opts.reason ?? priced[0]!.description,
  })
  return { invoiceId: inv!.id, invoiceNumber, accountId: account.id, totalPence: totals.totalPence, transactionId: posted.transactionId, lines: priced }
}

export async function insertLines(tx: Queryable, invoiceId: number, lines: readonly PricedLine[]): Promise<void> {
  await tx.query(
    `insert into invoice_lines (invoice_id, line_no, charge_type, description, net_pence, vat_treatment, vat_rate_bps, vat_pence)
     select $1, l.line_no, l.charge_type, l.description, l.net_pence, l.vat_treatment, l.vat_rate_bps, l.vat_pence
     from unnest($2::int[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::int[], $8::bigint[])
       as l(line_no, charge_type, description, net_pence, vat_treatment, vat_rate_bps, vat_pence)`,
    [
      invoiceId,
      lines.map((l) => l.lineNo),
      lines.map((l) => l.chargeType),
      lines.map((l) => l.description),
      lines.map((l) => l.netPence),
      lines.map((l) => l.vatTreatment),
      lines.map((l) => l.vatRateBps),
      lines.map((l) => l.vatPence),
    ],
  )
}

/** Used by the source-record services: the lines of a one-line invoice. */
export function oneLine(chargeType: string, description: string, netPence: number): InvoiceLineInput[] {
  return [{ chargeType, description, netPence }]
}

