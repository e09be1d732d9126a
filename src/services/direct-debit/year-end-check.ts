import type { Queryable } from '../../db/client.ts'
import { addDays, isIsoDate, weekCommencing } from '../../domain/calendar/dates.ts'
import { rentYearOf } from '../../domain/calendar/rent-year.ts'
import { AppError } from '../../errors.ts'
import { maskAccountNumber } from './dd-settings.ts'

export interface YearEndRow {
  accountNumber: string
  accountName: string
  ddiReference: string
  status: string
  payerName: string
  bankAccount: string
  /** Balance from postings dated up to the year end, as posted so far (positive: owed). */
  postedBalancePence: number
  /** Weekly charges still to be debited up to the year end (charges in force on each Monday, rent-free weeks excluded). */
  chargesToComePence: number
  /** Direct Debit collections planned up to the year end and not yet collected. */
  collectionsToComePence: number
  /** What the balance will be at the year end if everything goes as planned (positive: owed). */
  projectedBalancePence: number
}

export interface YearEndCheck {
  asAt: string
  rentYear: string
  yearEnd: string
  accounts: YearEndRow[]
  owedPence: number
  creditPence: number
}

/**
 * The year-end check of Direct Debit accounts: each account with a Direct Debit in place whose balance will not be
 * clear (zero) at the end of the rent year, projected from what is posted, the weekly charges still to come and
 * the collections still planned. Run before the year end to adjust the last collections; after it, the figures
 * are the actual year-end balances.
 */
export async function ddYearEndCheck(db: Queryable, opts: { date: string }): Promise<YearEndCheck> {
  if (!isIsoDate(opts.date)) throw new AppError('validation', '--date: expected a date as YYYY-MM-DD', [{ field: '--date', message: 'Enter a real date' }])
  const year = rentYearOf(opts.date)
  const yearEnd = addDays(year.endExclusive, -1)
  const rows = await db.query<{
    account_number: string
    account_name: string
    ddi_reference: string
    status: string
    payer_name: string
    bank_account: string
    posted: number
    charges: number
    collections: number
  }>(
    `with dd as (
       -- The account's Direct Debit in place during the year: live now, or ended after the year started.
       select distinct on (m.account_id) m.account_id, m.ddi_reference, m.status, m.payer_name, m.account_number as bank_account
       from dd_mandates m
       where m.status in ('pending_lodgement', 'lodged', 'active', 'suspended') or (m.status = 'cancelled' and m.cancelled_on >= $2::date)
       order by m.account_id, (m.status <> 'cancelled') desc, m.id desc
     ),
     mondays as (
       -- From this week's Monday (a week already debited is skipped below) to the year end.
       select $4::date + 7 * i as w from generate_series(0, ($3::date - $4::date) / 7) as i
     ),
     to_come as (
       select dd.account_id, sum(r.weekly)::bigint as charges
       from dd
       join accounts a on a.id = dd.account_id
       join charge_schedules cs on cs.account_id = dd.account_id
       left join tenancies t on t.id = a.tenancy_id
       cross join mondays mo
       cross join lateral (
         select coalesce(sum(x.weekly_pence), 0) as weekly from (
           select distinct on (cr.charge_type) cr.weekly_pence from charge_rates cr
           where cr.schedule_id = cs.id and cr.effective_from <= mo.w order by cr.charge_type, cr.effective_from desc) x
       ) r
       where (t.end_date is null or t.end_date >= mo.w)
         and not exists (select 1 from rent_free_weeks f where f.calendar_code = cs.rent_free_calendar and f.week_commencing = mo.w)
         and not exists (select 1 from postings p where p.account_id = dd.account_id and p.period_start = mo.w and p.charge_key is not null)
       group by dd.account_id
     )
     select a.account_number, a.name as account_name, dd.ddi_reference, dd.status, dd.payer_name, dd.bank_account,
       coalesce((select sum(p.amount_pence) from postings p where p.account_id = dd.account_id and p.effective_date <= $3::date), 0)::bigint as posted,
       coalesce(tc.charges, 0)::bigint as charges,
       coalesce((select sum(c.amount_pence) from dd_collections c join dd_mandates m on m.id = c.mandate_id
                 where m.account_id = dd.account_id and c.status = 'planned' and c.collection_date > $1::date and c.collection_date <= $3::date), 0)::bigint as collections
     from dd join accounts a on a.id = dd.account_id left join to_come tc on tc.account_id = dd.account_id
     order by a.account_number`,
    [opts.date, year.start, yearEnd, weekCommencing(opts.date)],
  )
  const accounts = rows
    .map((r) => ({
      accountNumber: r.account_number,
      accountName: r.account_name,
      ddiReference: r.ddi_reference,
      status: r.status,
      payerName: r.payer_name,
      bankAccount: maskAccountNumber(r.bank_account),
      postedBalancePence: r.posted,
      chargesToComePence: r.charges,
      collectionsToComePence: r.collections,
      projectedBalancePence: r.posted + r.charges - r.collections,
    }))
    .filter((r) => r.projectedBalancePence !== 0)
  return {
    asAt: opts.date,
    rentYear: year.label,
    yearEnd,
    accounts,
    owedPence: accounts.filter((a) => a.projectedBalancePence > 0).reduce((s, a) => s + a.projectedBalancePence, 0),
    creditPence: accounts.filter((a) => a.projectedBalancePence < 0).reduce((s, a) => s + -a.projectedBalancePence, 0),
  }
}
