-- The per-owner cap on queued and running scans (APO_MAX_ACTIVE_SCANS_PER_OWNER) counts these on
-- every POST /api/scan; the partial index keeps that count to the owner's live rows.
create index if not exists scans_owner_live_idx on scans (owner) where status in ('queued', 'running');
