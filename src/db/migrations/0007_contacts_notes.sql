-- Contacts and notes: the case timeline of an account (DESIGN.md §4 and §6). A contact is a call, visit, letter,
-- email, text or conversation with the customer or about them, with its outcome; a note is anything else an officer
-- needs the next officer to know. Both are append-only: what was recorded stays as it was recorded, and a correction
-- is a new note. Services: src/services/contacts (one transaction each, with an audit event).

create table contacts (
  id bigserial primary key,
  account_id int not null references accounts (id) on delete restrict,
  -- The account holder the contact was with; null for someone else (a support worker, a relative, a neighbour).
  party_id int references parties (id) on delete restrict,
  direction text not null check (direction in ('in', 'out')),
  channel text not null check (channel in ('phone', 'visit', 'letter', 'email', 'sms', 'in_person')),
  -- When the contact happened (as the officer recorded it), not when it was typed in.
  contacted_at timestamptz not null,
  outcome text not null check (outcome in ('no_answer', 'spoke_to_tenant', 'left_card', 'promise_to_pay', 'arrangement_agreed',
    'refused', 'other')),
  summary text not null check (length(btrim(summary)) between 1 and 2000),
  -- The audit actor label (e.g. user:jsmith), never a person's name.
  recorded_by text not null,
  user_id int references users (id) on delete restrict,
  recorded_at timestamptz not null default now(),
  -- A named party must be a holder of the account (a null party is not checked: MATCH SIMPLE).
  foreign key (account_id, party_id) references account_parties (account_id, party_id) on delete restrict
);
comment on table contacts is 'Contacts with or about the customer of an account (calls, visits, letters, emails, texts, office visits) and their outcome; append-only.';
create index contacts_account on contacts (account_id, contacted_at desc, id desc);
create index contacts_party on contacts (party_id) where party_id is not null;

create trigger contacts_append_only before update or delete on contacts
  for each row execute function reeve_forbid_change();
create trigger contacts_no_truncate before truncate on contacts
  for each statement execute function reeve_forbid_change();

create table notes (
  id bigserial primary key,
  account_id int not null references accounts (id) on delete restrict,
  text text not null check (length(btrim(text)) between 1 and 4000),
  recorded_by text not null,
  user_id int references users (id) on delete restrict,
  created_at timestamptz not null default now()
);
comment on table notes is 'Free-text case notes on an account, newest shown first; append-only (a correction is a new note).';
create index notes_account on notes (account_id, created_at desc, id desc);

create trigger notes_append_only before update or delete on notes
  for each row execute function reeve_forbid_change();
create trigger notes_no_truncate before truncate on notes
  for each statement execute function reeve_forbid_change();
