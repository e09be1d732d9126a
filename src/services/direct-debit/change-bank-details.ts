import type { Queryable } from '../../db/client.ts'
import type { WorkingDayCalendar } from '../../domain/calendar/working-days.ts'
import type { BankDetails } from '../../domain/direct-debit/bank-details.ts'
import { earliestFirstCollection } from '../../domain/direct-debit/schedule.ts'
import { asUserError } from './dd-settings.ts'
import { cancelPlannedCollections, changeMandate, COLLECTING_STATUSES, queueInstruction, withdrawPendingInstructions, type EventContext, type Mandate } from './mandates.ts'

export interface ChangeBankDetailsOptions extends EventContext {
  details: BankDetails
  /** The payer's name as given, when it changes with the account. */
  payerName?: string
  /**
   * 'relodge': the instruction must be lodged afresh at the new account with a 0N (a payer's new bank account;
   * ADDACS 3 with new details). 'update': the bank has already moved the instruction (ADDACS C or E, AUDDIS C):
   * update the records and carry on, never a 0C/0N pair.
   */
  mode: 'relodge' | 'update'
  /** Relodge only: also cancel the instruction at the old account (0C). Never for ADDACS 3 (scheme rule since 2013). */
  cancelOld: boolean
  calendar: WorkingDayCalendar
  reason: string
}

export interface BankDetailsChange {
  mandate: Mandate
  instructions: ('0N' | '0C')[]
  collectionsCancelled: number
}

/**
 * Changes a mandate's bank details. Relodging queues the 0N (and the 0C to the old account when asked), puts a
 * collecting mandate back to pending lodgement, and cancels planned collections the new lodgement comes too late
 * for (a collection must be at least 2 working days after its instruction reaches the bank); the next collection
 * under the new lodgement is a first collection (01) again.
 */
export async function changeBankDetails(tx: Queryable, m: Mandate, o: ChangeBankDetailsOptions): Promise<BankDetailsChange> {
  const same = m.sort_code === o.details.sortCode && m.account_number === o.details.accountNumber && m.account_name === o.details.accountName
  if (same) return { mandate: m, instructions: [], collectionsCancelled: 0 }
  const detailsChange = {
    sort_code: o.details.sortCode,
    account_number: o.details.accountNumber,
    account_name: o.details.accountName,
    ...(o.payerName ? { payer_name: o.payerName } : {}),
  }
  if (o.mode === 'update') {
    const mandate = await changeMandate(tx, m, detailsChange, 'bank_details_changed', o, { reason: o.reason })
    return { mandate, instructions: [], collectionsCancelled: 0 }
  }
  const instructions: ('0N' | '0C')[] = []
  // A lodgement not yet sent is simply replaced; one the bank holds is cancelled there first if asked.
  const withdrawn = await withdrawPendingInstructions(tx, m.id, ['0N', '0S'])
  if (o.cancelOld && withdrawn === 0 && m.lodgement_instruction_id !== null) {
    await queueInstruction(tx, m, '0C', o.occurredOn)
    instructions.push('0C')
  }
  const collecting = COLLECTING_STATUSES.includes(m.status)
  const mandate = await changeMandate(tx, m, { ...detailsChange, ...(collecting ? { status: 'pending_lodgement' as const } : {}) }, 'bank_details_changed', o, {
    reason: o.reason,
    relodged: true,
  })
  await queueInstruction(tx, mandate, '0N', o.occurredOn)
  instructions.push('0N')
  let byLodgement
  try {
    byLodgement = earliestFirstCollection({ today: o.occurredOn, noticeWorkingDays: mandate.notice_working_days }, o.calendar).byLodgement
  } catch (e) {
    throw asUserError(e)
  }
  const collectionsCancelled = await cancelPlannedCollections(tx, m.id, `Too soon after the new instruction is lodged (first allowed ${byLodgement})`, {
    before: byLodgement,
  })
  return { mandate, instructions, collectionsCancelled }
}
