-- Letters, notices, statements and messages (docs/letters.md, decision 0007): versioned templates an administrator
-- edits (Liquid, with merge fields from a typed catalogue), the documents generated from them (PDF bytes kept with the
-- merge data they were made from), letter batch runs from the trawl's recommendations (approved by a team leader,
-- printed as one file), scheduled statement runs, and SMS and e-mail sent through GOV.UK Notify with their delivery
-- status history. The people's contact preferences (preferred channel, language, phone, e-mail) are already on
-- parties (migration 0001).

-- Figures and settings for letters, dated like every other policy value (DESIGN.md principle 3).
insert into policy_values (key, effective_from, value, source) values
  ('letters.council_contact', '2000-01-01',
   '{"phone": "01234 567890", "email": "rents@reevesby.example.gov.uk", "openingHours": "Monday to Friday, 9am to 5pm", "website": "www.reevesby.example.gov.uk/rent", "paymentLine": "01234 567891", "moneyAdvice": "Reevesby Money Advice, 01234 567892, or StepChange (0800 138 1111) or National Debtline (0808 808 4000)"}',
   'Contact details printed on letters and messages: the demo council is fictional [assumption]; set the council''s own. StepChange and National Debtline numbers as published by those charities [P]: check before use.'),
  ('letters.statement_weeks', '2000-01-01', '13',
   'Weeks of transactions on the rent statement sent with an arrears letter or by a statement run: the Pre-Action Protocol for Possession Claims by Social Landlords asks for rent statements at least quarterly [C]; 13 weeks is Reeve default [P].');

create table document_templates (
  id bigserial primary key,
  template_key text not null check (template_key ~ '^[a-z][a-z0-9-]*$'),
  language text not null check (language in ('en', 'cy')),
  version int not null check (version >= 1),
  channel text not null check (channel in ('letter', 'sms', 'email')),
  -- The letter's heading, or the name officers see for a message.
  title text not null check (length(btrim(title)) between 1 and 200),
  -- E-mail subject (Liquid); only for e-mail.
  subject text,
  body text not null check (length(body) between 1 and 100000),
  -- The merge fields the body uses, as validated when it was saved (sorted, e.g. {account.number, arrears.amount}).
  fields text[] not null default '{}',
  -- Other documents printed after the letter (e.g. {rent_statement}).
  encloses text[] not null default '{}',
  description text,
  -- draft: saved, not in use; live: published (the newest live version of a key and language is the one used).
  status text not null check (status in ('draft', 'live')),
  -- shipped: loaded from templates/ in the repository; edited: saved by an administrator.
  origin text not null check (origin in ('shipped', 'edited')),
  saved_by text not null,
  saved_user_id int references users (id) on delete restrict,
  saved_at timestamptz not null default now(),
  published_by text,
  published_user_id int references users (id) on delete restrict,
  published_at timestamptz,
  unique (template_key, language, version),
  check ((channel = 'email') = (subject is not null)),
  check ((status = 'live') = (published_at is not null) and (published_at is null) = (published_by is null))
);
comment on table document_templates is 'Letter, SMS and e-mail templates as versions: a change is a new version (a draft until published); a version''s text never changes.';
create index document_templates_live on document_templates (template_key, language, version desc) where status = 'live';

-- A version's text is fixed once saved: publishing may only turn a draft live (and say who and when).
create function reeve_template_publish_only() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception 'document_templates rows cannot be deleted' using errcode = '55000';
  end if;
  if old.status <> 'draft' or new.status <> 'live'
     or (to_jsonb(new) - array['status', 'published_by', 'published_user_id', 'published_at'])
        is distinct from (to_jsonb(old) - array['status', 'published_by', 'published_user_id', 'published_at']) then
    raise exception 'document_templates: a saved version cannot be changed (save a new version instead)' using errcode = '55000';
  end if;
  return new;
end
$$;
create trigger document_templates_publish_only before update or delete on document_templates
  for each row execute function reeve_template_publish_only();

create table letter_batches (
  id bigserial primary key,
  batch_date date not null,
  -- The trawl run whose recommended letters this batch holds: one batch per run and template, so running the letters
  -- job again for the same trawl produces nothing new.
  trawl_run_id bigint not null references trawl_runs (id) on delete restrict,
  template_key text not null,
  status text not null check (status in ('awaiting_approval', 'approved', 'printed')),
  letter_count int not null check (letter_count >= 0),
  created_by text not null,
  created_user_id int references users (id) on delete restrict,
  created_at timestamptz not null default now(),
  approved_by text,
  approved_user_id int references users (id) on delete restrict,
  approved_at timestamptz,
  printed_by text,
  printed_at timestamptz,
  -- SHA-256 of the merged print file when it was first printed.
  print_sha256 text,
  unique (trawl_run_id, template_key),
  check ((status = 'awaiting_approval') = (approved_at is null)),
  check ((status = 'printed') = (printed_at is not null))
);
comment on table letter_batches is 'Letter runs: the trawl''s recommended letters of one template, awaiting a team leader''s approval, then generated and printed as one file.';

create table letter_batch_items (
  id bigserial primary key,
  batch_id bigint not null references letter_batches (id) on delete restrict,
  account_id int not null references accounts (id) on delete restrict,
  -- recommendations has no foreign keys by design (decision 0005); neither does this reference to it.
  recommendation_id bigint not null,
  pathway_id text not null,
  pathway_version text not null,
  stage text not null,
  -- The action the trawl already recorded (a step the pathway lets the system take), or the one recorded on approval.
  action_id bigint references recovery_actions (id) on delete restrict,
  status text not null check (status in ('pending', 'generated', 'skipped')),
  skip_reason text,
  document_id bigint,
  updated_at timestamptz not null default now(),
  unique (batch_id, account_id),
  check ((status = 'skipped') = (skip_reason is not null))
);
comment on table letter_batch_items is 'One letter of a batch: the account, the recommendation and stage it comes from, and the document once generated (or why it was skipped).';

create table statement_runs (
  id bigserial primary key,
  -- statements:FROM:TO:SELECTION: the same run again returns this one and sends nothing twice.
  run_key text not null unique,
  run_date date not null,
  period_from date not null,
  period_to date not null,
  -- {"all": true} or {"accounts": [...]} or {"patch": "..."}.
  selection jsonb not null,
  status text not null check (status in ('running', 'completed')),
  counts jsonb not null default '{}',
  created_by text not null,
  created_user_id int references users (id) on delete restrict,
  created_at timestamptz not null default now(),
  finished_at timestamptz,
  check (period_from <= period_to)
);
comment on table statement_runs is 'Scheduled rent statement runs: a period and a selection of accounts; each statement is a generated document, e-mailed where the person prefers e-mail.';

create table generated_documents (
  id bigserial primary key,
  account_id int not null references accounts (id) on delete restrict,
  template_id bigint not null references document_templates (id) on delete restrict,
  template_key text not null,
  template_version int not null,
  language text not null,
  title text not null,
  -- Everything the template was given, as it was on the day (the merge data snapshot), and the text it produced.
  merge_data jsonb not null,
  body_text text not null,
  pdf bytea not null,
  sha256 text not null,
  page_count int not null check (page_count >= 1),
  produced_on date not null,
  -- Why it exists: a batch letter, a statement run, or an officer's request.
  batch_id bigint references letter_batches (id) on delete restrict,
  statement_run_id bigint references statement_runs (id) on delete restrict,
  action_id bigint references recovery_actions (id) on delete restrict,
  generated_by text not null,
  user_id int references users (id) on delete restrict,
  created_at timestamptz not null default now()
);
comment on table generated_documents is 'Letters, notices and statements produced for an account: the PDF, its hash, the template version and the merge data; append-only.';
create index generated_documents_account on generated_documents (account_id, id desc);
create unique index generated_documents_batch_account on generated_documents (batch_id, account_id) where batch_id is not null;
create unique index generated_documents_statement_account on generated_documents (statement_run_id, account_id) where statement_run_id is not null;

create trigger generated_documents_append_only before update or delete on generated_documents
  for each row execute function reeve_forbid_change();

alter table letter_batch_items add foreign key (document_id) references generated_documents (id) on delete restrict;

create table messages (
  id bigserial primary key,
  account_id int not null references accounts (id) on delete restrict,
  party_id int references parties (id) on delete restrict,
  channel text not null check (channel in ('sms', 'email')),
  template_id bigint not null references document_templates (id) on delete restrict,
  template_key text not null,
  template_version int not null,
  language text not null,
  -- What it is for: a demand (stopped by holds such as Breathing Space) or information.
  purpose text not null check (purpose in ('arrears_reminder', 'statement', 'information')),
  recipient text not null,
  subject text,
  body text not null,
  merge_data jsonb not null,
  -- One message per key (e.g. action:12:party:4): a repeated run sends nothing twice.
  idempotency_key text not null unique,
  action_id bigint references recovery_actions (id) on delete restrict,
  document_id bigint references generated_documents (id) on delete restrict,
  statement_run_id bigint references statement_runs (id) on delete restrict,
  -- GOV.UK Notify's id for the notification, and its status as last reported
  -- (created, sending, pending, sent, delivered, permanent-failure, temporary-failure, technical-failure), or
  -- 'failed_to_send' when Notify refused it.
  notify_id text unique,
  status text not null,
  status_detail text,
  sent_at timestamptz,
  status_checked_at timestamptz,
  created_by text not null,
  user_id int references users (id) on delete restrict,
  created_at timestamptz not null default now(),
  check ((channel = 'email') = (subject is not null))
);
comment on table messages is 'Text messages and e-mails sent through GOV.UK Notify: to whom, what, from which template version, and the delivery status.';
create index messages_account on messages (account_id, id desc);
create index messages_unfinished on messages (id) where status in ('created', 'sending', 'pending', 'sent');

create table message_status_events (
  id bigserial primary key,
  message_id bigint not null references messages (id) on delete restrict,
  status text not null,
  detail text,
  source text not null check (source in ('send', 'poll', 'callback')),
  recorded_at timestamptz not null default now()
);
comment on table message_status_events is 'Every delivery status a message has had, as reported by GOV.UK Notify; append-only.';
create index message_status_events_message on message_status_events (message_id, id);

create trigger message_status_events_append_only before update or delete on message_status_events
  for each row execute function reeve_forbid_change();
