import type { Queryable } from '../../db/client.ts'
import type { CustomerAccountType } from '../../domain/accounts/payment-reference.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { openCustomerAccount } from '../accounts/open-customer-account.ts'

/**
 * The account a source record's invoice goes to: the one named (checked to be an open account of the right type
 * that the person is liable for), else the person's open account of that type, else a new one opened for them.
 */
export async function findOrOpenSundryAccount(
  tx: Queryable,
  opts: { partyId: number; type: CustomerAccountType; accountId?: number | null; name: string; openedOn: string; tenancyId?: number | null; actor: Actor },
): Promise<number> {
  if (opts.accountId) {
    const [a] = await tx.query<{ id: number; account_type: string; status: string; liable: boolean }>(
      `select a.id, a.account_type, a.status, exists (select 1 from account_parties ap where ap.account_id = a.id and ap.party_id = $2) as liable
       from accounts a where a.id = $1 and a.account_class = 'customer'`,
      [opts.accountId, opts.partyId],
    )
    if (!a) throw new AppError('not_found', `No customer account ${opts.accountId}`)
    if (a.account_type !== opts.type) throw new AppError('validation', `Account ${opts.accountId} is not a ${opts.type.replace(/_/g, ' ')} account`, [{ field: 'accountId', message: 'Choose an account of the right type' }])
    if (a.status !== 'open') throw new AppError('invalid_state', `Account ${opts.accountId} is closed`)
    if (!a.liable) throw new AppError('validation', 'That person is not liable for that account', [{ field: 'accountId', message: 'Choose an account the person is liable for' }])
    return a.id
  }
  const [existing] = await tx.query<{ id: number }>(
    `select a.id from accounts a join account_parties ap on ap.account_id = a.id
     where ap.party_id = $1 and a.account_type = $2 and a.status = 'open' order by a.id limit 1`,
    [opts.partyId, opts.type],
  )
  if (existing) return existing.id
  const opened = await openCustomerAccount(tx, { type: opts.type, name: opts.name, partyIds: [opts.partyId], openedOn: opts.openedOn, tenancyId: opts.tenancyId ?? null, actor: opts.actor })
  return opened.id
}

export async function partyIdByRef(tx: Queryable, partyRef: string): Promise<number> {
  const [p] = await tx.query<{ id: number }>('select id from parties where party_ref = $1', [partyRef])
  if (!p) throw new AppError('not_found', `No person ${partyRef}`, [{ field: 'partyRef', message: 'Enter the reference of a person Reeve knows' }])
  return p.id
}
