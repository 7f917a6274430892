-- The app's migration ledger (lib/store/migrations.ts creates it) sits in the public schema like
-- the other tables, so Supabase's Data API would expose it to the anon and authenticated roles.
-- Row-level security with no policy denies them, as for every other table; the app connects as
-- the table's owner and is not subject to it. (Supabase's CLI keeps its own ledger: no table here.)
alter table if exists apo_migrations enable row level security;
