import "server-only";
import { ApiError } from "./errors";

const WINDOW_MS = 60_000;
const hits = new Map<string, number[]>();

/** Sliding one-minute window per principal, in this process. Throws 429 with Retry-After. */
export function enforceRateLimit(key: string, perMinute: number, now = Date.now()): void {
  const recent = (hits.get(key) ?? []).filter((t) => now - t < WINDOW_MS);
  if (recent.length >= perMinute) {
    const retryAfter = Math.max(1, Math.ceil((recent[0]! + WINDOW_MS - now) / 1000));
    hits.set(key, recent);
    throw new ApiError("rate_limited", `Too many scans: at most ${perMinute} per minute. Retry in ${retryAfter} s.`, {
      "Retry-After": String(retryAfter),
    });
  }
  recent.push(now);
  hits.set(key, recent);
}

export function resetRateLimits(): void {
  hits.clear();
}
