import type { Db } from '../../db/client.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { formatShortDateForInvoice } from './invoice-wording.ts'
import { raiseInvoiceInTx, type RaisedInvoice } from './raise-invoice.ts'
import { findOrOpenSundryAccount } from './sundry-account.ts'

export interface RaiseStorageInvoiceOptions {
  partyId: number
  accountId?: number | null
  tenancyId?: number | null
  kind: 'storage' | 'removals'
  description: string
  periodStart: string
  /** Removals: the same day as the start. */
  periodEnd: string
  /** Net of VAT: VAT is added where the charge type is standard-rated. */
  amountPence: number
  issueDate: string
  postingDate: string
  actor: Actor
}

/** Recharges storage or removals the council arranged for a temporary accommodation resident (seed 004). */
export async function raiseStorageInvoice(db: Db, opts: RaiseStorageInvoiceOptions): Promise<RaisedInvoice> {
  if (opts.periodEnd < opts.periodStart) throw new AppError('validation', 'The period cannot end before it starts', [{ field: 'periodEnd', message: 'The end must be on or after the start' }])
  return db.transaction(async (tx) => {
    if (opts.tenancyId) {
      const [t] = await tx.query<{ tenure: string }>('select tenure from tenancies where id = $1', [opts.tenancyId])
      if (!t) throw new AppError('not_found', `No tenancy ${opts.tenancyId}`)
      if (!['ta_licence', 'non_secure', 'private_sector_lease'].includes(t.tenure)) {
        throw new AppError('validation', 'Storage and removals are recharged to temporary accommodation residents', [{ field: 'tenancyId', message: 'Choose a temporary accommodation licence' }])
      }
    }
    const accountId = await findOrOpenSundryAccount(tx, { partyId: opts.partyId, type: 'storage_removals', accountId: opts.accountId ?? null, name: 'Storage and removals', openedOn: opts.issueDate, tenancyId: opts.tenancyId ?? null, actor: opts.actor })
    const when = opts.kind === 'removals' || opts.periodStart === opts.periodEnd
      ? formatShortDateForInvoice(opts.periodStart)
      : `${formatShortDateForInvoice(opts.periodStart)} to ${formatShortDateForInvoice(opts.periodEnd)}`
    const raised = await raiseInvoiceInTx(tx, {
      accountId,
      issueDate: opts.issueDate,
      postingDate: opts.postingDate,
      source: 'storage',
      period: { start: opts.periodStart, end: opts.periodEnd },
      lines: [{ chargeType: opts.kind, description: `${opts.description.trim()}, ${when}`.slice(0, 200), netPence: opts.amountPence }],
      actor: opts.actor,
    })
    await tx.query(
      `insert into storage_charges (account_id, tenancy_id, kind, description, period_start, period_end, amount_pence, invoice_id)
       values ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [accountId, opts.tenancyId ?? null, opts.kind, opts.description.trim(), opts.periodStart, opts.periodEnd, opts.amountPence, raised.invoiceId],
    )
    return raised
  })
}
