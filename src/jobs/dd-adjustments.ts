/**
 * Direct Debit adjustments (`reeve run dd-adjustments --effective-from D`): after a change in what payers owe each
 * week (the annual rent change, a change in housing costs paid direct, an arrangement instalment), every collecting
 * mandate whose amount, worked out from the charges in force on D, differs from its current plan is re-planned and
 * given an advance notice. The new amount is first collected on the first collection date on or after D that the
 * notice period allows; collections already notified before then stay as they were.
 *
 * Idempotent by comparison: a mandate already re-planned has the new amount, so a second run changes nothing.
 * Each mandate is re-planned in its own transaction, so one that cannot be (its error is reported) stops no other.
 */
import type { Db } from '../db/client.ts'
import { isIsoDate } from '../domain/calendar/dates.ts'
import type { WorkingDayCalendar } from '../domain/calendar/working-days.ts'
import { AppError, isAppError } from '../errors.ts'
import { systemActor, type Actor } from '../services/actor.ts'
import { recordAuditEvent } from '../services/audit/record-audit-event.ts'
import { ddCalendar, getDdSettings } from '../services/direct-debit/dd-settings.ts'
import { COLLECTING_STATUSES, MANDATE_COLUMNS, type Mandate } from '../services/direct-debit/mandates.ts'
import { amountFor, chargesOn, replanMandate } from '../services/direct-debit/plan-collections.ts'
import { failJobRun, finishJobRun, startJobRun } from './job-runs.ts'

export interface DdAdjustmentsOptions {
  effectiveFrom: string
  /** The day the notices are produced. */
  today: string
  actor?: Actor
  calendar?: WorkingDayCalendar
  onProgress?: (done: number, total: number) => void
}

export interface DdAdjustment {
  accountNumber: string
  ddiReference: string
  amountBeforePence: number
  amountAfterPence: number
  firstCollection: string | null
  noticeId: number | null
}

export interface DdAdjustmentsResult {
  jobRunId: number
  checked: number
  changed: number
  increased: number
  decreased: number
  notices: number
  adjustments: DdAdjustment[]
  failed: { ddiReference: string; message: string }[]
}

export async function runDdAdjustments(db: Db, opts: DdAdjustmentsOptions): Promise<DdAdjustmentsResult> {
  if (!isIsoDate(opts.effectiveFrom)) throw new AppError('validation', '--effective-from: expected a date as YYYY-MM-DD', [{ field: '--effective-from', message: 'Enter a real date' }])
  const calendar = ddCalendar(opts.calendar)
  const actor = opts.actor ?? systemActor('dd-adjustments')
  const job = await startJobRun(db, 'dd-adjustments', `dd-adjustments:${opts.effectiveFrom}:${opts.today}`, { effectiveFrom: opts.effectiveFrom, today: opts.today })
  try {
    const settings = await getDdSettings(db, opts.today)
    // Set-based first pass: every collecting mandate with its current planned amount, and the charges in force on D.
    const mandates = await db.query<Mandate & { customer_account: string; planned_pence: number }>(
      `select ${MANDATE_COLUMNS}, a.account_number as customer_account,
         (select s.amount_pence from dd_schedules s where s.mandate_id = m.id order by s.id desc limit 1) as planned_pence
       from dd_mandates m join accounts a on a.id = m.account_id
       where m.status = any($1::text[]) order by m.id`,
      [COLLECTING_STATUSES],
    )
    const charges = await chargesOn(db, [...new Set(mandates.map((m) => m.account_id))], opts.effectiveFrom)
    const result: DdAdjustmentsResult = { jobRunId: job.id, checked: mandates.length, changed: 0, increased: 0, decreased: 0, notices: 0, adjustments: [], failed: [] }
    const differing = mandates.filter((m) => {
      try {
        return amountFor(m, charges.get(m.account_id)!).totalPence !== m.planned_pence
      } catch (e) {
        result.failed.push({ ddiReference: m.ddi_reference, message: e instanceof Error ? e.message : String(e) })
        return false
      }
    })
    opts.onProgress?.(0, differing.length)
    for (const [i, d] of differing.entries()) {
      try {
        const r = await db.transaction(async (tx) => {
          const [m] = await tx.query<Mandate>(`select ${MANDATE_COLUMNS} from dd_mandates m where m.id = $1 for update`, [d.id])
          const replan = await replanMandate(tx, m!, {
            chargesOn: opts.effectiveFrom,
            notBefore: opts.effectiveFrom,
            reason: 'adjustment',
            today: opts.today,
            calendar,
            settings,
            actor,
          })
          if (replan.changed) {
            await recordAuditEvent(tx, actor, {
              action: 'direct_debit.adjusted',
              entityType: 'dd_mandate',
              entityId: d.id,
              before: { amountPence: replan.amountBeforePence },
              after: { amountPence: replan.amountAfterPence, firstCollection: replan.firstCollection, noticeId: replan.noticeId, effectiveFrom: opts.effectiveFrom },
            })
          }
          return replan
        })
        if (r.changed) {
          result.changed += 1
          if (r.amountAfterPence > r.amountBeforePence) result.increased += 1
          else result.decreased += 1
          if (r.noticeId !== null) result.notices += 1
          result.adjustments.push({
            accountNumber: d.customer_account,
            ddiReference: d.ddi_reference,
            amountBeforePence: r.amountBeforePence,
            amountAfterPence: r.amountAfterPence,
            firstCollection: r.firstCollection,
            noticeId: r.noticeId,
          })
        }
      } catch (e) {
        if (!isAppError(e)) throw e
        result.failed.push({ ddiReference: d.ddi_reference, message: e.userMessage })
      }
      opts.onProgress?.(i + 1, differing.length)
    }
    await finishJobRun(db, job.id, { checked: result.checked, changed: result.changed, notices: result.notices, failed: result.failed.length })
    return result
  } catch (e) {
    await failJobRun(db, job.id, e).catch(() => {})
    throw e
  }
}
