-- Live streams across containers (issue 15): every insert into scan_events tells listeners which
-- scans have new rows, once per scan per statement, so a container that does not run a scan can
-- follow it by LISTEN apo_scan_events and read the new rows, instead of polling the table.
-- Payload: '<scan_id>:<highest seq inserted>'. Rows skipped by ON CONFLICT DO NOTHING are not in
-- the transition table, so a retried batch that inserted nothing notifies nobody. NOTIFY is sent
-- at commit; Postgres folds identical payloads of one transaction into one.

create or replace function apo_notify_scan_events() returns trigger
language plpgsql
set search_path = pg_catalog
as $$
begin
  perform pg_notify('apo_scan_events', batch.scan_id::text || ':' || batch.max_seq::text)
  from (select scan_id, max(seq) as max_seq from new_events group by scan_id) as batch;
  return null;
end;
$$;

drop trigger if exists scan_events_notify on scan_events;
create trigger scan_events_notify
  after insert on scan_events
  referencing new table as new_events
  for each statement
  execute function apo_notify_scan_events();
