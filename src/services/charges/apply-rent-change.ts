import type { Db } from '../../db/client.ts'
import { addDays, diffDays, isIsoDate } from '../../domain/calendar/dates.ts'
import { rentYearStart } from '../../domain/calendar/rent-year.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'
import type { ChargeType } from '../tenancies/create-tenancy.ts'

/** Minimum written notice of a rent change (DOMAIN.md 5: 4 weeks). */
export const MIN_RENT_CHANGE_NOTICE_DAYS = 28

export interface ApplyRentChangeOptions {
  /** Must be the first Monday in April. */
  effectiveFrom: string
  /** The date written notice was served on tenants. */
  noticeServedOn: string
  /** Change in basis points (480 = +4.8%); may be negative (e.g. the 2016–2020 1% cuts). */
  changeBasisPoints: number
  chargeTypes: readonly ChargeType[]
  actor: Actor
}

export interface RentChangeResult {
  ratesChanged: number
  alreadyChanged: number
  weeklyBeforePence: number
  weeklyAfterPence: number
}

export function validateRentChange(effectiveFrom: string, noticeServedOn: string): void {
  if (!isIsoDate(effectiveFrom)) throw new AppError('validation', `Effective date ${effectiveFrom} is not a date (YYYY-MM-DD)`)
  if (!isIsoDate(noticeServedOn)) throw new AppError('validation', `Notice date ${noticeServedOn} is not a date (YYYY-MM-DD)`)
  const year = Number(effectiveFrom.slice(0, 4))
  const firstMonday = rentYearStart(year)
  if (effectiveFrom !== firstMonday) {
    throw new AppError('validation', `The annual rent change takes effect on the first Monday in April: for ${year} that is ${firstMonday}, not ${effectiveFrom}`)
  }
  const notice = diffDays(noticeServedOn, effectiveFrom)
  if (notice < MIN_RENT_CHANGE_NOTICE_DAYS) {
    throw new AppError(
      'validation',
      `A rent change needs at least 4 weeks' written notice: notice served on ${noticeServedOn} is ${notice} days before ${effectiveFrom}; serve it by ${addDays(effectiveFrom, -MIN_RENT_CHANGE_NOTICE_DAYS)} or change the rent later`,
    )
  }
}

/**
 * The annual rent change, set-based: for every live agreement, a new charge rate from the first Monday in April,
 * rounded half up to the penny, recording the notice date. Idempotent: a schedule already changed on that date
 * is left alone, so running the change again changes nothing.
 */
export async function applyRentChange(db: Db, opts: ApplyRentChangeOptions): Promise<RentChangeResult> {
  validateRentChange(opts.effectiveFrom, opts.noticeServedOn)
  if (!Number.isSafeInteger(opts.changeBasisPoints) || opts.changeBasisPoints <= -10_000) {
    throw new AppError('validation', 'The change must be a percentage greater than -100%')
  }
  if (opts.chargeTypes.length === 0) throw new AppError('validation', 'Name at least one charge type to change')
  return db.transaction(async (tx) => {
    const [r] = await tx.query<{ changed: number; already: number; before: number; after: number }>(
      `with current as (
         select distinct on (cr.schedule_id, cr.charge_type) cr.schedule_id, cr.charge_type, cr.weekly_pence, cr.effective_from
         from charge_rates cr
         join charge_schedules cs on cs.id = cr.schedule_id
         join accounts a on a.id = cs.account_id
         join tenancies t on t.id = a.tenancy_id
         where cr.charge_type = any($4::text[]) and cr.effective_from <= $1::date
           and (t.end_date is null or t.end_date >= $1::date)
         order by cr.schedule_id, cr.charge_type, cr.effective_from desc
       ),
       changes as (
         select schedule_id, charge_type, weekly_pence as before,
           -- half away from zero, integer arithmetic only
           case when weekly_pence * (10000 + $3::bigint) >= 0
             then (weekly_pence * (10000 + $3::bigint) + 5000) / 10000
             else -((-weekly_pence * (10000 + $3::bigint) + 5000) / 10000) end as after
         from current where effective_from < $1::date and weekly_pence > 0
       ),
       ins as (
         insert into charge_rates (schedule_id, charge_type, effective_from, weekly_pence, notice_served_on, reason, created_by)
         select schedule_id, charge_type, $1::date, after, $2::date, 'annual_change', $5 from changes
         on conflict (schedule_id, charge_type, effective_from) do nothing
         returning schedule_id, charge_type, weekly_pence
       )
       select (select count(*) from ins)::int as changed,
         (select count(*) from current where effective_from = $1::date)::int as already,
         coalesce((select sum(c.before) from changes c join ins i using (schedule_id, charge_type)), 0)::bigint as before,
         coalesce((select sum(weekly_pence) from ins), 0)::bigint as after`,
      [opts.effectiveFrom, opts.noticeServedOn, opts.changeBasisPoints, opts.chargeTypes, opts.actor.userId],
    )
    const result = { ratesChanged: r!.changed, alreadyChanged: r!.already, weeklyBeforePence: r!.before, weeklyAfterPence: r!.after }
    await recordAuditEvent(tx, opts.actor, {
      action: 'charges.annual_change',
      entityType: 'charge_rates',
      entityId: opts.effectiveFrom,
      after: { ...result, changeBasisPoints: opts.changeBasisPoints, noticeServedOn: opts.noticeServedOn, chargeTypes: opts.chargeTypes },
    })
    return result
  })
}
