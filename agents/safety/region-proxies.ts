// Relative: lib/env.ts (imported by next.config.ts) reaches this module.
import { RegionSchema } from "../../lib/schemas/region";
import { parseUpstreamProxy } from "./upstream-proxy";

/**
 * APO_REGION_PROXIES: "eu=http://proxy-eu:3128,us-ca=http://user:pass@proxy-us:3128". Each key
 * must be a region id, each value an http:// proxy; a bad entry throws naming it (lib/env.ts
 * turns that into a start-up error naming the variable).
 */
export function parseRegionProxies(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of (text ?? "").split(",").map((e) => e.trim()).filter(Boolean)) {
    const eq = entry.indexOf("=");
    if (eq <= 0) throw new Error(`"${entry}" is not region=http://host:port`);
    const id = entry.slice(0, eq).trim();
    const url = entry.slice(eq + 1).trim();
    if (!RegionSchema.safeParse(id).success) throw new Error(`"${id}" is not a region id (${RegionSchema.options.join(", ")})`);
    if (out[id] !== undefined) throw new Error(`region "${id}" is listed twice`);
    parseUpstreamProxy(url);
    out[id] = url;
  }
  return out;
}
