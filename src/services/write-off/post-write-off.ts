import type { Db } from '../../db/client.ts'
import { formatPounds } from '../../domain/money/pence.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'
import { postTransaction } from '../ledger/post-transaction.ts'
import { requireUserRole } from '../users/require-role.ts'
import { lockCustomerAccount, recordAuditEvents, WRITE_OFF_ROLES, writeOffControlAccountId } from './write-off-common.ts'

export interface PostWriteOffOptions {
  today: string
  actor: Actor
}

const caseKey = (caseId: number) => `write-off:case:${caseId}`

/**
 * Posts an approved case: one balanced transaction, Cr the customer's account, Dr GL-WRITE-OFF. Refused when the
 * balance has fallen below the approved amount since (a payment came in): withdraw the case and prepare it again.
 */
export async function postWriteOff(db: Db, opts: PostWriteOffOptions & { caseId: number }): Promise<{ transactionId: number }> {
  return db.transaction(async (tx) => {
    await requireUserRole(tx, opts.actor, WRITE_OFF_ROLES, 'post write-offs')
    const [c] = await tx.query<{ id: number; account_id: number; amount_pence: number; status: string; list_id: number | null; reason: string }>(
      'select id, account_id, amount_pence, status, list_id, reason from write_off_cases where id = $1 for update',
      [opts.caseId],
    )
    if (!c) throw new AppError('not_found', `Write-off case ${opts.caseId} does not exist`)
    if (c.list_id !== null) throw new AppError('invalid_state', `Write-off case ${c.id} is on bulk list ${c.list_id}: post the list`)
    if (c.status !== 'approved') throw new AppError('invalid_state', `Write-off case ${c.id} is ${c.status}: only an approved case can be posted`)
    const account = await lockCustomerAccount(tx, c.account_id)
    if (account.balancePence < c.amount_pence) {
      throw new AppError(
        'invalid_state',
        `Account ${account.accountNumber} now owes ${formatPounds(account.balancePence)}, less than the ${formatPounds(c.amount_pence)} approved: withdraw the case and prepare it again`,
      )
    }
    const control = await writeOffControlAccountId(tx)
    const posted = await postTransaction(tx, {
      type: 'write_off',
      idempotencyKey: caseKey(c.id),
      effectiveDate: opts.today,
      postingDate: opts.today,
      source: 'user',
      actor: opts.actor,
      description: `Write-off case ${c.id}`,
      legs: [
        { accountId: account.id, amountPence: -c.amount_pence, postingType: 'write_off', description: `Written off (case ${c.id})` },
        { accountId: control, amountPence: c.amount_pence, postingType: 'write_off', description: `Write-off case ${c.id}, account ${account.accountNumber}` },
      ],
    })
    await tx.query(`update write_off_cases set status = 'posted', transaction_id = $2, posted_by = $3, posted_on = $4 where id = $1`, [
      c.id,
      posted.transactionId,
      opts.actor.label,
      opts.today,
    ])
    await recordAuditEvent(tx, opts.actor, {
      action: 'write_off.posted',
      entityType: 'write_off_case',
      entityId: c.id,
      before: { status: 'approved', balancePence: account.balancePence },
      after: { status: 'posted', transactionId: posted.transactionId, balancePence: account.balancePence - c.amount_pence },
    })
    return { transactionId: posted.transactionId }
  })
}

/**
 * Posts an approved bulk list in one set-based step: one ledger transaction per case, all inserted by one
 * statement, then every case's postings by one more (the database checks each transaction balances, per statement).
 * Whole or nothing: if any account now owes less than its case, nothing is posted and those cases are named.
 */
export async function postWriteOffList(db: Db, opts: PostWriteOffOptions & { listId: number }): Promise<{ caseCount: number; totalPence: number }> {
  return db.transaction(async (tx) => {
    await requireUserRole(tx, opts.actor, WRITE_OFF_ROLES, 'post write-offs')
    const [list] = await tx.query<{ id: number; status: string }>('select id, status from write_off_lists where id = $1 for update', [opts.listId])
    if (!list) throw new AppError('not_found', `Write-off list ${opts.listId} does not exist`)
    if (list.status !== 'approved') throw new AppError('invalid_state', `Write-off list ${list.id} is ${list.status}: only an approved list can be posted`)
    // Lock the accounts, then compare each balance with its case.
    const short = await tx.query<{ id: number; account_number: string; amount_pence: number; balance: number }>(
      `with locked as (
         select a.id, a.account_number from accounts a
         where a.id in (select account_id from write_off_cases where list_id = $1 and status = 'approved') order by a.id for update
       )
       select c.id, l.account_number, c.amount_pence, coalesce((select sum(p.amount_pence) from postings p where p.account_id = l.id), 0)::bigint as balance
       from write_off_cases c join locked l on l.id = c.account_id
       where c.list_id = $1 and c.status = 'approved'`,
      [list.id],
    )
    const bad = short.filter((s) => s.balance < s.amount_pence)
    if (bad.length) {
      throw new AppError(
        'invalid_state',
        `${bad.length} account(s) now owe less than their case: ${bad
          .slice(0, 10)
          .map((b) => `case ${b.id} (${b.account_number} owes ${formatPounds(b.balance)}, case ${formatPounds(b.amount_pence)})`)
          .join(', ')}. Remove those cases from the list, then post it`,
        bad.map((b) => ({ field: `case-${b.id}`, message: `Account ${b.account_number} now owes ${formatPounds(b.balance)}` })),
      )
    }
    if (short.length === 0) throw new AppError('invalid_state', `Write-off list ${list.id} has no approved cases to post`)
    const control = await writeOffControlAccountId(tx)
    await tx.query(
      `insert into ledger_transactions (txn_type, idempotency_key, effective_date, posting_date, source, user_id, description)
       select 'write_off', 'write-off:case:' || c.id, $2::date, $2::date, 'user', $3::int, 'Write-off case ' || c.id || ' (bulk list ' || c.list_id || ')'
       from write_off_cases c where c.list_id = $1::bigint and c.status = 'approved' order by c.id`,
      [list.id, opts.today, opts.actor.userId],
    )
    // Both legs of every case in this one statement: the balance trigger sees each transaction whole.
    await tx.query(
      `insert into postings (transaction_id, account_id, amount_pence, effective_date, posting_type, description)
       select t.id, leg.account_id, leg.amount_pence, $2, 'write_off', leg.description
       from write_off_cases c
       join accounts a on a.id = c.account_id
       join ledger_transactions t on t.idempotency_key = 'write-off:case:' || c.id
       cross join lateral (values
         (c.account_id, -c.amount_pence, 'Written off (case ' || c.id || ')'),
         ($3::int, c.amount_pence, 'Write-off case ' || c.id || ', account ' || a.account_number)
       ) as leg(account_id, amount_pence, description)
       where c.list_id = $1 and c.status = 'approved'
       order by c.id, leg.amount_pence`,
      [list.id, opts.today, control],
    )
    const posted = await tx.query<{ id: number; amount_pence: number; transaction_id: number }>(
      `update write_off_cases c set status = 'posted', transaction_id = t.id, posted_by = $2, posted_on = $3
       from ledger_transactions t
       where t.idempotency_key = 'write-off:case:' || c.id and c.list_id = $1 and c.status = 'approved'
       returning c.id, c.amount_pence, c.transaction_id`,
      [list.id, opts.actor.label, opts.today],
    )
    await tx.query(`update write_off_lists set status = 'posted', posted_by = $2, posted_on = $3, posted_at = now() where id = $1`, [
      list.id,
      opts.actor.label,
      opts.today,
    ])
    const totalPence = posted.reduce((s, c) => s + c.amount_pence, 0)
    await recordAuditEvent(tx, opts.actor, {
      action: 'write_off_list.posted',
      entityType: 'write_off_list',
      entityId: list.id,
      before: { status: 'approved' },
      after: { status: 'posted', caseCount: posted.length, totalPence },
    })
    await recordAuditEvents(
      tx,
      opts.actor,
      'write_off.posted',
      'write_off_case',
      posted.map((c) => ({ entityId: c.id, before: { status: 'approved' }, after: { status: 'posted', transactionId: c.transaction_id, listId: list.id } })),
      null,
    )
    return { caseCount: posted.length, totalPence }
  })
}
