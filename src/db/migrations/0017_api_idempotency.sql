-- Idempotency keys for the JSON API's writes (docs/security.md, decision 0013): a system that retries a POST after a
-- timeout, with the same Idempotency-Key header, gets the first answer back instead of a second payment. Runs on
-- PostgreSQL 15+ and PGlite alike.

create table api_idempotency_keys (
  id bigserial primary key,
  -- Keys belong to one token: two systems may choose the same key without meeting.
  api_token_id int not null references api_tokens (id) on delete cascade,
  idempotency_key text not null check (idempotency_key ~ '^[A-Za-z0-9._:~+/=-]{8,255}$'),
  -- The operation and a SHA-256 of the method, path and JSON body (keys sorted): the same key with another request is refused.
  operation_id text not null,
  request_sha256 text not null check (request_sha256 ~ '^[0-9a-f]{64}$'),
  -- The answer sent the first time (only successful answers are kept: a refused request changed nothing, so its retry runs again).
  response_status smallint not null check (response_status between 200 and 299),
  response_body jsonb not null,
  created_at timestamptz not null,
  -- After this the key is forgotten (policy value api.idempotency_key_days) and pruned.
  expires_at timestamptz not null check (expires_at > created_at),
  unique (api_token_id, idempotency_key)
);
create index api_idempotency_keys_expires_at on api_idempotency_keys (expires_at);
comment on table api_idempotency_keys is 'The first successful answer to an API write, per token and Idempotency-Key, returned again for a retry with the same request until it expires.';

insert into policy_values (key, effective_from, value, source) values
  ('api.idempotency_key_days', '2000-01-01', '7',
   'How long an API Idempotency-Key is remembered: 7 days covers a retry queued over a long bank holiday weekend (Stripe keeps keys 24 hours; the IETF httpapi Idempotency-Key draft leaves it to the server) [assumption: confirm with the systems that call the API].');
