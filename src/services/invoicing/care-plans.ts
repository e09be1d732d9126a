import type { Db } from '../../db/client.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'
import { findOrOpenSundryAccount } from './sundry-account.ts'

export interface CreateCarePlanOptions {
  planRef: string
  partyId: number
  accountId?: number | null
  description: string
  startsOn: string
  endsOn?: string | null
  fourWeeklyPence: number
  actor: Actor
}

/** Records a care plan and its assessed 4-weekly contribution; the client's social care account is opened if needed. */
export async function createCarePlan(db: Db, opts: CreateCarePlanOptions): Promise<{ carePlanId: number; accountId: number }> {
  if (!Number.isSafeInteger(opts.fourWeeklyPence) || opts.fourWeeklyPence < 0) {
    throw new AppError('validation', 'The contribution must be £0.00 or more', [{ field: 'contribution', message: 'Enter the 4-weekly contribution' }])
  }
  if (opts.endsOn && opts.endsOn < opts.startsOn) throw new AppError('validation', 'The plan cannot end before it starts', [{ field: 'endsOn', message: 'The end date must be on or after the start date' }])
  return db.transaction(async (tx) => {
    const [dup] = await tx.query('select 1 from care_plans where plan_ref = $1', [opts.planRef])
    if (dup) throw new AppError('conflict', `Care plan ${opts.planRef} is already recorded`)
    const accountId = await findOrOpenSundryAccount(tx, { partyId: opts.partyId, type: 'social_care', accountId: opts.accountId ?? null, name: 'Social care contributions', openedOn: opts.startsOn, actor: opts.actor })
    const [p] = await tx.query<{ id: number }>(
      'insert into care_plans (plan_ref, account_id, description, starts_on, ends_on) values ($1, $2, $3, $4, $5) returning id',
      [opts.planRef, accountId, opts.description.trim(), opts.startsOn, opts.endsOn ?? null],
    )
    await tx.query(`insert into care_plan_contributions (care_plan_id, effective_from, four_weekly_pence, reason) values ($1, $2, $3, 'financial assessment')`, [
      p!.id,
      opts.startsOn,
      opts.fourWeeklyPence,
    ])
    await recordAuditEvent(tx, opts.actor, {
      action: 'care_plan.created',
      entityType: 'care_plan',
      entityId: opts.planRef,
      after: { accountId, startsOn: opts.startsOn, endsOn: opts.endsOn ?? null, fourWeeklyPence: opts.fourWeeklyPence },
    })
    return { carePlanId: p!.id, accountId }
  })
}

/** A reassessed contribution from a date (periods already invoiced are not changed: correct them by credit note). */
export async function setCareContribution(db: Db, opts: { planRef: string; effectiveFrom: string; fourWeeklyPence: number; reason: string; actor: Actor }): Promise<void> {
  await db.transaction(async (tx) => {
    const [p] = await tx.query<{ id: number; starts_on: string }>('select id, starts_on from care_plans where plan_ref = $1', [opts.planRef])
    if (!p) throw new AppError('not_found', `No care plan ${opts.planRef}`)
    if (opts.effectiveFrom < p.starts_on) throw new AppError('validation', 'A contribution cannot start before the plan', [{ field: 'effectiveFrom', message: 'The date must be on or after the plan start' }])
    const [clash] = await tx.query('select 1 from care_plan_contributions where care_plan_id = $1 and effective_from = $2', [p.id, opts.effectiveFrom])
    if (clash) throw new AppError('conflict', `A contribution from ${opts.effectiveFrom} is already recorded for this plan`)
    await tx.query('insert into care_plan_contributions (care_plan_id, effective_from, four_weekly_pence, reason) values ($1, $2, $3, $4)', [
      p.id,
      opts.effectiveFrom,
      opts.fourWeeklyPence,
      opts.reason,
    ])
    await recordAuditEvent(tx, opts.actor, { action: 'care_plan.contribution_set', entityType: 'care_plan', entityId: opts.planRef, after: { effectiveFrom: opts.effectiveFrom, fourWeeklyPence: opts.fourWeeklyPence }, reason: opts.reason })
  })
}

/** Ends a care plan: the last part period is invoiced by the next run after the end date. */
export async function endCarePlan(db: Db, opts: { planRef: string; endsOn: string; reason: string; actor: Actor }): Promise<void> {
  await db.transaction(async (tx) => {
    const [p] = await tx.query<{ id: number; starts_on: string; ends_on: string | null }>('select id, starts_on, ends_on from care_plans where plan_ref = $1 for update', [opts.planRef])
    if (!p) throw new AppError('not_found', `No care plan ${opts.planRef}`)
    if (opts.endsOn < p.starts_on) throw new AppError('validation', 'The plan cannot end before it starts', [{ field: 'endsOn', message: 'The end date must be on or after the start date' }])
    const [billed] = await tx.query<{ last: string | null }>('select max(i.period_end) as last from care_plan_invoices ci join invoices i on i.id = ci.invoice_id where ci.care_plan_id = $1', [p.id])
    if (billed?.last && opts.endsOn < billed.last) {
      throw new AppError('invalid_state', `Periods up to ${billed.last} are already invoiced: end the plan on or after it and credit what was overcharged`)
    }
    await tx.query('update care_plans set ends_on = $2 where id = $1', [p.id, opts.endsOn])
    await recordAuditEvent(tx, opts.actor, { action: 'care_plan.ended', entityType: 'care_plan', entityId: opts.planRef, before: { endsOn: p.ends_on }, after: { endsOn: opts.endsOn }, reason: opts.reason })
  })
}
