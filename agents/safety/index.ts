// The API imports this index to vet targets: it must not pull in Chromium's driver (playwright-core
// takes half a second to load). The browser side lives in ./browser-guard, imported directly.
import { getEnv } from "@/lib/env";
import { createResolveGuard, type ResolveGuard } from "./resolve-guard";

export { classifyAddress, literalAddressOf } from "./ip-policy";
export type { AddressCategory, AddressVerdict } from "./ip-policy";
export { createResolveGuard } from "./resolve-guard";
export type { GuardDecision, ResolveGuard, LookupAll } from "./resolve-guard";
export type { PinningResolveGuard, HostResolution } from "./resolve-guard";
export { startEgressProxy, egressChromiumArgs, MAX_RECORDED_BLOCKS } from "./egress-proxy";
export type { EgressProxy, EgressProxyOptions, EgressBlock } from "./egress-proxy";
export { browserPorts, onlyPorts, type PortPolicy } from "./egress-ports";
export type { DialMap } from "./egress-dial";

export class PrivateTargetError extends Error {
  readonly code = "private_target";
  constructor(public readonly url: string, reason: string) {
    super(`Refusing to scan ${url}: ${reason}. Set APO_ALLOW_PRIVATE_TARGETS=true to allow private targets.`);
    this.name = "PrivateTargetError";
  }
}

/** A guard configured from the environment (APO_ALLOW_PRIVATE_TARGETS). One per scan: it caches answers. */
export function createScanGuard(allowPrivate = getEnv().APO_ALLOW_PRIVATE_TARGETS): ResolveGuard {
  return createResolveGuard({ allowPrivate });
}

/**
 * For the API, before queueing a scan: throws PrivateTargetError when the URL's host is, or
 * resolves to, a loopback/private/link-local/… address (unless APO_ALLOW_PRIVATE_TARGETS=true).
 */
export async function assertPublicTarget(url: string, guard: ResolveGuard = createScanGuard()): Promise<void> {
  const decision = await guard.check(url);
  if (!decision.allowed) throw new PrivateTargetError(url, decision.reason ?? "blocked");
}
