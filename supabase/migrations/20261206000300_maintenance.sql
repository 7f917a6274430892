-- Maintenance jobs that must run once across the containers sharing this database (the retention
-- sweep, lib/maintenance/). A job is claimed by taking its row's lease with one UPDATE … RETURNING
-- that succeeds only when the job is due and no live lease is held, so two containers never run
-- the same sweep, and the sweep runs once per interval for the whole cluster, not once per task.
create table if not exists maintenance_leases (
  name text primary key,
  -- The worker holding the lease (APO_WORKER_ID or host-pid-random) and until when.
  holder text,
  lease_until timestamptz,
  -- The next run is due then; the holder moves it on when it takes the lease.
  next_run_at timestamptz not null default now(),
  last_run_at timestamptz,
  -- What the last run did (e.g. {"deleted": 12}), for operators reading the table.
  last_result jsonb
);
insert into maintenance_leases (name) values ('retention') on conflict (name) do nothing;

-- The retention sweep looks for ended scans by finish time.
create index if not exists scans_ended_finished_idx on scans (finished_at)
  where status in ('complete', 'error', 'cancelled', 'interrupted');

alter table maintenance_leases enable row level security;
