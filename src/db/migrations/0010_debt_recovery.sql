-- Former tenant and sundry debt recovery: tracing, debt collection agency placements and their returns (posted
-- through the ledger), the Pre-Action Protocol for Debt Claims letter of claim and the debtor's reply, money claims,
-- judgments, enforcement, and signed written acknowledgements (the limitation clock). Design: docs/debt-recovery.md
-- and decision 0010 (agency accounting). The rules are pure code in src/domain/debt-recovery; the statutory detail is
-- DOMAIN.md section 2.

-- Other enforcement after a money judgment (warrant of control, High Court writ, charging order, third party debt
-- order) is a recovery action of its own: the pathways' `enforcement` stage.
alter table recovery_actions drop constraint recovery_actions_action_type_check;
alter table recovery_actions add constraint recovery_actions_action_type_check check (action_type in ('none', 'sms', 'letter', 'call',
  'visit', 'notice', 'review', 'claim', 'hearing', 'warrant', 'eviction', 'agency', 'tracing', 'letter_before_claim', 'money_claim',
  'attachment_of_earnings', 'enforcement', 'write_off_review'));

-- Agency returns (decision 0010): the debtor's account is credited with everything the agency collected (the debtor
-- paid that much); what the agency sent on is owed by the agency until the remittance is matched to the bank, and
-- the commission it kept is the council's cost. Reeve is a sub-ledger: both are clearing accounts that the council's
-- financial management system maps to its own codes (the commission to an expenditure code).
insert into accounts (account_number, account_class, account_type, name, opened_on) values
  ('GL-AGENCY-REMITTANCES', 'control', 'clearing', 'Debt collection agency remittances due (net of commission)', '2000-01-01'),
  ('GL-AGENCY-COMMISSION', 'control', 'clearing', 'Debt collection agency commission (cost; mapped to an expenditure code)', '2000-01-01');

insert into policy_values (key, effective_from, value, source) values
  ('debt_recovery.money_claim_fees', '2021-09-16',
   '{"confirmed": false, "bands": [
      {"upToPence": 30000, "feePence": 3500}, {"upToPence": 50000, "feePence": 5000}, {"upToPence": 100000, "feePence": 7000},
      {"upToPence": 150000, "feePence": 8000}, {"upToPence": 300000, "feePence": 11500}, {"upToPence": 500000, "feePence": 20500},
      {"upToPence": 1000000, "feePence": 45500}, {"upToPence": 20000000, "basisPoints": 500}, {"upToPence": null, "feePence": 1000000}]}',
   'HMCTS civil court fees (EX50) for issuing a money claim by claim value including interest: gov.uk "Make a court claim for money: court fees" [C] (same figures on a helpdesk page "as at 16 Sep 2021"), DOMAIN.md §2. Whether the bands rose in 2024-2026 is UNCONFIRMED [U]: check EX50 and add a dated row. 5% bands are rounded down to the penny [U]. Paper (N1) claims are taken to cost the same [U].'),
  ('debt_recovery.enforcement_fees', '2021-09-16',
   '{"confirmed": false, "attachment_of_earnings": 11900, "warrant_of_control": 8300, "high_court_writ": 7100, "charging_order": 11900, "third_party_debt_order": 11900}',
   'Enforcement application fees: UNCONFIRMED [U]. 2021-era figures quoted by a third-party page (charging order / TPDO £119, warrant of control £83); attachment of earnings taken as £119 and a High Court writ (N293A) as £71 from memory; all since uplifted in 2024 and 2025 (DOMAIN.md §2). Set the current EX50 figures with a dated row.'),
  ('debt_recovery.pap_debt', '2017-10-01',
   '{"replyDays": 30, "afterReplyDays": 30, "afterDocumentsDays": 30, "afterDisputeAnswerDays": 30}',
   'Pre-Action Protocol for Debt Claims (in force 1 Oct 2017): 30 days to reply to the letter of claim [C]; no proceedings until at least 30 days after a completed Reply Form is received or 30 days after requested documents are provided, whichever is later [C]/[P] (DOMAIN.md §2). Allowing 30 days after the council answers a dispute is Reeve default policy [assumption].');

create table tracing_requests (
  id bigserial primary key,
  account_id int not null references accounts (id) on delete restrict,
  -- The tracing agent or service asked (a credit reference agency, a tracing firm, an internal search).
  agent text not null check (length(trim(agent)) > 0),
  reason text not null check (reason in ('no_contact', 'gone_away', 'mail_returned', 'other')),
  requested_on date not null,
  action_id bigint references recovery_actions (id) on delete restrict,
  actor text not null,
  user_id int references users (id) on delete restrict,
  created_at timestamptz not null default now(),
  -- Filled once when the agent reports back.
  returned_on date,
  result text check (result in ('traced', 'not_traced')),
  forwarding_address text,
  result_note text,
  result_recorded_by text,
  check ((returned_on is null) = (result is null) and (result is null) = (result_recorded_by is null)),
  check (returned_on is null or returned_on >= requested_on),
  check (forwarding_address is null or result = 'traced')
);
comment on table tracing_requests is 'Requests to trace a debtor (former tenant or sundry debtor) and what the agent found: traced with a forwarding address, or not traced.';
create index tracing_requests_account on tracing_requests (account_id, requested_on);
create trigger tracing_requests_fill_once before update on tracing_requests for each row execute function reeve_fill_once();
create trigger tracing_requests_no_delete before delete on tracing_requests for each row execute function reeve_forbid_change();

create table agency_placements (
  id bigserial primary key,
  account_id int not null references accounts (id) on delete restrict,
  agency text not null check (length(trim(agency)) > 0),
  agency_reference text,
  placed_on date not null,
  balance_placed_pence bigint not null check (balance_placed_pence > 0),
  -- The commission agreed with the agency, in basis points of what it collects (1500 = 15%).
  commission_basis_points int not null check (commission_basis_points between 0 and 10000),
  action_id bigint references recovery_actions (id) on delete restrict,
  actor text not null,
  user_id int references users (id) on delete restrict,
  created_at timestamptz not null default now(),
  -- Filled once when the placement ends: recalled by the council, returned by the agency, or paid in full.
  ended_on date,
  end_kind text check (end_kind in ('recalled', 'returned_by_agency', 'paid_in_full')),
  end_reason text,
  ended_by text,
  check ((ended_on is null) = (end_kind is null) and (end_kind is null) = (end_reason is null) and (end_reason is null) = (ended_by is null)),
  check (ended_on is null or ended_on >= placed_on)
);
comment on table agency_placements is 'Debts placed with an external debt collection agency: when, how much, the agreed commission; recalled or returned.';
create index agency_placements_account on agency_placements (account_id, placed_on);
-- One placement at a time: an account is with one agency or none.
create unique index agency_placements_one_open on agency_placements (account_id) where ended_on is null;
create trigger agency_placements_fill_once before update on agency_placements for each row execute function reeve_fill_once();
create trigger agency_placements_no_delete before delete on agency_placements for each row execute function reeve_forbid_change();

create table agency_returns (
  id bigserial primary key,
  placement_id bigint not null references agency_placements (id) on delete restrict,
  account_id int not null references accounts (id) on delete restrict,
  -- The agency's statement (remittance advice) the figures come from; once per placement.
  statement_ref text not null check (length(trim(statement_ref)) > 0),
  -- When the agency collected the money (the effective date of the credit to the debtor's account).
  collected_on date not null,
  gross_collected_pence bigint not null check (gross_collected_pence > 0),
  commission_pence bigint not null check (commission_pence >= 0),
  remitted_pence bigint not null check (remitted_pence >= 0),
  transaction_id bigint not null unique references ledger_transactions (id) on delete restrict,
  actor text not null,
  user_id int references users (id) on delete restrict,
  created_at timestamptz not null default now(),
  unique (placement_id, statement_ref),
  check (remitted_pence + commission_pence = gross_collected_pence)
);
comment on table agency_returns is 'What an agency collected for a placement, the commission it kept and what it remitted; posted as one balanced ledger transaction (decision 0010).';
create index agency_returns_account on agency_returns (account_id);
create trigger agency_returns_append_only before update or delete on agency_returns for each row execute function reeve_forbid_change();

create table letters_of_claim (
  id bigserial primary key,
  account_id int not null references accounts (id) on delete restrict,
  sent_on date not null,
  method text not null check (method in ('post', 'email')),
  amount_claimed_pence bigint not null check (amount_claimed_pence > 0),
  interest_claimed boolean not null default false,
  -- The protocol's enclosures, all four required: statement of account, Information Sheet, Reply Form, financial statement.
  enclosures text[] not null check (enclosures @> array['statement_of_account', 'information_sheet', 'reply_form', 'financial_statement']),
  address_used text,
  -- The letter produced (template or document id); the text itself is the documents module's.
  document_ref text not null check (length(trim(document_ref)) > 0),
  -- The end of the 30 days to reply (policy debt_recovery.pap_debt), fixed when the letter is sent.
  response_due_on date not null,
  action_id bigint references recovery_actions (id) on delete restrict,
  actor text not null,
  user_id int references users (id) on delete restrict,
  created_at timestamptz not null default now(),
  check (response_due_on > sent_on)
);
comment on table letters_of_claim is 'Letters of claim under the Pre-Action Protocol for Debt Claims: date, amount, enclosures (Information Sheet, Reply Form…), the reply deadline.';
create index letters_of_claim_account on letters_of_claim (account_id, sent_on);
create trigger letters_of_claim_append_only before update or delete on letters_of_claim for each row execute function reeve_forbid_change();

create table letter_of_claim_replies (
  id bigserial primary key,
  letter_id bigint not null references letters_of_claim (id) on delete restrict,
  account_id int not null references accounts (id) on delete restrict,
  received_on date not null,
  -- The Reply Form's boxes: admits (A), admits part (B), asks for time / needs advice or documents (C), disputes (D).
  reply_type text not null check (reply_type in ('admits', 'admits_part', 'asks_for_time', 'requests_documents', 'disputes')),
  admitted_pence bigint check (admitted_pence > 0),
  -- Asks for time (e.g. to get debt advice): the date agreed, before which no claim is issued.
  time_allowed_until date,
  note text,
  actor text not null,
  user_id int references users (id) on delete restrict,
  created_at timestamptz not null default now(),
  -- Filled once: the documents asked for were sent; the council answered the dispute.
  documents_provided_on date,
  dispute_answered_on date,
  check (time_allowed_until is null or reply_type = 'asks_for_time'),
  check (admitted_pence is null or reply_type = 'admits_part'),
  check (documents_provided_on is null or (reply_type = 'requests_documents' and documents_provided_on >= received_on)),
  check (dispute_answered_on is null or (reply_type = 'disputes' and dispute_answered_on >= received_on))
);
comment on table letter_of_claim_replies is 'The debtor''s replies to a letter of claim (Reply Form): admits, admits part, asks for time, asks for documents, disputes.';
create index letter_of_claim_replies_letter on letter_of_claim_replies (letter_id);
create index letter_of_claim_replies_account on letter_of_claim_replies (account_id);
create trigger letter_of_claim_replies_fill_once before update on letter_of_claim_replies for each row execute function reeve_fill_once();
create trigger letter_of_claim_replies_no_delete before delete on letter_of_claim_replies for each row execute function reeve_forbid_change();

create table money_claims (
  id bigserial primary key,
  -- The claim as the recovery module records every claim (court, number, fee, the money_claim stage's action).
  court_claim_id bigint not null unique references court_claims (id) on delete restrict,
  account_id int not null references accounts (id) on delete restrict,
  route text not null check (route in ('mcol', 'ocmc', 'paper')),
  letter_id bigint references letters_of_claim (id) on delete restrict,
  issued_on date not null,
  -- The amount claimed including any interest: what the issue fee is worked out on.
  claim_value_pence bigint not null check (claim_value_pence > 0),
  fee_pence bigint not null check (fee_pence >= 0),
  -- The band of the fee table used ("£300.01 to £500.00") and whether that table was confirmed.
  fee_band text not null,
  fee_confirmed boolean not null,
  actor text not null,
  user_id int references users (id) on delete restrict,
  created_at timestamptz not null default now()
);
comment on table money_claims is 'Money claims (Money Claim Online, Online Civil Money Claims or paper N1): route, claim value, issue fee by band.';
create index money_claims_account on money_claims (account_id);
create trigger money_claims_append_only before update or delete on money_claims for each row execute function reeve_forbid_change();

create table money_judgments (
  id bigserial primary key,
  money_claim_id bigint not null references money_claims (id) on delete restrict,
  account_id int not null references accounts (id) on delete restrict,
  judgment_type text not null check (judgment_type in ('default', 'admission', 'hearing')),
  entered_on date not null,
  -- The judgment sum, costs included, and the costs part of it.
  amount_pence bigint not null check (amount_pence > 0),
  costs_pence bigint not null default 0 check (costs_pence >= 0),
  terms text not null check (terms in ('forthwith', 'by_date', 'instalments')),
  pay_by date,
  instalment_pence bigint check (instalment_pence > 0),
  instalment_frequency text check (instalment_frequency in ('weekly', 'monthly')),
  first_instalment_on date,
  actor text not null,
  user_id int references users (id) on delete restrict,
  created_at timestamptz not null default now(),
  -- Filled once if the court sets the judgment aside.
  set_aside_on date,
  set_aside_reason text,
  check (costs_pence <= amount_pence),
  check ((terms = 'by_date') = (pay_by is not null)),
  check ((terms = 'instalments') = (instalment_pence is not null) and (instalment_pence is null) = (instalment_frequency is null)
    and (instalment_frequency is null) = (first_instalment_on is null)),
  check ((set_aside_on is null) = (set_aside_reason is null))
);
comment on table money_judgments is 'County Court judgments on money claims: default, on admission or after a hearing; the sum, the costs and the terms (forthwith, by a date, instalments).';
create index money_judgments_account on money_judgments (account_id);
create unique index money_judgments_one_per_claim on money_judgments (money_claim_id) where set_aside_on is null;
create trigger money_judgments_fill_once before update on money_judgments for each row execute function reeve_fill_once();
create trigger money_judgments_no_delete before delete on money_judgments for each row execute function reeve_forbid_change();

create table enforcement_actions (
  id bigserial primary key,
  account_id int not null references accounts (id) on delete restrict,
  judgment_id bigint not null references money_judgments (id) on delete restrict,
  kind text not null check (kind in ('attachment_of_earnings', 'warrant_of_control', 'high_court_writ', 'charging_order', 'third_party_debt_order')),
  applied_on date not null,
  fee_pence bigint not null check (fee_pence >= 0),
  fee_confirmed boolean not null,
  -- The court's or enforcement officer's reference, the employer (attachment of earnings), the property (charging order).
  reference text,
  employer_name text,
  employer_address text,
  property_address text,
  action_id bigint references recovery_actions (id) on delete restrict,
  actor text not null,
  user_id int references users (id) on delete restrict,
  created_at timestamptz not null default now(),
  -- Filled once: the order made or the warrant/writ issued, with an attachment of earnings order's rates.
  order_made_on date,
  normal_deduction_pence bigint check (normal_deduction_pence > 0),
  deduction_frequency text check (deduction_frequency in ('weekly', 'monthly')),
  protected_earnings_pence bigint check (protected_earnings_pence >= 0),
  -- Filled once: how it ended.
  ended_on date,
  outcome text check (outcome in ('paid_in_full', 'unsuccessful', 'withdrawn')),
  outcome_note text,
  check (employer_name is null or kind = 'attachment_of_earnings'),
  check (normal_deduction_pence is null or kind = 'attachment_of_earnings'),
  check ((normal_deduction_pence is null) = (deduction_frequency is null)),
  check (property_address is null or kind = 'charging_order'),
  check (order_made_on is null or order_made_on >= applied_on),
  check ((ended_on is null) = (outcome is null)),
  check (ended_on is null or ended_on >= applied_on)
);
comment on table enforcement_actions is 'Enforcement of money judgments: attachment of earnings (employer, deduction rate), warrant of control, High Court writ, charging order, third party debt order; applied, made, ended.';
create index enforcement_actions_account on enforcement_actions (account_id, applied_on);
create trigger enforcement_actions_fill_once before update on enforcement_actions for each row execute function reeve_fill_once();
create trigger enforcement_actions_no_delete before delete on enforcement_actions for each row execute function reeve_forbid_change();

create table debt_acknowledgements (
  id bigserial primary key,
  account_id int not null references accounts (id) on delete restrict,
  -- The date of the acknowledgement (s29(5)): it must be in writing and signed by the debtor or their agent (s30).
  acknowledged_on date not null,
  form text not null check (form in ('letter', 'email', 'signed_reply_form', 'signed_arrangement', 'other_writing')),
  signed boolean not null check (signed),
  amount_acknowledged_pence bigint check (amount_acknowledged_pence > 0),
  document_ref text,
  note text,
  reply_id bigint references letter_of_claim_replies (id) on delete restrict,
  actor text not null,
  user_id int references users (id) on delete restrict,
  created_at timestamptz not null default now()
);
comment on table debt_acknowledgements is 'Signed written acknowledgements of a debt (Limitation Act 1980 ss29(5), 30): each restarts the six-year clock unless the debt was already statute-barred.';
create index debt_acknowledgements_account on debt_acknowledgements (account_id, acknowledged_on);
create trigger debt_acknowledgements_append_only before update or delete on debt_acknowledgements for each row execute function reeve_forbid_change();
