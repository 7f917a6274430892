import { ApiError } from "@/lib/api/errors";
import { withErrors } from "@/lib/api/with-auth";
import { getEnv } from "@/lib/env";
import { describeError, log } from "@/lib/log";
import { metricsAccess } from "@/lib/metrics/metrics-auth";
import { renderMetrics, type StoreFigures } from "@/lib/metrics/metrics";
import { getScanService } from "@/lib/scans/queue/service";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// GET /api/metrics – Prometheus text format for scrapers (and ECS auto scaling on queue depth).
// 404 unless APO_METRICS_TOKEN is set; then `Authorization: Bearer <APO_METRICS_TOKEN>` only.
export const GET = withErrors(async ({ req }) => {
  const access = metricsAccess(getEnv().APO_METRICS_TOKEN, req.headers.get("authorization"));
  if (access === "disabled") throw new ApiError("not_found", "Not found");
  if (access === "denied") throw new ApiError("unauthorized", "GET /api/metrics needs Authorization: Bearer <APO_METRICS_TOKEN>", { "WWW-Authenticate": 'Bearer realm="apo-metrics"' });
  const { contentType, body } = await renderMetrics(await storeFigures());
  return new Response(body, { headers: { "Content-Type": contentType, "Cache-Control": "no-store" } });
});

/** The shared store's queue, read now; on failure the other series are still served (and the gauges keep their last value). */
async function storeFigures(): Promise<StoreFigures | null> {
  try {
    const { store, worker } = await getScanService();
    return await store.ops.liveScanCounts(worker.workerId);
  } catch (err) {
    log.warn("metrics: reading the queue from the store failed", { error: describeError(err) });
    return null;
  }
}
