-- Sundry debt invoicing (docs/sundry-debts.md, decision 0008): numbered invoices and credit notes against customer
-- accounts, the records invoices are raised from (rechargeable repairs, care plans, homelessness-prevention loans,
-- storage and removals, insurance/damage claims, HB overpayments), and council tax accounts imported from the council
-- tax system with their statutory recovery stage.
--
-- Invoices, their lines, credit notes and stage events are append-only like the ledger: a mistake is put right by a
-- credit note (and a new invoice), never by editing or deleting.

-- Control accounts: income per sundry charge type (the GL-INCOME-<TYPE> pattern of 0001), output VAT, loans advanced
-- and the council tax system's balances.
insert into accounts (account_number, account_class, account_type, name, opened_on) values
  ('GL-INCOME-RECHARGEABLE_REPAIR', 'control', 'income', 'Rechargeable repairs income', '2000-01-01'),
  ('GL-INCOME-SOCIAL_CARE', 'control', 'income', 'Social care contributions income', '2000-01-01'),
  ('GL-INCOME-STORAGE', 'control', 'income', 'Storage charges income (temporary accommodation)', '2000-01-01'),
  ('GL-INCOME-REMOVALS', 'control', 'income', 'Removals charges income (temporary accommodation)', '2000-01-01'),
  ('GL-INCOME-INSURANCE_CLAIM', 'control', 'income', 'Insurance and damage claims recovered', '2000-01-01'),
  ('GL-INCOME-HB_OVERPAYMENT', 'control', 'income', 'Housing Benefit overpayments raised', '2000-01-01'),
  ('GL-INCOME-COURT_COSTS', 'control', 'income', 'Court costs recharged', '2000-01-01'),
  ('GL-INCOME-SUNDRY', 'control', 'income', 'Other sundry income', '2000-01-01'),
  -- A loan is not income: the principal was paid out by finance, so the contra is a balance sheet account.
  ('GL-LOANS-ADVANCED', 'control', 'clearing', 'Homelessness-prevention loans advanced', '2000-01-01'),
  ('GL-VAT-OUTPUT', 'control', 'clearing', 'Output VAT on invoiced charges (payable to HMRC)', '2000-01-01'),
  ('GL-CTAX-EXTERNAL', 'control', 'clearing', 'Council tax balances held in the council tax system', '2000-01-01');

create table invoice_charge_types (
  code text primary key check (code ~ '^[a-z][a-z_]*$'),
  label text not null,
  -- The control account credited when the charge is invoiced.
  income_account_id int not null references accounts (id) on delete restrict,
  -- Customer account types the charge may be invoiced to; null means any customer account (court costs).
  account_types text[],
  -- Raised only from its source record (a care run, a loan set-up…), not typed in by hand on the invoice form.
  from_source_only boolean not null default false
);
comment on table invoice_charge_types is 'What a sundry invoice line can charge for, the income (or balance sheet) account it credits and where it may be invoiced.';

insert into invoice_charge_types (code, label, income_account_id, account_types, from_source_only)
select t.code, t.label, a.id, t.account_types, t.from_source_only
from (values
  ('rechargeable_repair', 'Rechargeable repair', 'GL-INCOME-RECHARGEABLE_REPAIR', array['rechargeable_repair', 'former_tenant'], false),
  ('social_care', 'Social care contribution', 'GL-INCOME-SOCIAL_CARE', array['social_care'], false),
  ('loan_advance', 'Homelessness-prevention loan', 'GL-LOANS-ADVANCED', array['loan'], true),
  ('storage', 'Storage of belongings', 'GL-INCOME-STORAGE', array['storage_removals'], false),
  ('removals', 'Removals', 'GL-INCOME-REMOVALS', array['storage_removals'], false),
  ('insurance_claim', 'Insurance or damage claim', 'GL-INCOME-INSURANCE_CLAIM', array['insurance_claim'], false),
  ('hb_overpayment', 'Housing Benefit overpayment', 'GL-INCOME-HB_OVERPAYMENT', array['hb_overpayment'], true),
  ('court_costs', 'Court costs', 'GL-INCOME-COURT_COSTS', null, false),
  ('sundry', 'Other charge', 'GL-INCOME-SUNDRY', array['sundry'], false)
) as t(code, label, account_number, account_types, from_source_only)
join accounts a on a.account_number = t.account_number;

insert into policy_values (key, effective_from, value, source) values
  ('invoicing.vat', '2000-01-01',
   '{"default": {"treatment": "outside_scope"}, "byChargeType": {"storage": {"treatment": "standard", "rateBps": 2000}}}',
   'VAT treatment per charge type. Charges a council makes under statute or as a public authority (care contributions, HB overpayments, court costs, repair recharges and damage claims as compensation, loan principal) are outside the scope of VAT (HMRC VAT Notice 749, local authorities) [P]. Storage of goods is a business supply, standard-rated at 20% (VAT Act 1994; HMRC VAT Notice 742 land and property excludes storage of goods from the land exemption) [assumption: confirm with the council''s VAT officer, and add a dated row for any change].'),
  ('invoicing.payment_terms_days', '2000-01-01', '28',
   'Days from the invoice date to its due date (Reeve default [assumption]; set locally).'),
  ('invoicing.care_cycle', '2000-01-01', '{"anchor": "2026-04-06"}',
   'Social care contributions are invoiced in arrears every 4 weeks; periods run 28 days from this Monday (the first Monday of the 2026/27 financial year) [assumption: set to the council''s own cycle]. Changing the anchor needs a new dated row and must not split a period already invoiced.'),
  ('invoicing.document_text', '2000-01-01',
   '{"howToPay": ["Online or by phone with a debit or credit card: quote your payment reference.", "By bank transfer: quote your payment reference as the reference.", "At any Post Office or PayPoint with your payment card.", "By Direct Debit: contact us to set one up."], "dispute": "If you think this invoice is wrong, contact us within 14 days of the invoice date, saying why. We will hold recovery while we look into it and write to you with the outcome. If you are still unhappy you can use the council''s complaints procedure.", "contact": "Sundry debts team, income management"}',
   'Wording printed on every invoice: ways to pay and the dispute route (Reeve default wording [assumption]; set locally).');

-- Numbers for invoices (INV-000123) and credit notes (CRN-000045): taken from a counter row locked for the rest of
-- the database transaction, so a number is only used if its invoice commits (no gaps from rollbacks, unlike a
-- sequence) and is never reused (invoices are never deleted and the number is unique).
create table document_number_counters (
  series text primary key check (series in ('INV', 'CRN')),
  last_number bigint not null check (last_number >= 0)
);
comment on table document_number_counters is 'The last invoice and credit note number issued; advanced in the same transaction as the document.';
insert into document_number_counters (series, last_number) values ('INV', 0), ('CRN', 0);

create table invoices (
  id bigserial primary key,
  invoice_number text not null unique check (invoice_number ~ '^INV-[0-9]{6,}$'),
  account_id int not null references accounts (id) on delete restrict,
  issue_date date not null,
  due_date date not null,
  -- What the invoice was raised from; the source tables point back with invoice_id.
  source text not null check (source in ('manual', 'repair', 'care_plan', 'loan', 'storage', 'insurance_claim', 'hb_overpayment')),
  period_start date,
  period_end date,
  net_pence bigint not null check (net_pence > 0),
  vat_pence bigint not null check (vat_pence >= 0),
  total_pence bigint not null check (total_pence = net_pence + vat_pence),
  transaction_id bigint not null unique references ledger_transactions (id) on delete restrict,
  actor text not null,
  user_id int references users (id) on delete restrict,
  created_at timestamptz not null default now(),
  check (due_date >= issue_date),
  check ((period_start is null) = (period_end is null) and (period_end is null or period_end >= period_start))
);
comment on table invoices is 'Numbered sundry invoices, each posted as one balanced ledger transaction (Dr customer, Cr income and VAT). Never changed: cancelled by credit notes.';
create index invoices_account on invoices (account_id, issue_date);

create table invoice_lines (
  id bigserial primary key,
  invoice_id bigint not null references invoices (id) on delete restrict,
  line_no int not null check (line_no >= 1),
  charge_type text not null references invoice_charge_types (code) on delete restrict,
  description text not null check (length(description) between 1 and 200),
  net_pence bigint not null check (net_pence > 0),
  vat_treatment text not null check (vat_treatment in ('outside_scope', 'exempt', 'zero_rated', 'standard')),
  vat_rate_bps int not null check (vat_rate_bps between 0 and 10000),
  vat_pence bigint not null check (vat_pence >= 0),
  unique (invoice_id, line_no),
  check (vat_treatment = 'standard' or (vat_rate_bps = 0 and vat_pence = 0))
);
comment on table invoice_lines is 'What an invoice charges for: one line per charge with its VAT treatment and rate as they were on the invoice date.';

create table credit_notes (
  id bigserial primary key,
  credit_note_number text not null unique check (credit_note_number ~ '^CRN-[0-9]{6,}$'),
  invoice_id bigint not null references invoices (id) on delete restrict,
  issue_date date not null,
  reason text not null check (length(trim(reason)) > 0),
  net_pence bigint not null check (net_pence > 0),
  vat_pence bigint not null check (vat_pence >= 0),
  total_pence bigint not null check (total_pence = net_pence + vat_pence),
  transaction_id bigint not null unique references ledger_transactions (id) on delete restrict,
  actor text not null,
  user_id int references users (id) on delete restrict,
  created_at timestamptz not null default now()
);
comment on table credit_notes is 'Credit notes cancelling an invoice wholly or in part, each posted as the reversing ledger entry. Several may cancel one invoice, never more than it charged.';
create index credit_notes_invoice on credit_notes (invoice_id);

create table credit_note_lines (
  credit_note_id bigint not null references credit_notes (id) on delete restrict,
  invoice_line_id bigint not null references invoice_lines (id) on delete restrict,
  net_pence bigint not null check (net_pence >= 0),
  vat_pence bigint not null check (vat_pence >= 0),
  primary key (credit_note_id, invoice_line_id),
  check (net_pence + vat_pence > 0)
);
comment on table credit_note_lines is 'How much of each invoice line a credit note cancels.';

-- A credit note never cancels more of an invoice line than it charged (checked per statement, like the ledger).
create function credit_note_lines_check() returns trigger language plpgsql as $$
declare
  bad bigint;
begin
  select l.id into bad
  from invoice_lines l
  join (select distinct invoice_line_id from new_rows) n on n.invoice_line_id = l.id
  join credit_note_lines c on c.invoice_line_id = l.id
  group by l.id, l.net_pence, l.vat_pence
  having sum(c.net_pence) > l.net_pence or sum(c.vat_pence) > l.vat_pence
  limit 1;
  if bad is not null then
    raise exception 'credit notes would cancel more than invoice line % charged', bad using errcode = '23514';
  end if;
  return null;
end
$$;
create trigger credit_note_lines_within_invoice after insert on credit_note_lines
  referencing new table as new_rows for each statement execute function credit_note_lines_check();

create trigger invoices_append_only before update or delete on invoices for each row execute function reeve_forbid_change();
create trigger invoices_no_truncate before truncate on invoices for each statement execute function reeve_forbid_change();
create trigger invoice_lines_append_only before update or delete on invoice_lines for each row execute function reeve_forbid_change();
create trigger credit_notes_append_only before update or delete on credit_notes for each row execute function reeve_forbid_change();
create trigger credit_notes_no_truncate before truncate on credit_notes for each statement execute function reeve_forbid_change();
create trigger credit_note_lines_append_only before update or delete on credit_note_lines for each row execute function reeve_forbid_change();

-- Source records ------------------------------------------------------------------------------------------------

create table repair_recharges (
  id bigserial primary key,
  repair_ref text not null unique check (length(trim(repair_ref)) > 0),
  party_id int not null references parties (id) on delete restrict,
  tenancy_id int references tenancies (id) on delete restrict,
  property_id int references properties (id) on delete restrict,
  description text not null check (length(trim(description)) > 0),
  completed_on date not null,
  cost_pence bigint not null check (cost_pence > 0),
  tenant_responsible boolean not null,
  responsibility_reason text not null check (length(trim(responsibility_reason)) > 0),
  disputed boolean not null default false,
  -- pending: the dispute is open, so the repair is held (not invoiced); recharge_confirmed: the tenant is liable
  -- after all; recharge_cancelled: the tenant is not liable.
  dispute_outcome text check (dispute_outcome in ('pending', 'recharge_confirmed', 'recharge_cancelled')),
  dispute_note text,
  invoice_id bigint unique references invoices (id) on delete restrict,
  created_at timestamptz not null default now(),
  check (disputed = (dispute_outcome is not null))
);
comment on table repair_recharges is 'Repairs the council did that may be recharged to the tenant: what, cost, whether the tenant is responsible and why, any dispute and its outcome.';
create index repair_recharges_party on repair_recharges (party_id);

create table care_plans (
  id bigserial primary key,
  plan_ref text not null unique check (length(trim(plan_ref)) > 0),
  account_id int not null references accounts (id) on delete restrict,
  description text not null,
  starts_on date not null,
  ends_on date,
  created_at timestamptz not null default now(),
  check (ends_on is null or ends_on >= starts_on)
);
comment on table care_plans is 'Social care plans whose client contributes to the cost, invoiced every 4 weeks in arrears to the social care account.';

create table care_plan_contributions (
  care_plan_id bigint not null references care_plans (id) on delete restrict,
  effective_from date not null,
  four_weekly_pence bigint not null check (four_weekly_pence >= 0),
  reason text not null,
  created_at timestamptz not null default now(),
  primary key (care_plan_id, effective_from)
);
comment on table care_plan_contributions is 'The assessed contribution per 4 weeks, from a date until the next row (0 stops it); set by the financial assessment.';
create trigger care_plan_contributions_append_only before update or delete on care_plan_contributions
  for each row execute function reeve_forbid_change();

-- One invoice per care plan per 4-weekly period: what makes the care run idempotent.
create table care_plan_invoices (
  care_plan_id bigint not null references care_plans (id) on delete restrict,
  -- The start of the 4-weekly cycle period invoiced (the invoice itself holds the days billed within it).
  cycle_start date not null,
  invoice_id bigint not null unique references invoices (id) on delete restrict,
  primary key (care_plan_id, cycle_start)
);
comment on table care_plan_invoices is 'Which 4-weekly cycle period of a care plan each contribution invoice covers (never two invoices for one period).';
create trigger care_plan_invoices_append_only before update or delete on care_plan_invoices
  for each row execute function reeve_forbid_change();

create table loans (
  id bigserial primary key,
  loan_ref text not null unique check (length(trim(loan_ref)) > 0),
  account_id int not null unique references accounts (id) on delete restrict,
  purpose text not null check (purpose in ('rent_deposit', 'rent_in_advance', 'arrears_to_prevent_eviction', 'removal_costs', 'other')),
  purpose_note text,
  advanced_on date not null,
  principal_pence bigint not null check (principal_pence > 0),
  frequency text not null check (frequency in ('weekly', 'four_weekly', 'monthly')),
  invoice_id bigint not null unique references invoices (id) on delete restrict,
  created_at timestamptz not null default now()
);
comment on table loans is 'Homelessness-prevention loans: the principal advanced is invoiced once; repayments are expected by the schedule.';

create table loan_instalments (
  loan_id bigint not null references loans (id) on delete restrict,
  instalment_no int not null check (instalment_no >= 1),
  due_on date not null,
  amount_pence bigint not null check (amount_pence > 0),
  primary key (loan_id, instalment_no)
);
comment on table loan_instalments is 'A loan''s repayment schedule; its instalments sum exactly to the principal.';
create trigger loans_append_only before update or delete on loans for each row execute function reeve_forbid_change();
create trigger loan_instalments_append_only before update or delete on loan_instalments for each row execute function reeve_forbid_change();

create table storage_charges (
  id bigserial primary key,
  account_id int not null references accounts (id) on delete restrict,
  tenancy_id int references tenancies (id) on delete restrict,
  kind text not null check (kind in ('storage', 'removals')),
  description text not null check (length(trim(description)) > 0),
  period_start date not null,
  period_end date not null,
  amount_pence bigint not null check (amount_pence > 0),
  invoice_id bigint not null unique references invoices (id) on delete restrict,
  created_at timestamptz not null default now(),
  check (period_end >= period_start)
);
comment on table storage_charges is 'Storage and removals the council arranged for temporary accommodation residents, recharged by invoice (removals: one day).';

create table insurance_claims (
  id bigserial primary key,
  claim_ref text not null unique check (length(trim(claim_ref)) > 0),
  account_id int not null references accounts (id) on delete restrict,
  incident_on date not null,
  description text not null check (length(trim(description)) > 0),
  amount_pence bigint not null check (amount_pence > 0),
  invoice_id bigint not null unique references invoices (id) on delete restrict,
  created_at timestamptz not null default now()
);
comment on table insurance_claims is 'Damage to council property (or losses) claimed back from the person responsible or their insurer.';

create table hb_overpayments (
  id bigserial primary key,
  overpayment_ref text not null unique check (length(trim(overpayment_ref)) > 0),
  party_id int not null references parties (id) on delete restrict,
  -- The HB overpayment account the debt is on; none when it is not recoverable.
  account_id int references accounts (id) on delete restrict,
  claim_ref text,
  period_from date not null,
  period_to date not null,
  amount_pence bigint not null check (amount_pence > 0),
  cause text not null check (cause in ('claimant_error', 'official_error', 'late_notification_of_change', 'fraud', 'other')),
  reason text not null check (length(trim(reason)) > 0),
  recoverable boolean not null,
  -- How a recoverable overpayment is recovered: an invoice, or deductions from ongoing Housing Benefit.
  method text check (method in ('invoice', 'ongoing_hb_deduction')),
  weekly_deduction_pence bigint check (weekly_deduction_pence > 0),
  decided_on date not null,
  invoice_id bigint unique references invoices (id) on delete restrict,
  transaction_id bigint unique references ledger_transactions (id) on delete restrict,
  created_at timestamptz not null default now(),
  check (period_to >= period_from),
  check (recoverable = (method is not null)),
  check ((method = 'ongoing_hb_deduction') = (weekly_deduction_pence is not null)),
  check ((method = 'invoice') = (invoice_id is not null)),
  check (recoverable = (transaction_id is not null)),
  check (recoverable = (account_id is not null))
);
comment on table hb_overpayments is 'Housing Benefit overpayment decisions: period, cause, whether recoverable and how (invoice or deduction from ongoing HB).';
create trigger hb_overpayments_append_only before update or delete on hb_overpayments for each row execute function reeve_forbid_change();
create trigger storage_charges_append_only before update or delete on storage_charges for each row execute function reeve_forbid_change();
create trigger insurance_claims_append_only before update or delete on insurance_claims for each row execute function reeve_forbid_change();

-- Council tax (held in the council tax system; imported for the one view of debt) ------------------------------

create table council_tax_imports (
  id bigserial primary key,
  file_name text not null,
  content_sha256 text not null unique,
  imported_at timestamptz not null default now(),
  actor text not null,
  user_id int references users (id) on delete restrict,
  row_count int not null check (row_count > 0),
  accounts_created int not null,
  parties_created int not null,
  stage_changes int not null,
  balance_movement_pence bigint not null
);
comment on table council_tax_imports is 'Council tax extract files imported: each whole or not at all; the same content is refused a second time.';
create trigger council_tax_imports_append_only before update or delete on council_tax_imports
  for each row execute function reeve_forbid_change();

create table council_tax_accounts (
  account_id int primary key references accounts (id) on delete restrict,
  ct_account_ref text not null unique,
  property_address text not null,
  first_import_id bigint not null references council_tax_imports (id) on delete restrict,
  last_import_id bigint not null references council_tax_imports (id) on delete restrict
);
comment on table council_tax_accounts is 'Reeve''s customer accounts for council tax accounts held in the council tax system, by that system''s reference.';

create table council_tax_stage_events (
  id bigserial primary key,
  account_id int not null references accounts (id) on delete restrict,
  stage text not null check (stage in ('none', 'reminder', 'second_reminder', 'final_notice', 'summons', 'liability_order',
    'enforcement_agent', 'committal', 'attachment_of_earnings', 'attachment_of_benefits')),
  stage_date date not null,
  import_id bigint not null references council_tax_imports (id) on delete restrict,
  import_line int not null,
  recorded_at timestamptz not null default now(),
  unique (account_id, stage, stage_date)
);
comment on table council_tax_stage_events is 'Statutory recovery stages of council tax accounts as the council tax system reported them, in the order seen.';
create index council_tax_stage_events_account on council_tax_stage_events (account_id, stage_date, id);
create trigger council_tax_stage_events_append_only before update or delete on council_tax_stage_events
  for each row execute function reeve_forbid_change();
