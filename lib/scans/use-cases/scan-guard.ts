import { createResolveGuard, type ResolveGuard } from "@/agents/safety";
import type { ResolveGuardOptions } from "@/agents/safety/resolve-guard";
import { getEnv } from "@/lib/env";

/**
 * The API's SSRF guard, configured from the environment (APO_ALLOW_PRIVATE_TARGETS,
 * APO_ALLOWED_PRIVATE_CIDRS) unless options say otherwise. One per scan: it caches answers.
 */
export function createScanGuard(options: Partial<ResolveGuardOptions> = {}): ResolveGuard {
  const env = getEnv();
  return createResolveGuard({
    ...options,
    allowPrivate: options.allowPrivate ?? env.APO_ALLOW_PRIVATE_TARGETS,
    allowedPrivateCidrs: options.allowedPrivateCidrs ?? env.APO_ALLOWED_PRIVATE_CIDRS,
  });
}
