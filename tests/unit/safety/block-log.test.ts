import { describe, expect, it } from "vitest";
import { BlockLog } from "@/agents/safety/block-log";
import { parseAuthority } from "@/agents/safety/egress-http";
import type { EgressBlock } from "@/agents/safety/egress-proxy";

// Refusals as the egress proxy reports them: a tunnel by the host and port it parsed.
const tunnel = (authority: string, reason: string): EgressBlock => {
  const target = parseAuthority(authority)!;
  return { url: target.href, host: target.hostname, port: target.port, method: "CONNECT", reason, kind: "policy" };
};

describe("BlockLog: which recorded request the egress proxy refused", () => {
  it("matches plain-HTTP refusals by URL", () => {
    const log = new BlockLog();
    log.add({ url: "http://169.254.169.254/latest/meta-data/", host: "169.254.169.254", port: 80, method: "GET", reason: "link-local", kind: "policy" });
    expect(log.get("http://169.254.169.254/latest/meta-data/")).toBe("link-local");
    expect(log.get("http://169.254.169.254/other")).toBeUndefined();
  });

  it("matches https and wss requests to a refused tunnel by origin, default port included", () => {
    const log = new BlockLog();
    log.add(tunnel("internal.example:443", "private"));
    log.add(tunnel("Internal.Example:8443", "private 8443"));
    expect(log.get("https://internal.example/login?x=1")).toBe("private");
    expect(log.get("wss://internal.example/socket")).toBe("private");
    expect(log.get("https://INTERNAL.example:8443/")).toBe("private 8443");
    expect(log.get("https://internal.example:9443/")).toBeUndefined();
    expect(log.get("https://public.example/")).toBeUndefined();
  });

  it("matches an IPv6 tunnel the way the proxy names it (brackets kept)", () => {
    const log = new BlockLog();
    log.add(tunnel("[::1]:443", "loopback"));
    expect(log.get("https://[::1]/")).toBe("loopback");
    expect(log.get("https://[0:0:0:0:0:0:0:1]/x")).toBe("loopback");
  });

  it("ignores what is not a URL", () => {
    const log = new BlockLog();
    log.add(tunnel("a.example:443", "r"));
    expect(log.get("not a url")).toBeUndefined();
  });
});
