import type { Db, Queryable } from '../../db/client.ts'
import { maxDate } from '../../domain/calendar/dates.ts'
import type { WorkingDayCalendar } from '../../domain/calendar/working-days.ts'
import { earliestFirstCollection } from '../../domain/direct-debit/schedule.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'
import { ddCalendar, getDdSettings, type DdSettings } from './dd-settings.ts'
import { changeMandate, findCustomerAccount, liveMandateOf, type EventContext, type Mandate } from './mandates.ts'
import { earliestAfterNotice, startSchedule, type StartedSchedule } from './plan-collections.ts'

/**
 * Starts collecting again on a suspended mandate, or one the payer's bank reinstated (ADDACS R): status back to
 * active (or pending lodgement while its instruction waits to be sent), and a new schedule from the first date a
 * fresh advance notice allows.
 */
export async function restartCollecting(
  tx: Queryable,
  m: Mandate,
  o: EventContext & { event: 'resumed' | 'reinstated'; reason: string; calendar: WorkingDayCalendar; settings: DdSettings },
): Promise<{ mandate: Mandate; started: StartedSchedule }> {
  const [pending] = await tx.query<{ id: number }>(`select id from dd_instructions where mandate_id = $1 and status = 'pending' and code in ('0N', '0S') limit 1`, [m.id])
  const awaitingLodgement = pending !== undefined || m.lodged_on === null
  const mandate = await changeMandate(
    tx,
    m,
    { status: awaitingLodgement ? 'pending_lodgement' : 'active', cancelled_on: null, cancel_reason: null, final_collection_on: null },
    o.event,
    o,
    { reason: o.reason },
  )
  const byNotice = earliestAfterNotice(o.occurredOn, m.notice_working_days, o.calendar)
  const earliest = awaitingLodgement
    ? maxDate(byNotice, earliestFirstCollection({ today: o.occurredOn, noticeWorkingDays: m.notice_working_days }, o.calendar).byLodgement)
    : byNotice
  const started = await startSchedule(tx, mandate, {
    kind: 'resume',
    earliest,
    noticeEarliest: byNotice,
    reason: 'resume',
    today: o.occurredOn,
    calendar: o.calendar,
    settings: o.settings,
    actor: o.actor,
  })
  return { mandate, started }
}

export interface ResumeMandateOptions {
  account: string
  reason: string
  today: string
  actor: Actor
  calendar?: WorkingDayCalendar
}

/** An officer resumes a suspended Direct Debit once the problem (an unpaid, a disputed notice…) is resolved. */
export async function resumeMandate(db: Db, o: ResumeMandateOptions): Promise<{ ddiReference: string; status: string; noticeId: number; firstCollection: string; amountPence: number }> {
  const calendar = ddCalendar(o.calendar)
  return db.transaction(async (tx) => {
    const account = await findCustomerAccount(tx, o.account)
    const m = await liveMandateOf(tx, account.id, account.account_number)
    if (m.status !== 'suspended') throw new AppError('invalid_state', `The Direct Debit ${m.ddi_reference} is ${m.status.replace('_', ' ')}, not suspended`)
    const settings = await getDdSettings(tx, o.today)
    const r = await restartCollecting(tx, m, { occurredOn: o.today, source: 'resume', actor: o.actor, event: 'resumed', reason: o.reason, calendar, settings })
    await recordAuditEvent(tx, o.actor, {
      action: 'direct_debit.resumed',
      entityType: 'dd_mandate',
      entityId: m.id,
      after: { status: r.mandate.status, firstCollection: r.started.collections[0]!.date, amountPence: r.started.amount.totalPence },
      reason: o.reason,
    })
    return {
      ddiReference: m.ddi_reference,
      status: r.mandate.status,
      noticeId: r.started.noticeId,
      firstCollection: r.started.collections[0]!.date,
      amountPence: r.started.amount.totalPence,
    }
  })
}
