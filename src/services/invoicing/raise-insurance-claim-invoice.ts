import type { Db } from '../../db/client.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { formatShortDateForInvoice } from './invoice-wording.ts'
import { raiseInvoiceInTx, type RaisedInvoice } from './raise-invoice.ts'
import { findOrOpenSundryAccount } from './sundry-account.ts'

/** Claims back the cost of damage to council property (or another loss) from the person responsible (seed 003). */
export async function raiseInsuranceClaimInvoice(
  db: Db,
  opts: { claimRef: string; partyId: number; accountId?: number | null; incidentOn: string; description: string; amountPence: number; issueDate: string; postingDate: string; actor: Actor },
): Promise<RaisedInvoice> {
  if (opts.incidentOn > opts.issueDate) throw new AppError('validation', 'The incident cannot be after the invoice date', [{ field: 'incidentOn', message: 'The incident date must be on or before the invoice date' }])
  return db.transaction(async (tx) => {
    const [dup] = await tx.query('select 1 from insurance_claims where claim_ref = $1', [opts.claimRef])
    if (dup) throw new AppError('conflict', `Claim ${opts.claimRef} is already invoiced`)
    const accountId = await findOrOpenSundryAccount(tx, { partyId: opts.partyId, type: 'insurance_claim', accountId: opts.accountId ?? null, name: 'Insurance and damage claims', openedOn: opts.issueDate, actor: opts.actor })
    const raised = await raiseInvoiceInTx(tx, {
      accountId,
      issueDate: opts.issueDate,
      postingDate: opts.postingDate,
      source: 'insurance_claim',
      lines: [{ chargeType: 'insurance_claim', description: `Claim ${opts.claimRef}: ${opts.description.trim()} on ${formatShortDateForInvoice(opts.incidentOn)}`.slice(0, 200), netPence: opts.amountPence }],
      actor: opts.actor,
    })
    await tx.query(
      'insert into insurance_claims (claim_ref, account_id, incident_on, description, amount_pence, invoice_id) values ($1, $2, $3, $4, $5, $6)',
      [opts.claimRef, accountId, opts.incidentOn, opts.description.trim(), opts.amountPence, raised.invoiceId],
    )
    return raised
  })
}
