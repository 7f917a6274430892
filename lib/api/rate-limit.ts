import "server-only";
import { ApiError } from "./errors";

/** The window of both scan limits: the per-process one below and the store count in createScan. */
export const RATE_LIMIT_WINDOW_SECONDS = 60;
const WINDOW_MS = RATE_LIMIT_WINDOW_SECONDS * 1000;
const hits = new Map<string, number[]>();

/** 429 with Retry-After, for either limit. */
export function tooManyScans(perMinute: number, retryAfterSeconds: number): ApiError {
  const retryAfter = Math.max(1, retryAfterSeconds);
  return new ApiError("rate_limited", `Too many scans: at most ${perMinute} per minute. Retry in ${retryAfter} s.`, { "Retry-After": String(retryAfter) });
}

/**
 * Sliding one-minute window of requests per principal, in this process: stops a flood before it
 * costs a body parse or a DNS lookup. The scans actually created are also counted in the store
 * (createScan), which holds the limit across containers and restarts.
 */
export function enforceRateLimit(key: string, perMinute: number, now = Date.now()): void {
  const recent = (hits.get(key) ?? []).filter((t) => now - t < WINDOW_MS);
  if (recent.length >= perMinute) {
    hits.set(key, recent);
    throw tooManyScans(perMinute, Math.ceil((recent[0]! + WINDOW_MS - now) / 1000));
  }
  recent.push(now);
  hits.set(key, recent);
}

export function resetRateLimits(): void {
  hits.clear();
}

/**
 * The client's address, when it can be known. Next.js route handlers see no socket; the address
 * is in X-Forwarded-For, which Next fills with the socket's address only when the client sent
 * none, so on its own it is whatever the client wrote. With `trustedHops` proxies in front that
 * each append the address they saw (an ALB is one), the entry that many places from the right is
 * the address the outermost one saw; the entries left of it are the client's own text.
 */
export function clientAddress(headers: Headers, trustedHops: number): string | undefined {
  if (trustedHops < 1) return undefined;
  const hops = (headers.get("x-forwarded-for") ?? "").split(",").map((h) => h.trim()).filter(Boolean);
  const address = hops[hops.length - trustedHops];
  return address && /^[\da-f.:[\]]{2,64}$/i.test(address) ? address.toLowerCase() : undefined;
}
