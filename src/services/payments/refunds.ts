import { stringify } from 'csv-stringify/sync'
import crypto from 'node:crypto'
import { z } from 'zod'
import type { Db, Queryable } from '../../db/client.ts'
import { formatPounds, formatPoundsPlain } from '../../domain/money/pence.ts'
import { proposedWriteOnPence } from '../../domain/write-off/write-on.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'
import { postTransaction } from '../ledger/post-transaction.ts'
import { getPolicyValue } from '../policy/get-policy-value.ts'
import { requireUserRole } from '../users/require-role.ts'
import { writtenOffCasesOf } from '../write-off/write-on.ts'

export interface RequestRefundOptions {
  accountNumber: string
  method: 'bacs' | 'cheque'
  bankSortCode?: string | null
  bankAccountNumber?: string | null
  reason: string
  today: string
  actor: Actor
}

export interface RefundRequestResult {
  creditPence: number
  offsets: { accountNumber: string; amountPence: number }[]
  refundId: number | null
  refundPence: number
}

const balanceOf = async (tx: Queryable, accountId: number) =>
  (await tx.query<{ b: number }>('select coalesce(sum(amount_pence), 0)::bigint as b from postings where account_id = $1', [accountId]))[0]!.b

/**
 * A refund of a credit balance. One view of debt first: the credit pays off the same people's other debts,
 * in the council's priority order (dated policy), and only what is left becomes a refund request, which
 * someone else must approve.
 */
export async function requestRefund(db: Db, opts: RequestRefundOptions): Promise<RefundRequestResult> {
  if (!opts.reason.trim()) throw new AppError('validation', 'Give a reason for the refund', [{ field: 'reason', message: 'Enter a reason' }])
  if (opts.method === 'bacs' && !(/^\d{6}$/.test(opts.bankSortCode ?? '') && /^\d{8}$/.test(opts.bankAccountNumber ?? ''))) {
    throw new AppError('validation', 'A BACS refund needs a 6-digit sort code and an 8-digit account number', [
      { field: 'bankSortCode', message: 'Enter a sort code like 309430' },
      { field: 'bankAccountNumber', message: 'Enter an account number like 00733445' },
    ])
  }
  return db.transaction(async (tx) => {
    const [account] = await tx.query<{ id: number; account_number: string }>(
      `select id, account_number from accounts where (account_number = $1 or payment_reference = $1) and account_class = 'customer' for update`,
      [opts.accountNumber],
    )
    if (!account) throw new AppError('not_found', `No customer account ${opts.accountNumber}`)
    const [pending] = await tx.query<{ id: number }>(`select id from refunds where account_id = $1 and status = 'pending_approval'`, [account.id])
    if (pending) throw new AppError('conflict', `Refund ${pending.id} for this account is already waiting for approval`)
    const creditPence = -(await balanceOf(tx, account.id))
    if (creditPence <= 0) throw new AppError('invalid_state', `Account ${account.account_number} is not in credit`)
    // A credit on a written-off account is the debtor paying written-off debt: write it back on, not refund it.
    const writeOnDue = proposedWriteOnPence(-creditPence, (await writtenOffCasesOf(tx, account.id)).reduce((s, c) => s + c.outstandingPence, 0))
    if (writeOnDue > 0) {
      throw new AppError(
        'invalid_state',
        `Account ${account.account_number} has written-off debt: write ${formatPounds(writeOnDue)} back on first (write-on), then refund any credit left`,
      )
    }

    const priority = await getPolicyValue(tx, 'payments.refund_offset_priority', opts.today, z.array(z.string()))
    const debts = await tx.query<{ id: number; account_number: string; account_type: string; balance: number }>(
      `select a.id, a.account_number, a.account_type, b.balance
       from accounts a
       cross join lateral (select coalesce(sum(p.amount_pence), 0)::bigint as balance from postings p where p.account_id = a.id) b
       where a.id <> $1 and a.account_class = 'customer' and b.balance > 0
         and a.id in (select ap2.account_id from account_parties ap1 join account_parties ap2 on ap2.party_id = ap1.party_id where ap1.account_id = $1)
       order by coalesce(array_position($2::text[], a.account_type), 1000), a.opened_on, a.id`,
      [account.id, priority],
    )
    let left = creditPence
    const offsets: { accountId: number; accountNumber: string; amountPence: number }[] = []
    for (const d of debts) {
      if (left === 0) break
      const amount = Math.min(left, d.balance)
      offsets.push({ accountId: d.id, accountNumber: d.account_number, amountPence: amount })
      left -= amount
    }
    if (offsets.length > 0) {
      await postTransaction(tx, {
        type: 'transfer',
        idempotencyKey: `refund-offset:${account.id}:${crypto.randomUUID()}`,
        effectiveDate: opts.today,
        postingDate: opts.today,
        source: 'user',
        actor: opts.actor,
        description: 'Credit offset against other debts before refund',
        legs: offsets.flatMap((o) => [
          { accountId: account.id, amountPence: o.amountPence, postingType: 'credit_offset', description: `Credit offset to account ${o.accountNumber}` },
          { accountId: o.accountId, amountPence: -o.amountPence, postingType: 'credit_offset', description: `Credit offset from account ${account.account_number}` },
        ]),
      })
    }
    let refundId: number | null = null
    if (left > 0) {
      const [payee] = await tx.query<{ id: number; name: string }>(
        `select p.id, coalesce(p.organisation_name, concat_ws(' ', p.title, p.forename, p.surname)) as name
         from account_parties ap join parties p on p.id = ap.party_id where ap.account_id = $1 order by p.id limit 1`,
        [account.id],
      )
      const [r] = await tx.query<{ id: number }>(
        `insert into refunds (account_id, payee_party_id, payee_name, amount_pence, offset_pence, method, bank_sort_code, bank_account_number,
           reason, requested_by, requested_user_id)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning id`,
        [
          account.id,
          payee!.id,
          payee!.name,
          left,
          creditPence - left,
          opts.method,
          opts.bankSortCode ?? null,
          opts.bankAccountNumber ?? null,
          opts.reason,
          opts.actor.label,
          opts.actor.userId,
        ],
      )
      refundId = r!.id
    }
    await recordAuditEvent(tx, opts.actor, {
      action: 'refund.requested',
      entityType: 'account',
      entityId: account.id,
      after: { creditPence, offsets: offsets.map((o) => ({ accountNumber: o.accountNumber, amountPence: o.amountPence })), refundId, refundPence: left },
      reason: opts.reason,
    })
    return { creditPence, offsets: offsets.map(({ accountNumber, amountPence }) => ({ accountNumber, amountPence })), refundId, refundPence: left }
  })
}

/** A team leader or finance officer other than the requester approves (posting the refund) or rejects it. */
export async function decideRefund(db: Db, opts: { refundId: number; approve: boolean; note?: string; today: string; actor: Actor }): Promise<{ status: string }> {
  return db.transaction(async (tx) => {
    await requireUserRole(tx, opts.actor, ['team_leader', 'finance'], 'approve refunds')
    const [r] = await tx.query<{ id: number; account_id: number; amount_pence: number; status: string; requested_by: string }>(
      'select id, account_id, amount_pence, status, requested_by from refunds where id = $1 for update',
      [opts.refundId],
    )
    if (!r) throw new AppError('not_found', `Refund ${opts.refundId} does not exist`)
    if (r.status !== 'pending_approval') throw new AppError('invalid_state', `Refund ${r.id} is ${r.status.replace('_', ' ')}`)
    if (r.requested_by === opts.actor.label) throw new AppError('forbidden', 'You cannot approve a refund you asked for; another person must')
    let transactionId: number | null = null
    if (opts.approve) {
      const balance = await balanceOf(tx, r.account_id)
      if (-balance < r.amount_pence) {
        throw new AppError('invalid_state', `The account's credit is now ${-balance} pence, less than the refund of ${r.amount_pence}; reject it and ask again`)
      }
      const [payable] = await tx.query<{ id: number }>(`select id from accounts where account_number = 'GL-REFUNDS-PAYABLE'`)
      const posted = await postTransaction(tx, {
        type: 'refund',
        idempotencyKey: `refund:${r.id}`,
        effectiveDate: opts.today,
        postingDate: opts.today,
        source: 'user',
        actor: opts.actor,
        description: `Refund ${r.id} approved`,
        legs: [
          { accountId: r.account_id, amountPence: r.amount_pence, postingType: 'refund', description: 'Refund of credit balance' },
          { accountId: payable!.id, amountPence: -r.amount_pence, postingType: 'refund' },
        ],
      })
      transactionId = posted.transactionId
    }
    const status = opts.approve ? 'approved' : 'rejected'
    await tx.query(
      `update refunds set status = $2, decided_by = $3, decided_user_id = $4, decided_at = now(), decision_note = $5, transaction_id = $6 where id = $1`,
      [r.id, status, opts.actor.label, opts.actor.userId, opts.note ?? null, transactionId],
    )
    await recordAuditEvent(tx, opts.actor, {
      action: `refund.${status}`,
      entityType: 'refund',
      entityId: r.id,
      before: { status: r.status },
      after: { status, transactionId },
      reason: opts.note ?? null,
    })
    return { status }
  })
}

/** The file of approved refunds for the finance system; each refund is exported once. */
export async function exportApprovedRefunds(db: Db, opts: { fileName: string; actor: Actor }): Promise<{ csv: string; count: number; totalPence: number; exportId: number | null }> {
  return db.transaction(async (tx) => {
    await requireUserRole(tx, opts.actor, ['finance', 'team_leader'], 'export refunds')
    const rows = await tx.query<{
      id: number
      payee_name: string
      method: string
      bank_sort_code: string | null
      bank_account_number: string | null
      amount_pence: number
      account_number: string
      decided_at: Date
    }>(
      `select r.id, r.payee_name, r.method, r.bank_sort_code, r.bank_account_number, r.amount_pence, a.account_number, r.decided_at
       from refunds r join accounts a on a.id = r.account_id where r.status = 'approved' order by r.id for update of r`,
    )
    if (rows.length === 0) return { csv: '', count: 0, totalPence: 0, exportId: null }
    const csv = stringify(
      rows.map((r) => [r.id, r.payee_name, r.method, r.bank_sort_code ?? '', r.bank_account_number ?? '', formatPoundsPlain(r.amount_pence), r.account_number, r.decided_at.toISOString().slice(0, 10)]),
      { header: true, columns: ['refund_id', 'payee_name', 'method', 'sort_code', 'account_number', 'amount', 'council_account', 'approved_on'] },
    )
    const totalPence = rows.reduce((s, r) => s + r.amount_pence, 0)
    const [exp] = await tx.query<{ id: number }>(
      `insert into refund_exports (file_name, refund_count, total_pence, content_sha256, actor) values ($1, $2, $3, $4, $5) returning id`,
      [opts.fileName, rows.length, totalPence, crypto.createHash('sha256').update(csv).digest('hex'), opts.actor.label],
    )
    await tx.query(`update refunds set status = 'exported', export_id = $2 where id = any($1::bigint[])`, [rows.map((r) => r.id), exp!.id])
    await recordAuditEvent(tx, opts.actor, { action: 'refunds.exported', entityType: 'refund_export', entityId: exp!.id, after: { count: rows.length, totalPence } })
    return { csv, count: rows.length, totalPence, exportId: exp!.id }
  })
}
