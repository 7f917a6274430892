import { resolve } from "node:path";
import { getEnv } from "@/lib/env";
import type { ArtifactStore } from "./artifact-store";
import { DiskArtifactStore } from "./disk-artifacts";
import { SqlStore } from "./sql-store";
import type { Store } from "./types";

export interface StoreBundle {
  store: Store;
  artifacts: ArtifactStore;
}

/**
 * DATABASE_URL selects shared Postgres (Supabase); otherwise the embedded PGlite database lives
 * in <APO_DATA_DIR>/db. Artefacts go to Supabase Storage when SUPABASE_URL and
 * SUPABASE_SERVICE_ROLE_KEY are both set, else to <APO_DATA_DIR>/scans.
 */
export async function openStore(): Promise<StoreBundle> {
  const env = getEnv();
  const dataDir = resolve(env.APO_DATA_DIR);
  let store: Store;
  if (env.DATABASE_URL) {
    const { openPgDriver } = await import("./pg-driver");
    store = new SqlStore(openPgDriver(env.DATABASE_URL, 10, { listenUrl: env.DATABASE_LISTEN_URL }), "postgres");
  } else {
    const { openPgliteDriver } = await import("./pglite-driver");
    store = new SqlStore(await openPgliteDriver(resolve(dataDir, "db")), "embedded");
  }
  await store.migrate({ autoMigrate: env.APO_AUTO_MIGRATE });
  let artifacts: ArtifactStore = new DiskArtifactStore(dataDir);
  if (env.SUPABASE_URL && env.SUPABASE_SERVICE_ROLE_KEY) {
    const { SupabaseArtifactStore } = await import("./supabase-artifacts");
    // Refuses to start on a public bucket; creates a private one when it is missing.
    artifacts = await SupabaseArtifactStore.open({ url: env.SUPABASE_URL, serviceRoleKey: env.SUPABASE_SERVICE_ROLE_KEY, bucket: env.SUPABASE_STORAGE_BUCKET, localRoot: dataDir });
  }
  return { store, artifacts };
}
