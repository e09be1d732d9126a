import type { Queryable } from '../../db/client.ts'

/** Suspense clearances and refunds waiting for a second person's approval. */
export async function countApprovalsWaiting(db: Queryable): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `select ((select count(*) from suspense_items where status = 'pending_approval')
           + (select count(*) from refunds where status = 'pending_approval'))::int as n`,
  )
  return row?.n ?? 0
}
