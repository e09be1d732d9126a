import type { Db } from '../../db/client.ts'
import { formatPounds } from '../../domain/money/pence.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'
import { postTransaction } from '../ledger/post-transaction.ts'
import { formatShortDateForInvoice } from './invoice-wording.ts'
import { loadChargeTypes } from './invoicing-settings.ts'
import { raiseInvoiceInTx } from './raise-invoice.ts'
import { findOrOpenSundryAccount } from './sundry-account.ts'

export const HB_OVERPAYMENT_CAUSES = ['claimant_error', 'official_error', 'late_notification_of_change', 'fraud', 'other'] as const
export type HbOverpaymentCause = (typeof HB_OVERPAYMENT_CAUSES)[number]

export interface RecordHbOverpaymentOptions {
  overpaymentRef: string
  partyId: number
  accountId?: number | null
  claimRef?: string | null
  periodFrom: string
  periodTo: string
  amountPence: number
  cause: HbOverpaymentCause
  reason: string
  recoverable: boolean
  /** Required when recoverable. */
  method?: 'invoice' | 'ongoing_hb_deduction'
  weeklyDeductionPence?: number
  decidedOn: string
  postingDate: string
  actor: Actor
}

/**
 * Records a Housing Benefit overpayment decision (DOMAIN.md §6.2). A recoverable one is a debt on the person's HB
 * overpayment account: invoiced, or (recovered from ongoing HB) charged without an invoice, the deductions then
 * arriving as Housing Benefit credits. One that is not recoverable (official error the claimant could not have known
 * of, HB Regs reg 100) is recorded and posts nothing.
 */
export async function recordHbOverpayment(db: Db, opts: RecordHbOverpaymentOptions): Promise<{ overpaymentId: number; accountId: number | null; invoiceNumber: string | null }> {
  if (opts.periodTo < opts.periodFrom) throw new AppError('validation', 'The overpaid period cannot end before it starts', [{ field: 'periodTo', message: 'The end must be on or after the start' }])
  if (!Number.isSafeInteger(opts.amountPence) || opts.amountPence <= 0) throw new AppError('validation', 'The overpayment must be more than £0.00', [{ field: 'amount', message: 'Enter the amount overpaid' }])
  if (!opts.reason.trim()) throw new AppError('validation', 'Give the reason for the overpayment', [{ field: 'reason', message: 'Enter the reason' }])
  if (opts.recoverable && !opts.method) throw new AppError('validation', 'Say how a recoverable overpayment is recovered', [{ field: 'method', message: 'Choose invoice or deduction from ongoing Housing Benefit' }])
  if (opts.method === 'ongoing_hb_deduction' && !(opts.weeklyDeductionPence && opts.weeklyDeductionPence > 0)) {
    throw new AppError('validation', 'Give the weekly deduction from ongoing Housing Benefit', [{ field: 'weeklyDeduction', message: 'Enter the weekly deduction' }])
  }
  return db.transaction(async (tx) => {
    const [dup] = await tx.query('select 1 from hb_overpayments where overpayment_ref = $1', [opts.overpaymentRef])
    if (dup) throw new AppError('conflict', `Overpayment ${opts.overpaymentRef} is already recorded`)
    let accountId: number | null = null
    let invoiceId: number | null = null
    let invoiceNumber: string | null = null
    let transactionId: number | null = null
    const description = `Housing Benefit overpaid ${formatShortDateForInvoice(opts.periodFrom)} to ${formatShortDateForInvoice(opts.periodTo)} (${opts.overpaymentRef})`
    if (opts.recoverable) {
      accountId = await findOrOpenSundryAccount(tx, { partyId: opts.partyId, type: 'hb_overpayment', accountId: opts.accountId ?? null, name: 'Housing Benefit overpayments', openedOn: opts.decidedOn, actor: opts.actor })
      if (opts.method === 'invoice') {
        const raised = await raiseInvoiceInTx(tx, { accountId, issueDate: opts.decidedOn, postingDate: opts.postingDate, source: 'hb_overpayment', period: { start: opts.periodFrom, end: opts.periodTo }, lines: [{ chargeType: 'hb_overpayment', description, netPence: opts.amountPence }], actor: opts.actor, reason: opts.reason })
        invoiceId = raised.invoiceId
        invoiceNumber = raised.invoiceNumber
        transactionId = raised.transactionId
      } else {
        const income = (await loadChargeTypes(tx)).get('hb_overpayment')!.incomeAccountId
        const posted = await postTransaction(tx, {
          type: 'charge',
          idempotencyKey: `hb-overpayment:${opts.overpaymentRef}`,
          effectiveDate: opts.decidedOn,
          postingDate: opts.postingDate,
          source: 'user',
          actor: opts.actor,
          description,
          legs: [
            { accountId, amountPence: opts.amountPence, postingType: 'hb_overpayment', description },
            { accountId: income, amountPence: -opts.amountPence, postingType: 'hb_overpayment', description },
          ],
        })
        transactionId = posted.transactionId
      }
    }
    const [row] = await tx.query<{ id: number }>(
      `insert into hb_overpayments (overpayment_ref, party_id, account_id, claim_ref, period_from, period_to, amount_pence, cause, reason, recoverable, method,
         weekly_deduction_pence, decided_on, invoice_id, transaction_id)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) returning id`,
      [opts.overpaymentRef, opts.partyId, accountId, opts.claimRef ?? null, opts.periodFrom, opts.periodTo, opts.amountPence, opts.cause, opts.reason.trim(),
        opts.recoverable, opts.recoverable ? opts.method : null, opts.method === 'ongoing_hb_deduction' ? opts.weeklyDeductionPence : null, opts.decidedOn, invoiceId, transactionId],
    )
    await recordAuditEvent(tx, opts.actor, {
      action: 'hb_overpayment.recorded',
      entityType: 'hb_overpayment',
      entityId: opts.overpaymentRef,
      after: { accountId, amountPence: opts.amountPence, cause: opts.cause, recoverable: opts.recoverable, method: opts.method ?? null, invoiceNumber },
      reason: `${formatPounds(opts.amountPence)}: ${opts.reason}`,
    })
    return { overpaymentId: row!.id, accountId, invoiceNumber }
  })
}

