import "server-only";
import { randomUUID } from "node:crypto";
import { assertPublicTarget, PrivateTargetError, UnresolvableTargetError, type ResolveGuard } from "@/agents/safety";
import { createScanGuard } from "./scan-guard";
import { ApiError } from "@/lib/api/errors";
import { RATE_LIMIT_WINDOW_SECONDS, tooManyScans } from "@/lib/api/rate-limit";
import { getEnv } from "@/lib/env";
import type { Principal } from "@/lib/auth/principal";
import { log } from "@/lib/log";
import type { ScanCreated } from "@/lib/schemas/api";
import { resolveRegion } from "@/lib/schemas/region";
import type { ScanRequest } from "@/lib/schemas/scan-request";
import { getScanService } from "../queue/service";

/**
 * Checks the target, records the job and returns at once; the worker runs it apart from any
 * HTTP connection. The LLM keys go to the worker's memory only, never into the stored request.
 */
export async function createScan(principal: Principal, request: ScanRequest, options: { guard?: ResolveGuard } = {}): Promise<ScanCreated> {
  try {
    await assertPublicTarget(request.url, options.guard ?? createScanGuard());
  } catch (err) {
    if (err instanceof UnresolvableTargetError) throw new ApiError("unresolvable_target", `url: ${err.message}`);
    if (err instanceof PrivateTargetError) throw new ApiError("target_not_allowed", `url: ${err.message}`);
    throw err;
  }
  const { store, worker } = await getScanService();
  if (!worker.isAccepting()) throw new ApiError("service_unavailable", "The server is shutting down; retry on another instance");
  // The per-process limiter in the route cannot see other containers: count what the store holds.
  // Two containers may both let the last one through at once; the limit is for abuse, not billing.
  const perMinute = getEnv().APO_RATE_LIMIT_PER_MINUTE;
  const recent = await store.recentScans(principal.id, RATE_LIMIT_WINDOW_SECONDS);
  if (recent.count >= perMinute) throw tooManyScans(perMinute, recent.retryAfterSeconds);
  // Fairness: one owner's queue cannot fill the workers. Counted in the store, with the same race as above.
  const maxActive = getEnv().APO_MAX_ACTIVE_SCANS_PER_OWNER;
  const active = await store.activeScans(principal.id);
  if (active >= maxActive) {
    throw new ApiError("too_many_active_scans", `Too many active scans: ${active} of yours are queued or running (at most ${maxActive}). Wait for one to finish, or cancel one.`);
  }
  const { claude_key, openai_key, ...stored } = request;
  const pinned = Boolean(claude_key || openai_key);
  const id = randomUUID();
  worker.holdSecrets(id, { claude_key, openai_key });
  const scan = await store.createScan({
    id,
    owner: principal.id,
    url: request.url,
    framework: request.framework,
    // The effective region is stored (the request's or the framework's), so the scan says where its visitors were from the start.
    request: { ...stored, region: resolveRegion(stored.region, stored.framework).id },
    workerId: pinned ? worker.workerId : null,
    pinned,
    // Stored with the scan: its position is in the response, the status and the scan page.
    firstEvent: { agent: "system", level: "INFO", msg: `Scan queued: ${request.url}`, phase: "queued" },
  });
  const position = await store.queuePosition(id);
  log.info("scan created", { scan_id: id, owner: principal.id, framework: request.framework, use_llm: request.use_llm });
  worker.kick();
  return {
    scan_id: id,
    status: "queued",
    queue_position: position,
    url: scan.url,
    framework: scan.framework,
    stream_url: `/api/stream/${id}`,
    status_url: `/api/status/${id}`,
    results_url: `/api/results/${id}`,
    created_at: scan.createdAt.toISOString(),
  };
}
