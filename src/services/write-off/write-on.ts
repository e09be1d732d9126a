import type { Db, Queryable } from '../../db/client.ts'
import { formatPounds } from '../../domain/money/pence.ts'
import { allocateWriteOn, proposedWriteOnPence, type WrittenOffCase } from '../../domain/write-off/write-on.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'
import { postTransaction } from '../ledger/post-transaction.ts'
import { requireUserRole } from '../users/require-role.ts'
import { lockCustomerAccount, WRITE_OFF_ROLES, writeOffControlAccountId } from './write-off-common.ts'

export interface WriteOnOptions {
  accountNumber: string
  /**
   * 'payment_received': reinstate up to the account's credit (a payment arrived), `amountPence` or all of it;
   * 'full_by_choice': reinstate everything still written off (or `amountPence` of it), e.g. the debtor was traced.
   */
  basis: 'payment_received' | 'full_by_choice'
  amountPence?: number | null
  /** Only this case; otherwise the account's written-off cases, oldest first. */
  caseId?: number | null
  reason: string
  today: string
  actor: Actor
}

export interface WriteOnResult {
  accountNumber: string
  writeOns: { writeOnId: number; caseId: number; amountPence: number; transactionId: number }[]
  totalPence: number
  balanceAfterPence: number
}

/** Posted cases of an account with what each still has written off (what it wrote off less its write-ons). */
export async function writtenOffCasesOf(tx: Queryable, accountId: number): Promise<WrittenOffCase[]> {
  const rows = await tx.query<{ id: number; posted_on: string; outstanding: number }>(
    `select c.id, c.posted_on, (c.amount_pence - coalesce((select sum(w.amount_pence) from write_ons w where w.case_id = c.id), 0))::bigint as outstanding
     from write_off_cases c where c.account_id = $1 and c.status = 'posted' order by c.posted_on, c.id`,
    [accountId],
  )
  return rows.map((r) => ({ caseId: r.id, postedOn: r.posted_on, outstandingPence: r.outstanding }))
}

/**
 * Write-on: reinstates written-off debt (Dr customer, Cr GL-WRITE-OFF), one balanced transaction per case it
 * touches, recorded and audited. After a payment it brings back as much as the payment left in credit, so the
 * payment clears reinstated debt instead of waiting to be refunded.
 */
export async function writeOn(db: Db, opts: WriteOnOptions): Promise<WriteOnResult> {
  if (!opts.reason.trim()) throw new AppError('validation', 'Give a reason for the write-on', [{ field: 'reason', message: 'Enter the reason for the write-on' }])
  if (opts.amountPence != null && (!Number.isSafeInteger(opts.amountPence) || opts.amountPence <= 0)) {
    throw new AppError('validation', 'The amount to write on must be more than £0.00', [{ field: 'amount', message: 'Enter an amount more than £0.00' }])
  }
  return db.transaction(async (tx) => {
    await requireUserRole(tx, opts.actor, WRITE_OFF_ROLES, 'write on written-off debt')
    const account = await lockCustomerAccount(tx, opts.accountNumber)
    let cases = await writtenOffCasesOf(tx, account.id)
    if (opts.caseId != null) {
      cases = cases.filter((c) => c.caseId === opts.caseId)
      if (cases.length === 0) throw new AppError('not_found', `Write-off case ${opts.caseId} is not a posted write-off of account ${account.accountNumber}`)
    }
    const outstanding = cases.reduce((s, c) => s + c.outstandingPence, 0)
    if (outstanding <= 0) throw new AppError('invalid_state', `Account ${account.accountNumber} has no written-off debt to write on`)
    let amount: number | null
    if (opts.basis === 'payment_received') {
      const proposed = proposedWriteOnPence(account.balancePence, outstanding)
      if (proposed === 0) throw new AppError('invalid_state', `Account ${account.accountNumber} is not in credit: a payment has not reached the written-off debt`)
      amount = opts.amountPence ?? proposed
      if (amount > proposed) {
        throw new AppError('validation', `A write-on for a payment can be at most ${formatPounds(proposed)} (the credit, up to what was written off)`, [
          { field: 'amount', message: `Amount must be ${formatPounds(proposed)} or less` },
        ])
      }
    } else {
      amount = opts.amountPence ?? null
      if (amount !== null && amount > outstanding) {
        throw new AppError('validation', `Only ${formatPounds(outstanding)} is written off`, [{ field: 'amount', message: `Amount must be ${formatPounds(outstanding)} or less` }])
      }
    }
    const allocations = allocateWriteOn(cases, amount)
    const control = await writeOffControlAccountId(tx)
    const out: WriteOnResult['writeOns'] = []
    for (const a of allocations) {
      const [seq] = await tx.query<{ id: number }>(`select nextval(pg_get_serial_sequence('write_ons', 'id'))::bigint as id`)
      const writeOnId = seq!.id
      const posted = await postTransaction(tx, {
        type: 'write_on',
        idempotencyKey: `write-on:${writeOnId}`,
        effectiveDate: opts.today,
        postingDate: opts.today,
        source: 'user',
        actor: opts.actor,
        description: `Write-on ${writeOnId} of write-off case ${a.caseId}`,
        legs: [
          { accountId: account.id, amountPence: a.amountPence, postingType: 'write_on', description: `Written-off debt reinstated (case ${a.caseId})` },
          { accountId: control, amountPence: -a.amountPence, postingType: 'write_on', description: `Write-on of case ${a.caseId}, account ${account.accountNumber}` },
        ],
      })
      await tx.query(
        `insert into write_ons (id, case_id, account_id, amount_pence, basis, reason, transaction_id, effective_date, actor, user_id)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [writeOnId, a.caseId, account.id, a.amountPence, opts.basis, opts.reason.trim(), posted.transactionId, opts.today, opts.actor.label, opts.actor.userId],
      )
      await recordAuditEvent(tx, opts.actor, {
        action: 'write_on.posted',
        entityType: 'write_off_case',
        entityId: a.caseId,
        after: { writeOnId, amountPence: a.amountPence, basis: opts.basis, transactionId: posted.transactionId, accountNumber: account.accountNumber },
        reason: opts.reason.trim(),
      })
      out.push({ writeOnId, caseId: a.caseId, amountPence: a.amountPence, transactionId: posted.transactionId })
    }
    const totalPence = out.reduce((s, w) => s + w.amountPence, 0)
    return { accountNumber: account.accountNumber, writeOns: out, totalPence, balanceAfterPence: account.balancePence + totalPence }
  })
}

export interface WriteOnCandidate {
  accountId: number
  accountNumber: string
  accountType: string
  name: string
  balancePence: number
  writtenOffPence: number
  proposedPence: number
  lastPaymentOn: string | null
}

/**
 * Write-on candidates, proposed automatically from the ledger: accounts with written-off debt that a payment has
 * put in credit. Each stays on the list until an officer writes on (or the credit is otherwise dealt with).
 */
export async function listWriteOnCandidates(db: Queryable): Promise<WriteOnCandidate[]> {
  const rows = await db.query<{
    account_id: number
    account_number: string
    account_type: string
    name: string
    balance: number
    written_off: number
    last_payment_on: string | null
  }>(
    `with wo as (
       select c.account_id, sum(c.amount_pence - coalesce(w.total, 0))::bigint as written_off
       from write_off_cases c
       left join (select case_id, sum(amount_pence) as total from write_ons group by case_id) w on w.case_id = c.id
       where c.status = 'posted'
       group by c.account_id
       having sum(c.amount_pence - coalesce(w.total, 0)) > 0
     )
     select a.id as account_id, a.account_number, a.account_type, a.name, b.balance, wo.written_off,
       (select max(p.effective_date) from postings p join ledger_transactions t on t.id = p.transaction_id
        where p.account_id = a.id and t.txn_type = 'payment' and p.amount_pence < 0) as last_payment_on
     from wo
     join accounts a on a.id = wo.account_id
     cross join lateral (select coalesce(sum(p.amount_pence), 0)::bigint as balance from postings p where p.account_id = a.id) b
     where b.balance < 0
     order by a.account_number`,
  )
  return rows.map((r) => ({
    accountId: r.account_id,
    accountNumber: r.account_number,
    accountType: r.account_type,
    name: r.name,
    balancePence: r.balance,
    writtenOffPence: r.written_off,
    proposedPence: proposedWriteOnPence(r.balance, r.written_off),
    lastPaymentOn: r.last_payment_on,
  }))
}
