import type { Queryable } from '../../db/client.ts'
import { approvalLimitsSchema, type ApprovalLimits } from '../../domain/write-off/approval-authority.ts'
import { NOT_A_CAUSE_POSTING_TYPES, PAYMENT_POSTING_TYPES } from '../../domain/debt-recovery/posting-types.ts'
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
 * What the limitation clock runs from, for many accounts at once, read as debt recovery reads one account
 * (`src/services/debt-recovery/debt-facts.ts`): the latest debit that is a debt falling due (not a returned payment,
 * refund, write-off or write-on, nor money moved away; for a former tenant account, the balance moved in from the
 * rent account), every part payment, every signed written acknowledgement (recovery actions and
 * `debt_acknowledgements`) and the first money claim. Only what happened on or before `onDate` (default: all).
 * The rule itself is `limitationOn` (the debt recovery rule).
 */
export async function limitationFactsFor(tx: Queryable, accountIds: readonly number[], onDate: string = '9999-12-31'): Promise<Map<number, LimitationFacts>> {
  const rows = await tx.query<{ id: number; cause_on: string | null; pay_dates: string[]; ack_dates: string[]; claim_on: string | null }>(
    `select a.id,
       (select max(effective_date)::text from postings where account_id = a.id and effective_date <= $2 and amount_pence > 0 and posting_type <> all($3::text[])) as cause_on,
       array(select distinct effective_date::text from postings where account_id = a.id and effective_date <= $2 and amount_pence < 0 and posting_type = any($4::text[]) order by 1) as pay_dates,
       array(select distinct d::text from (
         select taken_on as d from recovery_actions where account_id = a.id and written_acknowledgement and taken_on <= $2
         union all select acknowledged_on from debt_acknowledgements where account_id = a.id and acknowledged_on <= $2) k order by 1) as ack_dates,
       (select min(issued_on)::text from money_claims where account_id = a.id and issued_on <= $2) as claim_on
     from accounts a where a.id = any($1::int[])`,
    [accountIds, onDate, NOT_A_CAUSE_POSTING_TYPES, PAYMENT_POSTING_TYPES],
  )
  return new Map(rows.map((r) => [r.id, { causeOfActionOn: r.cause_on, payments: r.pay_dates, acknowledgements: r.ack_dates, claimIssuedOn: r.claim_on }]))
}

/** One account's limitation facts (see `limitationFactsFor`). */
export async function limitationFactsOf(tx: Queryable, accountId: number, onDate?: string): Promise<LimitationFacts> {
  return (await limitationFactsFor(tx, [accountId], onDate)).get(accountId) ?? { causeOfActionOn: null }
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
