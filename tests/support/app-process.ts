/**
 * One APO app process, as a container runs it, for the scale test and `npm run bench:scale`:
 * the app's real route handlers (app/api/**\/route.ts) served over HTTP on 127.0.0.1
 * (tests/support/route-server.ts), the real scan service on the store DATABASE_URL names, and the
 * real engine runner (a child process per scan, real Chromium). Spawn it with tsx
 * (tests/support/app-cluster.ts does); it prints one line `APO_APP_READY {"url":…,"workerId":…}`
 * on stdout when it serves, and shuts down like the server on SIGTERM.
 *
 * Configuration is the app's own environment (DATABASE_URL, APO_WORKER_ID,
 * APO_MAX_CONCURRENT_SCANS, APO_STALE_SCAN_SECONDS, APO_JWT_SECRET, APO_HOST_RESOLVER_RULES, …)
 * plus two test-only knobs the server takes as code options, not variables:
 *   APO_TEST_HEARTBEAT_MS  the worker's heartbeat (default 10 s is longer than a test's lease)
 *   APO_TEST_POLL_MS       how often the worker looks for jobs queued by other processes
 */
import Module from "node:module";
import { join } from "node:path";
import type { Route, RouteHandler } from "./route-server";

export const READY_PREFIX = "APO_APP_READY ";

const ROOT = join(__dirname, "..", "..");

/** "server-only" throws outside a React Server Component bundle; vitest aliases it away, so do we (as scripts/build-cli.mjs does). */
function stubServerOnly(): void {
  const req = Module.createRequire(join(ROOT, "package.json"));
  const id = req.resolve("server-only");
  const stub = new Module(id);
  stub.loaded = true;
  stub.exports = {};
  (req.cache as Record<string, Module>)[id] = stub;
}

type RouteModule = Partial<Record<"GET" | "POST" | "DELETE", unknown>>;

/** The route files this process serves. */
const ROUTE_FILES: Array<{ path: string; file: string }> = [
  { path: "/api/scan", file: "app/api/scan/route.ts" },
  { path: "/api/scans", file: "app/api/scans/route.ts" },
  { path: "/api/scans/:scanId", file: "app/api/scans/[scanId]/route.ts" },
  { path: "/api/scans/:scanId/cancel", file: "app/api/scans/[scanId]/cancel/route.ts" },
  { path: "/api/status/:scanId", file: "app/api/status/[scanId]/route.ts" },
  { path: "/api/results/:scanId", file: "app/api/results/[scanId]/route.ts" },
  { path: "/api/stream/:scanId", file: "app/api/stream/[scanId]/route.ts" },
  { path: "/api/health", file: "app/api/health/route.ts" },
  { path: "/api/ready", file: "app/api/ready/route.ts" },
  { path: "/api/metrics", file: "app/api/metrics/route.ts" },
];

async function loadRoutes(): Promise<Route[]> {
  const routes: Route[] = [];
  for (const { path, file } of ROUTE_FILES) {
    const mod = (await import(join(ROOT, file))) as RouteModule;
    for (const method of ["GET", "POST", "DELETE"] as const) {
      const handler = mod[method];
      if (typeof handler === "function") routes.push({ method, path, handler: handler as RouteHandler });
    }
  }
  return routes;
}

const optionalMs = (name: string): number | undefined => {
  const raw = process.env[name];
  const n = raw ? Number(raw) : NaN;
  return Number.isFinite(n) && n > 0 ? n : undefined;
};

async function main(): Promise<void> {
  stubServerOnly();
  const { getEnv } = await import("@/lib/env");
  const { openStore } = await import("@/lib/store/open-store");
  const { engineRunner } = await import("@/lib/scans/engine/run-engine");
  const { setScanService, startScanService } = await import("@/lib/scans/queue/service");
  const { serveRoutes } = await import("./route-server");

  const env = getEnv();
  // An inline engine is loaded once here rather than on the first scan, so a scan's start is not a compile.
  if (env.APO_ENGINE_ISOLATION === "inline") await import("@/agents/pipeline");
  if (!env.DATABASE_URL) throw new Error("app-process: DATABASE_URL is required (several processes share one Postgres)");
  // What getScanService does, with the heartbeat and job poll a short test lease needs.
  const { store, artifacts } = await openStore();
  const service = await startScanService({ store, artifacts, runner: engineRunner, heartbeatMs: optionalMs("APO_TEST_HEARTBEAT_MS"), pollMs: optionalMs("APO_TEST_POLL_MS") });
  setScanService(Promise.resolve(service));
  const api = await serveRoutes(await loadRoutes());
  process.stdout.write(`${READY_PREFIX}${JSON.stringify({ url: api.url, workerId: service.worker.workerId, pid: process.pid })}\n`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await service.monitors.stop();
    await service.worker.shutdown(env.APO_SHUTDOWN_GRACE_SECONDS * 1000);
    await api.close();
    await service.store.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());
}

main().catch((err: unknown) => {
  console.error("app-process failed to start:", err);
  process.exit(1);
});
