// The API imports this index to vet targets: it must not pull in Chromium's driver (playwright-core
// takes half a second to load). The browser side lives in ./browser-guard, imported directly.
import type { ResolveGuard } from "./resolve-guard";
import { PrivateTargetError, UnresolvableTargetError } from "@/agents/scan-errors";

export { classifyAddress, literalAddressOf } from "./ip-policy";
export type { AddressCategory, AddressVerdict } from "./ip-policy";
export { createResolveGuard } from "./resolve-guard";
export type { GuardDecision, ResolveGuard, LookupAll } from "./resolve-guard";
export type { PinningResolveGuard, HostResolution } from "./resolve-guard";
export { startEgressProxy, egressChromiumArgs, MAX_RECORDED_BLOCKS } from "./egress-proxy";
export type { EgressProxy, EgressProxyOptions, EgressBlock } from "./egress-proxy";
export { browserPorts, onlyPorts, type PortPolicy } from "./egress-ports";
export type { DialMap } from "./egress-dial";

export { PrivateTargetError, UnresolvableTargetError } from "@/agents/scan-errors";

/**
 * For the API before queueing a scan (its guard: lib/scans/use-cases/scan-guard.ts) and the pipeline: throws UnresolvableTargetError when the URL's host does not
 * resolve, PrivateTargetError when it is, or resolves to, a loopback/private/link-local/… address
 * outside the operator's allowed ranges.
 */
export async function assertPublicTarget(url: string, guard: ResolveGuard): Promise<void> {
  const decision = await guard.check(url);
  if (decision.allowed) return;
  if (decision.unresolved) throw new UnresolvableTargetError(url, new URL(url).hostname);
  throw new PrivateTargetError(url, decision.reason ?? "blocked");
}
