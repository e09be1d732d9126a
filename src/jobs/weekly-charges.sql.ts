/**
 * The set-based heart of the rent debit run: every charge due for one rent week (a Monday) over a range of
 * account ids, posted as one balanced ledger transaction in a single INSERT … SELECT.
 *
 * - The rate in force is the latest charge_rates row on or before the Monday (DISTINCT ON).
 * - A part week at the start or end of an agreement is charged pro rata by days, rounded half up.
 * - Rent-free weeks of the schedule's calendar are skipped.
 * - `charge_key` (`<monday>:<charge type>`) is unique per account, and rows already posted are excluded,
 *   so the same week run twice posts nothing more, and a crashed run can simply run again.
 * - The contra legs (income per charge type) are summed from the same rows in the same statement,
 *   so the transaction balances by construction and the database checks it once.
 *
 * Parameters: $1 week (Monday), $2 first account id, $3 account id upper bound (exclusive),
 * $4 transaction idempotency key, $5 posting date, $6 job run id (or null), $7 description.
 */
export const DUE_CHARGES_CTE = `
rates as (
  select distinct on (cs.account_id, cr.charge_type)
    cs.account_id, cs.rent_free_calendar, cr.charge_type, cr.weekly_pence
  from charge_schedules cs
  join charge_rates cr on cr.schedule_id = cs.id
  where cr.effective_from <= $1::date and cs.account_id >= $2 and cs.account_id < $3
  order by cs.account_id, cr.charge_type, cr.effective_from desc
),
due as (
  select r.account_id, r.charge_type,
    case when d.days = 7 then r.weekly_pence else (r.weekly_pence * d.days * 2 + 7) / 14 end as amount
  from rates r
  join accounts a on a.id = r.account_id
  join tenancies t on t.id = a.tenancy_id
  cross join lateral (
    select (least(coalesce(t.end_date, $1::date + 6), $1::date + 6) - greatest(t.start_date, $1::date) + 1) as days
  ) d
  where r.weekly_pence > 0
    and t.start_date <= $1::date + 6
    and (t.end_date is null or t.end_date >= $1::date)
    and not exists (
      select 1 from rent_free_weeks f where f.calendar_code = r.rent_free_calendar and f.week_commencing = $1::date)
    and not exists (
      select 1 from postings p where p.account_id = r.account_id and p.charge_key = $1::date::text || ':' || r.charge_type)
)`

export const POST_WEEKLY_CHARGES_SQL = `
with ${DUE_CHARGES_CTE},
payable as (select * from due where amount > 0),
txn as (
  insert into ledger_transactions (txn_type, idempotency_key, effective_date, posting_date, source, job_run_id, description)
  select 'charge', $4, $1::date, $5::date, 'batch', $6, $7
  where exists (select 1 from payable)
  returning id
),
posted as (
  insert into postings (transaction_id, account_id, amount_pence, effective_date, posting_type, period_start, charge_key)
  select txn.id, p.account_id, p.amount, $1::date, p.charge_type, $1::date, $1::date::text || ':' || p.charge_type
  from payable p cross join txn
  union all
  select txn.id, ia.id, -s.total, $1::date, s.charge_type, $1::date, null
  from (select charge_type, sum(amount) as total from payable group by charge_type) s
  cross join txn
  join accounts ia on ia.account_number = 'GL-INCOME-' || upper(s.charge_type)
  returning charge_key, amount_pence
)
-- Counted in SQL: returning 100,000 rows to JavaScript just to add them up would cost more than posting them.
select count(*)::int as postings, coalesce(sum(amount_pence), 0)::bigint as total_pence
from posted where charge_key is not null`

/** What a run would post, by charge type, without posting it (for --dry-run). */
export const SUMMARISE_DUE_CHARGES_SQL = `
with ${DUE_CHARGES_CTE}
select charge_type, count(*)::int as postings, coalesce(sum(amount), 0)::bigint as total_pence
from due where amount > 0 group by charge_type order by charge_type`
