-- Monitors: a site re-scanned on a schedule. Each run is an ordinary row in `scans`, linked here
-- through `monitor_runs`; webhook deliveries are an outbox any container may send. Everything is
-- claimed through the database (row locks, SKIP LOCKED) so several containers sharing Postgres run
-- a due monitor once and send a delivery once; the embedded PGlite store uses the same SQL.

create table if not exists monitors (
  id uuid primary key,
  owner text not null,
  name text not null,
  url text not null,
  -- What each run scans with: the scan request minus url and LLM keys (a monitor stores no key).
  request jsonb not null,
  interval_minutes integer not null check (interval_minutes > 0),
  webhook_url text,
  -- Sealed with AES-256-GCM under a key derived from the server's secret: the server must sign
  -- with it, so it cannot be a hash, and a leaked table alone does not reveal it.
  webhook_secret text,
  alert_on text not null default 'any_run' check (alert_on in ('any_run', 'changes', 'new_high')),
  enabled boolean not null default true,
  -- Null while paused. A server that was down for three intervals finds one past-due value here
  -- and runs once: each run moves it to now() + interval, never to the old value + interval.
  next_run_at timestamptz,
  -- The run in progress (its scan id): runs of one monitor never overlap.
  active_scan_id uuid,
  active_since timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index if not exists monitors_owner_idx on monitors (owner, created_at desc);
create index if not exists monitors_due_idx on monitors (next_run_at) where enabled;

create table if not exists monitor_runs (
  scan_id uuid primary key references scans (id) on delete cascade,
  monitor_id uuid not null references monitors (id) on delete cascade,
  trigger text not null check (trigger in ('schedule', 'manual')),
  -- The previous completed run this one was compared with (null: the monitor's first good run).
  base_scan_id uuid,
  diff jsonb,
  -- Set once the ended run's diff is stored and its webhook queued, by whichever container claimed it.
  finalized_at timestamptz,
  finalize_claimed_at timestamptz,
  created_at timestamptz not null default now()
);
create index if not exists monitor_runs_monitor_idx on monitor_runs (monitor_id, created_at desc);
create index if not exists monitor_runs_open_idx on monitor_runs (created_at) where finalized_at is null;

create table if not exists webhook_deliveries (
  id uuid primary key,
  monitor_id uuid not null references monitors (id) on delete cascade,
  scan_id uuid references scans (id) on delete set null,
  event_type text not null,
  -- The exact JSON body; each attempt signs it with a fresh timestamp.
  payload text not null,
  status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
  attempt_count integer not null default 0,
  -- While pending: when the next attempt is due (a sender's claim pushes it out by a lease).
  next_attempt_at timestamptz,
  created_at timestamptz not null default now(),
  delivered_at timestamptz
);
create index if not exists webhook_deliveries_monitor_idx on webhook_deliveries (monitor_id, created_at desc);
create index if not exists webhook_deliveries_due_idx on webhook_deliveries (next_attempt_at) where status = 'pending';

create table if not exists webhook_attempts (
  delivery_id uuid not null references webhook_deliveries (id) on delete cascade,
  attempt integer not null,
  at timestamptz not null default now(),
  response_status integer,
  error text,
  duration_ms integer not null,
  primary key (delivery_id, attempt)
);

alter table monitors enable row level security;
alter table monitor_runs enable row level security;
alter table webhook_deliveries enable row level security;
alter table webhook_attempts enable row level security;
