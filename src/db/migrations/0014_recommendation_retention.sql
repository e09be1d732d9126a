-- Retention for the trawl's recommendations (docs/recovery.md "Retention"). The trawl writes one row per account per
-- night, so the table grows by ~100,000 rows a night for a large council. Recommendations stay append-only: nothing
-- may change a row, and the only delete allowed is the retention job's (`reeve run prune-recommendations`), which
-- removes whole nights older than the dated retention period. Rows an officer's recorded action or a stage move
-- points at are kept for as long as that record (the foreign keys are `on delete restrict`; the job skips them).

insert into policy_values (key, effective_from, value, source) values
  ('recovery.recommendation_retention', '2000-01-01', '{"keepDays": 400}',
   'How long the trawl''s nightly recommendations are kept: a year and a month, so this year''s decisions can be set against last year''s and a year of them audited. Recommendations that a recorded recovery action or stage move refers to are kept with that record. Reeve default [assumption]; set locally (data protection: the shortest period that serves the purpose).');

-- The retention job says which nights it is deleting by setting, in its own transaction only,
--   set_config('reeve.prune_recommendations_before', 'YYYY-MM-DD', true)
-- and the trigger lets a delete through only for a row of a trawl run dated before that day. Any other delete, any
-- update, and any delete without the setting are refused as before.
create function reeve_recommendations_retention() returns trigger language plpgsql as $$
declare
  before_day text := coalesce(current_setting('reeve.prune_recommendations_before', true), '');
begin
  if tg_op = 'DELETE' and before_day <> '' then
    if exists (select 1 from trawl_runs r where r.id = old.run_id and r.run_date < before_day::date) then
      return old;
    end if;
    raise exception 'recommendations: the retention job may delete only nights before %', before_day
      using errcode = '55000';
  end if;
  raise exception '% is append-only: % is not allowed (only the retention job deletes old nights)', tg_table_name, lower(tg_op)
    using errcode = '55000';
end
$$;

drop trigger recommendations_append_only on recommendations;
create trigger recommendations_append_only before update or delete on recommendations
  for each row execute function reeve_recommendations_retention();
create trigger recommendations_no_truncate before truncate on recommendations
  for each statement execute function reeve_forbid_change();

-- The foreign keys from recorded actions and stage moves are checked on every delete: index them.
create index recovery_actions_recommendation on recovery_actions (recommendation_id) where recommendation_id is not null;
create index recovery_stage_history_recommendation on recovery_stage_history (recommendation_id) where recommendation_id is not null;
