import { lookup } from "node:dns/promises";
import { classifyAddress, literalAddressOf, type AddressVerdict } from "./ip-policy";

export interface GuardDecision {
  allowed: boolean;
  /** Why it was refused; null when allowed. */
  reason: string | null;
}

export type LookupAll = (hostname: string) => Promise<string[]>;

const systemLookup: LookupAll = async (hostname) => (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

export interface ResolveGuardOptions {
  allowPrivate: boolean;
  lookup?: LookupAll;
  /** Resolution answers are cached for the scan; a short TTL still re-checks long scans. */
  ttlMs?: number;
}

export interface ResolveGuard {
  check(url: string): Promise<GuardDecision>;
}

const ALLOW: GuardDecision = { allowed: true, reason: null };

function describe(verdict: AddressVerdict): string {
  return `${verdict.address} is a ${verdict.category.replace("_", "-")} address`;
}

/**
 * Checks the host of every URL the scan touches. The browser resolves names itself, so its
 * answer cannot be pinned; instead every request is checked at request time and refused when ANY
 * address the name resolves to is non-public. A rebinding name that alternates public and
 * private answers is therefore refused as soon as one private answer is seen (cached per scan).
 */
export function createResolveGuard(options: ResolveGuardOptions): ResolveGuard {
  const resolveAll = options.lookup ?? systemLookup;
  const ttl = options.ttlMs ?? 60_000;
  const cache = new Map<string, { at: number; decision: Promise<GuardDecision> }>();
  // Once a host was seen resolving to a private address it stays refused for the scan.
  const poisoned = new Map<string, GuardDecision>();

  async function decide(hostname: string): Promise<GuardDecision> {
    const literal = literalAddressOf(hostname);
    if (literal) {
      const verdict = classifyAddress(literal);
      return verdict.blocked ? { allowed: false, reason: describe(verdict) } : ALLOW;
    }
    if (hostname === "localhost" || hostname.endsWith(".localhost")) {
      return { allowed: false, reason: `${hostname} is a loopback name` };
    }
    let addresses: string[];
    try {
      addresses = await resolveAll(hostname);
    } catch (error) {
      // Fail closed: a name we cannot resolve is one we cannot vouch for.
      return { allowed: false, reason: `${hostname} did not resolve (${(error as NodeJS.ErrnoException).code ?? "error"})` };
    }
    if (addresses.length === 0) return { allowed: false, reason: `${hostname} resolved to no address` };
    for (const address of addresses) {
      const verdict = classifyAddress(address);
      if (verdict.blocked) {
        const decision = { allowed: false, reason: `${hostname} resolves to ${describe(verdict)}` };
        poisoned.set(hostname, decision);
        return decision;
      }
    }
    return ALLOW;
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
      const hostname = parsed.hostname.toLowerCase();
      const known = poisoned.get(hostname);
      if (known) return known;
      const cached = cache.get(hostname);
      if (cached && Date.now() - cached.at < ttl) return cached.decision;
      const decision = decide(hostname);
      cache.set(hostname, { at: Date.now(), decision });
      return decision;
    },
  };
}
