/**
 * The set-based SQL behind every performance measure (definitions: docs/performance-measures.md).
 *
 * One grouped pass over `postings` (to the period's end) gives each customer account its balances at the start and
 * end of the period and its debits, collections and write-offs in it; small per-account aggregates add Direct Debit,
 * legal steps and arrangements; then one `group by grouping sets` sums the accounts into every dimension asked for
 * (overall, patch, officer, tenure, account type) at once. Figures are sums, so a dimension's groups add up to the
 * overall figure, and the same query serves the dashboard, the CLI and the weekly snapshot.
 *
 * Vocabulary lists (charge types, payment methods, account types) are passed as parameters from
 * `performance-vocabulary.ts`, so the SQL and the documentation read one list.
 */
import { FIGURES } from '../../domain/performance/measures.ts'

export const DIMENSIONS = ['overall', 'patch', 'officer', 'tenure', 'account_type'] as const
export type Dimension = (typeof DIMENSIONS)[number]
export type GroupDimension = Exclude<Dimension, 'overall'>

/** The per-account key column of each dimension (see the `acct` CTE). */
const KEY_COLUMN: Record<GroupDimension, string> = {
  patch: 'k_patch',
  officer: 'k_officer',
  tenure: 'k_tenure',
  account_type: 'k_type',
}

/**
 * Customer accounts in scope, with their group keys. Placeholders: `to`, then the four filters (patch id, officer
 * user id, tenure, account type; null for any). The officer is the patch's officer now (allocations have no history;
 * snapshots keep the allocation of their week).
 */
export function acctCte(p: { to: string; patch: string; officer: string; tenure: string; type: string }): string {
  return `acct as (
  select a.id, a.account_type, a.opened_on,
    coalesce(a.patch_id::text, 'none') as k_patch,
    coalesce(pa.officer_user_id::text, 'none') as k_officer,
    coalesce(t.tenure, 'none') as k_tenure,
    a.account_type as k_type,
    (a.closed_on is null or a.closed_on > ${p.to}::date) as open_at_end
  from accounts a
  left join patches pa on pa.id = a.patch_id
  left join tenancies t on t.id = a.tenancy_id
  where a.account_class = 'customer' and a.opened_on <= ${p.to}::date
    and (${p.patch}::int is null or a.patch_id = ${p.patch}::int)
    and (${p.officer}::int is null or pa.officer_user_id = ${p.officer}::int)
    and (${p.tenure}::text is null or t.tenure = ${p.tenure}::text)
    and (${p.type}::text is null or a.account_type = ${p.type}::text)
)`
}

function groupingSql(dimensions: readonly Dimension[], extra: readonly string[] = []): { select: string; groupBy: string } {
  const groups = dimensions.filter((d): d is GroupDimension => d !== 'overall')
  const withExtra = (cols: string[]) => [...cols, ...extra].join(', ')
  const sets = dimensions.map((d) => `(${withExtra(d === 'overall' ? [] : [KEY_COLUMN[d]])})`)
  const dimensionCase = groups.length
    ? `case ${groups.map((g) => `when grouping(${KEY_COLUMN[g]}) = 0 then '${g}'`).join(' ')} else 'overall' end`
    : `'overall'`
  const keyCase = groups.length ? `coalesce(case ${groups.map((g) => `when grouping(${KEY_COLUMN[g]}) = 0 then ${KEY_COLUMN[g]}`).join(' ')} end, '')` : `''`
  return { select: `${dimensionCase} as dimension, ${keyCase} as group_key`, groupBy: `group by grouping sets (${sets.join(', ')})` }
}

/**
 * Parameters: $1 from, $2 to, $3 patch, $4 officer, $5 tenure, $6 account type, $7 charge posting types,
 * $8 payment methods, $9 electronic methods, $10 methods the payer chooses, $11 rent-collection account types,
 * $12 current tenancy account types (rent, garage, pitch), $13 sundry account types, $14 Direct Debit statuses that
 * count as in place, $15 the first day of the annual debit window, $16 accounts counted for Direct Debit take-up.
 */
export function figuresSql(dimensions: readonly Dimension[]): string {
  const g = groupingSql(dimensions)
  return `with ${acctCte({ to: '$2', patch: '$3', officer: '$4', tenure: '$5', type: '$6' })},
write_off_txns as (
  select distinct p.transaction_id
  from postings p join accounts w on w.id = p.account_id
  where w.account_type = 'write_off' and p.effective_date between $1::date and $2::date
),
ledger as (
  select p.account_id,
    coalesce(sum(p.amount_pence) filter (where p.effective_date < $1::date), 0)::bigint as balance_bf,
    sum(p.amount_pence)::bigint as balance,
    coalesce(sum(p.amount_pence) filter (where p.effective_date >= $1::date and p.posting_type = any($7::text[])), 0)::bigint as debit,
    coalesce(sum(p.amount_pence) filter (where p.effective_date >= $15::date and p.posting_type = any($7::text[])), 0)::bigint as annual_debit,
    coalesce(-sum(p.amount_pence) filter (where p.effective_date >= $1::date and p.posting_type = any($8::text[])), 0)::bigint as collected,
    coalesce(-sum(p.amount_pence) filter (where p.effective_date >= $1::date and p.posting_type = any($9::text[])), 0)::bigint as electronic,
    coalesce(-sum(p.amount_pence) filter (where p.effective_date >= $1::date and p.posting_type = any($10::text[])), 0)::bigint as tenant_paid,
    coalesce(-sum(p.amount_pence) filter (where w.transaction_id is not null), 0)::bigint as written_off
  from postings p
  join acct on acct.id = p.account_id
  left join write_off_txns w on w.transaction_id = p.transaction_id
  where p.effective_date <= $2::date
  group by p.account_id
),
dd as (
  select m.account_id
  from dd_mandates m
  join acct on acct.id = m.account_id
  where (select e.status from dd_mandate_events e where e.mandate_id = m.id and e.occurred_on <= $2::date
         order by e.occurred_on desc, e.id desc limit 1) = any($14::text[])
  group by m.account_id
),
legal as (
  select x.account_id,
    count(*) filter (where x.k = 'notice') as notices,
    count(*) filter (where x.k = 'claim') as claims,
    count(*) filter (where x.k = 'order') as orders,
    count(*) filter (where x.k = 'eviction') as evictions
  from (
    select account_id, 'notice' as k from legal_notices where served_on between $1::date and $2::date
    union all select account_id, 'claim' from court_claims where issued_on between $1::date and $2::date and claim_type <> 'fix_date'
    union all select account_id, 'order' from court_orders where made_on between $1::date and $2::date
    union all select account_id, 'eviction' from evictions where outcome = 'evicted' and outcome_on between $1::date and $2::date
  ) x
  join acct on acct.id = x.account_id
  group by x.account_id
),
arr_primary as (
  -- An arrangement counts once, on its first account (highest priority tier, then lowest id).
  select distinct on (aa.arrangement_id) aa.arrangement_id, aa.account_id
  from arrangement_accounts aa
  order by aa.arrangement_id, aa.priority_tier, aa.account_id
),
arr_state as (
  select ap.account_id,
    min(e.occurred_on) filter (where e.event_type = 'created') as made_on,
    min(e.occurred_on) filter (where e.event_type in ('completed', 'cancelled')) as ended_on,
    coalesce(bool_or(e.event_type = 'breached' and e.occurred_on between $1::date and $2::date), false) as broken,
    (array_agg(e.event_type order by e.occurred_on desc, e.id desc) filter (where e.occurred_on <= $2::date))[1] as status_event
  from arr_primary ap
  join acct on acct.id = ap.account_id
  join arrangement_events e on e.arrangement_id = ap.arrangement_id
  group by ap.arrangement_id, ap.account_id
),
arr as (
  select s.account_id,
    count(*) filter (where s.made_on between $1::date and $2::date) as made,
    count(*) filter (where s.in_force) as in_force,
    count(*) filter (where s.in_force and not s.broken and s.status_event in ('created', 'amended', 'kept', 'completed')) as kept,
    count(*) filter (where s.broken) as broken
  from (select *, (made_on <= $2::date and (ended_on is null or ended_on >= $1::date)) as in_force from arr_state) s
  group by s.account_id
),
per_account as (
  select acct.*,
    coalesce(l.balance_bf, 0) as balance_bf, coalesce(l.balance, 0) as balance, coalesce(l.debit, 0) as debit,
    coalesce(l.annual_debit, 0) as annual_debit, coalesce(l.collected, 0) as collected, coalesce(l.electronic, 0) as electronic,
    coalesce(l.tenant_paid, 0) as tenant_paid, coalesce(l.written_off, 0) as written_off,
    (dd.account_id is not null) as on_dd,
    coalesce(lg.notices, 0) as notices, coalesce(lg.claims, 0) as claims, coalesce(lg.orders, 0) as orders, coalesce(lg.evictions, 0) as evictions,
    coalesce(ar.made, 0) as arr_made, coalesce(ar.in_force, 0) as arr_in_force, coalesce(ar.kept, 0) as arr_kept, coalesce(ar.broken, 0) as arr_broken
  from acct
  left join ledger l on l.account_id = acct.id
  left join dd on dd.account_id = acct.id
  left join legal lg on lg.account_id = acct.id
  left join arr ar on ar.account_id = acct.id
)
select ${g.select},
  coalesce(sum(debit) filter (where account_type = any($11::text[])), 0)::bigint as rent_debit,
  coalesce(sum(collected) filter (where account_type = any($11::text[])), 0)::bigint as rent_collected,
  coalesce(sum(greatest(balance_bf, 0)) filter (where account_type = any($11::text[])), 0)::bigint as arrears_brought_forward,
  coalesce(sum(collected), 0)::bigint as total_collected,
  coalesce(sum(electronic), 0)::bigint as electronic_collected,
  coalesce(sum(tenant_paid), 0)::bigint as tenant_paid_collected,
  coalesce(sum(collected) filter (where account_type = any($13::text[])), 0)::bigint as sundry_collected,
  coalesce(sum(written_off), 0)::bigint as written_off,
  coalesce(sum(written_off) filter (where account_type = any($11::text[])), 0)::bigint as rent_written_off,
  coalesce(sum(notices), 0)::bigint as notices_served,
  coalesce(sum(claims), 0)::bigint as claims_issued,
  coalesce(sum(orders), 0)::bigint as orders_made,
  coalesce(sum(evictions), 0)::bigint as evictions,
  coalesce(sum(arr_made), 0)::bigint as arrangements_made,
  coalesce(sum(arr_in_force), 0)::bigint as arrangements_in_force,
  coalesce(sum(arr_kept), 0)::bigint as arrangements_kept,
  coalesce(sum(arr_broken), 0)::bigint as arrangements_broken,
  coalesce(sum(annual_debit) filter (where account_type = any($12::text[])), 0)::bigint as annual_rent_debit,
  coalesce(sum(greatest(balance, 0)) filter (where account_type = any($12::text[]) and open_at_end), 0)::bigint as current_tenant_arrears,
  coalesce(sum(greatest(balance, 0)) filter (where account_type = 'former_tenant'), 0)::bigint as former_tenant_arrears,
  coalesce(sum(annual_debit) filter (where account_type = 'temporary_accommodation'), 0)::bigint as annual_ta_debit,
  coalesce(sum(greatest(balance, 0)) filter (where account_type = 'temporary_accommodation' and open_at_end), 0)::bigint as ta_arrears,
  coalesce(sum(greatest(balance, 0)) filter (where account_type = any($13::text[])), 0)::bigint as sundry_outstanding,
  count(*) filter (where open_at_end and account_type = any($16::text[]))::bigint as current_accounts,
  count(*) filter (where open_at_end and account_type = any($16::text[]) and on_dd)::bigint as direct_debit_accounts
from per_account
${g.groupBy}`
}

/** Columns of figuresSql's result besides dimension and group_key, in FIGURES order. */
export const FIGURE_COLUMNS: readonly string[] = FIGURES

/**
 * Accounts at each pathway stage in the latest completed trawl run on or before $1 (the period's end): every case
 * that has started, and accounts in arrears whose case has not. Parameters: $1 to, $2-$5 the filters.
 */
export function stageCountsSql(dimensions: readonly Dimension[]): string {
  const g = groupingSql(dimensions, ['r.pathway_id', 'r.pathway_version', 'r.from_stage'])
  return `with ${acctCte({ to: '$1', patch: '$2', officer: '$3', tenure: '$4', type: '$5' })},
run as (
  select id from trawl_runs where status = 'completed' and run_date <= $1::date order by run_date desc limit 1
)
select ${g.select}, r.pathway_id, r.pathway_version, r.from_stage as stage, count(*)::bigint as accounts
from recommendations r
join run on r.run_id = run.id
join acct on acct.id = r.account_id
where r.from_stage is not null or r.arrears_pence > 0
${g.groupBy}`
}

export const LATEST_TRAWL_RUN_SQL = `select run_date from trawl_runs where status = 'completed' and run_date <= $1::date order by run_date desc limit 1`
