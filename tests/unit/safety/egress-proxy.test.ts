import http from "node:http";
import type net from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { onlyPorts } from "@/agents/safety/egress-ports";
import { startEgressProxy, type EgressBlock, type EgressProxy, type EgressProxyOptions } from "@/agents/safety/egress-proxy";
import { classifyAddress } from "@/agents/safety/ip-policy";
import { EGRESS_HOST } from "@/tests/fixtures/web/egress-routes";
import { startTestWeb, type TestWeb } from "@/tests/fixtures/web/server";
import { startWebSocketHello, type WebSocketHello } from "@/tests/fixtures/web/ws-hello";
import { closedWithin, connectVia, httpsOverTunnel, upgradeVia, viaProxy } from "./egress-client";

// Public-looking answers (documentation ranges are "reserved", so real public addresses are used; nothing is ever sent to them).
const PUBLIC_WEB = "93.184.216.34";
const PUBLIC_WS = "93.184.216.50";
const PUBLIC_DEAD = "93.184.216.99";
const PUBLIC_FLAKY = "93.184.216.77";

const notFound = () => Object.assign(new Error("nx"), { code: "ENOTFOUND" });

describe("egress proxy (no browser)", () => {
  let web: TestWeb;
  let wsServer: WebSocketHello;
  let deadPort = 0;
  // An upstream that misbehaves mid-response: /hang never finishes, /reset cuts the connection.
  let flaky: http.Server;
  let flakyPort = 0;
  const flakyClosed: string[] = [];
  const proxies: EgressProxy[] = [];
  let dials: Array<{ address: string; port: number; hostname: string }> = [];
  let lookups: string[] = [];

  const table: Record<string, string[]> = {
    [EGRESS_HOST]: [PUBLIC_WEB],
    "ws.egress.test": [PUBLIC_WS],
    "dead.egress.test": [PUBLIC_DEAD],
    "flaky.egress.test": [PUBLIC_FLAKY],
    "loopback.egress.test": ["127.0.0.1"],
    "private.egress.test": ["10.0.0.5"],
    "metadata.egress.test": ["169.254.169.254"],
    "ecs.egress.test": ["169.254.170.2"],
    "mixed.egress.test": ["93.184.216.35", "10.0.0.5"],
    "v6.egress.test": ["::1"],
    "intranet.egress.test": ["10.20.1.5"],
    "intranet-v6.egress.test": ["fd12:3456::5"],
    "imds6.egress.test": ["fd00:ec2::254"],
    "alibaba-metadata.egress.test": ["100.100.100.200"],
  };
  const lookup = async (host: string): Promise<string[]> => {
    lookups.push(host);
    const hit = table[host];
    if (!hit) throw notFound();
    return hit;
  };

  // Every address, public or not, is mapped to a local server: a proxy that failed to refuse would
  // therefore really deliver the request, and the test web (or WebSocket server) would see it.
  const dial: NonNullable<EgressProxyOptions["dial"]> = (address, port, hostname) => {
    dials.push({ address, port, hostname });
    if (address === PUBLIC_WS) return { host: "127.0.0.1", port: wsServer.port };
    if (address === PUBLIC_DEAD) return { host: "127.0.0.1", port: deadPort };
    if (address === PUBLIC_FLAKY) return { host: "127.0.0.1", port: flakyPort };
    return { host: "127.0.0.1", port: web.port };
  };

  async function start(extra: Partial<EgressProxyOptions> = {}): Promise<EgressProxy & { reported: EgressBlock[] }> {
    const reported: EgressBlock[] = [];
    const proxy = await startEgressProxy({ allowPrivate: false, lookup, dial, onBlocked: (b) => reported.push(b), ...extra });
    proxies.push(proxy);
    return Object.assign(proxy, { reported });
  }

  beforeAll(async () => {
    web = await startTestWeb();
    wsServer = await startWebSocketHello();
    flaky = http.createServer((req, res) => {
      req.socket.once("close", () => flakyClosed.push(req.url ?? ""));
      res.writeHead(200, { "Content-Type": "text/plain" });
      res.write("partial ");
      if (req.url === "/reset") setTimeout(() => req.socket.destroy(), 50);
    });
    await new Promise<void>((resolve) => flaky.listen(0, "127.0.0.1", () => resolve()));
    flakyPort = (flaky.address() as net.AddressInfo).port;
    // A port that was free a moment ago: connecting to it is refused.
    const probe = http.createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", () => resolve()));
    deadPort = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
  });
  afterEach(async () => {
    await Promise.all(proxies.splice(0).map((p) => p.close()));
    web.clearRequests();
    wsServer.connections.length = 0;
    dials = [];
    lookups = [];
  });
  afterAll(async () => {
    await wsServer.close();
    flaky.closeAllConnections();
    await new Promise<void>((resolve) => flaky.close(() => resolve()));
    await web.close();
  });

  it("listens on loopback only and forwards plain HTTP to the checked address, Host naming the checked target", async () => {
    const proxy = await start();
    expect(proxy.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const reply = await viaProxy(proxy.port, `http://${EGRESS_HOST}/`, {
      // A Host that disagrees with the request target is replaced (RFC 9112 §3.2.2).
      headers: { Host: "metadata.internal", "X-Test": "kept", "Proxy-Authorization": "Basic c2VjcmV0", "Proxy-Connection": "keep-alive" },
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toContain("egress ok");
    expect(reply.body).toContain("<p>http</p>");
    expect(dials).toEqual([{ address: PUBLIC_WEB, port: 80, hostname: EGRESS_HOST }]);
    const seen = web.requests.filter((r) => r.host === EGRESS_HOST);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.headers["x-test"]).toBe("kept");
    expect(seen[0]?.headers.host).toBe(EGRESS_HOST);
    // Credentials and hop-by-hop fields meant for the proxy never travel on.
    expect(seen[0]?.headers["proxy-authorization"]).toBeUndefined();
    expect(seen[0]?.headers["proxy-connection"]).toBeUndefined();
    expect(proxy.blocked).toEqual([]);
  });

  it("streams a request body of unknown length and preserves the method", async () => {
    const proxy = await start();
    const reply = await viaProxy(proxy.port, `http://${EGRESS_HOST}/?q=1`, { method: "POST", body: ["alpha=1&", "beta=2&", "gamma=3"] });
    expect(reply.status).toBe(200);
    const seen = web.requests.find((r) => r.host === EGRESS_HOST);
    expect(seen).toMatchObject({ method: "POST", path: "/?q=1", body: "alpha=1&beta=2&gamma=3" });
  });

  it("forwards the upstream status and Location of a redirect untouched (the browser follows it through the proxy again)", async () => {
    const proxy = await start();
    const reply = await viaProxy(proxy.port, `http://${EGRESS_HOST}/redirect?to=${encodeURIComponent("http://127.0.0.1/probe")}`);
    expect(reply.status).toBe(302);
    expect(reply.headers.location).toBe("http://127.0.0.1/probe");
  });

  it("tunnels CONNECT to the checked address: https works end to end", async () => {
    const proxy = await start();
    const tunnel = await connectVia(proxy.port, `${EGRESS_HOST}:443`);
    expect(tunnel.status).toBe(200);
    const reply = await httpsOverTunnel(tunnel.socket, EGRESS_HOST);
    expect(reply.status).toBe(200);
    expect(reply.body).toContain("<p>https</p>");
    expect(dials).toEqual([{ address: PUBLIC_WEB, port: 443, hostname: EGRESS_HOST }]);
    expect(web.requests.filter((r) => r.host === EGRESS_HOST && r.scheme === "https")).toHaveLength(1);
  });

  const privateTargets = [
    ["loopback.egress.test", "loopback"],
    ["private.egress.test", "private"],
    ["metadata.egress.test", "link-local"],
    ["ecs.egress.test", "link-local"],
    ["mixed.egress.test", "private"],
    ["v6.egress.test", "loopback"],
    ["127.0.0.1", "loopback"],
    ["10.0.0.5", "private"],
    ["169.254.169.254", "link-local"],
    ["2130706433", "loopback"],
    ["[::ffff:127.0.0.1]", "loopback"],
    ["localhost", "loopback"],
  ] as const;

  it.each(privateTargets)("refuses %s over plain HTTP with 403 before any connection (%s)", async (host, category) => {
    const proxy = await start();
    const reply = await viaProxy(proxy.port, `http://${host}:${web.port}/probe`);
    expect(reply.status).toBe(403);
    expect(reply.body).toContain(category);
    expect(dials).toEqual([]);
    expect(web.requests.filter((r) => r.path.startsWith("/probe"))).toEqual([]);
    expect(proxy.reported).toHaveLength(1);
    expect(proxy.reported[0]).toMatchObject({ kind: "policy", method: "GET", port: web.port });
    expect(proxy.reported[0]?.url).toMatch(/^http:\/\/.+\/probe$/);
    expect(proxy.blocked).toEqual(proxy.reported);
  });

  it.each(privateTargets)("refuses CONNECT to %s with 403 before tunnelling (%s)", async (host, category) => {
    const proxy = await start();
    const tunnel = await connectVia(proxy.port, `${host}:${web.port}`);
    expect(tunnel.status).toBe(403);
    expect(tunnel.rest).toContain(category);
    expect(dials).toEqual([]);
    expect(web.requests).toEqual([]);
    expect(proxy.reported).toHaveLength(1);
    expect(proxy.reported[0]?.url).toMatch(new RegExp(`^https://.+:${web.port}/$`));
    expect(proxy.reported[0]?.method).toBe("CONNECT");
  });

  it("pins: one DNS answer per name serves HTTP and CONNECT alike, and every connection goes to that answer", async () => {
    const proxy = await start();
    for (let i = 0; i < 3; i++) expect((await viaProxy(proxy.port, `http://${EGRESS_HOST}/`)).status).toBe(200);
    const tunnel = await connectVia(proxy.port, `${EGRESS_HOST}:443`);
    expect(tunnel.status).toBe(200);
    tunnel.socket.destroy();
    expect(lookups).toEqual([EGRESS_HOST]);
    expect(dials.length).toBeGreaterThanOrEqual(2);
    expect(dials.every((d) => d.address === PUBLIC_WEB)).toBe(true);
  });

  it("refuses a rebinding name once a private answer is seen, and never connects to the private answer", async () => {
    const answers = [["93.184.216.40"], ["10.0.0.6"], ["93.184.216.40"], ["93.184.216.40"]];
    let calls = 0;
    const proxy = await start({
      dnsTtlMs: 0,
      lookup: async () => answers[Math.min(calls++, answers.length - 1)] ?? [],
    });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await viaProxy(proxy.port, "http://rebind.egress.test/probe")).status);
    const tunnel = await connectVia(proxy.port, "rebind.egress.test:443");
    // 404: the first request really reached the test web, which serves no site at that name.
    expect(statuses).toEqual([404, 403, 403, 403]);
    expect(tunnel.status).toBe(403);
    // Public answer once, private answer once, then never asked again: the name is poisoned.
    expect(calls).toBe(2);
    expect(dials.map((d) => d.address)).toEqual(["93.184.216.40"]);
    expect(dials.some((d) => classifyAddress(d.address).blocked)).toBe(false);
    expect(web.requests.filter((r) => r.path === "/probe")).toHaveLength(1);
    expect(proxy.reported.map((b) => b.reason)).toEqual(Array(4).fill("rebind.egress.test resolves to 10.0.0.6 is a private address"));
  });

  it("fails closed with 502 when the name does not resolve", async () => {
    const proxy = await start();
    const reply = await viaProxy(proxy.port, "http://nowhere.egress.test/x");
    const tunnel = await connectVia(proxy.port, "nowhere.egress.test:443");
    expect(reply.status).toBe(502);
    expect(reply.body).toContain("did not resolve (ENOTFOUND)");
    expect(tunnel.status).toBe(502);
    expect(dials).toEqual([]);
    expect(proxy.reported.map((b) => [b.kind, b.url])).toEqual([
      ["unresolved", "http://nowhere.egress.test/x"],
      ["unresolved", "https://nowhere.egress.test:443/"],
    ]);
  });

  it("gives up on a resolver that never answers (504) within the connect budget", async () => {
    const proxy = await start({ connectTimeoutMs: 200, lookup: () => new Promise<string[]>(() => undefined) });
    const started = Date.now();
    const reply = await viaProxy(proxy.port, `http://${EGRESS_HOST}/`);
    expect(reply.status).toBe(504);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(proxy.reported[0]?.kind).toBe("unresolved");
  });

  it("refuses ports outside the policy: SMTP by default, anything but the allow-list when one is given", async () => {
    const proxy = await start();
    expect((await connectVia(proxy.port, `${EGRESS_HOST}:25`)).status).toBe(403);
    expect((await viaProxy(proxy.port, `http://${EGRESS_HOST}:22/`)).status).toBe(403);
    expect(proxy.reported.map((b) => b.kind)).toEqual(["port", "port"]);
    const strict = await start({ allowPort: onlyPorts([443]) });
    expect((await connectVia(strict.port, `${EGRESS_HOST}:8443`)).status).toBe(403);
    const allowed = await connectVia(strict.port, `${EGRESS_HOST}:443`);
    expect(allowed.status).toBe(200);
    allowed.socket.destroy();
    expect(dials.map((d) => d.port)).toEqual([443]);
  });

  it("relays a WebSocket upgrade to a public name and refuses one to a private name", async () => {
    const proxy = await start();
    const ok = await upgradeVia(proxy.port, "http://ws.egress.test/chat");
    expect(ok.status).toBe(101);
    const frame = await ok.firstFrame;
    // An unmasked text frame from the server: 0x81, length 5, "hello".
    expect(frame?.subarray(0, 7).toString("latin1")).toBe("\x81\x05hello");
    ok.socket?.destroy();
    expect(wsServer.connections).toEqual(["ws.egress.test/chat"]);

    const refused = await upgradeVia(proxy.port, `http://127.0.0.1:${wsServer.port}/chat`);
    expect(refused.status).toBe(403);
    expect(refused.body).toContain("loopback");
    expect(wsServer.connections).toHaveLength(1);
    expect(proxy.reported.map((b) => b.url)).toEqual([`http://127.0.0.1:${wsServer.port}/chat`]);
  });

  it("answers 502 when the checked address refuses the connection, and keeps serving", async () => {
    const proxy = await start();
    expect((await viaProxy(proxy.port, "http://dead.egress.test/")).status).toBe(502);
    expect((await connectVia(proxy.port, "dead.egress.test:443")).status).toBe(502);
    expect((await viaProxy(proxy.port, `http://${EGRESS_HOST}/`)).status).toBe(200);
  });

  it("an upstream that resets mid-response ends the client's response instead of leaving it hanging", async () => {
    const proxy = await start();
    const outcome = await viaProxy(proxy.port, "http://flaky.egress.test/reset").then(
      (reply) => `complete:${reply.body}`,
      (error: NodeJS.ErrnoException) => `error:${error.code ?? error.message}`,
    );
    // The 200 head was already relayed, so the only honest signal left is a cut connection.
    expect(outcome).toMatch(/^error:/);
    expect((await viaProxy(proxy.port, `http://${EGRESS_HOST}/`)).status).toBe(200);
  });

  it("a client that gives up mid-response closes the upstream connection too", async () => {
    const proxy = await start();
    flakyClosed.length = 0;
    const req = http.request({ host: "127.0.0.1", port: proxy.port, path: "http://flaky.egress.test/hang", agent: false });
    req.on("error", () => undefined);
    req.end();
    await new Promise<void>((resolve) => req.on("response", (res) => res.once("data", () => resolve())));
    req.destroy();
    const until = Date.now() + 2_000;
    while (!flakyClosed.includes("/hang") && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(flakyClosed).toContain("/hang");
  });

  it("allows private addresses when told to, connecting to the resolved address itself", async () => {
    const proxy = await startEgressProxy({ allowPrivate: true });
    proxies.push(proxy);
    const reply = await viaProxy(proxy.port, `http://127.0.0.1:${web.port}/`);
    expect(reply.status).toBe(200);
    expect(reply.body).toContain("APO test web");
  });

  it("with APO_ALLOWED_PRIVATE_CIDRS reaches addresses inside the ranges and still refuses loopback, link-local, metadata and other private space", async () => {
    const proxy = await start({ allowedPrivateCidrs: ["10.20.0.0/16", "fd00::/8", "100.64.0.0/10"] });
    // 404: these reached the test web (which serves no site at those names) through the checked address.
    expect((await viaProxy(proxy.port, "http://intranet.egress.test/probe")).status).toBe(404);
    expect((await viaProxy(proxy.port, "http://10.20.3.4/probe")).status).toBe(404);
    expect((await viaProxy(proxy.port, "http://intranet-v6.egress.test/probe")).status).toBe(404);
    const tunnel = await connectVia(proxy.port, "intranet.egress.test:443");
    expect(tunnel.status).toBe(200);
    tunnel.socket.destroy();
    expect(dials.map((d) => d.address)).toEqual(["10.20.1.5", "10.20.3.4", "fd12:3456::5", "10.20.1.5"]);

    const stillRefused = [
      ["loopback.egress.test", "loopback"],
      ["127.0.0.1", "loopback"],
      ["[::ffff:127.0.0.1]", "loopback"],
      ["localhost", "loopback"],
      ["metadata.egress.test", "link-local"],
      ["169.254.169.254", "link-local"],
      ["imds6.egress.test", "cloud metadata"],
      ["alibaba-metadata.egress.test", "cloud metadata"],
      ["private.egress.test", "private"],
      ["10.21.0.1", "private"],
    ] as const;
    for (const [host, category] of stillRefused) {
      const reply = await viaProxy(proxy.port, `http://${host}:${web.port}/probe`);
      expect(reply.status, host).toBe(403);
      expect(reply.body, host).toContain(category);
      expect((await connectVia(proxy.port, `${host}:443`)).status, host).toBe(403);
    }
    expect(dials).toHaveLength(4);
    expect(proxy.reported.map((b) => b.kind)).toEqual(Array(stillRefused.length * 2).fill("policy"));
  });

  it("refuses an allow-list that covers loopback or link-local before it starts", async () => {
    await expect(start({ allowedPrivateCidrs: ["127.0.0.0/8"] })).rejects.toThrow(/loopback/);
    await expect(start({ allowedPrivateCidrs: ["169.254.0.0/16"] })).rejects.toThrow(/link-local/);
    await expect(start({ allowedPrivateCidrs: ["0.0.0.0/0"] })).rejects.toThrow(/never reach/);
  });

  it("rejects requests that are not proxy requests", async () => {
    const proxy = await start();
    expect((await viaProxy(proxy.port, "/")).status).toBe(400);
    expect((await viaProxy(proxy.port, `https://${EGRESS_HOST}/`)).status).toBe(400);
    expect((await connectVia(proxy.port, `${EGRESS_HOST}`)).status).toBe(400);
    expect(dials).toEqual([]);
  });

  it("closes an idle tunnel after idleTimeoutMs", async () => {
    const proxy = await start({ idleTimeoutMs: 300 });
    const tunnel = await connectVia(proxy.port, `${EGRESS_HOST}:443`);
    expect(tunnel.status).toBe(200);
    await closedWithin(tunnel.socket, 2_000);
  });

  it("close() destroys open tunnels and keep-alive connections at once", async () => {
    const proxy = await start();
    const tunnel = await connectVia(proxy.port, `${EGRESS_HOST}:443`);
    expect(tunnel.status).toBe(200);
    const ws = await upgradeVia(proxy.port, "http://ws.egress.test/chat");
    expect(ws.status).toBe(101);
    const started = Date.now();
    await proxy.close();
    await Promise.all([closedWithin(tunnel.socket, 1_000), ws.socket ? closedWithin(ws.socket, 1_000) : Promise.resolve()]);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("survives an onBlocked callback that throws", async () => {
    const proxy = await start({
      onBlocked: () => {
        throw new Error("caller bug");
      },
    });
    expect((await viaProxy(proxy.port, "http://127.0.0.1/")).status).toBe(403);
    expect((await viaProxy(proxy.port, `http://${EGRESS_HOST}/`)).status).toBe(200);
    expect(proxy.blocked).toHaveLength(1);
  });
});
