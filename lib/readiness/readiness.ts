import { z } from "zod";
import { describeError } from "@/lib/log";
import type { BrowserCheckResult } from "./browser-check";

const CheckSchema = z.object({ status: z.enum(["ok", "failed"]), detail: z.string().optional() });

export const ReadySchema = z.object({
  status: z.enum(["ready", "not_ready", "draining"]),
  checks: z.object({ store: CheckSchema, browser: CheckSchema }),
});
export type Readiness = z.infer<typeof ReadySchema>;

export interface ReadinessProbes {
  draining: boolean;
  /** Resolves when the store answers (select 1 with a short timeout). */
  pingStore: () => Promise<void>;
  browser: () => Promise<BrowserCheckResult>;
}

/** Ready when not draining, the store answers and the browser can start; otherwise which check failed. */
export async function checkReadiness(p: ReadinessProbes): Promise<{ httpStatus: 200 | 503; body: Readiness }> {
  const [store, browser] = await Promise.all([
    p.pingStore().then(
      (): Readiness["checks"]["store"] => ({ status: "ok" }),
      (err: unknown): Readiness["checks"]["store"] => ({ status: "failed", detail: describeError(err) }),
    ),
    p.browser().then(
      (r): Readiness["checks"]["browser"] => (r.ok ? { status: "ok" } : { status: "failed", detail: r.detail }),
      (err: unknown): Readiness["checks"]["browser"] => ({ status: "failed", detail: describeError(err) }),
    ),
  ]);
  const checks = { store, browser };
  if (p.draining) return { httpStatus: 503, body: { status: "draining", checks } };
  const ok = store.status === "ok" && browser.status === "ok";
  return { httpStatus: ok ? 200 : 503, body: { status: ok ? "ready" : "not_ready", checks } };
}
