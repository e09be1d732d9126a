-- Money in: payment imports, suspense, payment reversals and reallocations, refunds, receipts, dated policy values.

-- Council policy figures that change over time (limits, rules), each with the date it takes effect and its source.
-- The value in force on a date is the row with the latest effective_from on or before it.
create table policy_values (
  key text not null,
  effective_from date not null,
  value jsonb not null,
  source text not null,
  created_at timestamptz not null default now(),
  created_by int references users (id) on delete restrict,
  primary key (key, effective_from)
);
comment on table policy_values is 'Versioned council policy and statutory figures (limits, rules), effective from a date, with their source.';

insert into policy_values (key, effective_from, value, source) values
  ('payments.suspense_clear_approval_limit_pence', '2000-01-01', '50000',
   'Default council policy: clearing a suspense item over £500 needs a second person''s approval. Set locally.'),
  ('payments.match_rules', '2000-01-01', '{"enabled": ["exact-reference", "account-number", "reference-typo", "name-and-amount"], "maxWeeksMultiple": 4}',
   'Default matching rules for payment files. Set locally.'),
  ('payments.refund_offset_priority', '2000-01-01',
   '["rent", "council_tax", "former_tenant", "temporary_accommodation", "garage", "pitch", "hb_overpayment", "rechargeable_repair", "court_costs", "loan", "storage_removals", "social_care", "insurance_claim", "sundry"]',
   'Default order in which a credit is offset against the same person''s other debts before any refund (priority debts first).');

create sequence receipt_number_seq start with 1;

create table payment_imports (
  id bigserial primary key,
  format text not null check (format in ('bank-csv', 'allpay', 'benefit-schedule')),
  file_name text not null,
  file_id text,
  content_sha256 text not null unique,
  imported_at timestamptz not null default now(),
  user_id int references users (id) on delete restrict,
  actor text not null,
  payment_count int not null,
  total_pence bigint not null,
  matched_count int not null,
  matched_pence bigint not null,
  suspense_count int not null,
  suspense_pence bigint not null,
  declared_count int,
  declared_total_pence bigint,
  transaction_id bigint not null references ledger_transactions (id) on delete restrict,
  unique (format, file_id)
);
comment on table payment_imports is 'Payment files imported: each posted whole as one ledger transaction; the same content or file id is refused.';

create trigger payment_imports_append_only before update or delete on payment_imports
  for each row execute function reeve_forbid_change();

alter table payments
  add column import_id bigint references payment_imports (id) on delete restrict,
  add column import_line int,
  add column payer_name text,
  add column external_id text,
  add column match_rule text,
  add column collected_at text;
create index payments_import on payments (import_id);

create table suspense_items (
  id bigserial primary key,
  payment_id bigint not null unique references payments (id) on delete restrict,
  amount_pence bigint not null check (amount_pence > 0),
  reason text not null,
  status text not null default 'open' check (status in ('open', 'pending_approval', 'cleared')),
  target_account_id int references accounts (id) on delete restrict,
  request_note text,
  requested_by text,
  requested_user_id int references users (id) on delete restrict,
  requested_at timestamptz,
  approved_by text,
  approved_user_id int references users (id) on delete restrict,
  approved_at timestamptz,
  cleared_transaction_id bigint references ledger_transactions (id) on delete restrict,
  created_at timestamptz not null default now(),
  check (approved_by is null or approved_by <> requested_by),
  check ((status = 'cleared') = (cleared_transaction_id is not null))
);
comment on table suspense_items is 'Money received that matched no account; cleared to the right account (with approval above a limit).';
create index suspense_items_status on suspense_items (status);

create table payment_reversals (
  id bigserial primary key,
  payment_id bigint not null unique references payments (id) on delete restrict,
  reason text not null check (reason in ('cheque_dishonoured', 'card_recalled', 'direct_debit_unpaid', 'paid_in_error', 'other')),
  note text,
  transaction_id bigint not null unique references ledger_transactions (id) on delete restrict,
  actor text not null,
  user_id int references users (id) on delete restrict,
  created_at timestamptz not null default now()
);
comment on table payment_reversals is 'Payments taken back (dishonoured cheque, recalled card payment…), each by a reversing transaction.';

create table payment_reallocations (
  id bigserial primary key,
  payment_id bigint not null references payments (id) on delete restrict,
  from_account_id int not null references accounts (id) on delete restrict,
  to_account_id int not null references accounts (id) on delete restrict,
  amount_pence bigint not null check (amount_pence > 0),
  reason text not null,
  transaction_id bigint not null unique references ledger_transactions (id) on delete restrict,
  actor text not null,
  user_id int references users (id) on delete restrict,
  created_at timestamptz not null default now(),
  check (from_account_id <> to_account_id)
);
comment on table payment_reallocations is 'Payments moved from the account they were posted to (misposted, or out of suspense) to another.';

create trigger payment_reversals_append_only before update or delete on payment_reversals
  for each row execute function reeve_forbid_change();
create trigger payment_reallocations_append_only before update or delete on payment_reallocations
  for each row execute function reeve_forbid_change();

create table refund_exports (
  id bigserial primary key,
  file_name text not null,
  refund_count int not null,
  total_pence bigint not null,
  content_sha256 text not null,
  actor text not null,
  created_at timestamptz not null default now()
);
comment on table refund_exports is 'Files of approved refunds handed to the finance system for payment.';

create table refunds (
  id bigserial primary key,
  account_id int not null references accounts (id) on delete restrict,
  payee_party_id int not null references parties (id) on delete restrict,
  payee_name text not null,
  amount_pence bigint not null check (amount_pence > 0),
  offset_pence bigint not null default 0 check (offset_pence >= 0),
  method text not null check (method in ('bacs', 'cheque')),
  bank_sort_code text check (bank_sort_code is null or bank_sort_code ~ '^[0-9]{6}$'),
  bank_account_number text check (bank_account_number is null or bank_account_number ~ '^[0-9]{8}$'),
  reason text not null,
  status text not null default 'pending_approval' check (status in ('pending_approval', 'approved', 'rejected', 'exported')),
  requested_by text not null,
  requested_user_id int references users (id) on delete restrict,
  requested_at timestamptz not null default now(),
  decided_by text,
  decided_user_id int references users (id) on delete restrict,
  decided_at timestamptz,
  decision_note text,
  transaction_id bigint references ledger_transactions (id) on delete restrict,
  export_id bigint references refund_exports (id) on delete restrict,
  check (method <> 'bacs' or (bank_sort_code is not null and bank_account_number is not null)),
  check (decided_by is null or decided_by <> requested_by),
  check ((status in ('approved', 'exported')) = (transaction_id is not null)),
  check ((status = 'exported') = (export_id is not null))
);
comment on table refunds is 'Refunds of credit balances: requested after offsetting the person''s other debts, approved by someone else, exported to finance.';
create index refunds_status on refunds (status);

insert into accounts (account_number, account_class, account_type, name, opened_on) values
  ('GL-REFUNDS-PAYABLE', 'control', 'clearing', 'Refunds approved, awaiting payment by finance', '2000-01-01');
