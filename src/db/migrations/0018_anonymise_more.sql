-- Retention (docs/operations.md): the anonymisation job also replaces income and expenditure statements' free text,
-- recovery actions' notes, referral details, letters' merge data, text and PDF, and personal fields in earlier audit
-- events' before/after. As in migration 0016, these append-only tables still refuse every update and delete, except
-- an update by the retention job (which sets reeve.anonymising for its own transaction only) that changes nothing
-- but the columns named in the trigger's arguments. (messages has no append-only trigger: its status is updated.)
-- Runs on PostgreSQL 15+ and PGlite alike.

drop trigger income_expenditure_statements_append_only on income_expenditure_statements;
create trigger income_expenditure_statements_append_only before update or delete on income_expenditure_statements
  for each row execute function reeve_append_only_except_anonymising('lines', 'statement', 'assessment');

drop trigger recovery_actions_append_only on recovery_actions;
create trigger recovery_actions_append_only before update or delete on recovery_actions
  for each row execute function reeve_append_only_except_anonymising('outcome', 'notes', 'proportionality_note', 'equality_note');

drop trigger generated_documents_append_only on generated_documents;
create trigger generated_documents_append_only before update or delete on generated_documents
  for each row execute function reeve_append_only_except_anonymising('merge_data', 'body_text', 'pdf');

drop trigger audit_events_append_only on audit_events;
create trigger audit_events_append_only before update or delete on audit_events
  for each row execute function reeve_append_only_except_anonymising('before', 'after');

-- Rows filled in once (referrals get their outcome later): the fill-once rule of migration 0006 (a set column never
-- changes), except the retention job's update of the named columns only.
create function reeve_fill_once_except_anonymising() returns trigger language plpgsql as $$
declare
  col text;
  was jsonb := to_jsonb(old);
  now_is jsonb := to_jsonb(new);
begin
  if coalesce(current_setting('reeve.anonymising', true), '') = 'on' and (now_is - tg_argv) = (was - tg_argv) then
    return new;
  end if;
  for col in select jsonb_object_keys(was) loop
    if was -> col <> 'null'::jsonb and (now_is -> col) is distinct from (was -> col) then
      raise exception '%.% is already recorded and cannot be changed (record a new entry instead)', tg_table_name, col
        using errcode = '55000';
    end if;
  end loop;
  return new;
end
$$;

drop trigger referrals_fill_once on referrals;
create trigger referrals_fill_once before update on referrals
  for each row execute function reeve_fill_once_except_anonymising('service_detail', 'reason', 'outcome_note');
