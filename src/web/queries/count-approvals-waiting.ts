import type { Queryable } from '../../db/client.ts'

/** Suspense clearances, refunds and write-offs (single cases and bulk lists) waiting for a second person's approval. */
export async function countApprovalsWaiting(db: Queryable): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `select ((select count(*) from suspense_items where status = 'pending_approval')
           + (select count(*) from refunds where status = 'pending_approval')
           + (select count(*) from write_off_cases where status = 'prepared' and list_id is null)
           + (select count(*) from write_off_lists where status = 'prepared'))::int as n`,
  )
  return row?.n ?? 0
}
