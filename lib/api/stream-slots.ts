import "server-only";
import { sseClientClosed, sseClientOpened } from "@/lib/metrics/metrics";
import { ApiError } from "./errors";

// Open event streams per principal, in this process: a stream is a connection to this container,
// so the count is the container's own. A release function frees its slot once, however often called.
const open = new Map<string, number>();

/** Takes one of the principal's stream slots, or throws 429 too_many_streams; returns the release. */
export function acquireStreamSlot(principalId: string, max: number): () => void {
  const held = open.get(principalId) ?? 0;
  if (held >= max) {
    throw new ApiError("too_many_streams", `Too many open streams: at most ${max} at once per user. Close one before opening another.`);
  }
  open.set(principalId, held + 1);
  sseClientOpened();
  let released = false;
  return () => {
    if (released) return;
    released = true;
    sseClientClosed();
    const left = (open.get(principalId) ?? 1) - 1;
    if (left > 0) open.set(principalId, left);
    else open.delete(principalId);
  };
}

export function openStreamCount(principalId: string): number {
  return open.get(principalId) ?? 0;
}

export function resetStreamSlots(): void {
  open.clear();
}
