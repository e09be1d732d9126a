import type { Queryable } from '../../db/client.ts'
import { approvalLimitsSchema, type ApprovalLimits } from '../../domain/write-off/approval-authority.ts'
import type { LimitationFacts } from '../../domain/write-off/limitation.ts'
import { AppError } from '../../errors.ts'
import type { Role } from '../users/create-user.ts'

/** Who may prepare, post and write on (approval is by the dated limits, not by these roles alone). */
export const WRITE_OFF_ROLES = ['income_officer', 'debt_recovery_officer', 'team_leader', 'finance'] as const satisfies readonly Role[]

export const WRITE_OFF_CONTROL_ACCOUNT = 'GL-WRITE-OFF'

export interface LockedAccount {
  id: number
  accountNumber: string
  accountType: string
  balancePence: number
}

/** A customer account by number or payment reference, locked for the rest of the transaction, with its balance. */
export async function lockCustomerAccount(tx: Queryable, key: string | number): Promise<LockedAccount> {
  const byId = typeof key === 'number'
  const [a] = await tx.query<{ id: number; account_number: string; account_type: string }>(
    `select id, account_number, account_type from accounts
     where account_class = 'customer' and ${byId ? 'id = $1' : '(account_number = $1 or payment_reference = $1)'} for update`,
    [byId ? key : String(key)],
  )
  if (!a) throw new AppError('not_found', `No customer account ${key}`)
  return { id: a.id, accountNumber: a.account_number, accountType: a.account_type, balancePence: await balanceOf(tx, a.id) }
}

export async function balanceOf(tx: Queryable, accountId: number): Promise<number> {
  const [r] = await tx.query<{ b: number }>('select coalesce(sum(amount_pence), 0)::bigint as b from postings where account_id = $1', [accountId])
  return r!.b
}

export async function writeOffControlAccountId(tx: Queryable): Promise<number> {
  const [r] = await tx.query<{ id: number }>('select id from accounts where account_number = $1', [WRITE_OFF_CONTROL_ACCOUNT])
  if (!r) throw new AppError('invalid_state', `The ${WRITE_OFF_CONTROL_ACCOUNT} control account is missing`)
  return r.id
}

/** The approval limits in force on a date, and the date they took effect (recorded with each decision). */
export async function approvalLimitsOn(tx: Queryable, onDate: string): Promise<{ limits: ApprovalLimits; effectiveFrom: string }> {
  const [row] = await tx.query<{ value: unknown; effective_from: string }>(
    `select value, effective_from from policy_values where key = 'write_off.approval_limits' and effective_from <= $1::date
     order by effective_from desc limit 1`,
    [onDate],
  )
  if (!row) throw new AppError('invalid_state', `No write-off approval limits are in force on ${onDate}`)
  const parsed = approvalLimitsSchema.safeParse(row.value)
  if (!parsed.success) throw new AppError('invalid_state', `The write-off approval limits in force on ${onDate} are not valid: ${parsed.error.message}`)
  return { limits: parsed.data, effectiveFrom: row.effective_from }
}

/**
 * Payments, written acknowledgements and charges of an account, and of the accounts whose balance was transferred
 * into it (a former tenant account carries the rent account's history): what the limitation clock runs from.
 */
export async function limitationFactsOf(tx: Queryable, accountId: number): Promise<LimitationFacts> {
  const [r] = await tx.query<{ last_payment_on: string | null; last_charge_on: string | null; last_ack_on: string | null }>(
    `with family as (select $1::int as id union select id from accounts where transferred_to_account_id = $1)
     select
       (select max(p.effective_date) from postings p join ledger_transactions t on t.id = p.transaction_id
        where p.account_id in (select id from family) and t.txn_type = 'payment' and p.amount_pence < 0) as last_payment_on,
       (select max(p.effective_date) from postings p join ledger_transactions t on t.id = p.transaction_id
        where p.account_id in (select id from family) and t.txn_type = 'charge' and p.amount_pence > 0) as last_charge_on,
       (select max(taken_on) from recovery_actions where account_id in (select id from family) and written_acknowledgement) as last_ack_on`,
    [accountId],
  )
  return { lastPaymentOn: r!.last_payment_on, lastChargeOn: r!.last_charge_on, lastAcknowledgementOn: r!.last_ack_on }
}

/** Set-based audit rows for many entities changed by one step (a bulk list), each with its own before/after. */
export async function recordAuditEvents(
  tx: Queryable,
  actor: { userId: number | null; label: string },
  action: string,
  entityType: string,
  rows: { entityId: number; before?: unknown; after?: unknown }[],
  reason: string | null,
): Promise<void> {
  if (rows.length === 0) return
  await tx.query(
    `insert into audit_events (user_id, actor, action, entity_type, entity_id, before, after, reason)
     select $1, $2, $3, $4, r.entity_id, r.before, r.after, $8
     from unnest($5::text[], $6::jsonb[], $7::jsonb[]) as r(entity_id, before, after)`,
    [
      actor.userId,
      actor.label,
      action,
      entityType,
      rows.map((r) => String(r.entityId)),
      rows.map((r) => (r.before === undefined ? null : JSON.stringify(r.before))),
      rows.map((r) => (r.after === undefined ? null : JSON.stringify(r.after))),
      reason,
    ],
  )
}
