-- Recovery: pathways as versioned data, recovery cases and their stage history, holds, actions taken, the
-- Pre-Action Protocol checklist, legal notices and reviews, court claims, hearings, orders, warrants and evictions,
-- and the nightly trawl's runs and recommendations. Design: docs/recovery.md and decision 0005. The rules
-- themselves are pure code in src/domain/recovery; the statutory detail is DOMAIN.md sections 1, 3 and 4.

-- Rows written once and later completed (a hold's early end, a hearing's outcome, a claim number given by the
-- court): an update may fill in a column that was empty, never change or clear one that was set. What was recorded
-- stays as it was recorded; a correction is a new row. Deletes are refused by reeve_forbid_change.
create function reeve_fill_once() returns trigger language plpgsql as $$
declare
  col text;
  was jsonb := to_jsonb(old);
  now_is jsonb := to_jsonb(new);
begin
  for col in select jsonb_object_keys(was) loop
    if was -> col <> 'null'::jsonb and (now_is -> col) is distinct from (was -> col) then
      raise exception '%.% is already recorded and cannot be changed (record a new entry instead)', tg_table_name, col
        using errcode = '55000';
    end if;
  end loop;
  return new;
end
$$;

-- Council policy figures for recovery, dated like every other policy value (DESIGN.md principle 3).
insert into policy_values (key, effective_from, value, source) values
  ('recovery.commencements', '2000-01-01', '{}',
   'Commencement dates for pathways whose law starts on a date not yet known, e.g. {"rra2025.social-housing-assured": "YYYY-MM-DD"} once a commencement regulation names it (DOMAIN.md §1.3 [U]). Empty: such pathways are not in force.'),
  ('recovery.benefit_grace_days', '2000-01-01', '7',
   'Days after its expected date that an HB/UC credit still counts as technical arrears (Reeve default [assumption]; domain DEFAULT_BENEFIT_GRACE_DAYS).'),
  ('recovery.pap', '2000-01-01', '{"minContactAttempts": 2}',
   'Pre-Action Protocol for Possession Claims by Social Landlords, Part 2: contact as soon as reasonably possible, rent statements, benefits help, an affordable arrangement, vulnerability and Equality Act considered [C] (DOMAIN.md §1.1). Two recorded contact attempts before a claim is Reeve default policy [assumption].'),
  ('recovery.order_terms_tolerance', '2000-01-01', '{"amountPence": 500, "graceDays": 7}',
   'Terms of a suspended or postponed order (or adjourned on terms, or judgment instalments) are breached when the balance is worse than the terms require by more than this amount, counting each instalment only once its grace days have passed (Reeve default [assumption]; set locally).'),
  ('recovery.priority', '2000-01-01',
   '{"perArrearsWeek": 2, "maxArrearsWeeks": 20, "amountBands": [[10000, 10], [25000, 20], [50000, 30], [100000, 40], [250000, 50]], "risingTrend": 15, "fallingTrend": -10, "noPaymentDays": [[28, 10], [56, 20]], "neverPaid": 20, "actionWeights": {"eviction": 30, "warrant": 25, "claim": 20, "notice": 15, "hearing": 10, "money_claim": 15, "attachment_of_earnings": 15}, "orderBreached": 20, "vulnerableSupport": 20, "vulnerableEnforcement": -20}',
   'Worktray priority: points for arrears weeks and amount, a rising trend, days without a payment and the step due; vulnerable people come first for support contact and later for enforcement (docs/recovery.md). Reeve default weights [assumption]; set locally.'),
  ('recovery.court_fees', '2000-01-01', '{"possessionClaim": 40400, "warrantOfPossession": 14800, "n244OnNotice": 31300, "n244ByConsent": 12300}',
   'Court fees from April 2025: possession claim £404, warrant of possession (N325) £148, N244 £313 on notice or £123 by consent [C] NRLA, Clarke Willmott (DOMAIN.md §1.5). Whether they changed in April 2026 is [U]: add a dated row when confirmed.');

create table pathways (
  id text not null check (id ~ '^[a-z][a-z0-9-]*$'),
  version text not null check (length(trim(version)) > 0),
  name text not null,
  effective_from date not null,
  -- The pathway document exactly as loaded (validated by src/domain/recovery validatePathway before it is stored).
  document jsonb not null,
  source_file text,
  source_sha256 text not null,
  loaded_by text not null,
  loaded_user_id int references users (id) on delete restrict,
  loaded_at timestamptz not null default now(),
  primary key (id, version)
);
comment on table pathways is 'Recovery pathways as versioned data: each row one version of one pathway document, loaded once and never changed.';

create trigger pathways_append_only before update or delete on pathways
  for each row execute function reeve_forbid_change();

create table trawl_runs (
  id bigserial primary key,
  -- One trawl per day: a second run for the same date returns this one (or resumes it if it did not finish).
  run_date date not null unique,
  job_run_id bigint not null unique references job_runs (id) on delete restrict,
  status text not null check (status in ('running', 'completed', 'failed')),
  -- The pathway versions loaded when the run started, [{"id", "version"}].
  pathways jsonb not null default '[]',
  counts jsonb not null default '{}',
  started_at timestamptz not null default now(),
  finished_at timestamptz
);
comment on table trawl_runs is 'Nightly trawl runs, one per date: the recommendations of a run are in recommendations.';

-- Written 100,000 rows a night by the trawl, set-based from rows it has just read: the run, account and patch ids
-- come from those rows, and nothing deletes runs, accounts or patches. Foreign keys here would be checked row by row
-- and measured at about 40% of the insert's cost (docs/benchmarks.md), so these three are left out on purpose.
-- Account lookups go through (run_id, account_id): the latest run first, then the account in it.
create table recommendations (
  id bigserial primary key,
  run_id bigint not null,
  account_id int not null,
  -- The account's patch when the trawl ran (the worktray is per patch).
  patch_id int,
  pathway_id text,
  pathway_version text,
  -- The stage the case was at (null: not started) and, for an action or a blocked step, the stage recommended.
  from_stage text,
  stage text,
  kind text not null check (kind in ('action', 'blocked', 'none', 'reset')),
  action_type text,
  -- Which rule fired and on which figures, in words; the conditions behind it as data.
  reason text not null,
  fired_conditions jsonb not null default '[]',
  required_checks text[] not null default '{}',
  authorised_by text[] not null default '{}',
  cautions text[] not null default '{}',
  -- What stopped a due step: hold types, 'pap_incomplete' or 'possession_date_not_reached'.
  blocked_by text[] not null default '{}',
  -- Holds in force on the run date (any type), for the worktray's hold filter.
  hold_types text[] not null default '{}',
  -- Taken by the trawl itself: a reset, or a step the pathway lets the system take with no checks (reminders).
  applied boolean not null default false,
  balance_pence bigint not null,
  arrears_pence bigint not null,
  arrears_weeks_hundredths int,
  trend text not null check (trend in ('rising', 'falling', 'steady')),
  -- Against the balance 13 weeks ago: worked out for steps due or blocked (the worktray shows it), else null.
  long_trend text check (long_trend in ('rising', 'falling', 'steady')),
  last_payment_on date,
  -- The worktray order, and why: [{"factor", "points", "detail"}].
  priority int not null,
  priority_factors jsonb not null default '[]',
  unique (run_id, account_id),
  check ((kind in ('action', 'blocked')) = (stage is not null and action_type is not null))
);
comment on table recommendations is 'What the trawl recommends for each account on its date: the next step with the rule that fired, or why there is none.';
create index recommendations_worktray on recommendations (run_id, patch_id, priority desc) where kind in ('action', 'blocked') and not applied;

create trigger recommendations_append_only before update or delete on recommendations
  for each row execute function reeve_forbid_change();

create table recovery_cases (
  account_id int primary key references accounts (id) on delete restrict,
  pathway_id text not null,
  pathway_version text not null,
  -- The stage last taken; null when the case has not started or is back at the start after a reset.
  current_stage text,
  stage_entered_on date,
  -- When the case last left the start (Pre-Action Protocol steps count from here).
  cycle_started_on date,
  updated_at timestamptz not null default now(),
  foreign key (pathway_id, pathway_version) references pathways (id, version) on delete restrict,
  check ((current_stage is null) = (stage_entered_on is null))
);
comment on table recovery_cases is 'Where each account is on its recovery pathway now (current state); how it got there is in recovery_stage_history.';

create table recovery_actions (
  id bigserial primary key,
  account_id int not null references accounts (id) on delete restrict,
  action_type text not null check (action_type in ('none', 'sms', 'letter', 'call', 'visit', 'notice', 'review', 'claim', 'hearing',
    'warrant', 'eviction', 'agency', 'tracing', 'letter_before_claim', 'money_claim', 'attachment_of_earnings', 'write_off_review')),
  -- The pathway stage this action took; null for contact outside the pathway (an extra call, a visit).
  pathway_id text,
  pathway_version text,
  stage text,
  taken_on date not null,
  outcome text not null,
  -- Two-way contact with the customer (not merely an attempt): the pathways' daysSinceLastContact.
  contact_made boolean not null default false,
  channel text check (channel in ('phone', 'visit', 'letter', 'sms', 'email', 'in_person', 'court')),
  -- A signed written acknowledgement of the debt (Limitation Act 1980 ss29(5), 30).
  written_acknowledgement boolean not null default false,
  document_ref text,
  -- The stage's checks the officer confirmed, and the proportionality and Equality Act 2010 records a legal step needs.
  checks_confirmed text[] not null default '{}',
  proportionality_note text,
  equality_note text,
  notes text,
  recommendation_id bigint references recommendations (id) on delete restrict,
  actor text not null,
  user_id int references users (id) on delete restrict,
  created_at timestamptz not null default now(),
  check ((pathway_id is null) = (stage is null) and (pathway_version is null) = (stage is null)),
  check (stage is null or action_type not in ('notice', 'claim', 'warrant', 'eviction', 'money_claim', 'attachment_of_earnings')
    or (proportionality_note is not null and equality_note is not null))
);
comment on table recovery_actions is 'Recovery actions taken (letters, calls, visits, notices, claims…): what, when, outcome, documents, checks and who.';
create index recovery_actions_account on recovery_actions (account_id, taken_on);

create trigger recovery_actions_append_only before update or delete on recovery_actions
  for each row execute function reeve_forbid_change();

create table recovery_stage_history (
  id bigserial primary key,
  account_id int not null references accounts (id) on delete restrict,
  pathway_id text not null,
  pathway_version text not null,
  from_stage text,
  -- Null: back to the start (a reset).
  to_stage text,
  entered_on date not null,
  reason text not null,
  action_id bigint references recovery_actions (id) on delete restrict,
  recommendation_id bigint references recommendations (id) on delete restrict,
  actor text not null,
  user_id int references users (id) on delete restrict,
  created_at timestamptz not null default now()
);
comment on table recovery_stage_history is 'Append-only history of each case: every stage entered (or reset) with why and who.';
create index recovery_stage_history_account on recovery_stage_history (account_id, id);

create trigger recovery_stage_history_append_only before update or delete on recovery_stage_history
  for each row execute function reeve_forbid_change();

create table holds (
  id bigserial primary key,
  -- An account-level hold covers one account; a party-level hold covers every account of the person (a Breathing
  -- Space covers all their debts to the council once it is notified of one; deceased and vulnerability are personal).
  account_id int references accounts (id) on delete restrict,
  party_id int references parties (id) on delete restrict,
  hold_type text not null check (hold_type in ('breathing_space_standard', 'breathing_space_mental_health', 'insolvency_dro',
    'insolvency_bankruptcy', 'insolvency_iva', 'benefit_claim_pending', 'dispute', 'vulnerability_review', 'deceased')),
  starts_on date not null,
  -- The last day in force as far as known (the domain's holdEnd: 60 days for a standard Breathing Space, the end date
  -- notified, treatment end + 30 days); null while open-ended.
  ends_on date,
  treatment_ends_on date,
  reason text not null check (length(trim(reason)) > 0),
  reference text,
  created_by text not null,
  created_user_id int references users (id) on delete restrict,
  created_at timestamptz not null default now(),
  -- Ended early by an officer (set once): the last day it was in force.
  ended_on date,
  end_reason text,
  ended_by text,
  ended_user_id int references users (id) on delete restrict,
  ended_at timestamptz,
  check (num_nonnulls(account_id, party_id) = 1),
  check (ends_on is null or ends_on >= starts_on),
  check (treatment_ends_on is null or hold_type = 'breathing_space_mental_health'),
  check (ended_on is null or ended_on >= starts_on - 1),
  check ((ended_on is null) = (ended_by is null) and (ended_on is null) = (end_reason is null))
);
comment on table holds is 'Periods in which recovery actions are stopped (Breathing Space, insolvency, benefit claim pending, dispute, vulnerability review, deceased), per account or per person.';
create index holds_account on holds (account_id) where account_id is not null;
create index holds_party on holds (party_id) where party_id is not null;

create trigger holds_fill_once before update on holds for each row execute function reeve_fill_once();
create trigger holds_no_delete before delete on holds for each row execute function reeve_forbid_change();

create table pap_checklists (
  id bigserial primary key,
  account_id int not null references accounts (id) on delete restrict,
  item text not null check (item in ('contact_attempt', 'rent_statement_sent', 'benefits_checked', 'arrangement_offered',
    'vulnerability_recorded', 'equality_impact_recorded')),
  done_on date not null,
  detail text,
  actor text not null,
  user_id int references users (id) on delete restrict,
  created_at timestamptz not null default now()
);
comment on table pap_checklists is 'Pre-Action Protocol checklist entries per account, one row per item done; complete (since the case started) before a possession claim is recommended.';
create index pap_checklists_account on pap_checklists (account_id, done_on);

create trigger pap_checklists_append_only before update or delete on pap_checklists
  for each row execute function reeve_forbid_change();

create table legal_notices (
  id bigserial primary key,
  account_id int not null references accounts (id) on delete restrict,
  notice_kind text not null check (notice_kind in ('nosp_secure', 's8_assured', 's128_introductory', 'notice_to_quit', 'licence_termination')),
  grounds text[] not null default '{}',
  -- The day it was handed over, left or posted, and the day it is treated as served.
  delivered_on date not null,
  service_method text not null check (service_method in ('hand', 'left_at_property', 'first_class_post')),
  served_on date not null,
  -- Every named tenant must be served (secure NOSP: all joint tenants).
  served_party_ids int[] not null,
  all_tenants_served boolean not null,
  earliest_date_in_notice date not null,
  -- The date in the notice after which proceedings may begin (the notice "expires").
  date_in_notice date not null,
  -- The last day the notice is in force; null when it does not lapse by statute.
  valid_until date,
  -- Introductory tenancies (s128): the last day the tenant may ask for a review.
  review_request_by date,
  arrears_at_service_pence bigint not null,
  document_ref text,
  action_id bigint references recovery_actions (id) on delete restrict,
  withdrawn_on date,
  withdrawn_reason text,
  actor text not null,
  user_id int references users (id) on delete restrict,
  created_at timestamptz not null default now(),
  check (served_on >= delivered_on),
  check (date_in_notice >= earliest_date_in_notice),
  check (valid_until is null or valid_until >= date_in_notice),
  check ((withdrawn_on is null) = (withdrawn_reason is null))
);
comment on table legal_notices is 'Notices served (NOSP, s8, s128, notice to quit, licence termination): grounds, service, parties served, and the dates that decide whether a claim may rely on them.';
create index legal_notices_account on legal_notices (account_id, served_on);

create trigger legal_notices_fill_once before update on legal_notices for each row execute function reeve_fill_once();
create trigger legal_notices_no_delete before delete on legal_notices for each row execute function reeve_forbid_change();

create table notice_reviews (
  id bigserial primary key,
  notice_id bigint not null unique references legal_notices (id) on delete restrict,
  requested_on date not null,
  hearing_requested boolean not null default false,
  decided_on date,
  outcome text check (outcome in ('upheld', 'overturned')),
  reviewer text,
  decision_note text,
  actor text not null,
  user_id int references users (id) on delete restrict,
  created_at timestamptz not null default now(),
  check ((decided_on is null) = (outcome is null)),
  check (decided_on is null or decided_on >= requested_on)
);
comment on table notice_reviews is 'Reviews of introductory tenancy notices of proceedings (Housing Act 1996 s129): requested, then decided by someone not involved in the decision.';

create trigger notice_reviews_fill_once before update on notice_reviews for each row execute function reeve_fill_once();
create trigger notice_reviews_no_delete before delete on notice_reviews for each row execute function reeve_forbid_change();

create table court_claims (
  id bigserial primary key,
  account_id int not null references accounts (id) on delete restrict,
  claim_type text not null check (claim_type in ('possession', 'money', 'fix_date')),
  notice_id bigint references legal_notices (id) on delete restrict,
  court text not null,
  claim_number text unique,
  issued_on date not null,
  fee_pence bigint not null check (fee_pence >= 0),
  arrears_at_issue_pence bigint not null,
  action_id bigint references recovery_actions (id) on delete restrict,
  actor text not null,
  user_id int references users (id) on delete restrict,
  created_at timestamptz not null default now()
);
comment on table court_claims is 'Claims issued: possession (PCOL), money (small claims), or an application to fix a date under a postponed order.';
create index court_claims_account on court_claims (account_id);

create trigger court_claims_fill_once before update on court_claims for each row execute function reeve_fill_once();
create trigger court_claims_no_delete before delete on court_claims for each row execute function reeve_forbid_change();

create table court_hearings (
  id bigserial primary key,
  claim_id bigint not null references court_claims (id) on delete restrict,
  hearing_on date not null,
  outcome text check (outcome in ('adjourned', 'adjourned_on_terms', 'suspended_order', 'postponed_order', 'outright_order',
    'dismissed', 'money_judgment')),
  outcome_note text,
  outcome_recorded_by text,
  actor text not null,
  user_id int references users (id) on delete restrict,
  created_at timestamptz not null default now(),
  check ((outcome is null) = (outcome_recorded_by is null))
);
comment on table court_hearings is 'Hearings listed for a claim, and their outcome once known.';
create index court_hearings_claim on court_hearings (claim_id);

create trigger court_hearings_fill_once before update on court_hearings for each row execute function reeve_fill_once();
create trigger court_hearings_no_delete before delete on court_hearings for each row execute function reeve_forbid_change();

create table court_orders (
  id bigserial primary key,
  account_id int not null references accounts (id) on delete restrict,
  claim_id bigint not null references court_claims (id) on delete restrict,
  hearing_id bigint not null unique references court_hearings (id) on delete restrict,
  order_type text not null check (order_type in ('outright', 'suspended', 'postponed', 'adjourned_on_terms', 'money_judgment')),
  made_on date not null,
  -- Outright and suspended orders fix a date for possession; a postponed order does not (PD 55A para 10).
  possession_on date,
  -- The terms: an amount each week on top of the current rent (for a judgment, the instalment), from a date. While
  -- they apply they act like an arrangement; the trawl detects their breach by comparing the balance with them.
  terms_weekly_pence bigint check (terms_weekly_pence > 0),
  terms_start_on date,
  judgment_pence bigint check (judgment_pence >= 0),
  costs_pence bigint check (costs_pence >= 0),
  discharged_on date,
  discharge_reason text,
  actor text not null,
  user_id int references users (id) on delete restrict,
  created_at timestamptz not null default now(),
  check ((terms_weekly_pence is null) = (terms_start_on is null)),
  check (order_type not in ('outright', 'suspended') or possession_on is not null),
  check (order_type not in ('suspended', 'postponed', 'adjourned_on_terms') or terms_start_on is not null),
  check ((discharged_on is null) = (discharge_reason is null))
);
comment on table court_orders is 'Orders made at hearings: outright, suspended or postponed possession, adjourned on terms, money judgment; with their terms.';
create index court_orders_account on court_orders (account_id, made_on);

create trigger court_orders_fill_once before update on court_orders for each row execute function reeve_fill_once();
create trigger court_orders_no_delete before delete on court_orders for each row execute function reeve_forbid_change();

create table warrants (
  id bigserial primary key,
  account_id int not null references accounts (id) on delete restrict,
  order_id bigint not null references court_orders (id) on delete restrict,
  applied_on date not null,
  warrant_number text,
  fee_pence bigint not null check (fee_pence >= 0),
  -- A warrant of possession is valid for 12 months (CPR 83.3(3)) [C]: the last day it may be executed.
  expires_on date not null,
  action_id bigint references recovery_actions (id) on delete restrict,
  actor text not null,
  user_id int references users (id) on delete restrict,
  created_at timestamptz not null default now(),
  check (expires_on > applied_on)
);
comment on table warrants is 'Warrants of possession requested (N325), certifying the breach or non-payment.';
create index warrants_account on warrants (account_id);

create trigger warrants_fill_once before update on warrants for each row execute function reeve_fill_once();
create trigger warrants_no_delete before delete on warrants for each row execute function reeve_forbid_change();

create table evictions (
  id bigserial primary key,
  account_id int not null references accounts (id) on delete restrict,
  warrant_id bigint not null references warrants (id) on delete restrict,
  -- The date in the bailiff's notice of eviction (N54), delivered at least 14 days before (CPR 83.8A) [C].
  scheduled_on date not null,
  n54_received_on date,
  outcome text check (outcome in ('evicted', 'tenant_left', 'stayed_by_court', 'cancelled', 'postponed')),
  outcome_on date,
  outcome_note text,
  action_id bigint references recovery_actions (id) on delete restrict,
  actor text not null,
  user_id int references users (id) on delete restrict,
  created_at timestamptz not null default now(),
  check ((outcome is null) = (outcome_on is null))
);
comment on table evictions is 'Evictions booked by the bailiff under a warrant, and what happened on the day.';
create index evictions_account on evictions (account_id);

create trigger evictions_fill_once before update on evictions for each row execute function reeve_fill_once();
create trigger evictions_no_delete before delete on evictions for each row execute function reeve_forbid_change();
