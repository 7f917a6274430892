import { createHash, timingSafeEqual } from "node:crypto";

export type MetricsAccess = "disabled" | "allowed" | "denied";

const digest = (s: string) => createHash("sha256").update(s).digest();

/**
 * GET /api/metrics is off unless APO_METRICS_TOKEN is set, so nothing about the queue leaks by
 * default; with it, only `Authorization: Bearer <token>` may read. Compared in constant time.
 */
export function metricsAccess(configuredToken: string | undefined, authorization: string | null): MetricsAccess {
  if (!configuredToken) return "disabled";
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!match?.[1]) return "denied";
  return timingSafeEqual(digest(match[1]), digest(configuredToken)) ? "allowed" : "denied";
}
