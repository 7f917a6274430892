import { createResolveGuard, type PinningResolveGuard } from "@/agents/safety";
import type { ResolveGuardOptions } from "@/agents/safety/resolve-guard";
import { getEnv } from "@/lib/env";

/**
 * The API's SSRF guard, configured from the environment (APO_ALLOW_PRIVATE_TARGETS,
 * APO_ALLOWED_PRIVATE_CIDRS) unless options say otherwise. One per scan: it caches answers.
 * Pinning: webhook senders connect to exactly the addresses it checked (lib/monitors/webhook-send.ts).
 */
export function createScanGuard(options: Partial<ResolveGuardOptions> = {}): PinningResolveGuard {
  const env = getEnv();
  return createResolveGuard({
    ...options,
    allowPrivate: options.allowPrivate ?? env.APO_ALLOW_PRIVATE_TARGETS,
    allowedPrivateCidrs: options.allowedPrivateCidrs ?? env.APO_ALLOWED_PRIVATE_CIDRS,
  });
}
