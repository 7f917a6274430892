import { lookup } from "node:dns/promises";
import { classifyAddress, literalAddressOf, type AddressVerdict } from "./ip-policy";
import { isAllowedPrivateAddress, isCloudMetadataAddress, parseAllowedPrivateCidrs } from "./private-cidrs";

export interface GuardDecision {
  allowed: boolean;
  /** Why it was refused; null when allowed. */
  reason: string | null;
  /** Refused because the name did not resolve (no answer, resolver error), not because of where it points. */
  unresolved?: boolean;
}

/**
 * What the guard decided about one host name, with the exact addresses it checked. A caller that
 * connects must use these addresses and no others (pinning): a second DNS lookup could answer
 * differently, which is how DNS rebinding slips a private address past a check.
 */
export type HostResolution =
  | { allowed: true; reason: null; addresses: readonly string[] }
  /** unresolved: the name did not resolve at all (a gateway error), as opposed to a policy refusal. */
  | { allowed: false; reason: string; unresolved: boolean };

export type LookupAll = (hostname: string) => Promise<string[]>;

const systemLookup: LookupAll = async (hostname) => (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

export interface ResolveGuardOptions {
  /** Tests only (APO_ALLOW_PRIVATE_TARGETS): every address is allowed. */
  allowPrivate: boolean;
  /**
   * APO_ALLOWED_PRIVATE_CIDRS: non-public ranges that are allowed (an intranet), except loopback,
   * link-local, unspecified, multicast and cloud metadata addresses. Throws on a bad entry.
   */
  allowedPrivateCidrs?: readonly string[];
  lookup?: LookupAll;
  /** Resolution answers are cached for the scan; a short TTL still re-checks long scans. */
  ttlMs?: number;
}

export interface ResolveGuard {
  check(url: string): Promise<GuardDecision>;
}

/** A ResolveGuard that also hands out the addresses it checked, for callers that connect themselves (the egress proxy). */
export interface PinningResolveGuard extends ResolveGuard {
  /**
   * Resolves a URL-style hostname ("www.example.com", "10.0.0.1", "[::1]") once per TTL, applies the
   * policy and returns the checked addresses. With allowPrivate every answer is allowed, but the
   * name is still resolved here, so the caller still connects to what was resolved.
   */
  resolveHost(hostname: string): Promise<HostResolution>;
}

const ALLOW: GuardDecision = { allowed: true, reason: null };
// Bounds the per-scan cache: past this many names, expired entries are swept on insert.
const CACHE_SWEEP_AT = 4_096;

function describe(verdict: AddressVerdict): string {
  if (verdict.category !== "link_local" && isCloudMetadataAddress(verdict.address)) return `${verdict.address} is a cloud metadata address`;
  return `${verdict.address} is a ${verdict.category.replace("_", "-")} address`;
}

const refused = (reason: string, unresolved = false): HostResolution => ({ allowed: false, reason, unresolved });
const allowed = (addresses: readonly string[]): HostResolution => ({ allowed: true, reason: null, addresses });

/**
 * Checks the host of every URL the scan touches and refuses it when ANY address the name resolves
 * to is non-public. A rebinding name that alternates public and private answers is therefore
 * refused as soon as one private answer is seen (cached per scan). `check` serves callers that
 * cannot pin (the browser resolves names itself); `resolveHost` serves the egress proxy, which
 * connects to exactly the addresses checked here.
 */
export function createResolveGuard(options: ResolveGuardOptions): PinningResolveGuard {
  const resolveAll = options.lookup ?? systemLookup;
  const ttl = options.ttlMs ?? 60_000;
  const allowList = parseAllowedPrivateCidrs(options.allowedPrivateCidrs);
  /** The verdict that refuses an address, or null when the scan may connect to it. */
  const refusalOf = (address: string): AddressVerdict | null => {
    const verdict = classifyAddress(address);
    return verdict.blocked && !options.allowPrivate && !isAllowedPrivateAddress(address, allowList) ? verdict : null;
  };
  // The promise is cached, so concurrent requests for one name share a single lookup.
  const cache = new Map<string, { at: number; resolution: Promise<HostResolution> }>();
  // Once a host was seen resolving to a private address it stays refused for the scan.
  const poisoned = new Map<string, HostResolution>();

  async function decide(hostname: string): Promise<HostResolution> {
    const literal = literalAddressOf(hostname);
    if (literal) {
      const verdict = refusalOf(literal);
      return verdict ? refused(describe(verdict)) : allowed([literal]);
    }
    if (!options.allowPrivate && (hostname === "localhost" || hostname.endsWith(".localhost"))) {
      return refused(`${hostname} is a loopback name`);
    }
    let addresses: string[];
    try {
      addresses = await resolveAll(hostname);
    } catch (error) {
      // Fail closed: a name we cannot resolve is one we cannot vouch for.
      return refused(`${hostname} did not resolve (${(error as NodeJS.ErrnoException).code ?? "error"})`, true);
    }
    if (addresses.length === 0) return refused(`${hostname} resolved to no address`, true);
    if (options.allowPrivate) return allowed(addresses);
    for (const address of addresses) {
      const verdict = refusalOf(address);
      if (verdict) {
        const decision = refused(`${hostname} resolves to ${describe(verdict)}`);
        poisoned.set(hostname, decision);
        return decision;
      }
    }
    return allowed(addresses);
  }

  function sweep(now: number): void {
    for (const [host, entry] of cache) if (now - entry.at >= ttl) cache.delete(host);
  }

  function resolveHost(hostname: string): Promise<HostResolution> {
    const host = hostname.toLowerCase();
    const known = poisoned.get(host);
    if (known) return Promise.resolve(known);
    const now = Date.now();
    const cached = cache.get(host);
    if (cached && now - cached.at < ttl) return cached.resolution;
    if (cache.size >= CACHE_SWEEP_AT) sweep(now);
    const resolution = decide(host);
    cache.set(host, { at: now, resolution });
    return resolution;
  }

  return {
    async check(url: string): Promise<GuardDecision> {
      if (options.allowPrivate) return ALLOW;
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        return { allowed: false, reason: "not a valid URL" };
      }
      // data:, blob:, about: never touch the network.
      if (parsed.protocol !== "http:" && parsed.protocol !== "https:" && parsed.protocol !== "ws:" && parsed.protocol !== "wss:") {
        return ALLOW;
      }
      const resolution = await resolveHost(parsed.hostname);
      return resolution.allowed ? ALLOW : { allowed: false, reason: resolution.reason, unresolved: resolution.unresolved };
    },
    resolveHost,
  };
}
