import type { Queryable } from '../../db/client.ts'

export type RefundStatus = 'pending_approval' | 'approved' | 'rejected' | 'exported'

export interface RefundRow {
  id: number
  accountNumber: string
  payeeName: string
  amountPence: number
  offsetPence: number
  method: 'bacs' | 'cheque'
  reason: string
  status: RefundStatus
  requestedBy: string
  requestedAt: Date
  decidedBy: string | null
  decidedAt: Date | null
}

/** Refunds in the given states, oldest request first. Bank details are left out: no page needs to show them. */
export async function listRefunds(db: Queryable, statuses: readonly RefundStatus[]): Promise<RefundRow[]> {
  const rows = await db.query<{
    id: number
    account_number: string
    payee_name: string
    amount_pence: number
    offset_pence: number
    method: 'bacs' | 'cheque'
    reason: string
    status: RefundStatus
    requested_by: string
    requested_at: Date
    decided_by: string | null
    decided_at: Date | null
  }>(
    `select r.id, a.account_number, r.payee_name, r.amount_pence, r.offset_pence, r.method, r.reason, r.status,
       r.requested_by, r.requested_at, r.decided_by, r.decided_at
     from refunds r join accounts a on a.id = r.account_id
     where r.status = any($1::text[])
     order by r.requested_at, r.id`,
    [statuses],
  )
  return rows.map((r) => ({
    id: r.id,
    accountNumber: r.account_number,
    payeeName: r.payee_name,
    amountPence: r.amount_pence,
    offsetPence: r.offset_pence,
    method: r.method,
    reason: r.reason,
    status: r.status,
    requestedBy: r.requested_by,
    requestedAt: r.requested_at,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
  }))
}
