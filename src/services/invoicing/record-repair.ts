import type { Db } from '../../db/client.ts'
import type { DisputeOutcome } from '../../domain/invoicing/repair.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'

export interface RecordRepairOptions {
  repairRef: string
  partyId: number
  tenancyId?: number | null
  propertyId?: number | null
  description: string
  completedOn: string
  costPence: number
  tenantResponsible: boolean
  responsibilityReason: string
  disputed?: boolean
  actor: Actor
}

/** Records a repair that may be recharged: what was done, its cost, whether the tenant is responsible and why. */
export async function recordRepair(db: Db, opts: RecordRepairOptions): Promise<{ repairId: number }> {
  if (!Number.isSafeInteger(opts.costPence) || opts.costPence <= 0) throw new AppError('validation', 'The cost must be more than £0.00', [{ field: 'cost', message: 'Enter the cost of the repair' }])
  if (!opts.responsibilityReason.trim()) {
    throw new AppError('validation', 'Say why the tenant is, or is not, responsible', [{ field: 'responsibilityReason', message: 'Enter the reason' }])
  }
  return db.transaction(async (tx) => {
    const [dup] = await tx.query('select 1 from repair_recharges where repair_ref = $1', [opts.repairRef])
    if (dup) throw new AppError('conflict', `Repair ${opts.repairRef} is already recorded`)
    const disputed = opts.disputed ?? false
    const [r] = await tx.query<{ id: number }>(
      `insert into repair_recharges (repair_ref, party_id, tenancy_id, property_id, description, completed_on, cost_pence, tenant_responsible,
         responsibility_reason, disputed, dispute_outcome)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning id`,
      [opts.repairRef, opts.partyId, opts.tenancyId ?? null, opts.propertyId ?? null, opts.description.trim(), opts.completedOn, opts.costPence,
        opts.tenantResponsible, opts.responsibilityReason.trim(), disputed, disputed ? 'pending' : null],
    )
    await recordAuditEvent(tx, opts.actor, {
      action: 'repair.recorded',
      entityType: 'repair_recharge',
      entityId: opts.repairRef,
      after: { partyId: opts.partyId, costPence: opts.costPence, tenantResponsible: opts.tenantResponsible, disputed },
      reason: opts.responsibilityReason,
    })
    return { repairId: r!.id }
  })
}

/**
 * Records that the tenant disputes a recharge (it is then held: not invoiced), or the outcome of the dispute.
 * A dispute raised after the invoice is put right by a credit note, not here.
 */
export async function recordRepairDispute(db: Db, opts: { repairRef: string; outcome: DisputeOutcome; note: string; actor: Actor }): Promise<void> {
  await db.transaction(async (tx) => {
    const [r] = await tx.query<{ id: number; disputed: boolean; dispute_outcome: DisputeOutcome | null; invoice_id: number | null }>(
      'select id, disputed, dispute_outcome, invoice_id from repair_recharges where repair_ref = $1 for update',
      [opts.repairRef],
    )
    if (!r) throw new AppError('not_found', `No repair ${opts.repairRef}`)
    if (r.invoice_id !== null) throw new AppError('invalid_state', 'This repair has been invoiced: a dispute now is settled by a credit note on the invoice')
    if (!opts.note.trim()) throw new AppError('validation', 'Give details of the dispute or its outcome', [{ field: 'note', message: 'Enter the details' }])
    await tx.query('update repair_recharges set disputed = true, dispute_outcome = $2, dispute_note = $3 where id = $1', [r.id, opts.outcome, opts.note.trim()])
    await recordAuditEvent(tx, opts.actor, {
      action: 'repair.dispute',
      entityType: 'repair_recharge',
      entityId: opts.repairRef,
      before: { disputed: r.disputed, outcome: r.dispute_outcome },
      after: { disputed: true, outcome: opts.outcome },
      reason: opts.note,
    })
  })
}
