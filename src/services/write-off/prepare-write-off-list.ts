import type { Db } from '../../db/client.ts'
import { limitationOn } from '../../domain/write-off/limitation.ts'
import { checkCaseReason, type CaseReason } from '../../domain/write-off/reasons.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'
import { requireUserRole } from '../users/require-role.ts'
import { limitationFactsFor, recordAuditEvents, WRITE_OFF_ROLES } from './write-off-common.ts'

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
 * For statute-barred lists only accounts statute-barred on the day by the debt recovery limitation rule are taken;
 * accounts with an open case are left out. The list is then approved as one decision and posted in one step.
 */
export async function prepareWriteOffList(db: Db, opts: PrepareWriteOffListOptions): Promise<PreparedList> {
  const problems = checkCaseReason(opts)
  if (!opts.name.trim()) problems.push({ field: 'reason', message: 'Enter a name for the list' })
  if (opts.accountTypes.length === 0) problems.push({ field: 'reason', message: 'Select at least one kind of account' })
  if (!Number.isSafeInteger(opts.maxBalancePence) || opts.maxBalancePence <= 0) problems.push({ field: 'reason', message: 'Enter a largest balance more than £0.00' })
  if (problems.length) throw new AppError('validation', problems.map((p) => p.message).join('; '), problems)
  const closedOnly = opts.closedOnly ?? true
  return db.transaction(async (tx) => {
    await requireUserRole(tx, opts.actor, WRITE_OFF_ROLES, 'prepare write-offs')
    const criteria = { accountTypes: opts.accountTypes, maxBalancePence: opts.maxBalancePence, closedOnly, ...(opts.reason === 'statute_barred' ? { statuteBarredOn: opts.today } : {}) }
    const [list] = await tx.query<{ id: number }>(
      `insert into write_off_lists (name, reason, criteria, evidence_note, prepared_by, prepared_user_id, prepared_on)
       values ($1, $2, $3, $4, $5, $6, $7) returning id`,
      [opts.name.trim(), opts.reason, JSON.stringify(criteria), opts.evidenceNote.trim(), opts.actor.label, opts.actor.userId, opts.today],
    )
    const listId = list!.id
    // Lock the accounts first (so no payment lands between reading a balance and writing the case), with their balances.
    const matched = await tx.query<{ account_id: number; balance: number | string }>(
      `with chosen as (
         select a.id from accounts a
         where a.account_class = 'customer' and a.account_type = any($1::text[]) and ($3::boolean = false or a.status = 'closed')
           and not exists (select 1 from write_off_cases c where c.account_id = a.id and c.status in ('prepared', 'approved'))
         order by a.id
         for update of a
       )
       select b.account_id, b.balance from (
         select c.id as account_id, coalesce(sum(p.amount_pence), 0)::bigint as balance
         from chosen c left join postings p on p.account_id = c.id group by c.id) b
       where b.balance > 0 and b.balance <= $2
       order by b.account_id`,
      [opts.accountTypes, opts.maxBalancePence, closedOnly],
    )
    // Statute-barred lists: the debt recovery limitation rule per account (no revival by a late payment, s29(7);
    // a claim in time stops the clock), on facts read for all the accounts in one statement.
    let chosen = matched
    if (opts.reason === 'statute_barred') {
      const facts = await limitationFactsFor(tx, matched.map((m) => m.account_id), opts.today)
      chosen = matched.filter((m) => limitationOn(facts.get(m.account_id) ?? { causeOfActionOn: null }, opts.today).barred === true)
    }
    const cases = await tx.query<{ id: number; account_id: number; amount_pence: number }>(
      `insert into write_off_cases (account_id, list_id, amount_pence, balance_when_prepared_pence, whole_balance, reason, insolvency_kind,
         reason_text, evidence_note, prepared_by, prepared_user_id, prepared_on)
       select m.account_id, $1, m.balance, m.balance, true, $4, $5, $6, $7, $8, $9, $10
       from unnest($2::int[], $3::bigint[]) as m(account_id, balance)
       order by m.account_id
       returning id, account_id, amount_pence`,
      [
        listId,
        chosen.map((m) => m.account_id),
        chosen.map((m) => m.balance),
        opts.reason,
        opts.insolvencyKind,
        opts.reason === 'other' ? opts.reasonText!.trim() : null,
        opts.evidenceNote.trim(),
        opts.actor.label,
        opts.actor.userId,
        opts.today,
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
