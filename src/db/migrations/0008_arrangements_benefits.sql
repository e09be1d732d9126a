-- Arrangements, affordability (income and expenditure), benefits (HB, UC, DHP), referrals and safeguarding.
-- Design: docs/arrangements.md. The rules are pure code in src/domain/affordability, src/domain/arrangements and
-- src/domain/benefits; these tables store what was decided and its history. Conventions: docs/db-conventions.md
-- (append-only history tables refuse update/delete through reeve_forbid_change; rows completed later use
-- reeve_fill_once from 0006).

-- Council settings for arrangements and benefit holds, dated like every other policy value.
insert into policy_values (key, effective_from, value, source) values
  ('arrangements.defaults', '2000-01-01',
   '{"tolerance": {"amountPence": 500, "days": 7}, "minimumInstalmentPence": 100, "priorityOrder": [["rent", "temporary_accommodation", "pitch", "council_tax"]], "withinTier": "pro_rata", "breachIsFinal": false}',
   'Arrangement defaults: a breach is a shortfall over £5.00 lasting more than 7 days; rent and council tax first, pro rata within a tier (DESIGN.md §5 "Arrangements"). Reeve defaults [assumption]; set locally.'),
  ('benefits.pending_claim_hold', '2000-01-01', '{"holdWhileHbSuspended": true, "holdWhileDhpApplied": false}',
   'Pre-Action Protocol: a pending HB/UC claim with the tenant cooperating puts legal steps on hold (DOMAIN.md §1.1). Whether a suspended HB claim or a DHP application also holds is council policy (Reeve defaults [assumption]).');

-- Income and expenditure ---------------------------------------------------------------------------------------

create table income_expenditure_statements (
  id bigserial primary key,
  party_id int not null references parties (id) on delete restrict,
  -- The account the statement was taken for, if any (it covers the whole household's finances regardless).
  account_id int references accounts (id) on delete restrict,
  taken_on date not null,
  taken_by text not null,
  taken_user_id int references users (id) on delete restrict,
  household jsonb not null,
  -- Each line as given: {subCategory, amountPence, frequency, note?}.
  lines jsonb not null,
  -- The whole statement as validated (savings contribution, debts, explanations, notes).
  statement jsonb not null,
  -- assessStatement's result, with the spending guidelines version used (assessment->'guidelines').
  assessment jsonb not null,
  guidelines_id text not null,
  guidelines_version text not null,
  disposable_income_pence bigint not null,
  trigger_flag_count int not null check (trigger_flag_count >= 0),
  created_at timestamptz not null default now()
);
comment on table income_expenditure_statements is 'Standard Financial Statements as taken (date, who, household, lines) with their assessment against the spending guidelines in force; append-only.';
create index income_expenditure_statements_party on income_expenditure_statements (party_id, taken_on desc, id desc);

create trigger income_expenditure_statements_append_only before update or delete on income_expenditure_statements
  for each row execute function reeve_forbid_change();
create trigger income_expenditure_statements_no_truncate before truncate on income_expenditure_statements
  for each statement execute function reeve_forbid_change();

-- Arrangements -------------------------------------------------------------------------------------------------

create table arrangements (
  id bigserial primary key,
  -- The person the arrangement is made with; every account it covers is theirs.
  party_id int not null references parties (id) on delete restrict,
  -- Current state, kept by the nightly check and the officer's cancel (its history is arrangement_events).
  status text not null check (status in ('kept', 'breached', 'completed', 'cancelled')),
  status_since date not null,
  -- The last date the nightly check ran for it (a re-run for the same date changes nothing).
  last_checked_on date,
  income_expenditure_id bigint references income_expenditure_statements (id) on delete restrict,
  created_by text not null,
  created_user_id int references users (id) on delete restrict,
  created_at timestamptz not null default now(),
  cancelled_on date,
  cancel_reason text,
  check ((status = 'cancelled') = (cancelled_on is not null)),
  check ((cancelled_on is null) = (cancel_reason is null))
);
comment on table arrangements is 'Instalment arrangements with a person over one or several of their accounts; the current status, with versions and events beside it.';
create index arrangements_party on arrangements (party_id);
create index arrangements_open on arrangements (id) where status in ('kept', 'breached');

create table arrangement_versions (
  arrangement_id bigint not null references arrangements (id) on delete restrict,
  version int not null check (version >= 1),
  -- First day these terms apply (the lump sum's date, else the first instalment); a version ends the day before
  -- the next one's effective_from.
  effective_from date not null,
  frequency text not null check (frequency in ('weekly', 'fortnightly', 'four_weekly', 'monthly')),
  instalment_pence bigint not null check (instalment_pence > 0),
  start_on date not null,
  lump_sum_pence bigint check (lump_sum_pence > 0),
  lump_sum_on date,
  payment_method text not null check (payment_method in ('direct_debit', 'standing_order', 'card', 'cash', 'cheque', 'postal_order',
    'bank_transfer', 'allpay', 'paypoint', 'post_office', 'employer_deduction', 'dwp_deduction')),
  tolerance_amount_pence bigint not null check (tolerance_amount_pence >= 0),
  tolerance_days int not null check (tolerance_days >= 0),
  current_weekly_charge_pence bigint not null check (current_weekly_charge_pence >= 0),
  starting_arrears_pence bigint not null check (starting_arrears_pence > 0),
  -- Tiers of account types, highest first, e.g. [["rent","council_tax"]]; then pro rata or oldest first within each.
  priority_order jsonb not null,
  within_tier text not null check (within_tier in ('pro_rata', 'oldest_first')),
  -- The domain's ArrangementTerms and ExpectedSchedule exactly as agreed.
  terms jsonb not null,
  schedule jsonb not null,
  completes_on date not null,
  reason text not null,
  recorded_on date not null,
  recorded_by text not null,
  recorded_user_id int references users (id) on delete restrict,
  created_at timestamptz not null default now(),
  primary key (arrangement_id, version),
  check ((lump_sum_pence is null) = (lump_sum_on is null))
);
comment on table arrangement_versions is 'Each set of terms an arrangement has had (an amendment adds a version); append-only.';

create trigger arrangement_versions_append_only before update or delete on arrangement_versions
  for each row execute function reeve_forbid_change();
create trigger arrangement_versions_no_truncate before truncate on arrangement_versions
  for each statement execute function reeve_forbid_change();

create table arrangement_accounts (
  arrangement_id bigint not null references arrangements (id) on delete restrict,
  account_id int not null references accounts (id) on delete restrict,
  -- 1-based priority tier of the account under the arrangement's order, and the balance it started with.
  priority_tier int not null check (priority_tier >= 1),
  starting_balance_pence bigint not null,
  -- Its share of each regular instalment in the first instalment of the schedule (apportionment shown to officers).
  first_instalment_share_pence bigint not null default 0,
  primary key (arrangement_id, account_id)
);
comment on table arrangement_accounts is 'The accounts an arrangement covers, their priority tier and starting balance (the apportionment is in the version''s schedule).';
create index arrangement_accounts_account on arrangement_accounts (account_id);

create trigger arrangement_accounts_append_only before update or delete on arrangement_accounts
  for each row execute function reeve_forbid_change();

create table arrangement_events (
  id bigserial primary key,
  arrangement_id bigint not null references arrangements (id) on delete restrict,
  version int not null,
  -- kept: back on track after a breach.
  event_type text not null check (event_type in ('created', 'amended', 'kept', 'breached', 'completed', 'cancelled')),
  occurred_on date not null,
  -- The nightly check's run date for kept/breached/completed (null for officers' events).
  check_date date,
  text text not null,
  detail jsonb not null default '{}',
  actor text not null,
  user_id int references users (id) on delete restrict,
  created_at timestamptz not null default now(),
  foreign key (arrangement_id, version) references arrangement_versions (arrangement_id, version) on delete restrict
);
comment on table arrangement_events is 'History of each arrangement: created, amended, kept (back on track), breached, completed, cancelled; append-only.';
create index arrangement_events_arrangement on arrangement_events (arrangement_id, id);
-- The nightly check writes a transition once: the same event on the same day is never written twice.
create unique index arrangement_events_check_once on arrangement_events (arrangement_id, version, event_type, occurred_on)
  where event_type in ('kept', 'breached', 'completed');

create trigger arrangement_events_append_only before update or delete on arrangement_events
  for each row execute function reeve_forbid_change();
create trigger arrangement_events_no_truncate before truncate on arrangement_events
  for each statement execute function reeve_forbid_change();

-- What the recovery trawl reads: for each account, its arrangement that is in force (kept or breached), else the
-- latest completed one. `recovery_status` is the domain's ArrangementStatus (completed is 'none').
create view account_arrangement_status as
select distinct on (aa.account_id)
  aa.account_id,
  a.id as arrangement_id,
  a.status,
  a.status_since,
  case a.status when 'completed' then 'none' else a.status end as recovery_status
from arrangement_accounts aa
join arrangements a on a.id = aa.arrangement_id
where a.status <> 'cancelled'
order by aa.account_id, (a.status in ('kept', 'breached')) desc, a.id desc;
comment on view account_arrangement_status is 'Per account: the arrangement in force (kept or breached) or else the latest completed one; read by the recovery trawl.';

-- Benefits -----------------------------------------------------------------------------------------------------

create table benefit_claims (
  id bigserial primary key,
  account_id int not null references accounts (id) on delete restrict,
  party_id int references parties (id) on delete restrict,
  kind text not null check (kind in ('housing_benefit', 'universal_credit')),
  -- The benefit service's or DWP's reference, if given.
  claim_reference text,
  claimed_on date not null,
  -- HB: pending/awarded/suspended/overpaid/ended; UC: the claim track (claim_made/housing_costs_awarded/closed).
  state text not null,
  state_since date not null,
  tenant_cooperating boolean not null,
  -- The domain record (HousingBenefitClaim or UniversalCreditClaim) as it is now; its history is benefit_claim_events.
  record jsonb not null,
  created_by text not null,
  created_user_id int references users (id) on delete restrict,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (kind <> 'housing_benefit' or state in ('pending', 'awarded', 'suspended', 'overpaid', 'ended')),
  check (kind <> 'universal_credit' or state in ('claim_made', 'housing_costs_awarded', 'closed'))
);
comment on table benefit_claims is 'Housing Benefit and Universal Credit claims as the rent account sees them: current state (history in benefit_claim_events).';
create index benefit_claims_account on benefit_claims (account_id);

create table benefit_claim_events (
  id bigserial primary key,
  claim_id bigint not null references benefit_claims (id) on delete restrict,
  -- UC: claim, verification, apa or deduction; HB: claim.
  track text not null check (track in ('claim', 'verification', 'apa', 'deduction', 'cooperation')),
  from_state text,
  to_state text not null,
  occurred_on date not null,
  change jsonb not null default '{}',
  note text,
  actor text not null,
  user_id int references users (id) on delete restrict,
  created_at timestamptz not null default now()
);
comment on table benefit_claim_events is 'Every change to a benefit claim (and each UC track), with who recorded it; append-only.';
create index benefit_claim_events_claim on benefit_claim_events (claim_id, id);

create trigger benefit_claim_events_append_only before update or delete on benefit_claim_events
  for each row execute function reeve_forbid_change();
create trigger benefit_claim_events_no_truncate before truncate on benefit_claim_events
  for each statement execute function reeve_forbid_change();

create table dhp_applications (
  id bigserial primary key,
  account_id int not null references accounts (id) on delete restrict,
  party_id int references parties (id) on delete restrict,
  applied_on date not null,
  reason text not null check (reason in ('under_occupancy', 'benefit_cap', 'local_housing_allowance_shortfall', 'non_dependant_deduction',
    'rent_in_advance_or_deposit', 'other')),
  state text not null check (state in ('applied', 'awarded', 'refused', 'withdrawn')),
  state_since date not null,
  tenant_cooperating boolean not null,
  award_pence bigint check (award_pence > 0),
  -- The domain DhpApplication as it is now, with its history.
  record jsonb not null,
  created_by text not null,
  created_user_id int references users (id) on delete restrict,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table dhp_applications is 'Discretionary Housing Payment applications and their decisions (current state; history in dhp_application_events).';
create index dhp_applications_account on dhp_applications (account_id);

create table dhp_application_events (
  id bigserial primary key,
  application_id bigint not null references dhp_applications (id) on delete restrict,
  from_state text,
  to_state text not null,
  occurred_on date not null,
  change jsonb not null default '{}',
  actor text not null,
  user_id int references users (id) on delete restrict,
  created_at timestamptz not null default now()
);
comment on table dhp_application_events is 'Every change to a DHP application; append-only.';
create index dhp_application_events_application on dhp_application_events (application_id, id);

create trigger dhp_application_events_append_only before update or delete on dhp_application_events
  for each row execute function reeve_forbid_change();

-- Referrals and safeguarding -----------------------------------------------------------------------------------

create table referrals (
  id bigserial primary key,
  party_id int not null references parties (id) on delete restrict,
  account_id int references accounts (id) on delete restrict,
  service text not null check (service in ('tenancy_sustainment', 'money_advice', 'citizens_advice', 'age_uk', 'credit_union', 'dwp', 'other')),
  service_detail text,
  reason text not null check (length(trim(reason)) > 0),
  referred_on date not null,
  referred_by text not null,
  referred_user_id int references users (id) on delete restrict,
  -- Filled in once when the outcome is known.
  outcome text check (outcome in ('engaged', 'declined', 'no_contact', 'support_in_place', 'closed', 'other')),
  outcome_on date,
  outcome_note text,
  outcome_by text,
  outcome_user_id int references users (id) on delete restrict,
  created_at timestamptz not null default now(),
  check ((outcome is null) = (outcome_on is null) and (outcome is null) = (outcome_by is null)),
  check (outcome_on is null or outcome_on >= referred_on)
);
comment on table referrals is 'Referrals and signposting to support services (tenancy sustainment, money advice, Citizens Advice, Age UK, credit union, DWP), with their outcome.';
create index referrals_party on referrals (party_id, referred_on);

create trigger referrals_fill_once before update on referrals for each row execute function reeve_fill_once();
create trigger referrals_no_delete before delete on referrals for each row execute function reeve_forbid_change();

create table safeguarding_concerns (
  id bigserial primary key,
  party_id int not null references parties (id) on delete restrict,
  account_id int references accounts (id) on delete restrict,
  concern text not null check (length(trim(concern)) > 0),
  raised_on date not null,
  raised_by text not null,
  raised_user_id int references users (id) on delete restrict,
  created_at timestamptz not null default now()
);
comment on table safeguarding_concerns is 'Safeguarding concerns about a person: special-category data, readable only by team leaders and administrators (enforced in services/referrals, every read audited); append-only.';
create index safeguarding_concerns_party on safeguarding_concerns (party_id, raised_on);

create trigger safeguarding_concerns_append_only before update or delete on safeguarding_concerns
  for each row execute function reeve_forbid_change();
create trigger safeguarding_concerns_no_truncate before truncate on safeguarding_concerns
  for each statement execute function reeve_forbid_change();
