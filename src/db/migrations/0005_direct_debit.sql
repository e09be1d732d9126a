-- Direct Debit (BACS): mandates (Direct Debit Instructions) and their history, AUDDIS instructions, collection
-- schedules and planned collections, advance notices, collection runs (Standard 18 files), Bacs reports received,
-- and officer tasks. Design and decisions: docs/direct-debit.md. Domain rules: DOMAIN.md section 5.
--
-- Bank details (sort code, account number) are personal financial data: they live only in dd_mandates and
-- dd_instructions (which Bacs needs them for). Events, audit rows, tasks and notices carry the masked form.

-- The council's Bacs service user settings and Direct Debit policy, dated like every other policy figure.
insert into policy_values (key, effective_from, value, source) values
  ('direct_debit.service_user', '2000-01-01',
   '{"serviceUserNumber": "123456", "serviceUserName": "REEVESBY COUNCIL", "sortCode": "601613", "accountNumber": "12345678"}',
   'Demo service user (not a real SUN or bank account). Set the council''s own service user number, name and collection account from its sponsoring bank before going live.'),
  ('direct_debit.notice_working_days', '2000-01-01', '10',
   'Direct Debit Guarantee: advance notice 10 working days before the first collection and any change, "or as otherwise agreed" (DOMAIN.md 5.1).'),
  ('direct_debit.min_notice_working_days', '2000-01-01', '3',
   'Reeve''s floor for an agreed shorter notice period; a scheme-wide minimum could not be confirmed (DOMAIN.md 5.1 [U], item 6). Never below 3.'),
  ('direct_debit.representation_notice_working_days', '2000-01-01', '5',
   'Notice given to the payer before re-presenting an ARUDD 0 (refer to payer) collection: about 5 working days (DOMAIN.md 5.4).'),
  ('direct_debit.arudd_return_code_map', '2000-01-01', '{}',
   'The sponsoring bank''s 4-digit ARUDD returnCode values mapped to ARUDD reason codes (e.g. {"0128": "0"}), once confirmed with the bank. Empty: the reason is read from returnDescription.');

create table dd_mandates (
  id serial primary key,
  account_id int not null references accounts (id) on delete restrict,
  -- The service user's reference for the instruction (Standard 18 positions 65-82), never reused.
  ddi_reference text not null unique check (ddi_reference ~ '^[A-Z0-9][A-Z0-9.&/ -]{5,17}$'),
  -- The payer's name as given (for letters) and the name on the bank account in Bacs characters (18 at most).
  payer_name text not null,
  account_name text not null check (account_name ~ '^[A-Z0-9.&/-][A-Z0-9.&/ -]{0,17}$'),
  sort_code text not null check (sort_code ~ '^[0-9]{6}$'),
  account_number text not null check (account_number ~ '^[0-9]{8}$'),
  -- How the payer gave the instruction, and how it was lodged: a new instruction (0N) or a paper DDI the bank
  -- already held before AUDDIS, converted (0S).
  source text not null check (source in ('paper', 'paperless')),
  lodgement text not null default 'new' check (lodgement in ('new', 'conversion')),
  status text not null check (status in ('pending_lodgement', 'lodged', 'active', 'suspended', 'cancelled', 'failed')),
  frequency text not null check (frequency in ('monthly', 'weekly', 'fortnightly', 'four_weekly')),
  day_of_month int check (day_of_month in (1, 8, 15, 22)),
  weekday int check (weekday between 1 and 5),
  notice_working_days int not null check (notice_working_days between 3 and 30),
  -- Added to each collection: the instalment of an arrangement (arrangements arrive with a later issue).
  instalment_pence bigint not null default 0 check (instalment_pence >= 0),
  -- Housing costs paid direct to the council for this account (HB / UC), taken off the weekly charge.
  benefit_weekly_pence bigint not null default 0 check (benefit_weekly_pence >= 0),
  set_up_on date not null,
  lodged_on date,
  lodgement_instruction_id bigint,
  final_collection_on date,
  cancelled_on date,
  cancel_reason text,
  version int not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((frequency = 'monthly') = (day_of_month is not null)),
  check ((frequency = 'monthly') = (weekday is null)),
  check ((status = 'cancelled') = (cancelled_on is not null)),
  check (status not in ('lodged', 'active') or lodged_on is not null)
);
comment on table dd_mandates is 'Direct Debit Instructions (mandates): payer bank details, payment pattern, status. History in dd_mandate_events.';
create unique index dd_mandates_one_live_per_account on dd_mandates (account_id)
  where status in ('pending_lodgement', 'lodged', 'active', 'suspended');
create index dd_mandates_account on dd_mandates (account_id);
create index dd_mandates_status on dd_mandates (status);

create table dd_mandate_events (
  id bigserial primary key,
  mandate_id int not null references dd_mandates (id) on delete restrict,
  version int not null,
  event text not null check (event in ('created', 'lodged', 'activated', 'amended', 'bank_details_changed', 'suspended', 'resumed',
    'cancelled', 'failed', 'reinstated', 'final_collection_set')),
  occurred_on date not null,
  status text not null,
  -- What changed, bank details masked (****3445).
  details jsonb not null default '{}',
  source text not null,
  actor text not null,
  user_id int references users (id) on delete restrict,
  created_at timestamptz not null default now()
);
comment on table dd_mandate_events is 'Append-only history of each mandate: every change with its version, status after it, source and who.';
create index dd_mandate_events_mandate on dd_mandate_events (mandate_id, id);

create table dd_runs (
  id bigserial primary key,
  -- The collection (entry) day: one run, one file, per day.
  collection_date date not null unique,
  processing_date date not null,
  input_date date not null,
  file_serial text not null unique check (file_serial ~ '^[A-Z0-9]{6}$'),
  file_name text not null,
  content text not null,
  content_sha256 text not null unique,
  collection_count int not null,
  collection_total_pence bigint not null,
  instruction_count int not null,
  counts jsonb not null default '{}',
  -- The ledger transaction posting the collections (none for a file of instructions only).
  transaction_id bigint unique references ledger_transactions (id) on delete restrict,
  job_run_id bigint references job_runs (id) on delete restrict,
  actor text not null,
  user_id int references users (id) on delete restrict,
  created_at timestamptz not null default now(),
  check (processing_date < collection_date and input_date < processing_date),
  check ((collection_count > 0) = (transaction_id is not null))
);
comment on table dd_runs is 'Direct Debit collection runs: the Standard 18 file submitted for a collection date, exactly as written, and what it posted.';

create table dd_instructions (
  id bigserial primary key,
  mandate_id int not null references dd_mandates (id) on delete restrict,
  code text not null check (code in ('0N', '0C', '0S')),
  -- The details the instruction carries (a 0C names the account being cancelled, which may since have changed).
  ddi_reference text not null,
  sort_code text not null check (sort_code ~ '^[0-9]{6}$'),
  account_number text not null check (account_number ~ '^[0-9]{8}$'),
  account_name text not null,
  status text not null default 'pending' check (status in ('pending', 'submitted', 'withdrawn', 'rejected')),
  requested_on date not null,
  run_id bigint references dd_runs (id) on delete restrict,
  rejected_reason_code text,
  created_at timestamptz not null default now(),
  check ((status in ('submitted', 'rejected')) = (run_id is not null)),
  check ((status = 'rejected') = (rejected_reason_code is not null))
);
comment on table dd_instructions is 'AUDDIS instructions (0N new, 0C cancel, 0S convert paper) awaiting submission, and the run (file) that carried each.';
create index dd_instructions_pending on dd_instructions (requested_on) where status = 'pending';
create index dd_instructions_mandate on dd_instructions (mandate_id);
create index dd_instructions_run on dd_instructions (run_id);

alter table dd_mandates add constraint dd_mandates_lodgement_instruction
  foreign key (lodgement_instruction_id) references dd_instructions (id) on delete restrict;

create table dd_advance_notices (
  id bigserial primary key,
  mandate_id int not null references dd_mandates (id) on delete restrict,
  kind text not null check (kind in ('new_mandate', 'change', 'representation', 'resume')),
  produced_on date not null,
  -- What the payer was told: amount, first date, frequency, and the following dates.
  amount_pence bigint not null check (amount_pence > 0),
  first_collection_date date not null,
  frequency text not null check (frequency in ('monthly', 'weekly', 'fortnightly', 'four_weekly', 'once')),
  changes text[] not null default '{}',
  notice_working_days int not null check (notice_working_days >= 3),
  -- The earliest collection this notice allows (produced_on + notice period), and whether the first date respects it.
  earliest_collection date not null,
  constraint_satisfied boolean generated always as (first_collection_date >= earliest_collection) stored,
  -- The letter: addressee, lines and the Guarantee, exactly as produced (masked bank details).
  content jsonb not null,
  actor text not null,
  user_id int references users (id) on delete restrict,
  created_at timestamptz not null default now(),
  check (first_collection_date >= earliest_collection)
);
comment on table dd_advance_notices is 'Advance notices given to payers (new mandate, change of amount/date/frequency, re-presentation): what was notified and when.';
create index dd_advance_notices_mandate on dd_advance_notices (mandate_id, id);

create table dd_schedules (
  id bigserial primary key,
  mandate_id int not null references dd_mandates (id) on delete restrict,
  frequency text not null check (frequency in ('monthly', 'weekly', 'fortnightly', 'four_weekly')),
  day_of_month int check (day_of_month in (1, 8, 15, 22)),
  weekday int check (weekday between 1 and 5),
  -- Fortnightly and 4-weekly: a nominal date in the cycle, so re-plans keep the same weeks.
  anchor date,
  -- The first collection under this schedule. A schedule applies from here until a later-created one starts.
  starts_on date not null,
  weekly_charge_pence bigint not null check (weekly_charge_pence >= 0),
  benefit_weekly_pence bigint not null check (benefit_weekly_pence >= 0),
  charge_pence bigint not null check (charge_pence >= 0),
  instalment_pence bigint not null check (instalment_pence >= 0),
  amount_pence bigint not null check (amount_pence = charge_pence + instalment_pence),
  notice_id bigint references dd_advance_notices (id) on delete restrict,
  -- 'stopped': nothing is collected from its start (the mandate was suspended or cancelled) until a later schedule.
  reason text not null check (reason in ('set_up', 'adjustment', 'amendment', 'resume', 'stopped')),
  created_at timestamptz not null default now(),
  check ((frequency = 'monthly') = (day_of_month is not null)),
  check (amount_pence = 0 or notice_id is not null)
);
comment on table dd_schedules is 'Collection plans of a mandate (pattern and amount), append-only: the latest-created schedule starting on or before a date applies.';
create index dd_schedules_mandate on dd_schedules (mandate_id, id);

create table dd_collections (
  id bigserial primary key,
  mandate_id int not null references dd_mandates (id) on delete restrict,
  schedule_id bigint references dd_schedules (id) on delete restrict,
  notice_id bigint not null references dd_advance_notices (id) on delete restrict,
  -- The entry day (payer debited); nominal is the chosen day it was moved from when that was not a working day.
  collection_date date not null,
  nominal_date date not null,
  amount_pence bigint not null check (amount_pence > 0),
  transaction_code text check (transaction_code in ('01', '17', '18', '19')),
  status text not null default 'planned' check (status in ('planned', 'collected', 'unpaid', 'cancelled')),
  cancel_reason text,
  represented_from_id bigint unique references dd_collections (id) on delete restrict,
  run_id bigint references dd_runs (id) on delete restrict,
  -- The lodgement (0N/0S) under which it was collected: a new lodgement starts again at 01.
  instruction_id bigint references dd_instructions (id) on delete restrict,
  payment_id bigint unique references payments (id) on delete restrict,
  unpaid_reason_code text,
  bacs_report_id bigint,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((status in ('collected', 'unpaid')) = (payment_id is not null)),
  check ((status in ('collected', 'unpaid')) = (run_id is not null and transaction_code is not null)),
  check ((status = 'unpaid') = (unpaid_reason_code is not null)),
  check ((status = 'cancelled') = (cancel_reason is not null)),
  check (represented_from_id is null or transaction_code = '18'),
  check ((represented_from_id is null) = (schedule_id is not null))
);
comment on table dd_collections is 'Planned Direct Debit collections and what became of each: collected (with its payment), unpaid (ARUDD) or cancelled.';
create unique index dd_collections_one_per_day on dd_collections (mandate_id, collection_date, (represented_from_id is not null))
  where status <> 'cancelled';
create index dd_collections_planned on dd_collections (collection_date) where status = 'planned';
create index dd_collections_mandate on dd_collections (mandate_id, collection_date);
create index dd_collections_run on dd_collections (run_id);
create index dd_collections_schedule on dd_collections (schedule_id, collection_date);

create table bacs_reports (
  id bigserial primary key,
  kind text not null check (kind in ('ARUDD', 'ADDACS', 'AUDDIS')),
  report_id text not null unique,
  content_sha256 text not null unique,
  generated_on date not null,
  file_name text not null,
  item_count int not null,
  summary jsonb not null default '{}',
  processed_at timestamptz not null default now(),
  actor text not null,
  user_id int references users (id) on delete restrict
);
comment on table bacs_reports is 'Bacs reports imported (ARUDD unpaids, ADDACS amendments, AUDDIS rejections): each applied whole, once.';

-- Checked at commit: an import reserves its report's id, applies the items, then writes the report row with its summary.
alter table dd_collections add constraint dd_collections_bacs_report
  foreign key (bacs_report_id) references bacs_reports (id) on delete restrict deferrable initially deferred;

create table officer_tasks (
  id bigserial primary key,
  -- Null only for a task about a file rather than an account (e.g. a rejected AUDDIS file).
  account_id int references accounts (id) on delete restrict,
  mandate_id int references dd_mandates (id) on delete restrict,
  kind text not null check (kind in ('dd_unpaid', 'dd_cancelled', 'payer_deceased', 'dd_account_transferred', 'dd_amended',
    'dd_notice_disputed', 'dd_reinstated', 'dd_instruction_rejected', 'dd_collection_missed', 'dd_file_rejected')),
  due_on date not null,
  status text not null default 'open' check (status in ('open', 'done')),
  -- The officer of the account's patch when the task was made (null: nobody allocated; the team picks it up).
  assigned_user_id int references users (id) on delete set null,
  summary text not null,
  details jsonb not null default '{}',
  source text not null,
  created_at timestamptz not null default now(),
  completed_at timestamptz,
  completed_by text,
  check ((status = 'done') = (completed_at is not null))
);
comment on table officer_tasks is 'Things an officer must do, raised by the system (Direct Debit unpaids, cancellations, deaths…); they feed the worktray.';
create index officer_tasks_open on officer_tasks (assigned_user_id, due_on) where status = 'open';
create index officer_tasks_account on officer_tasks (account_id);

create trigger dd_mandate_events_append_only before update or delete on dd_mandate_events
  for each row execute function reeve_forbid_change();
create trigger dd_runs_append_only before update or delete on dd_runs
  for each row execute function reeve_forbid_change();
create trigger dd_advance_notices_append_only before update or delete on dd_advance_notices
  for each row execute function reeve_forbid_change();
create trigger dd_schedules_append_only before update or delete on dd_schedules
  for each row execute function reeve_forbid_change();
create trigger bacs_reports_append_only before update or delete on bacs_reports
  for each row execute function reeve_forbid_change();
