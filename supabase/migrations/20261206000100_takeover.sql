-- Take-over of a scan whose container stopped heartbeating (issue 15): the scan is queued again
-- and re-run from the start by another container, at most APO_SCAN_MAX_ATTEMPTS times in all.
-- `attempt` counts the runs (1 = the first); `previous_worker_id` names the container that was
-- lost, for the stream's "Resumed on … after … stopped" line and for operators.
-- The worker that holds a scan writes its events and its ending only while (worker_id, attempt)
-- are still its own, so a container that was merely slow cannot overwrite the new attempt.
alter table scans add column if not exists attempt integer not null default 1;
alter table scans add column if not exists previous_worker_id text;
