import vendorsJson from "../data/tcf-vendors.json";

export interface TcfVendor {
  id: number;
  name: string;
}

const byDomain = new Map<string, TcfVendor>(vendorsJson.vendors.flatMap((v) => v.domains.map((d) => [d, { id: v.id, name: v.name }] as const)));

export const TCF_VENDOR_MAP_SOURCE = vendorsJson.source;

/** The TCF vendor behind a request host (the host or its nearest listed parent domain), if it is in the bundled map. */
export function tcfVendorForHost(host: string): TcfVendor | null {
  const labels = host.toLowerCase().split(".");
  for (let i = 0; i < labels.length - 1; i++) {
    const hit = byDomain.get(labels.slice(i).join("."));
    if (hit) return hit;
  }
  return null;
}

export function tcfVendorForUrl(url: string): TcfVendor | null {
  try {
    return tcfVendorForHost(new URL(url).hostname);
  } catch {
    return null;
  }
}
