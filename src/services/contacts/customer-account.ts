import type { Queryable } from '../../db/client.ts'
import { AppError } from '../../errors.ts'

/** Refuses anything but a customer account: control (general ledger) accounts have no customer to contact. */
export async function requireCustomerAccount(tx: Queryable, accountId: number): Promise<void> {
  const [account] = await tx.query<{ account_class: string }>('select account_class from accounts where id = $1', [accountId])
  if (!account || account.account_class !== 'customer') throw new AppError('not_found', `No customer account ${accountId}`)
}
