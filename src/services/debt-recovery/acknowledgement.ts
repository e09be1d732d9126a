/**
 * A written acknowledgement of the debt, signed by the debtor (Limitation Act 1980 ss29(5), 30): it restarts the
 * six-year clock, unless the debt was already statute-barred (s29(7): no revival) — then it is recorded and the
 * result says so. An oral acknowledgement does not count; record it as contact instead.
 */
import type { Queryable } from '../../db/client.ts'
import type { LimitationPosition } from '../../domain/debt-recovery/index.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'
import { loadDebtFacts } from './debt-facts.ts'
import { DEBT_RECOVERY_ROLES, requireCustomerAccount, requireDate, requireRole } from './guards.ts'

export const ACKNOWLEDGEMENT_FORMS = ['letter', 'email', 'signed_reply_form', 'signed_arrangement', 'other_writing'] as const
export type AcknowledgementForm = (typeof ACKNOWLEDGEMENT_FORMS)[number]

export interface RecordAcknowledgementOptions {
  accountId: number
  acknowledgedOn: string
  form: AcknowledgementForm
  /** Signed by the debtor or their agent: required (s30). */
  signed: boolean
  amountPence?: number | null
  documentRef?: string | null
  note?: string | null
  replyId?: number | null
  actor: Actor
}

export interface RecordedAcknowledgement {
  acknowledgementId: number
  /** False when the debt was already statute-barred on the day: the acknowledgement does not revive it. */
  restartsClock: boolean
  /** The limitation position on the day, after this acknowledgement. */
  limitation: LimitationPosition
}

export async function recordAcknowledgement(tx: Queryable, opts: RecordAcknowledgementOptions): Promise<RecordedAcknowledgement> {
  requireDate(opts.acknowledgedOn, 'acknowledgedOn', 'date of the acknowledgement')
  if (!(ACKNOWLEDGEMENT_FORMS as readonly string[]).includes(opts.form)) throw new AppError('validation', 'Say what form the acknowledgement took', [{ field: 'form', message: 'Choose the form' }])
  if (!opts.signed) {
    throw new AppError('validation', 'Only a written acknowledgement signed by the debtor restarts the limitation clock (Limitation Act 1980 s30): record a conversation as contact instead', [
      { field: 'signed', message: 'Confirm it is in writing and signed by the debtor' },
    ])
  }
  if (opts.amountPence != null && !(Number.isSafeInteger(opts.amountPence) && opts.amountPence > 0)) throw new AppError('validation', 'The amount acknowledged must be more than £0.00', [{ field: 'amount', message: 'Enter the amount acknowledged' }])
  await requireCustomerAccount(tx, opts.accountId)
  await requireRole(tx, opts.actor, [...DEBT_RECOVERY_ROLES, 'finance'], 'record an acknowledgement')
  const before = await loadDebtFacts(tx, opts.accountId, opts.acknowledgedOn)
  const [row] = await tx.query<{ id: number }>(
    `insert into debt_acknowledgements (account_id, acknowledged_on, form, signed, amount_acknowledged_pence, document_ref, note, reply_id, actor, user_id)
     values ($1, $2, $3, true, $4, $5, $6, $7, $8, $9) returning id`,
    [opts.accountId, opts.acknowledgedOn, opts.form, opts.amountPence ?? null, opts.documentRef?.trim() || null, opts.note?.trim() || null, opts.replyId ?? null, opts.actor.label, opts.actor.userId],
  )
  const after = await loadDebtFacts(tx, opts.accountId, opts.acknowledgedOn)
  const restartsClock = before.limitation.statuteBarred !== true && after.limitation.clockFrom === opts.acknowledgedOn
  await recordAuditEvent(tx, opts.actor, {
    action: 'debt.acknowledgement_recorded',
    entityType: 'account',
    entityId: opts.accountId,
    before: { lastDayToIssue: before.limitation.lastDayToIssue },
    after: { acknowledgementId: row!.id, acknowledgedOn: opts.acknowledgedOn, form: opts.form, lastDayToIssue: after.limitation.lastDayToIssue, restartsClock },
  })
  return { acknowledgementId: row!.id, restartsClock, limitation: after.limitation }
}
