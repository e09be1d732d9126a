import type { Queryable } from '../../db/client.ts'

export interface FinanceOverview {
  suspenseItems: number
  suspensePence: number
  suspenseAwaitingApproval: number
  refundsAwaitingApproval: number
  refundsToExport: number
}

/** The figures the finance home page leads with, in one query. */
export async function financeOverview(db: Queryable): Promise<FinanceOverview> {
  const [row] = await db.query<{ si: number; sp: number; sa: number; ra: number; re: number }>(
    `select
       (select count(*) from suspense_items where status <> 'cleared')::int as si,
       (select coalesce(sum(amount_pence), 0) from suspense_items where status <> 'cleared')::bigint as sp,
       (select count(*) from suspense_items where status = 'pending_approval')::int as sa,
       (select count(*) from refunds where status = 'pending_approval')::int as ra,
       (select count(*) from refunds where status = 'approved')::int as re`,
  )
  return {
    suspenseItems: row?.si ?? 0,
    suspensePence: row?.sp ?? 0,
    suspenseAwaitingApproval: row?.sa ?? 0,
    refundsAwaitingApproval: row?.ra ?? 0,
    refundsToExport: row?.re ?? 0,
  }
}
