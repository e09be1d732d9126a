import type { Db } from '../../db/client.ts'
import { addYears, LIMITATION_YEARS } from '../../domain/write-off/limitation.ts'
import { checkCaseReason, type CaseReason } from '../../domain/write-off/reasons.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'
import { requireUserRole } from '../users/require-role.ts'
import { recordAuditEvents, WRITE_OFF_ROLES } from './write-off-common.ts'

export interface PrepareWriteOffListOptions extends CaseReason {
  name: string
  /** Which debts: account types (e.g. former_tenant) whose whole balance is more than £0 and at most maxBalancePence. */
  accountTypes: string[]
  maxBalancePence: number
  /** Only closed accounts (former tenancies, ended agreements): the usual rule for a bulk list. Default true. */
  closedOnly?: boolean
  today: string
  actor: Actor
}

export interface PreparedList {
  listId: number
  caseCount: number
  totalPence: number
}

/**
 * A bulk write-off list: every account matching the rule becomes a case for its whole balance, in one statement.
 * For statute-barred lists only accounts whose last payment, written acknowledgement and charge (including those
 * of the account transferred into it) are all more than six years old are taken; accounts with an open case are
 * left out. The list is then approved as one decision and posted in one step.
 */
export async function prepareWriteOffList(db: Db, opts: PrepareWriteOffListOptions): Promise<PreparedList> {
  const problems = checkCaseReason(opts)
  if (!opts.name.trim()) problems.push({ field: 'reason', message: 'Enter a name for the list' })
  if (opts.accountTypes.length === 0) problems.push({ field: 'reason', message: 'Select at least one kind of account' })
  if (!Number.isSafeInteger(opts.maxBalancePence) || opts.maxBalancePence <= 0) problems.push({ field: 'reason', message: 'Enter a largest balance more than £0.00' })
  if (problems.length) throw new AppError('validation', problems.map((p) => p.message).join('; '), problems)
  const closedOnly = opts.closedOnly ?? true
  // Barred when the clock started before this day (see domain limitationOn: six years, the day of accrual excluded).
  const barredIfBefore = addYears(opts.today, -LIMITATION_YEARS)
  return db.transaction(async (tx) => {
    await requireUserRole(tx, opts.actor, WRITE_OFF_ROLES, 'prepare write-offs')
    const criteria = { accountTypes: opts.accountTypes, maxBalancePence: opts.maxBalancePence, closedOnly, ...(opts.reason === 'statute_barred' ? { barredIfClockBefore: barredIfBefore } : {}) }
    const [list] = await tx.query<{ id: number }>(
      `insert into write_off_lists (name, reason, criteria, evidence_note, prepared_by, prepared_user_id, prepared_on)
       values ($1, $2, $3, $4, $5, $6, $7) returning id`,
      [opts.name.trim(), opts.reason, JSON.stringify(criteria), opts.evidenceNote.trim(), opts.actor.label, opts.actor.userId, opts.today],
    )
    const listId = list!.id
    // Lock the accounts first (so no payment lands between reading a balance and writing the case), then one insert.
    const cases = await tx.query<{ id: number; account_id: number; amount_pence: number }>(
      `with chosen as (
         select a.id from accounts a
         where a.account_class = 'customer' and a.account_type = any($2::text[]) and ($4::boolean = false or a.status = 'closed')
           and not exists (select 1 from write_off_cases c where c.account_id = a.id and c.status in ('prepared', 'approved'))
         order by a.id
         for update of a
       ),
       balances as (
         select c.id as account_id, coalesce(sum(p.amount_pence), 0)::bigint as balance
         from chosen c left join postings p on p.account_id = c.id group by c.id
       ),
       clock as (
         select b.account_id,
           greatest(
             (select max(p.effective_date) from postings p join ledger_transactions t on t.id = p.transaction_id
              where p.account_id in (select b.account_id union select id from accounts where transferred_to_account_id = b.account_id)
                and ((t.txn_type = 'payment' and p.amount_pence < 0) or (t.txn_type = 'charge' and p.amount_pence > 0))),
             (select max(r.taken_on) from recovery_actions r
              where r.written_acknowledgement
                and r.account_id in (select b.account_id union select id from accounts where transferred_to_account_id = b.account_id))
           ) as clock_from
         from balances b where b.balance > 0 and b.balance <= $3
       )
       insert into write_off_cases (account_id, list_id, amount_pence, balance_when_prepared_pence, whole_balance, reason, insolvency_kind,
         reason_text, evidence_note, prepared_by, prepared_user_id, prepared_on)
       select b.account_id, $1, b.balance, b.balance, true, $5, $6, $7, $8, $9, $10, $11
       from balances b join clock k on k.account_id = b.account_id
       where $5 <> 'statute_barred' or k.clock_from < $12::date
       order by b.account_id
       returning id, account_id, amount_pence`,
      [
        listId,
        opts.accountTypes,
        opts.maxBalancePence,
        closedOnly,
        opts.reason,
        opts.insolvencyKind,
        opts.reason === 'other' ? opts.reasonText!.trim() : null,
        opts.evidenceNote.trim(),
        opts.actor.label,
        opts.actor.userId,
        opts.today,
        barredIfBefore,
      ],
    )
    if (cases.length === 0) throw new AppError('invalid_state', 'No accounts match: nothing to put on the list')
    const totalPence = cases.reduce((s, c) => s + c.amount_pence, 0)
    await recordAuditEvent(tx, opts.actor, {
      action: 'write_off_list.prepared',
      entityType: 'write_off_list',
      entityId: listId,
      after: { name: opts.name.trim(), reason: opts.reason, criteria, caseCount: cases.length, totalPence },
      reason: opts.evidenceNote.trim(),
    })
    await recordAuditEvents(
      tx,
      opts.actor,
      'write_off.prepared',
      'write_off_case',
      cases.map((c) => ({ entityId: c.id, after: { accountId: c.account_id, amountPence: c.amount_pence, reason: opts.reason, listId } })),
      opts.evidenceNote.trim(),
    )
    return { listId, caseCount: cases.length, totalPence }
  })
}
