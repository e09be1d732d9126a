import type { Db, Queryable } from '../../db/client.ts'
import { documentNumber } from '../../domain/invoicing/document-number.ts'
import { allocateCredit, InvoiceRuleError, invoiceLegs, totalsOf, type CreditLine } from '../../domain/invoicing/invoice.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'
import { postTransaction } from '../ledger/post-transaction.ts'
import { controlAccountId, loadChargeTypes, takeDocumentNumbers } from './invoicing-settings.ts'

export interface CreditInvoiceOptions {
  invoiceNumber: string
  /** 'whole' cancels everything not yet credited; a number (pence, VAT included) cancels part. */
  amount: 'whole' | number
  reason: string
  issueDate: string
  postingDate: string
  actor: Actor
}

export interface IssuedCreditNote {
  creditNoteId: number
  creditNoteNumber: string
  invoiceNumber: string
  totalPence: number
  transactionId: number
  /** True when the note cancelled the whole invoice at once and was posted as the ledger reversal of it. */
  reversal: boolean
}

export function creditInvoice(db: Db, opts: CreditInvoiceOptions): Promise<IssuedCreditNote> {
  return db.transaction((tx) => creditInvoiceInTx(tx, opts))
}

/**
 * Issues a credit note cancelling an invoice wholly or in part; nothing is deleted. The ledger entry is the
 * invoice's own entry reversed for the part cancelled: a credit note cancelling a whole, never-credited invoice is
 * posted as the ledger reversal of the invoice's transaction (the database checks it nets the invoice to zero);
 * a partial one as an adjustment with the invoice's legs negated in proportion.
 */
export async function creditInvoiceInTx(tx: Queryable, opts: CreditInvoiceOptions): Promise<IssuedCreditNote> {
  const reason = opts.reason.trim()
  if (!reason) throw new AppError('validation', 'Give the reason for the credit note', [{ field: 'reason', message: 'Enter why the invoice is being cancelled' }])
  // Lock the invoice so two credit notes for it cannot both pass the "what is left" check.
  const [inv] = await tx.query<{ id: number; invoice_number: string; account_id: number; issue_date: string; transaction_id: number; total_pence: number }>(
    'select id, invoice_number, account_id, issue_date, transaction_id, total_pence from invoices where invoice_number = $1 for update',
    [opts.invoiceNumber.trim().toUpperCase()],
  )
  if (!inv) throw new AppError('not_found', `No invoice ${opts.invoiceNumber}`)
  if (opts.issueDate < inv.issue_date) {
    throw new AppError('validation', `A credit note cannot be dated before its invoice (${inv.issue_date})`, [{ field: 'issueDate', message: 'The credit note date must be on or after the invoice date' }])
  }
  const lines = await tx.query<{ id: number; charge_type: string; net_pence: number; vat_pence: number; vat_rate_bps: number; credited_net: number; credited_vat: number }>(
    `select l.id, l.charge_type, l.net_pence, l.vat_pence, l.vat_rate_bps,
       coalesce(sum(c.net_pence), 0)::bigint as credited_net, coalesce(sum(c.vat_pence), 0)::bigint as credited_vat
     from invoice_lines l left join credit_note_lines c on c.invoice_line_id = l.id
     where l.invoice_id = $1 group by l.id order by l.line_no`,
    [inv.id],
  )
  let credit: CreditLine[]
  try {
    credit = allocateCredit(
      lines.map((l) => ({ invoiceLineId: l.id, netPence: l.net_pence, vatPence: l.vat_pence, vatRateBps: l.vat_rate_bps, creditedNetPence: l.credited_net, creditedVatPence: l.credited_vat })),
      opts.amount,
    )
  } catch (e) {
    if (e instanceof InvoiceRuleError) throw new AppError('validation', e.message, [{ field: e.field, message: e.message }])
    throw e
  }
  const totals = totalsOf(credit)
  const neverCredited = lines.every((l) => l.credited_net === 0 && l.credited_vat === 0)
  const reversal = neverCredited && totals.totalPence === inv.total_pence

  const [n] = await takeDocumentNumbers(tx, 'CRN')
  const creditNoteNumber = documentNumber('CRN', n!)
  const types = await loadChargeTypes(tx)
  const vatAccountId = await controlAccountId(tx, 'GL-VAT-OUTPUT')
  const chargeTypeOf = new Map(lines.map((l) => [l.id, l.charge_type]))
  const description = `Credit note ${creditNoteNumber} for invoice ${inv.invoice_number}`
  const legs = invoiceLegs(
    credit.map((c) => ({ chargeType: chargeTypeOf.get(c.invoiceLineId)!, netPence: c.netPence, vatPence: c.vatPence })),
    { customerAccountId: inv.account_id, incomeAccountFor: (t) => types.get(t)!.incomeAccountId, vatAccountId },
    { postingType: 'credit_note', description, sign: -1 },
  )
  const posted = await postTransaction(tx, {
    type: reversal ? 'reversal' : 'adjustment',
    ...(reversal ? { reversesTransactionId: inv.transaction_id } : {}),
    idempotencyKey: `credit-note:${creditNoteNumber}`,
    effectiveDate: opts.issueDate,
    postingDate: opts.postingDate,
    source: opts.actor.userId === null ? 'system' : 'user',
    actor: opts.actor,
    description,
    legs,
  })
  const [cn] = await tx.query<{ id: number }>(
    `insert into credit_notes (credit_note_number, invoice_id, issue_date, reason, net_pence, vat_pence, total_pence, transaction_id, actor, user_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning id`,
    [creditNoteNumber, inv.id, opts.issueDate, reason, totals.netPence, totals.vatPence, totals.totalPence, posted.transactionId, opts.actor.label, opts.actor.userId],
  )
  await tx.query(
    `insert into credit_note_lines (credit_note_id, invoice_line_id, net_pence, vat_pence)
     select $1, l.line_id, l.net, l.vat from unnest($2::bigint[], $3::bigint[], $4::bigint[]) as l(line_id, net, vat)`,
    [cn!.id, credit.map((c) => c.invoiceLineId), credit.map((c) => c.netPence), credit.map((c) => c.vatPence)],
  )
  await recordAuditEvent(tx, opts.actor, {
    action: 'invoice.credited',
    entityType: 'invoice',
    entityId: inv.invoice_number,
    after: { creditNoteNumber, ...totals, whole: opts.amount === 'whole', transactionId: posted.transactionId },
    reason,
  })
  return { creditNoteId: cn!.id, creditNoteNumber, invoiceNumber: inv.invoice_number, totalPence: totals.totalPence, transactionId: posted.transactionId, reversal }
}
