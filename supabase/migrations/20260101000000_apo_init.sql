-- APO schema: shared by the embedded PGlite store and the Postgres/Supabase adapter, so the
-- same file runs on both. The app applies it at start (tracked in apo_migrations); on Supabase
-- `supabase db push` applies it too. Row-level security is on with no policies: the anon and
-- authenticated roles of Supabase's REST API see nothing; the server connects as the table
-- owner through DATABASE_URL and enforces ownership itself (scans.owner = the principal).

create table if not exists scans (
  id uuid primary key,
  queue_order bigint generated always as identity,
  owner text not null,
  url text not null,
  framework text not null,
  -- The validated request minus claude_key/openai_key, which are never stored.
  request jsonb not null,
  status text not null check (status in ('queued', 'running', 'complete', 'error', 'cancelled', 'interrupted')),
  phase text,
  progress jsonb not null default '{}'::jsonb,
  error jsonb,
  summary jsonb,
  report jsonb,
  artifacts jsonb not null default '[]'::jsonb,
  -- The container that claimed (or, for pinned scans, received) the job.
  worker_id text,
  -- A pinned scan holds secrets in its receiving container's memory: only that worker may run it.
  pinned boolean not null default false,
  cancel_requested boolean not null default false,
  heartbeat_at timestamptz,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz
);
create index if not exists scans_owner_created_idx on scans (owner, created_at desc);
create index if not exists scans_queued_idx on scans (queue_order) where status = 'queued';
create index if not exists scans_live_idx on scans (heartbeat_at) where status in ('queued', 'running');

create table if not exists scan_events (
  scan_id uuid not null references scans (id) on delete cascade,
  seq integer not null,
  ts text not null,
  agent text not null,
  level text not null,
  msg text not null,
  progress double precision,
  phase text,
  primary key (scan_id, seq)
);

create table if not exists violations (
  id bigint generated always as identity primary key,
  scan_id uuid not null references scans (id) on delete cascade,
  rule_id text,
  framework text,
  violation_type text,
  severity text,
  penalty_min_usd double precision,
  penalty_max_usd double precision,
  data jsonb not null
);
create index if not exists violations_scan_idx on violations (scan_id);
create index if not exists violations_type_idx on violations (violation_type);

-- API tokens minted from the UI/API: only the jti and a SHA-256 of the token are kept.
create table if not exists api_tokens (
  id uuid primary key,
  owner text not null,
  name text not null,
  token_hash text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz,
  last_used_at timestamptz
);
create index if not exists api_tokens_owner_idx on api_tokens (owner, created_at desc);

-- Share links: a signed URL names a row here; deleting the scan deletes the row and so revokes it.
create table if not exists scan_shares (
  id uuid primary key,
  scan_id uuid not null references scans (id) on delete cascade,
  owner text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index if not exists scan_shares_scan_idx on scan_shares (scan_id);

alter table scans enable row level security;
alter table scan_events enable row level security;
alter table violations enable row level security;
alter table api_tokens enable row level security;
alter table scan_shares enable row level security;
