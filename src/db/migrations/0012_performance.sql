-- Performance reporting: weekly snapshots of the figures behind the measures, and targets set by managers.
-- Definitions: docs/performance-measures.md; why snapshots store figures (not measures): decision 0009.
-- The measures are computed live from the ledger by src/services/performance; snapshots keep each week's figures
-- as they were, so trends are fast (no re-reading two years of postings) and reproducible (a back-dated posting, a
-- patch moved to another officer or a trawl night pruned later does not rewrite last month's trend).

create table performance_snapshots (
  id bigserial primary key,
  -- One snapshot per rent week: a second run for the same week returns this one.
  week_commencing date not null unique check (extract(isodow from week_commencing) = 1),
  week_ending date not null,
  -- The rent year the week is in: the "rent year to date" figures run from here to week_ending.
  rent_year_start date not null check (extract(isodow from rent_year_start) = 1),
  -- The trawl run whose stages were counted (the latest completed on or before week_ending); null if none.
  trawl_run_date date,
  -- The job run (its counts hold the number of figure rows written).
  job_run_id bigint not null unique references job_runs (id) on delete restrict,
  actor text not null,
  user_id int references users (id) on delete restrict,
  created_at timestamptz not null default now(),
  check (week_ending = week_commencing + 6),
  check (rent_year_start <= week_commencing)
);
comment on table performance_snapshots is 'Weekly performance snapshots, one per rent week: when taken, from which trawl, and by whom; the figures are in performance_snapshot_figures.';

create table performance_snapshot_figures (
  snapshot_id bigint not null references performance_snapshots (id) on delete restrict,
  -- week: flows over the rent week; rent_year_to_date: flows from the rent year's first Monday. Stocks (arrears,
  -- accounts on Direct Debit, stages) are at the end of the week in both.
  basis text not null check (basis in ('week', 'rent_year_to_date')),
  dimension text not null check (dimension in ('overall', 'patch', 'officer', 'tenure', 'account_type')),
  -- The group within the dimension: a patch or user id, a tenure, an account type, 'none' (no patch, officer or
  -- tenancy), or '' for overall. Ids as the allocation stood when the snapshot was taken.
  group_key text not null,
  -- A figure named in src/domain/performance/measures.ts FIGURES, or 'accounts_at_stage'.
  figure text not null check (figure ~ '^[a-z][a-z0-9_]*$'),
  -- For accounts_at_stage: '<pathway id>@<version>:<stage>' ('' for not started); otherwise ''.
  detail text not null default '',
  value bigint not null,
  primary key (snapshot_id, basis, dimension, group_key, figure, detail)
);
comment on table performance_snapshot_figures is 'The figures of each weekly snapshot, per dimension and group (pence or counts); measures are computed from them by the same code as the live dashboard.';

create trigger performance_snapshots_append_only before update or delete on performance_snapshots
  for each row execute function reeve_forbid_change();
create trigger performance_snapshots_no_truncate before truncate on performance_snapshots
  for each statement execute function reeve_forbid_change();
create trigger performance_snapshot_figures_append_only before update or delete on performance_snapshot_figures
  for each row execute function reeve_forbid_change();
create trigger performance_snapshot_figures_no_truncate before truncate on performance_snapshot_figures
  for each statement execute function reeve_forbid_change();

create table performance_targets (
  id bigserial primary key,
  -- A measure id from src/domain/performance/measures.ts (checked there: measures may be added without a migration).
  measure text not null check (measure ~ '^[a-z][a-z0-9_]*$'),
  -- null: the overall target; a patch without its own target takes the overall one.
  patch_id int references patches (id) on delete restrict,
  effective_from date not null,
  -- Basis points for percentages (9850 = 98.50%), pence for money, a number for counts.
  target_value bigint not null check (target_value >= 0),
  unit text not null check (unit in ('basis_points', 'pence', 'count')),
  reason text,
  set_by text not null,
  set_user_id int references users (id) on delete restrict,
  created_at timestamptz not null default now()
);
comment on table performance_targets is 'Targets per measure, overall or per patch, each in force from a date until the next; set by a team leader or administrator. A change is a new row (the latest set for a date wins).';
create index performance_targets_lookup on performance_targets (measure, patch_id, effective_from, id);

create trigger performance_targets_append_only before update or delete on performance_targets
  for each row execute function reeve_forbid_change();
create trigger performance_targets_no_truncate before truncate on performance_targets
  for each statement execute function reeve_forbid_change();
