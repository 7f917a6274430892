import type { EgressBlock } from "./egress-proxy";

/**
 * What the egress proxy refused during a scan, looked up by request URL. A refused tunnel is
 * known only by host and port (the proxy cannot see inside CONNECT), so an https URL also
 * matches a refusal of its origin.
 */
export class BlockLog {
  private readonly byUrl = new Map<string, string>();
  private readonly byOrigin = new Map<string, string>();

  add(block: EgressBlock): void {
    // block.host is the WHATWG hostname the proxy parsed (lower case, IPv6 in brackets), as URL.hostname below.
    if (block.method === "CONNECT") this.byOrigin.set(`${block.host}:${block.port}`, block.reason);
    else this.byUrl.set(block.url, block.reason);
  }

  /** The reason a request to this URL was refused, or undefined (Map-like, for the recorders). */
  get(url: string): string | undefined {
    const exact = this.byUrl.get(url);
    if (exact || this.byOrigin.size === 0) return exact;
    try {
      const parsed = new URL(url);
      const port = parsed.port || (parsed.protocol === "https:" || parsed.protocol === "wss:" ? "443" : "80");
      return this.byOrigin.get(`${parsed.hostname}:${port}`);
    } catch {
      return undefined;
    }
  }
}

/** What a visitor needs of the scan's BlockLog. */
export type BlockedLookup = Pick<BlockLog, "get">;
