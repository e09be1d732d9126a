-- Write-off and write-on: cases prepared by an officer, approved within the approver's delegated limit (dated
-- policy), posted to the ledger (Cr customer, Dr GL-WRITE-OFF); bulk lists decided as one; write-ons that reinstate
-- written-off debt when the debtor pays. Design: docs/write-off.md and decision 0011. The rules are pure code in
-- src/domain/write-off; the practice and sources are DOMAIN.md section 11.

-- Approval limits are each council's scheme of delegation (financial regulations: bad debts are written off only
-- with the authority of the s151 officer or their nominee). The figures below are ILLUSTRATIVE LOCAL CONFIGURATION,
-- not any council's scheme: replace them with a dated row. Income and debt recovery officers are not listed, so
-- they may prepare cases but never approve them. "named" lists senior officers (by username) authorised above
-- the role limits, with their own limits (null = no upper limit); none are named by default.
insert into policy_values (key, effective_from, value, source) values
  ('write_off.approval_limits', '2000-01-01',
   '{"roles": {"team_leader": {"casePence": 100000, "listTotalPence": 500000}, "finance": {"casePence": 1000000, "listTotalPence": 5000000}}, "named": []}',
   'LOCAL CONFIGURATION [unconfirmed, illustrative]: set from the council''s scheme of delegation. Officers prepare only; team leader up to £1,000 a case and £5,000 a bulk list; finance / head of service up to £10,000 a case and £50,000 a list; above that a named senior officer (s151 officer or nominee). Published schemes differ widely (DOMAIN.md §11: Welwyn Hatfield, Camden, Melton, New Forest).');

create table write_off_lists (
  id bigserial primary key,
  name text not null check (length(trim(name)) > 0),
  reason text not null check (reason in ('statute_barred', 'deceased_no_estate', 'gone_away_untraceable', 'insolvency',
    'uneconomical_to_pursue', 'vulnerability', 'other')),
  -- How the cases were chosen (account types, balance ceiling…), as the officer asked, for the record.
  criteria jsonb not null default '{}',
  evidence_note text not null check (length(trim(evidence_note)) > 0),
  status text not null default 'prepared' check (status in ('prepared', 'approved', 'rejected', 'posted', 'withdrawn')),
  prepared_by text not null,
  prepared_user_id int references users (id) on delete restrict,
  prepared_on date not null,
  prepared_at timestamptz not null default now(),
  decided_by text,
  decided_at timestamptz,
  posted_by text,
  posted_on date,
  posted_at timestamptz,
  withdrawn_by text,
  withdrawn_reason text,
  check (decided_by is null or decided_by <> prepared_by),
  check ((status = 'posted') = (posted_on is not null)),
  -- Decided cases carry their decider; a withdrawn one may or may not have been approved first.
  check (status = 'withdrawn' or (status in ('approved', 'rejected', 'posted')) = (decided_by is not null))
);
comment on table write_off_lists is 'Bulk write-off lists: cases prepared together by one rule (e.g. statute-barred former tenant arrears under £50), decided as one and posted in one step.';

create table write_off_cases (
  id bigserial primary key,
  account_id int not null references accounts (id) on delete restrict,
  list_id bigint references write_off_lists (id) on delete restrict,
  amount_pence bigint not null check (amount_pence > 0),
  -- The balance when the case was prepared, and whether the case is for all of it or a part.
  balance_when_prepared_pence bigint not null,
  whole_balance boolean not null,
  reason text not null check (reason in ('statute_barred', 'deceased_no_estate', 'gone_away_untraceable', 'insolvency',
    'uneconomical_to_pursue', 'vulnerability', 'other')),
  insolvency_kind text check (insolvency_kind in ('dro', 'bankruptcy', 'iva')),
  reason_text text,
  evidence_note text not null check (length(trim(evidence_note)) > 0),
  status text not null default 'prepared' check (status in ('prepared', 'approved', 'rejected', 'posted', 'withdrawn')),
  prepared_by text not null,
  prepared_user_id int references users (id) on delete restrict,
  prepared_on date not null,
  prepared_at timestamptz not null default now(),
  decided_by text,
  decided_at timestamptz,
  transaction_id bigint unique references ledger_transactions (id) on delete restrict,
  posted_by text,
  posted_on date,
  withdrawn_by text,
  withdrawn_reason text,
  check (whole_balance = false or amount_pence = balance_when_prepared_pence),
  check ((reason = 'insolvency') = (insolvency_kind is not null)),
  check (reason <> 'other' or length(trim(coalesce(reason_text, ''))) > 0),
  -- Nobody approves their own case (the services refuse it first, with a clear message).
  check (decided_by is null or decided_by <> prepared_by),
  check ((status = 'posted') = (transaction_id is not null)),
  check ((status = 'posted') = (posted_on is not null)),
  -- Decided cases carry their decider; a withdrawn one may or may not have been approved first.
  check (status = 'withdrawn' or (status in ('approved', 'rejected', 'posted')) = (decided_by is not null)),
  check ((status = 'withdrawn') = (withdrawn_by is not null))
);
comment on table write_off_cases is 'Write-off cases: an account, an amount (whole balance or part), a reason with evidence; prepared, approved or rejected, posted or withdrawn.';
create index write_off_cases_account on write_off_cases (account_id);
create index write_off_cases_list on write_off_cases (list_id);
create index write_off_cases_status on write_off_cases (status);
-- One open case per account at a time (a second would write off the same debt twice).
create unique index write_off_cases_one_open on write_off_cases (account_id) where status in ('prepared', 'approved');

-- What a case or list was, stays: only its status moves, forward, and the columns each step fills in.
create function write_off_status_guard() returns trigger language plpgsql as $$
declare
  fixed text[] := array['id', 'account_id', 'list_id', 'amount_pence', 'balance_when_prepared_pence', 'whole_balance', 'reason',
    'insolvency_kind', 'reason_text', 'evidence_note', 'prepared_by', 'prepared_user_id', 'prepared_on', 'prepared_at', 'name', 'criteria'];
  col text;
  was jsonb := to_jsonb(old);
  now_is jsonb := to_jsonb(new);
begin
  foreach col in array fixed loop
    if was ? col and (now_is -> col) is distinct from (was -> col) then
      raise exception '%.% cannot be changed once prepared (withdraw and prepare a new one)', tg_table_name, col using errcode = '55000';
    end if;
  end loop;
  if old.status is distinct from new.status and not (
    (old.status = 'prepared' and new.status in ('approved', 'rejected', 'withdrawn'))
    or (old.status = 'approved' and new.status in ('posted', 'withdrawn'))) then
    raise exception '% % cannot go from % to %', tg_table_name, old.id, old.status, new.status using errcode = '55000';
  end if;
  return new;
end
$$;
create trigger write_off_cases_guard before update on write_off_cases for each row execute function write_off_status_guard();
create trigger write_off_lists_guard before update on write_off_lists for each row execute function write_off_status_guard();
create trigger write_off_cases_no_delete before delete on write_off_cases for each row execute function reeve_forbid_change();
create trigger write_off_lists_no_delete before delete on write_off_lists for each row execute function reeve_forbid_change();

create table write_off_approvals (
  id bigserial primary key,
  case_id bigint references write_off_cases (id) on delete restrict,
  list_id bigint references write_off_lists (id) on delete restrict,
  decision text not null check (decision in ('approved', 'rejected')),
  reason text,
  decided_by text not null,
  user_id int not null references users (id) on delete restrict,
  role text not null,
  decided_on date not null,
  decided_at timestamptz not null default now(),
  -- What was decided and the authority it was decided under (the limits in force on decided_on).
  total_pence bigint not null check (total_pence > 0),
  largest_case_pence bigint not null check (largest_case_pence > 0),
  case_count int not null check (case_count > 0),
  authority text not null check (authority in ('role', 'named')),
  limit_case_pence bigint,
  limit_total_pence bigint,
  policy_effective_from date not null,
  check (num_nonnulls(case_id, list_id) = 1),
  check (decision <> 'rejected' or length(trim(coalesce(reason, ''))) > 0)
);
comment on table write_off_approvals is 'Every approval or rejection of a write-off case or list: who, when, the decision, why, and the delegated limit it was made under.';
create index write_off_approvals_case on write_off_approvals (case_id);
create index write_off_approvals_list on write_off_approvals (list_id);
create trigger write_off_approvals_append_only before update or delete on write_off_approvals
  for each row execute function reeve_forbid_change();

create table write_ons (
  id bigserial primary key,
  case_id bigint not null references write_off_cases (id) on delete restrict,
  account_id int not null references accounts (id) on delete restrict,
  amount_pence bigint not null check (amount_pence > 0),
  -- 'payment_received': up to the credit a payment left; 'full_by_choice': the whole written-off amount, by decision.
  basis text not null check (basis in ('payment_received', 'full_by_choice')),
  reason text not null check (length(trim(reason)) > 0),
  transaction_id bigint not null unique references ledger_transactions (id) on delete restrict,
  effective_date date not null,
  actor text not null,
  user_id int references users (id) on delete restrict,
  created_at timestamptz not null default now()
);
comment on table write_ons is 'Written-off debt reinstated (Dr customer, Cr GL-WRITE-OFF), usually because the debtor paid; never more than the case wrote off.';
create index write_ons_case on write_ons (case_id);
create index write_ons_account on write_ons (account_id);
create trigger write_ons_append_only before update or delete on write_ons
  for each row execute function reeve_forbid_change();

-- Write-ons of a case never exceed what it wrote off (checked per statement, like the ledger's balance check).
create function write_ons_check_limit() returns trigger language plpgsql as $$
declare
  bad bigint;
begin
  select c.id into bad
  from write_off_cases c
  join (select case_id, sum(amount_pence) as total from write_ons where case_id in (select case_id from new_rows) group by case_id) w
    on w.case_id = c.id
  where c.status <> 'posted' or w.total > c.amount_pence
  limit 1;
  if bad is not null then
    raise exception 'write-ons of write-off case % exceed what it wrote off (or it was never posted)', bad using errcode = '23514';
  end if;
  return null;
end
$$;
create trigger write_ons_within_case after insert on write_ons
  referencing new table as new_rows for each statement execute function write_ons_check_limit();
