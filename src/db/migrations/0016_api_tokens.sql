-- API tokens for other systems (docs/security.md, decision 0013), and retention: anonymising the personal data of
-- parties whose accounts all closed long ago (docs/operations.md). Runs on PostgreSQL 15+ and PGlite alike.

create table api_tokens (
  id serial primary key,
  -- A name for the system that holds the token, e.g. 'payments-portal'; shown in the audit trail as api:<name>.
  name text not null unique check (name ~ '^[a-z0-9][a-z0-9._-]{1,59}$'),
  role text not null check (role in ('income_officer', 'debt_recovery_officer', 'team_leader', 'finance', 'auditor', 'administrator')),
  -- The first characters of the token, to tell tokens apart in listings; the token itself is never stored.
  token_prefix text not null,
  -- SHA-256 of the whole token (hex). Tokens are 256 random bits, so a fast hash is enough (no password stretching).
  token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
  created_at timestamptz not null default now(),
  created_by text not null,
  revoked_at timestamptz,
  revoked_by text,
  last_used_at timestamptz,
  check ((revoked_at is null) = (revoked_by is null))
);
comment on table api_tokens is 'Bearer tokens for systems using the JSON API, each with a role; stored hashed, revoked rather than deleted.';

-- Retention (UK GDPR storage limitation): personal data is kept six years after the last of a person's accounts
-- closes (the Limitation Act 1980 s.5 period for recovering a debt), then anonymised; the ledger is kept.
insert into policy_values (key, effective_from, value, source) values
  ('retention.personal_data_years', '2000-01-01', '6',
   'Default council retention schedule: personal data kept 6 years after the last account closes (Limitation Act 1980 s.5 six-year period for debts) [assumption: confirm against the council''s own retention schedule].');

create table party_anonymisations (
  party_id int primary key references parties (id) on delete restrict,
  anonymised_on date not null,
  -- The last closing date of the party's accounts, which the retention period was counted from.
  last_closed_on date not null,
  job_run_id bigint references job_runs (id) on delete restrict,
  created_at timestamptz not null default now()
);
comment on table party_anonymisations is 'Parties whose personal data the retention job replaced (the ledger and the audit trail of the change stay).';

-- Append-only tables that hold personal data in free text or names: an update is still refused, except by the
-- retention job (which sets reeve.anonymising for its own transaction) and then only of the columns named in the
-- trigger's arguments; every other column must stay as it was. Deletes stay refused.
create function reeve_append_only_except_anonymising() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' and coalesce(current_setting('reeve.anonymising', true), '') = 'on'
     and (to_jsonb(new) - tg_argv) = (to_jsonb(old) - tg_argv) then
    return new;
  end if;
  raise exception '% is append-only: % is not allowed (post a reversal instead)', tg_table_name, lower(tg_op)
    using errcode = '55000';
end
$$;

drop trigger contacts_append_only on contacts;
create trigger contacts_append_only before update or delete on contacts
  for each row execute function reeve_append_only_except_anonymising('summary');
drop trigger notes_append_only on notes;
create trigger notes_append_only before update or delete on notes
  for each row execute function reeve_append_only_except_anonymising('text');
drop trigger payments_append_only on payments;
create trigger payments_append_only before update or delete on payments
  for each row execute function reeve_append_only_except_anonymising('payer_name');
drop trigger safeguarding_concerns_append_only on safeguarding_concerns;
create trigger safeguarding_concerns_append_only before update or delete on safeguarding_concerns
  for each row execute function reeve_append_only_except_anonymising('concern');
