-- Reeve foundation schema: people, places, tenancies, accounts, charges, the ledger, payments, jobs, audit.
-- Conventions (docs/db-conventions.md): snake_case plural tables, money as bigint pence, calendar dates as `date`,
-- constraints inside create table, a comment on every table. This file runs on PostgreSQL 15+ and PGlite alike.

create table users (
  id serial primary key,
  username text not null unique check (username ~ '^[a-z0-9._-]{2,40}$'),
  display_name text not null,
  email text,
  role text not null check (role in ('income_officer', 'debt_recovery_officer', 'team_leader', 'finance', 'auditor', 'administrator')),
  password_hash text not null,
  active boolean not null default true,
  created_at timestamptz not null default now()
);
comment on table users is 'People who sign in to Reeve, each with one role.';

create table patches (
  id serial primary key,
  code text not null unique,
  name text not null,
  officer_user_id int references users (id) on delete set null
);
comment on table patches is 'Geographical areas of housing, each allocated to an income officer.';

create table parties (
  id serial primary key,
  party_ref text not null unique,
  kind text not null default 'person' check (kind in ('person', 'organisation')),
  title text,
  forename text,
  surname text,
  organisation_name text,
  date_of_birth date,
  email text,
  phone text,
  preferred_channel text not null default 'letter' check (preferred_channel in ('letter', 'email', 'sms', 'phone')),
  language text not null default 'en',
  created_at timestamptz not null default now(),
  check ((kind = 'person' and surname is not null) or (kind = 'organisation' and organisation_name is not null))
);
comment on table parties is 'Persons and organisations who owe money or are party to an agreement.';

create table properties (
  id serial primary key,
  property_ref text not null unique,
  kind text not null check (kind in ('dwelling', 'garage', 'pitch', 'ta_unit')),
  address_line1 text not null,
  address_line2 text,
  town text not null,
  postcode text not null,
  site_name text,
  bedrooms int check (bedrooms is null or bedrooms between 0 and 10),
  patch_id int not null references patches (id) on delete restrict,
  created_at timestamptz not null default now()
);
comment on table properties is 'Lettable assets: dwellings, garages, gypsy/traveller site pitches, temporary accommodation units.';
create index properties_patch on properties (patch_id);

create table tenancies (
  id serial primary key,
  tenancy_ref text not null unique,
  property_id int not null references properties (id) on delete restrict,
  tenure text not null check (tenure in ('secure', 'introductory', 'flexible', 'assured', 'assured_shorthold', 'non_secure',
    'ta_licence', 'private_sector_lease', 'garage_licence', 'pitch_licence')),
  -- Which possession rules apply to an assured tenancy (DOMAIN.md 1.3): the Renters' Rights Act regime starts on a date
  -- that differs for social housing assured tenancies, so each tenancy says which it is.
  social_housing boolean not null default true,
  start_date date not null,
  end_date date,
  end_reason text check (end_reason is null or end_reason in ('notice_given', 'transfer', 'deceased', 'eviction', 'abandonment', 'mutual_exchange', 'licence_ended', 'other')),
  created_at timestamptz not null default now(),
  check (end_date is null or end_date >= start_date),
  check ((end_date is null) = (end_reason is null))
);
comment on table tenancies is 'Tenancies, licences and other agreements to occupy a property.';
create index tenancies_property on tenancies (property_id);

create table tenancy_parties (
  tenancy_id int not null references tenancies (id) on delete restrict,
  party_id int not null references parties (id) on delete restrict,
  role text not null default 'joint' check (role in ('lead', 'joint')),
  primary key (tenancy_id, party_id)
);
comment on table tenancy_parties is 'The named tenants of a tenancy (joint tenancies have several).';
create index tenancy_parties_party on tenancy_parties (party_id);

-- Account numbers and payment references are drawn from one sequence; the reference carries a Luhn check digit.
create sequence account_number_seq start with 100001;

create table accounts (
  id serial primary key,
  account_number text not null unique,
  payment_reference text unique,
  account_class text not null check (account_class in ('customer', 'control')),
  account_type text not null check (account_type in (
    'rent', 'former_tenant', 'garage', 'temporary_accommodation', 'pitch',
    'rechargeable_repair', 'loan', 'storage_removals', 'social_care', 'insurance_claim', 'hb_overpayment',
    'council_tax', 'court_costs', 'sundry',
    'income', 'receipts', 'suspense', 'write_off', 'clearing')),
  name text not null,
  tenancy_id int references tenancies (id) on delete restrict,
  patch_id int references patches (id) on delete restrict,
  status text not null default 'open' check (status in ('open', 'closed')),
  opened_on date not null,
  closed_on date,
  transferred_to_account_id int references accounts (id) on delete restrict,
  created_at timestamptz not null default now(),
  check ((status = 'closed') = (closed_on is not null)),
  check (account_class = 'control' or payment_reference is not null)
);
comment on table accounts is 'Everything the ledger posts to: customer debts (rent, former tenant, sundry…) and control accounts (income, receipts, suspense).';
create index accounts_tenancy on accounts (tenancy_id);
create index accounts_patch on accounts (patch_id);

create table account_parties (
  account_id int not null references accounts (id) on delete restrict,
  party_id int not null references parties (id) on delete restrict,
  primary key (account_id, party_id)
);
comment on table account_parties is 'Who is liable for each customer account; the basis of the one view of debt.';
create index account_parties_party on account_parties (party_id);

create table rent_free_calendars (
  code text primary key,
  name text not null
);
comment on table rent_free_calendars is 'Named sets of rent-free weeks (e.g. the council''s 48-week charging pattern).';

create table rent_free_weeks (
  calendar_code text not null references rent_free_calendars (code) on delete cascade,
  week_commencing date not null check (extract(isodow from week_commencing) = 1),
  primary key (calendar_code, week_commencing)
);
comment on table rent_free_weeks is 'Weeks (by Monday) in which no weekly charge is debited for schedules using the calendar.';

create table charge_schedules (
  id serial primary key,
  account_id int not null unique references accounts (id) on delete restrict,
  frequency text not null default 'weekly' check (frequency in ('weekly')),
  rent_free_calendar text references rent_free_calendars (code) on delete restrict,
  created_at timestamptz not null default now()
);
comment on table charge_schedules is 'The recurring charges of an account; debits fall on Mondays while the agreement is in force.';

create table charge_rates (
  id serial primary key,
  schedule_id int not null references charge_schedules (id) on delete restrict,
  charge_type text not null check (charge_type in ('rent', 'service_charge', 'heating', 'water', 'electricity', 'support_charge', 'garage_rent', 'ta_charge')),
  effective_from date not null check (extract(isodow from effective_from) = 1),
  weekly_pence bigint not null check (weekly_pence >= 0),
  notice_served_on date,
  reason text not null check (reason in ('new_agreement', 'annual_change', 'variation', 'correction', 'stopped')),
  created_at timestamptz not null default now(),
  created_by int references users (id) on delete restrict,
  unique (schedule_id, charge_type, effective_from),
  check (notice_served_on is null or notice_served_on <= effective_from)
);
comment on table charge_rates is 'Versioned weekly charge amounts: a rate applies from its Monday until the next rate of the same type (0 stops it).';

create table job_runs (
  id bigserial primary key,
  job text not null,
  run_key text not null unique,
  params jsonb not null default '{}',
  status text not null check (status in ('running', 'completed', 'failed')),
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  counts jsonb not null default '{}',
  error text
);
comment on table job_runs is 'One row per batch run (rent debits, imports…); run_key makes a run idempotent.';

create table job_run_chunks (
  run_id bigint not null references job_runs (id) on delete restrict,
  chunk_no int not null,
  rows_done int not null,
  completed_at timestamptz not null default now(),
  primary key (run_id, chunk_no)
);
comment on table job_run_chunks is 'Units of a batch run committed so far, so a crashed run resumes where it stopped.';

create table ledger_transactions (
  id bigserial primary key,
  txn_type text not null check (txn_type in ('charge', 'payment', 'payment_reversal', 'reallocation', 'reversal', 'transfer', 'adjustment',
    'write_off', 'write_on', 'refund', 'opening_balance')),
  idempotency_key text not null unique,
  effective_date date not null,
  posting_date date not null,
  recorded_at timestamptz not null default now(),
  source text not null check (source in ('batch', 'file', 'user', 'system')),
  job_run_id bigint references job_runs (id) on delete restrict,
  user_id int references users (id) on delete restrict,
  reverses_transaction_id bigint unique references ledger_transactions (id) on delete restrict,
  description text not null,
  check ((txn_type = 'reversal') = (reverses_transaction_id is not null))
);
comment on table ledger_transactions is 'Immutable ledger transactions; their postings sum to zero. A correction is a new reversal transaction.';

create table postings (
  id bigserial primary key,
  transaction_id bigint not null references ledger_transactions (id) on delete restrict,
  account_id int not null references accounts (id) on delete restrict,
  amount_pence bigint not null check (amount_pence <> 0),
  effective_date date not null,
  posting_type text not null,
  -- For periodic charges: the period (rent week) and a key unique per account, so a debit run never posts a week twice.
  period_start date,
  charge_key text,
  description text
);
comment on table postings is 'Immutable ledger lines in integer pence. Positive debits an account (more owed), negative credits it.';
create index postings_account_date on postings (account_id, effective_date, id);
create index postings_transaction on postings (transaction_id);
create unique index postings_charge_key on postings (account_id, charge_key) where charge_key is not null;

create table payments (
  id bigserial primary key,
  method text not null check (method in ('direct_debit', 'standing_order', 'card', 'cheque', 'postal_order', 'cash', 'bank_transfer',
    'allpay', 'paypoint', 'post_office', 'housing_benefit', 'universal_credit', 'dwp_deduction', 'employer_deduction')),
  amount_pence bigint not null check (amount_pence > 0),
  received_on date not null,
  reference text,
  receipt_number text unique,
  source text not null check (source in ('batch', 'file', 'user', 'system')),
  -- A payment file or batch is one ledger transaction holding many payments; a single receipt is its own.
  transaction_id bigint not null references ledger_transactions (id) on delete restrict,
  user_id int references users (id) on delete restrict,
  created_at timestamptz not null default now()
);
comment on table payments is 'Money received, whatever the method; allocated in full to accounts or to suspense.';
create index payments_received_on on payments (received_on);
create index payments_transaction on payments (transaction_id);

create table payment_allocations (
  id bigserial primary key,
  payment_id bigint not null references payments (id) on delete restrict,
  account_id int not null references accounts (id) on delete restrict,
  amount_pence bigint not null check (amount_pence <> 0),
  posting_id bigint not null unique references postings (id) on delete restrict
);
comment on table payment_allocations is 'Which accounts a payment was credited to; allocations of a payment sum to its amount.';
create index payment_allocations_payment on payment_allocations (payment_id);
create index payment_allocations_account on payment_allocations (account_id);

create table audit_events (
  id bigserial primary key,
  occurred_at timestamptz not null default now(),
  user_id int references users (id) on delete restrict,
  actor text not null,
  action text not null,
  entity_type text not null,
  entity_id text not null,
  before jsonb,
  after jsonb,
  reason text
);
comment on table audit_events is 'Append-only record of every change: who, when, what (before/after) and why.';
create index audit_events_entity on audit_events (entity_type, entity_id, occurred_at);

create table sessions (
  sid text primary key,
  data jsonb not null,
  expires_at timestamptz not null
);
comment on table sessions is 'Web sign-in sessions (the cookie holds only the signed session id).';
create index sessions_expires on sessions (expires_at);

-- Append-only tables: no update, delete or truncate, whoever asks.
create function reeve_forbid_change() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only: % is not allowed (post a reversal instead)', tg_table_name, lower(tg_op)
    using errcode = '55000';
end
$$;

create trigger ledger_transactions_append_only before update or delete on ledger_transactions
  for each row execute function reeve_forbid_change();
create trigger ledger_transactions_no_truncate before truncate on ledger_transactions
  for each statement execute function reeve_forbid_change();
create trigger postings_append_only before update or delete on postings
  for each row execute function reeve_forbid_change();
create trigger postings_no_truncate before truncate on postings
  for each statement execute function reeve_forbid_change();
create trigger payments_append_only before update or delete on payments
  for each row execute function reeve_forbid_change();
create trigger payment_allocations_append_only before update or delete on payment_allocations
  for each row execute function reeve_forbid_change();
create trigger audit_events_append_only before update or delete on audit_events
  for each row execute function reeve_forbid_change();
create trigger charge_rates_append_only before update or delete on charge_rates
  for each row execute function reeve_forbid_change();

-- Every transaction balances, and a reversal nets its original to zero on every account.
-- Checked once per statement over the rows it inserted (a statement-level trigger with a transition table),
-- so a batch of 100,000 debits costs one check, not 100,000. It is enough that the legs each statement adds
-- to a transaction sum to zero: a transaction starts empty, so by induction it always balances.
create function postings_check_balanced() returns trigger language plpgsql as $$
declare
  txn_ids bigint[];
  bad_txn bigint;
  bad_sum bigint;
begin
  select array_agg(n.transaction_id), min(n.transaction_id) filter (where n.total <> 0)
  into txn_ids, bad_txn
  from (select transaction_id, sum(amount_pence)::bigint as total from new_rows group by transaction_id) n;
  if bad_txn is not null then
    select sum(amount_pence)::bigint into bad_sum from new_rows where transaction_id = bad_txn;
    raise exception 'ledger transaction % does not balance: its postings sum to % pence', bad_txn, bad_sum
      using errcode = '23514';
  end if;

  -- Start from this statement's reversals (almost always none) and look up only their postings, by index.
  -- (Joining postings on "transaction_id in (r.id, r.reverses_transaction_id)" read the whole postings table
  -- on every insert: 0.1 s at 100,000 postings, and growing with the ledger.)
  select r.id into bad_txn
  from ledger_transactions r
  cross join lateral (
    select 1 from postings p
    where p.transaction_id in (r.id, r.reverses_transaction_id)
    group by p.account_id
    having sum(p.amount_pence) <> 0
    limit 1
  ) unbalanced
  where r.id = any (txn_ids) and r.reverses_transaction_id is not null
  limit 1;
  if bad_txn is not null then
    raise exception 'reversal transaction % does not net its original to zero on every account', bad_txn
      using errcode = '23514';
  end if;
  return null;
end
$$;
create trigger postings_balanced after insert on postings
  referencing new table as new_rows for each statement execute function postings_check_balanced();

-- Allocations of a payment sum to the payment: checked per statement on allocations,
-- and at commit for every new payment (so a payment can never be left unallocated).
create function payments_check_allocated(payment_ids bigint[]) returns void language plpgsql as $$
declare
  bad bigint;
begin
  select p.id into bad
  from payments p
  left join payment_allocations a on a.payment_id = p.id
  where p.id = any (payment_ids)
  group by p.id, p.amount_pence
  having coalesce(sum(a.amount_pence), 0) <> p.amount_pence
  limit 1;
  if bad is not null then
    raise exception 'payment % is not allocated in full: its allocations must sum to its amount', bad
      using errcode = '23514';
  end if;
end
$$;

create function payment_allocations_check() returns trigger language plpgsql as $$
begin
  perform payments_check_allocated(array(select distinct payment_id from new_rows));
  return null;
end
$$;
create trigger payment_allocations_sum after insert on payment_allocations
  referencing new table as new_rows for each statement execute function payment_allocations_check();

create function payments_check_new() returns trigger language plpgsql as $$
begin
  perform payments_check_allocated(array[new.id]);
  return null;
end
$$;
create constraint trigger payments_allocated_at_commit after insert on payments
  deferrable initially deferred for each row execute function payments_check_new();

-- Control accounts the ledger needs from day one. Income accounts are per charge type; receipts per payment method
-- (so daily cash reconciliation can tie each method back to the ledger).
insert into accounts (account_number, account_class, account_type, name, opened_on) values
  ('GL-INCOME-RENT', 'control', 'income', 'Rent income', '2000-01-01'),
  ('GL-INCOME-SERVICE_CHARGE', 'control', 'income', 'Service charge income', '2000-01-01'),
  ('GL-INCOME-HEATING', 'control', 'income', 'Heating charge income', '2000-01-01'),
  ('GL-INCOME-WATER', 'control', 'income', 'Water charge income', '2000-01-01'),
  ('GL-INCOME-ELECTRICITY', 'control', 'income', 'Electricity charge income', '2000-01-01'),
  ('GL-INCOME-SUPPORT_CHARGE', 'control', 'income', 'Support charge income', '2000-01-01'),
  ('GL-INCOME-GARAGE_RENT', 'control', 'income', 'Garage rent income', '2000-01-01'),
  ('GL-INCOME-TA_CHARGE', 'control', 'income', 'Temporary accommodation charge income', '2000-01-01'),
  ('GL-SUSPENSE', 'control', 'suspense', 'Payments suspense', '2000-01-01'),
  ('GL-WRITE-OFF', 'control', 'write_off', 'Bad debts written off', '2000-01-01');

insert into accounts (account_number, account_class, account_type, name, opened_on)
select 'GL-RECEIPTS-' || upper(m), 'control', 'receipts', 'Receipts: ' || replace(m, '_', ' '), date '2000-01-01'
from unnest(array['direct_debit', 'standing_order', 'card', 'cheque', 'postal_order', 'cash', 'bank_transfer',
  'allpay', 'paypoint', 'post_office', 'housing_benefit', 'universal_credit', 'dwp_deduction', 'employer_deduction']) as m;
