/**
 * Whether a rechargeable repair may be invoiced (seed 000: "make use of technical data … to inform decisions with
 * regards to whether or not to recharge tenants in line with policy"). A repair is invoiced only when the tenant is
 * responsible, and a disputed one is held until the dispute is decided in the council's favour.
 */
export type DisputeOutcome = 'pending' | 'recharge_confirmed' | 'recharge_cancelled'

export interface RepairForInvoicing {
  tenantResponsible: boolean
  disputed: boolean
  disputeOutcome: DisputeOutcome | null
  invoiced: boolean
}

export type Invoiceability = { ok: true } | { ok: false; reason: string }

export function repairInvoiceability(r: RepairForInvoicing): Invoiceability {
  if (r.invoiced) return { ok: false, reason: 'This repair has already been invoiced' }
  if (!r.tenantResponsible) return { ok: false, reason: 'The tenant is not responsible for this repair, so it is not recharged' }
  if (r.disputed && r.disputeOutcome === 'pending') return { ok: false, reason: 'The tenant disputes this recharge: it is held until the dispute is decided' }
  if (r.disputed && r.disputeOutcome === 'recharge_cancelled') return { ok: false, reason: 'The dispute was decided in the tenant’s favour: the recharge is cancelled' }
  return { ok: true }
}
