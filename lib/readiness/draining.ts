// Set once SIGTERM starts the drain (lib/scans/queue/lifecycle.ts) so GET /api/ready turns 503 and
// the load balancer stops sending new work. On globalThis: instrumentation and the route handlers
// may be separate module instances in one process.
const KEY = Symbol.for("apo.draining");
const holder = globalThis as { [KEY]?: boolean };

export function markDraining(): void {
  holder[KEY] = true;
}

export function isDraining(): boolean {
  return holder[KEY] === true;
}

/** Tests. */
export function resetDraining(): void {
  holder[KEY] = undefined;
}
