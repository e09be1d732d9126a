import type { Queryable } from '../../db/client.ts'

/**
 * The customer account an officer typed: its account number or payment reference, exactly. Unlike the account
 * page's lookup this never matches an internal id, so a mistyped short number cannot name some other account.
 */
export async function findAccountByReference(db: Queryable, key: string): Promise<{ id: number; accountNumber: string } | null> {
  const [row] = await db.query<{ id: number; account_number: string }>(
    `select id, account_number from accounts where (account_number = $1 or payment_reference = $1) and account_class = 'customer' limit 1`,
    [key],
  )
  return row ? { id: row.id, accountNumber: row.account_number } : null
}
