/**
 * The trawl's one set-based query: for every open customer account of a type some pathway covers, the inputs of
 * the arrears measure and of the recommendation, in a single pass over the ledger.
 *
 * - `ledger` reads postings once (grouped by account, like the raw balance aggregation the bench uses as its
 *   floor) and takes every figure from that one scan with conditional aggregates: balance today, 4 and 13 weeks
 *   ago, this rent week's debit, the last payment, and the Housing Benefit and Universal Credit credits of the last 62 days
 *   from which expected benefit is approximated (services/recovery/benefit-credits.ts).
 * - The current gross weekly charge is the latest rate of each charge type on or before this rent week's Monday
 *   (the debit run's rule), and nothing once the agreement has ended.
 * - Case state, contact, holds in force (account-level and through the account's people), notices in force,
 *   the latest hearing outcome and the order in force come from small tables, aggregated per account.
 * - Per-account lookups through the postings index only where they are rare: the balance before an order's terms
 *   started, and (for debts without a weekly charge: former tenant, sundry) the oldest unpaid debit, first in first
 *   out; each in its own CTE over only the accounts concerned, joined by hash.
 *
 * - Former tenant and sundry debts: the cause of action for limitation (the latest debit falling due) and, for debts
 *   over six years old, every payment and acknowledgement since (no revival, s29(7)); the latest tracing request,
 *   open agency placement, letter of claim with its replies, the first money claim, the judgment in force (with what
 *   was paid since) and the latest enforcement, from the debt recovery tables (migration 0010).
 *
 * Parameters: $1 the trawl date, $2 the Monday of its rent week, $3 28 days before, $4 91 days before,
 * $5 account types covered by a loaded pathway, $6 the day before the benefit window (62 days) starts.
 */
import { NOT_A_CAUSE_POSTING_TYPES, PAYMENT_POSTING_TYPES } from '../domain/debt-recovery/posting-types.ts'

/** Payments, including money a debt collection agency collected (a part payment for limitation). */
const PAYMENT_METHODS: readonly string[] = PAYMENT_POSTING_TYPES
/** Debits that are not a debt falling due (a returned payment, a refund, a write-on…): never a cause of action. */
const NOT_A_CAUSE: readonly string[] = NOT_A_CAUSE_POSTING_TYPES
/** Account types charged weekly (a charge schedule); the others get their oldest unpaid debit worked out. */
export const WEEKLY_ACCOUNT_TYPES = ['rent', 'garage', 'temporary_accommodation', 'pitch']

// A constant list written into the SQL text (never user input): a literal IN list is cheaper per row than = any($n).
const methods = PAYMENT_METHODS.map((m) => `'${m}'`).join(', ')
const weekly = WEEKLY_ACCOUNT_TYPES.map((t) => `'${t}'`).join(', ')
const notCause = NOT_A_CAUSE.map((t) => `'${t}'`).join(', ')

const INPUTS_SQL = `
with acc as (
  select a.id, a.account_number, a.account_type, a.patch_id, a.opened_on,
    t.tenure, coalesce(t.social_housing, true) as social_housing, t.end_date,
    a.account_type not in (${weekly}) as without_weekly_charge
  from accounts a
  left join tenancies t on t.id = a.tenancy_id
  where a.account_class = 'customer' and a.status = 'open' and a.opened_on <= $1::date and a.account_type = any($5::text[])
),
ledger as (
  select p.account_id,
    sum(p.amount_pence)::bigint as balance,
    sum(p.amount_pence) filter (where p.effective_date <= $3::date)::bigint as balance_4w,
    sum(p.amount_pence) filter (where p.effective_date <= $4::date)::bigint as balance_13w,
    sum(p.amount_pence) filter (where p.period_start = $2::date and p.charge_key is not null)::bigint as week_debit,
    max(p.effective_date) filter (where p.amount_pence < 0 and p.posting_type in (${methods})) as last_payment_on,
    -- Housing Benefit / Universal Credit credits in the recent window: four aggregates on one condition.
    max(p.posting_type) filter (where p.amount_pence < 0 and p.effective_date > $6::date and p.posting_type in ('housing_benefit', 'universal_credit')) as benefit_kind,
    max(p.effective_date) filter (where p.amount_pence < 0 and p.effective_date > $6::date and p.posting_type in ('housing_benefit', 'universal_credit')) as benefit_last_on,
    sum(-p.amount_pence) filter (where p.amount_pence < 0 and p.effective_date > $6::date and p.posting_type in ('housing_benefit', 'universal_credit'))::bigint as benefit_recent,
    count(*) filter (where p.amount_pence < 0 and p.effective_date > $6::date and p.posting_type in ('housing_benefit', 'universal_credit'))::int as benefit_count
  from postings p
  where p.effective_date <= $1::date
  group by p.account_id
),
rates as (
  select r.account_id, sum(r.weekly_pence)::bigint as gross_weekly
  from (
    select distinct on (cs.account_id, cr.charge_type) cs.account_id, cr.weekly_pence
    from charge_schedules cs
    join charge_rates cr on cr.schedule_id = cs.id
    where cr.effective_from <= $2::date
    order by cs.account_id, cr.charge_type, cr.effective_from desc
  ) r
  group by r.account_id
),
contact as (
  select account_id, max(last_contact_on) as last_contact_on, max(last_ack_on) as last_ack_on
  from (
    select account_id,
      max(taken_on) filter (where contact_made) as last_contact_on,
      max(taken_on) filter (where written_acknowledgement) as last_ack_on
    from recovery_actions
    where taken_on <= $1::date and (contact_made or written_acknowledgement)
    group by account_id
    union all
    -- Signed written acknowledgements recorded for limitation (debt_acknowledgements, migration 0010).
    select account_id, null, max(acknowledged_on) from debt_acknowledgements where acknowledged_on <= $1::date group by account_id
  ) c
  group by account_id
),
hold_rows as (
  select h.account_id, h.id, h.hold_type, h.starts_on, least(h.ends_on, h.ended_on) as ends_on, h.treatment_ends_on, h.reason
  from holds h
  where h.account_id is not null and h.starts_on <= $1::date
    and (h.ended_on is null or h.ended_on >= $1::date) and (h.ends_on is null or h.ends_on >= $1::date)
  union all
  select ap.account_id, h.id, h.hold_type, h.starts_on, least(h.ends_on, h.ended_on), h.treatment_ends_on, h.reason
  from holds h
  join account_parties ap on ap.party_id = h.party_id
  where h.party_id is not null and h.starts_on <= $1::date
    and (h.ended_on is null or h.ended_on >= $1::date) and (h.ends_on is null or h.ends_on >= $1::date)
),
held as (
  select account_id,
    jsonb_agg(jsonb_build_object('id', id, 'type', hold_type, 'startsOn', starts_on, 'endsOn', ends_on,
      'treatmentEndsOn', treatment_ends_on, 'reason', reason) order by id) as holds
  from hold_rows
  group by account_id
),
notices as (
  select account_id,
    jsonb_agg(jsonb_build_object('kind', notice_kind, 'servedOn', served_on, 'expiresOn', date_in_notice, 'validUntil', valid_until)
      order by served_on, id) as notices
  from legal_notices
  where served_on <= $1::date and (withdrawn_on is null or withdrawn_on > $1::date)
  group by account_id
),
hearing as (
  select distinct on (c.account_id) c.account_id, h.outcome
  from court_hearings h
  join court_claims c on c.id = h.claim_id
  where h.outcome is not null and h.hearing_on <= $1::date
  order by c.account_id, h.hearing_on desc, h.id desc
),
court_order as (
  select distinct on (o.account_id) o.account_id, o.order_type, o.possession_on, o.terms_weekly_pence, o.terms_start_on
  from court_orders o
  where o.made_on <= $1::date and (o.discharged_on is null or o.discharged_on > $1::date)
  order by o.account_id, o.made_on desc, o.id desc
),
-- Per-account lookups through the postings index, only for the few accounts that need them.
order_base as (
  select co.account_id,
    (select coalesce(sum(p.amount_pence), 0) from postings p where p.account_id = co.account_id and p.effective_date < co.terms_start_on)::bigint
      as balance_before_terms
  from court_order co
  where co.terms_start_on is not null
),
unpaid as (
  select acc.id as account_id,
    (select min(d.effective_date)
     from (
       select p.effective_date, p.amount_pence,
         sum(greatest(p.amount_pence, 0)) over (order by p.effective_date, p.id) as debits_to_here,
         sum(greatest(-p.amount_pence, 0)) over () as credits
       from postings p
       where p.account_id = acc.id and p.effective_date <= $1::date
     ) d
     where d.amount_pence > 0 and d.debits_to_here > d.credits) as oldest_unpaid_on,
    -- The cause of action for limitation: the latest debit that is a debt falling due.
    (select max(p.effective_date) from postings p
     where p.account_id = acc.id and p.effective_date <= $1::date and p.amount_pence > 0 and p.posting_type not in (${notCause})) as cause_on
  from acc
  where acc.without_weekly_charge
),
-- Debts older than six years: every payment and acknowledgement since they fell due, because one made after the
-- debt was already statute-barred does not revive it (Limitation Act 1980 s29(7)). Rare, so looked up per account.
old_debt as (
  select u.account_id,
    array(select distinct p.effective_date::text from postings p
          where p.account_id = u.account_id and p.amount_pence < 0 and p.posting_type in (${methods}) and p.effective_date between u.cause_on and $1::date
          order by 1) as pay_dates,
    array(select distinct a.d::text from (
            select ra.taken_on as d from recovery_actions ra where ra.account_id = u.account_id and ra.written_acknowledgement
            union all select da.acknowledged_on from debt_acknowledgements da where da.account_id = u.account_id) a
          where a.d between u.cause_on and $1::date order by 1) as ack_dates
  from unpaid u
  where u.cause_on < ($1::date - interval '6 years')::date
),
-- Former tenant and sundry debt recovery records (migration 0010), for the few accounts that have them.
debt_tracing as (
  select distinct on (account_id) account_id, requested_on, case when returned_on <= $1::date then result end as result
  from tracing_requests where requested_on <= $1::date
  order by account_id, requested_on desc, id desc
),
debt_agency as (
  select distinct on (account_id) account_id, agency, placed_on
  from agency_placements where placed_on <= $1::date and (ended_on is null or ended_on > $1::date)
  order by account_id, placed_on desc, id desc
),
debt_letter as (
  select distinct on (l.account_id) l.account_id, l.id, l.sent_on, l.response_due_on,
    (select coalesce(jsonb_agg(jsonb_build_object('receivedOn', r.received_on, 'replyType', r.reply_type, 'timeAllowedUntil', r.time_allowed_until,
        'documentsProvidedOn', case when r.documents_provided_on <= $1::date then r.documents_provided_on end,
        'disputeAnsweredOn', case when r.dispute_answered_on <= $1::date then r.dispute_answered_on end) order by r.received_on, r.id), '[]')
     from letter_of_claim_replies r where r.letter_id = l.id and r.received_on <= $1::date) as replies
  from letters_of_claim l where l.sent_on <= $1::date
  order by l.account_id, l.sent_on desc, l.id desc
),
debt_claim as (
  select account_id, min(issued_on) as issued_on from money_claims where issued_on <= $1::date group by account_id
),
debt_judgment as (
  select distinct on (j.account_id) j.account_id, j.entered_on, j.amount_pence, j.terms, j.pay_by, j.instalment_pence, j.instalment_frequency, j.first_instalment_on,
    (select coalesce(-sum(p.amount_pence), 0) from postings p
     where p.account_id = j.account_id and p.amount_pence < 0 and p.posting_type in (${methods}) and p.effective_date > j.entered_on and p.effective_date <= $1::date)::bigint as paid_since
  from money_judgments j where j.entered_on <= $1::date and (j.set_aside_on is null or j.set_aside_on > $1::date)
  order by j.account_id, j.entered_on desc, j.id desc
),
debt_enforcement as (
  select distinct on (account_id) account_id, kind, applied_on,
    case when order_made_on <= $1::date then order_made_on end as order_made_on,
    case when ended_on <= $1::date then ended_on end as ended_on,
    case when ended_on <= $1::date then outcome end as outcome
  from enforcement_actions where applied_on <= $1::date
  order by account_id, applied_on desc, id desc
)
select acc.id as account_id, acc.account_number, acc.account_type, acc.patch_id, acc.opened_on, acc.tenure, acc.social_housing,
  coalesce(l.balance, 0)::bigint as balance,
  case when acc.opened_on <= $3::date then coalesce(l.balance_4w, 0) end::bigint as balance_4w,
  case when acc.opened_on <= $4::date then coalesce(l.balance_13w, 0) end::bigint as balance_13w,
  coalesce(l.week_debit, 0)::bigint as week_debit,
  case when acc.end_date is not null and acc.end_date < $1::date then 0 else coalesce(r.gross_weekly, 0) end::bigint as gross_weekly,
  l.last_payment_on, l.benefit_kind, l.benefit_last_on, coalesce(l.benefit_recent, 0)::bigint as benefit_recent, coalesce(l.benefit_count, 0) as benefit_count,
  ou.oldest_unpaid_on,
  rc.pathway_id, rc.pathway_version, rc.current_stage, rc.stage_entered_on,
  ct.last_contact_on, ct.last_ack_on,
  hd.holds, nt.notices, hr.outcome as hearing_outcome,
  co.order_type, co.possession_on, co.terms_weekly_pence, co.terms_start_on, ob.balance_before_terms,
  /*arrangement*/ null::text as arrangement_status,
  ou.cause_on, od.pay_dates, od.ack_dates,
  dt.requested_on as trace_requested_on, dt.result as trace_result, da.agency as agency_name, da.placed_on as agency_placed_on,
  dl.sent_on as letter_sent_on, dl.response_due_on as letter_due_on, dl.replies as letter_replies, dc.issued_on as claim_issued_on,
  dj.entered_on as judgment_on, dj.amount_pence as judgment_pence, dj.terms as judgment_terms, dj.pay_by as judgment_pay_by,
  dj.instalment_pence as judgment_instalment_pence, dj.instalment_frequency as judgment_frequency, dj.first_instalment_on as judgment_first_on,
  dj.paid_since as judgment_paid_since,
  de.kind as enforcement_kind, de.applied_on as enforcement_applied_on, de.order_made_on as enforcement_made_on, de.ended_on as enforcement_ended_on,
  de.outcome as enforcement_outcome,
  -- The dated policy these need, read once (an uncorrelated subquery) and sent only with the rows that use it.
  case when dl.account_id is not null then (select value from policy_values where key = 'debt_recovery.pap_debt' and effective_from <= $1::date
    order by effective_from desc limit 1) end as pap_debt,
  case when dj.account_id is not null then (select value from policy_values where key = 'recovery.order_terms_tolerance' and effective_from <= $1::date
    order by effective_from desc limit 1) end as judgment_tolerance
from acc
left join ledger l on l.account_id = acc.id
left join rates r on r.account_id = acc.id
left join recovery_cases rc on rc.account_id = acc.id
left join contact ct on ct.account_id = acc.id
left join held hd on hd.account_id = acc.id
left join notices nt on nt.account_id = acc.id
left join hearing hr on hr.account_id = acc.id
left join court_order co on co.account_id = acc.id
/*arrangement join*/
left join order_base ob on ob.account_id = acc.id
left join unpaid ou on ou.account_id = acc.id
left join old_debt od on od.account_id = acc.id
left join debt_tracing dt on dt.account_id = acc.id
left join debt_agency da on da.account_id = acc.id
left join debt_letter dl on dl.account_id = acc.id
left join debt_claim dc on dc.account_id = acc.id
left join debt_judgment dj on dj.account_id = acc.id
left join debt_enforcement de on de.account_id = acc.id
order by acc.id`

/**
 * The inputs query. With `arrangements` (the arrangements module's `account_arrangement_status` view exists), each
 * account's arrangement status (kept, breached, none) is read too; without it the input is 'none'.
 */
export function trawlInputsSql(opts: { arrangements: boolean }): string {
  if (!opts.arrangements) return INPUTS_SQL
  return INPUTS_SQL.replace('/*arrangement*/ null::text as arrangement_status', 'aas.recovery_status as arrangement_status').replace(
    '/*arrangement join*/',
    'left join account_arrangement_status aas on aas.account_id = acc.id',
  )
}

export interface TrawlInputRow {
  account_id: number
  account_number: string
  account_type: string
  patch_id: number | null
  opened_on: string
  tenure: string | null
  social_housing: boolean
  balance: number
  balance_4w: number | null
  balance_13w: number | null
  week_debit: number
  gross_weekly: number
  last_payment_on: string | null
  benefit_kind: 'housing_benefit' | 'universal_credit' | null
  benefit_last_on: string | null
  benefit_recent: number
  benefit_count: number
  oldest_unpaid_on: string | null
  pathway_id: string | null
  pathway_version: string | null
  current_stage: string | null
  stage_entered_on: string | null
  last_contact_on: string | null
  last_ack_on: string | null
  holds: { id: number; type: string; startsOn: string; endsOn: string | null; treatmentEndsOn: string | null; reason: string }[] | null
  notices: { kind: string; servedOn: string; expiresOn: string; validUntil: string | null }[] | null
  hearing_outcome: string | null
  order_type: string | null
  possession_on: string | null
  terms_weekly_pence: number | null
  terms_start_on: string | null
  balance_before_terms: number | null
  arrangement_status: string | null
  /** Debts without a weekly charge: the latest debit that is a debt falling due (limitation's cause of action). */
  cause_on: string | null
  /** Debts over six years old: every payment and acknowledgement date since the cause of action. */
  pay_dates: string[] | null
  ack_dates: string[] | null
  trace_requested_on: string | null
  trace_result: 'traced' | 'not_traced' | null
  agency_name: string | null
  agency_placed_on: string | null
  letter_sent_on: string | null
  letter_due_on: string | null
  letter_replies: { receivedOn: string; replyType: string; timeAllowedUntil: string | null; documentsProvidedOn: string | null; disputeAnsweredOn: string | null }[] | null
  claim_issued_on: string | null
  judgment_on: string | null
  judgment_pence: number | null
  judgment_terms: string | null
  judgment_pay_by: string | null
  judgment_instalment_pence: number | null
  judgment_frequency: 'weekly' | 'monthly' | null
  judgment_first_on: string | null
  judgment_paid_since: number | null
  enforcement_kind: string | null
  enforcement_applied_on: string | null
  enforcement_made_on: string | null
  enforcement_ended_on: string | null
  enforcement_outcome: 'paid_in_full' | 'unsuccessful' | 'withdrawn' | null
  pap_debt: { replyDays: number; afterReplyDays: number; afterDocumentsDays: number; afterDisputeAnswerDays: number } | null
  judgment_tolerance: { amountPence: number; graceDays: number } | null
}
