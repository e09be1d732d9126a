import type { Db } from '../../db/client.ts'
import { formatShortDateForInvoice } from './invoice-wording.ts'
import { repairInvoiceability, type DisputeOutcome } from '../../domain/invoicing/repair.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { raiseInvoiceInTx, type RaisedInvoice } from './raise-invoice.ts'
import { findOrOpenSundryAccount } from './sundry-account.ts'

/**
 * Invoices a rechargeable repair from its record: only when the tenant is responsible and no dispute is open or
 * was decided for the tenant. The invoice goes to the account named, else the tenant's rechargeable repairs account
 * (opened if they have none).
 */
export async function invoiceRepair(db: Db, opts: { repairRef: string; issueDate: string; postingDate: string; accountId?: number | null; actor: Actor }): Promise<RaisedInvoice> {
  return db.transaction(async (tx) => {
    const [r] = await tx.query<{
      id: number; party_id: number; tenancy_id: number | null; description: string; completed_on: string; cost_pence: number
      tenant_responsible: boolean; disputed: boolean; dispute_outcome: DisputeOutcome | null; invoice_id: number | null
    }>('select * from repair_recharges where repair_ref = $1 for update', [opts.repairRef])
    if (!r) throw new AppError('not_found', `No repair ${opts.repairRef}`)
    const can = repairInvoiceability({ tenantResponsible: r.tenant_responsible, disputed: r.disputed, disputeOutcome: r.dispute_outcome, invoiced: r.invoice_id !== null })
    if (!can.ok) throw new AppError('invalid_state', can.reason)
    const accountId = await findOrOpenSundryAccount(tx, {
      partyId: r.party_id,
      type: 'rechargeable_repair',
      accountId: opts.accountId ?? null,
      name: 'Rechargeable repairs',
      openedOn: opts.issueDate,
      tenancyId: r.tenancy_id,
      actor: opts.actor,
    })
    const raised = await raiseInvoiceInTx(tx, {
      accountId,
      issueDate: opts.issueDate,
      postingDate: opts.postingDate,
      source: 'repair',
      lines: [{ chargeType: 'rechargeable_repair', description: `Repair ${opts.repairRef} completed ${formatShortDateForInvoice(r.completed_on)}: ${r.description}`.slice(0, 200), netPence: r.cost_pence }],
      actor: opts.actor,
      reason: `Recharge of repair ${opts.repairRef}`,
    })
    await tx.query('update repair_recharges set invoice_id = $2 where id = $1', [r.id, raised.invoiceId])
    return raised
  })
}
