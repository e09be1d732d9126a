import type { Db } from '../../db/client.ts'
import { formatPounds } from '../../domain/money/pence.ts'
import { limitationOn } from '../../domain/write-off/limitation.ts'
import { checkCaseReason, type CaseReason } from '../../domain/write-off/reasons.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'
import { requireUserRole } from '../users/require-role.ts'
import { limitationFactsOf, lockCustomerAccount, WRITE_OFF_ROLES } from './write-off-common.ts'

export interface PrepareWriteOffOptions extends CaseReason {
  accountNumber: string
  /** Part of the balance, in pence; null for the whole balance. */
  amountPence: number | null
  today: string
  actor: Actor
}

/**
 * An officer prepares a write-off case: the account, how much (the whole balance or part), why and the evidence.
 * Nothing is posted until someone else, within their delegated limit, approves it and it is posted.
 */
export async function prepareWriteOff(db: Db, opts: PrepareWriteOffOptions): Promise<{ caseId: number; amountPence: number }> {
  const problems = checkCaseReason(opts)
  if (problems.length) throw new AppError('validation', problems.map((p) => p.message).join('; '), problems)
  if (opts.amountPence !== null && (!Number.isSafeInteger(opts.amountPence) || opts.amountPence <= 0)) {
    throw new AppError('validation', 'The amount to write off must be more than £0.00', [{ field: 'amount', message: 'Enter an amount more than £0.00' }])
  }
  return db.transaction(async (tx) => {
    await requireUserRole(tx, opts.actor, WRITE_OFF_ROLES, 'prepare write-offs')
    const account = await lockCustomerAccount(tx, opts.accountNumber)
    if (account.balancePence <= 0) throw new AppError('invalid_state', `Account ${account.accountNumber} owes nothing to write off`)
    const amountPence = opts.amountPence ?? account.balancePence
    if (amountPence > account.balancePence) {
      throw new AppError('validation', `The amount is more than the balance of ${formatPounds(account.balancePence)}`, [
        { field: 'amount', message: `Amount must be no more than the balance of ${formatPounds(account.balancePence)}` },
      ])
    }
    const [open] = await tx.query<{ id: number }>(`select id from write_off_cases where account_id = $1 and status in ('prepared', 'approved')`, [account.id])
    if (open) throw new AppError('conflict', `Write-off case ${open.id} for this account is already open: withdraw it or see it through first`)
    if (opts.reason === 'statute_barred') {
      // The debt recovery rule: a payment after the bar does not revive the debt (s29(7)); a claim in time stops the clock.
      const lim = limitationOn(await limitationFactsOf(tx, account.id, opts.today), opts.today)
      if (lim.stoppedByClaimOn) {
        throw new AppError('validation', `Not statute-barred: a claim was issued on ${lim.stoppedByClaimOn}, within six years`, [{ field: 'reason', message: `Not statute-barred: a claim was issued on ${lim.stoppedByClaimOn}` }])
      }
      if (lim.barred === null) {
        throw new AppError('validation', 'Cannot tell whether the debt is statute-barred: no charge on the account says when it fell due', [{ field: 'reason', message: 'Limitation cannot be worked out: no date the debt fell due' }])
      }
      if (lim.barred === false) {
        throw new AppError('validation', `Not statute-barred: the last payment, acknowledgement or charge was on ${lim.clockFrom}, so the debt is barred only from ${lim.barredFrom}`, [
          { field: 'reason', message: `Not statute-barred until ${lim.barredFrom}: the last payment, acknowledgement or charge was on ${lim.clockFrom}` },
        ])
      }
    }
    const [row] = await tx.query<{ id: number }>(
      `insert into write_off_cases (account_id, amount_pence, balance_when_prepared_pence, whole_balance, reason, insolvency_kind, reason_text,
         evidence_note, prepared_by, prepared_user_id, prepared_on)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning id`,
      [
        account.id,
        amountPence,
        account.balancePence,
        amountPence === account.balancePence,
        opts.reason,
        opts.insolvencyKind,
        opts.reason === 'other' ? opts.reasonText!.trim() : null,
        opts.evidenceNote.trim(),
        opts.actor.label,
        opts.actor.userId,
        opts.today,
      ],
    )
    await recordAuditEvent(tx, opts.actor, {
      action: 'write_off.prepared',
      entityType: 'write_off_case',
      entityId: row!.id,
      after: { accountNumber: account.accountNumber, amountPence, balancePence: account.balancePence, reason: opts.reason, insolvencyKind: opts.insolvencyKind },
      reason: opts.evidenceNote.trim(),
    })
    return { caseId: row!.id, amountPence }
  })
}
