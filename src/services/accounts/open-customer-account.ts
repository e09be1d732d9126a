import type { Queryable } from '../../db/client.ts'
import { accountNumberFor, paymentReferenceFor, type CustomerAccountType } from '../../domain/accounts/payment-reference.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'

export interface OpenCustomerAccountOptions {
  type: CustomerAccountType
  name: string
  partyIds: readonly number[]
  openedOn: string
  tenancyId?: number | null
  patchId?: number | null
  actor: Actor
}

export interface OpenedAccount {
  id: number
  accountNumber: string
  paymentReference: string
}

export async function openCustomerAccount(tx: Queryable, opts: OpenCustomerAccountOptions): Promise<OpenedAccount> {
  if (opts.partyIds.length === 0) throw new AppError('validation', 'An account needs at least one liable party')
  const [seq] = await tx.query<{ n: number }>(`select nextval('account_number_seq')::bigint as n`)
  const serial = seq!.n
  const accountNumber = accountNumberFor(opts.type, serial)
  const paymentReference = paymentReferenceFor(opts.type, serial)
  const [row] = await tx.query<{ id: number }>(
    `insert into accounts (account_number, payment_reference, account_class, account_type, name, tenancy_id, patch_id, opened_on)
     values ($1, $2, 'customer', $3, $4, $5, $6, $7) returning id`,
    [accountNumber, paymentReference, opts.type, opts.name, opts.tenancyId ?? null, opts.patchId ?? null, opts.openedOn],
  )
  const id = row!.id
  await tx.query('insert into account_parties (account_id, party_id) select $1, unnest($2::int[])', [id, opts.partyIds])
  await recordAuditEvent(tx, opts.actor, {
    action: 'account.opened',
    entityType: 'account',
    entityId: id,
    after: { accountNumber, type: opts.type, partyIds: opts.partyIds, openedOn: opts.openedOn },
  })
  return { id, accountNumber, paymentReference }
}
