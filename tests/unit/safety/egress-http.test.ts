import { describe, expect, it } from "vitest";
import { endToEndHeaders, hasBody, parseAbsoluteTarget, parseAuthority, upstreamHeaders } from "@/agents/safety/egress-http";
import { browserPorts, onlyPorts } from "@/agents/safety/egress-ports";
import { createResolveGuard } from "@/agents/safety/resolve-guard";

describe("egress request parsing", () => {
  it("canonicalises the host the way the browser and the guard do, but forwards the client's path bytes", () => {
    expect(parseAbsoluteTarget("http://2130706433:8080/a/../b%7e?x=%41#frag")).toEqual({
      hostname: "127.0.0.1",
      port: 8080,
      path: "/a/../b%7e?x=%41",
      authority: "127.0.0.1:8080",
      href: "http://127.0.0.1:8080/b%7e?x=%41#frag",
    });
    expect(parseAbsoluteTarget("http://WWW.Example.COM?q")).toMatchObject({ hostname: "www.example.com", port: 80, path: "/?q" });
    expect(parseAbsoluteTarget("http://[::1]/")).toMatchObject({ hostname: "[::1]", port: 80 });
    expect(parseAbsoluteTarget("ws://chat.example/s", ["http:", "ws:"])).toMatchObject({ hostname: "chat.example", port: 80, path: "/s" });
  });

  it("refuses targets the proxy must not forward in the clear", () => {
    expect(parseAbsoluteTarget("/relative")).toBeNull();
    expect(parseAbsoluteTarget("https://www.example.com/")).toBeNull();
    expect(parseAbsoluteTarget("ws://chat.example/")).toBeNull();
    expect(parseAbsoluteTarget("file:///etc/passwd")).toBeNull();
    expect(parseAbsoluteTarget("http://host:70000/")).toBeNull();
  });

  it("parses CONNECT authorities strictly", () => {
    expect(parseAuthority("www.example.com:443")).toMatchObject({ hostname: "www.example.com", port: 443, href: "https://www.example.com:443/" });
    expect(parseAuthority("0x7f.1:443")).toMatchObject({ hostname: "127.0.0.1" });
    expect(parseAuthority("[::ffff:a9fe:a9fe]:80")).toMatchObject({ hostname: "[::ffff:a9fe:a9fe]", port: 80 });
    for (const bad of ["www.example.com", "user@host:443", "host:443/path", "host:", ":443", "host:99999", "[::1]"]) expect(parseAuthority(bad), bad).toBeNull();
  });

  it("drops hop-by-hop fields, fields named by Connection and every Proxy-* field; keeps duplicates and case", () => {
    const raw = ["Host", "a.example", "Connection", "keep-alive, X-Secret-Hop", "X-Secret-Hop", "1", "Proxy-Authorization", "Basic x", "Set-Cookie", "a=1", "Set-Cookie", "b=2", "TE", "trailers", "Transfer-Encoding", "chunked", "Upgrade", "websocket"];
    expect(endToEndHeaders(raw)).toEqual(["Host", "a.example", "Set-Cookie", "a=1", "Set-Cookie", "b=2"]);
    expect(endToEndHeaders(raw, new Set(["upgrade"]))).toContain("websocket");
    expect(upstreamHeaders(["host", "evil.internal", "Accept", "*/*"], "a.example:8080")).toEqual(["Host", "a.example:8080", "Accept", "*/*"]);
  });

  it("knows when a request has a body", () => {
    expect(hasBody({})).toBe(false);
    expect(hasBody({ "content-length": "0" })).toBe(false);
    expect(hasBody({ "content-length": "3" })).toBe(true);
    expect(hasBody({ "transfer-encoding": "chunked" })).toBe(true);
  });

  it("port policy: browser ports by default, or a fixed list", () => {
    expect([80, 443, 8080, 8443, 3000, 45678].every(browserPorts)).toBe(true);
    expect([0, 22, 25, 465, 587, 6667, 10080, 70000].some(browserPorts)).toBe(false);
    const only = onlyPorts([443]);
    expect([only(443), only(80)]).toEqual([true, false]);
  });
});

describe("resolveHost: the guard's answer, for pinning", () => {
  const lookup = async (host: string): Promise<string[]> => {
    const table: Record<string, string[]> = { "public.test": ["93.184.216.34", "2606:2800:220:1::1"], "private.test": ["10.0.0.5"] };
    const hit = table[host];
    if (!hit) throw Object.assign(new Error("nx"), { code: "ENOTFOUND" });
    return hit;
  };

  it("returns exactly the addresses it checked, and tells a refusal from a name that does not resolve", async () => {
    const guard = createResolveGuard({ allowPrivate: false, lookup });
    expect(await guard.resolveHost("PUBLIC.test")).toEqual({ allowed: true, reason: null, addresses: ["93.184.216.34", "2606:2800:220:1::1"] });
    expect(await guard.resolveHost("93.184.216.34")).toEqual({ allowed: true, reason: null, addresses: ["93.184.216.34"] });
    expect(await guard.resolveHost("[2606:4700::1]")).toEqual({ allowed: true, reason: null, addresses: ["2606:4700::1"] });
    expect(await guard.resolveHost("private.test")).toMatchObject({ allowed: false, unresolved: false });
    expect(await guard.resolveHost("[::1]")).toMatchObject({ allowed: false, unresolved: false });
    expect(await guard.resolveHost("nowhere.test")).toMatchObject({ allowed: false, unresolved: true, reason: "nowhere.test did not resolve (ENOTFOUND)" });
  });

  it("shares one lookup between concurrent callers and check()", async () => {
    let calls = 0;
    const guard = createResolveGuard({
      allowPrivate: false,
      lookup: async (host) => {
        calls += 1;
        return lookup(host);
      },
    });
    await Promise.all([guard.resolveHost("public.test"), guard.resolveHost("public.test"), guard.check("https://public.test/x")]);
    expect(calls).toBe(1);
  });

  it("with allowPrivate still resolves (so a caller connects to what was resolved) but refuses nothing", async () => {
    const guard = createResolveGuard({ allowPrivate: true, lookup });
    expect(await guard.resolveHost("private.test")).toEqual({ allowed: true, reason: null, addresses: ["10.0.0.5"] });
    expect(await guard.resolveHost("127.0.0.1")).toEqual({ allowed: true, reason: null, addresses: ["127.0.0.1"] });
    expect(await guard.resolveHost("nowhere.test")).toMatchObject({ allowed: false, unresolved: true });
  });
});
