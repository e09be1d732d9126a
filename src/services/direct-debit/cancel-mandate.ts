import type { Db } from '../../db/client.ts'
import { addDays, isIsoDate } from '../../domain/calendar/dates.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'
import { cancelPlannedCollections, changeMandate, findCustomerAccount, liveMandateOf, stopMandate } from './mandates.ts'

export interface CancelMandateOptions {
  account: string
  reason: string
  /**
   * End after this planned collection instead of at once: it is collected as the final collection (code 19, after
   * which the payer's bank deletes the instruction) and the mandate is cancelled by that collection run.
   */
  finalCollectionOn?: string
  today: string
  actor: Actor
}

export interface CancelMandateResult {
  ddiReference: string
  status: string
  collectionsCancelled: number
  /** A 0C is queued for the next collection run when the bank holds the instruction. */
  cancelInstruction: boolean
  finalCollectionOn: string | null
}

/**
 * Cancels a Direct Debit at the council's or payer's request: planned collections cancelled and, if the bank
 * holds the instruction, a 0C queued for the next collection run (an instruction never lodged is withdrawn
 * instead). Or, with a final collection date, ends it after that collection.
 */
export async function cancelMandate(db: Db, o: CancelMandateOptions): Promise<CancelMandateResult> {
  if (o.reason.trim() === '') throw new AppError('validation', 'Give the reason for cancelling', [{ field: '--reason', message: 'Enter a reason' }])
  if (o.finalCollectionOn !== undefined && !isIsoDate(o.finalCollectionOn)) {
    throw new AppError('validation', 'The final collection date must be a date as YYYY-MM-DD', [{ field: '--final-collection', message: 'Enter a real date' }])
  }
  return db.transaction(async (tx) => {
    const account = await findCustomerAccount(tx, o.account)
    const m = await liveMandateOf(tx, account.id, account.account_number)
    const ctx = { occurredOn: o.today, source: 'cancel', actor: o.actor }
    if (o.finalCollectionOn !== undefined) {
      const [c] = await tx.query<{ id: number }>(
        `select id from dd_collections where mandate_id = $1 and collection_date = $2 and status = 'planned' and represented_from_id is null`,
        [m.id, o.finalCollectionOn],
      )
      if (!c || o.finalCollectionOn < o.today) {
        const next = await tx.query<{ collection_date: string }>(
          `select collection_date from dd_collections where mandate_id = $1 and status = 'planned' and collection_date >= $2 order by collection_date limit 3`,
          [m.id, o.today],
        )
        throw new AppError(
          'validation',
          `${o.finalCollectionOn} is not a planned collection date of ${m.ddi_reference}${next.length ? `: the next are ${next.map((n) => n.collection_date).join(', ')}` : ''}`,
          [{ field: '--final-collection', message: 'Choose a planned collection date' }],
        )
      }
      const cancelled = await cancelPlannedCollections(tx, m.id, `After the final collection on ${o.finalCollectionOn}`, {
        from: addDays(o.finalCollectionOn, 1),
        regularOnly: true,
      })
      const updated = await changeMandate(tx, m, { final_collection_on: o.finalCollectionOn }, 'final_collection_set', ctx, { reason: o.reason })
      await recordAuditEvent(tx, o.actor, {
        action: 'direct_debit.final_collection_set',
        entityType: 'dd_mandate',
        entityId: m.id,
        after: { finalCollectionOn: o.finalCollectionOn },
        reason: o.reason,
      })
      return { ddiReference: updated.ddi_reference, status: updated.status, collectionsCancelled: cancelled, cancelInstruction: false, finalCollectionOn: o.finalCollectionOn }
    }
    const r = await stopMandate(tx, m, { ...ctx, status: 'cancelled', reason: o.reason, sendCancel: true })
    await recordAuditEvent(tx, o.actor, {
      action: 'direct_debit.cancelled',
      entityType: 'dd_mandate',
      entityId: m.id,
      after: { collectionsCancelled: r.collectionsCancelled, cancelInstruction: r.cancelInstructionId !== null },
      reason: o.reason,
    })
    return { ddiReference: m.ddi_reference, status: 'cancelled', collectionsCancelled: r.collectionsCancelled, cancelInstruction: r.cancelInstructionId !== null, finalCollectionOn: null }
  })
}
