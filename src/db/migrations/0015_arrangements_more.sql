-- Arrangements: the accounts an arrangement covers may change with an amendment (docs/arrangements.md,
-- docs/decisions/0012-arrangement-accounts-per-version.md).
--
-- `arrangement_version_accounts` is the history: the accounts each version covered, with their priority tier, the
-- arrears on the version's effective date and their share of its first instalment (append-only).
-- `arrangement_accounts` becomes the accounts covered *now* (what the nightly check, the recovery view
-- `account_arrangement_status` and the "already in an arrangement" check read): an account taken out of an
-- arrangement leaves it (a delete, recorded as a new version, an `amended` event and an audit event); rows are
-- never updated.

create table arrangement_version_accounts (
  arrangement_id bigint not null,
  version int not null,
  account_id int not null references accounts (id) on delete restrict,
  -- 1-based tier of the account under the version's priority order.
  priority_tier int not null check (priority_tier >= 1),
  -- Arrears on the version's effective date (not counting that rent week's debit); 0 when none were owed then.
  arrears_pence bigint not null,
  -- Its share of each regular instalment in the version's first instalment (the apportionment shown to officers).
  first_instalment_share_pence bigint not null default 0 check (first_instalment_share_pence >= 0),
  primary key (arrangement_id, version, account_id),
  foreign key (arrangement_id, version) references arrangement_versions (arrangement_id, version) on delete restrict
);
comment on table arrangement_version_accounts is 'The accounts each version of an arrangement covered, with priority tier, arrears then and first instalment share; append-only.';
create index arrangement_version_accounts_account on arrangement_version_accounts (account_id);

-- Every version so far covered the arrangement's accounts (amendments could not change them before this migration).
insert into arrangement_version_accounts (arrangement_id, version, account_id, priority_tier, arrears_pence, first_instalment_share_pence)
select v.arrangement_id, v.version, aa.account_id, aa.priority_tier,
  coalesce((select (t ->> 'balancePence')::bigint from jsonb_array_elements(coalesce(v.terms -> 'accounts', '[]'::jsonb)) t
            where (t ->> 'accountId') = aa.account_id::text limit 1), 0),
  coalesce((select (s ->> 'pence')::bigint
            from jsonb_array_elements(coalesce(v.schedule -> 'entries', '[]'::jsonb)) with ordinality as e (entry, n)
            cross join lateral jsonb_array_elements(coalesce(e.entry -> 'perAccount', '[]'::jsonb)) s
            where e.entry ->> 'kind' = 'instalment' and (s ->> 'accountId') = aa.account_id::text
            order by e.n limit 1), 0)
from arrangement_versions v
join arrangement_accounts aa on aa.arrangement_id = v.arrangement_id;

create trigger arrangement_version_accounts_append_only before update or delete on arrangement_version_accounts
  for each row execute function reeve_forbid_change();
create trigger arrangement_version_accounts_no_truncate before truncate on arrangement_version_accounts
  for each statement execute function reeve_forbid_change();

-- The current membership: an account may leave (delete), a row is never changed.
drop trigger arrangement_accounts_append_only on arrangement_accounts;
create trigger arrangement_accounts_no_update before update on arrangement_accounts
  for each row execute function reeve_forbid_change();
comment on table arrangement_accounts is 'The accounts an arrangement covers now, with the priority tier and balance each had when it joined; an account taken out by an amendment is deleted here and stays in arrangement_version_accounts (the history). Rows are never updated.';
