import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startEgressProxy, type EgressBlock, type EgressProxy } from "@/agents/safety/egress-proxy";
import { parseRegionProxies } from "@/agents/safety/region-proxies";
import { parseUpstreamProxy } from "@/agents/safety/upstream-proxy";
import { parseEnv } from "@/lib/env";
import { REGION_EU_EGRESS_ADDRESS, REGION_GEOIP_HOST } from "@/tests/fixtures/web/region-sites";
import { startRecordingProxy, type RecordingProxy } from "@/tests/fixtures/web/region-proxy";
import { startTestWeb, type TestWeb } from "@/tests/fixtures/web/server";
import { connectVia, httpsOverTunnel, viaProxy } from "./egress-client";

const PUBLIC_WEB = "93.184.216.34";
const notFound = () => Object.assign(new Error("nx"), { code: "ENOTFOUND" });

// The region proxy is the egress proxy's upstream: the guard decides first, then the checked
// address is reached through the region proxy's CONNECT tunnel, never around the guard.
describe("egress proxy with a region proxy upstream (no browser)", () => {
  let web: TestWeb;
  let upstream: RecordingProxy;
  let proxy: EgressProxy;
  const blocked: EgressBlock[] = [];

  beforeAll(async () => {
    web = await startTestWeb();
    upstream = await startRecordingProxy({ egressAddress: REGION_EU_EGRESS_ADDRESS });
    proxy = await startEgressProxy({
      allowPrivate: false,
      lookup: async (host) => {
        if (host === REGION_GEOIP_HOST) return [PUBLIC_WEB];
        if (host === "private.region.test") return ["10.0.0.5"];
        if (host === "loopback.region.test") return ["127.0.0.1"];
        throw notFound();
      },
      // The checked public address is delivered to the local test web (as --host-resolver-rules would).
      dial: (address) => ({ host: "127.0.0.1", port: address === PUBLIC_WEB ? web.port : 9 }),
      upstreamProxy: `http://eu-user:s3cret@127.0.0.1:${upstream.port}`,
      onBlocked: (b) => blocked.push(b),
    });
  });
  afterEach(() => {
    upstream.connects.length = 0;
    blocked.length = 0;
    web.clearRequests();
  });
  afterAll(async () => {
    await proxy?.close();
    await upstream?.close();
    await web?.close();
  });

  it("tunnels https through the region proxy to the checked address, which the site sees as the region's", async () => {
    const tunnel = await connectVia(proxy.port, `${REGION_GEOIP_HOST}:443`);
    expect(tunnel.status).toBe(200);
    const reply = await httpsOverTunnel(tunnel.socket, REGION_GEOIP_HOST);
    expect(reply.status).toBe(200);
    // The geo-IP site shows its banner only to connections from the "EU" egress address.
    expect(reply.body).toContain('id="cookie-banner"');
    expect(upstream.connects.map((c) => c.target)).toEqual([`127.0.0.1:${web.port}`]);
    expect(upstream.connects[0]?.authorization).toBe(`Basic ${Buffer.from("eu-user:s3cret").toString("base64")}`);
  });

  it("forwards plain http (absolute form) through the region proxy too", async () => {
    const reply = await viaProxy(proxy.port, `http://${REGION_GEOIP_HOST}:${web.port}/`);
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('id="cookie-banner"');
    expect(upstream.connects.map((c) => c.target)).toEqual([`127.0.0.1:${web.port}`]);
    expect(web.requests.some((r) => r.host === REGION_GEOIP_HOST)).toBe(true);
  });

  it("still refuses private and loopback targets before the region proxy is asked for anything", async () => {
    for (const authority of ["private.region.test:443", "loopback.region.test:443", "10.0.0.5:443", "127.0.0.1:443", "169.254.169.254:80"]) {
      const tunnel = await connectVia(proxy.port, authority);
      expect(tunnel.status, authority).toBe(403);
    }
    const plain = await viaProxy(proxy.port, "http://169.254.169.254/latest/meta-data/");
    expect(plain.status).toBe(403);
    expect(upstream.connects).toEqual([]);
    expect(blocked.map((b) => b.kind)).toEqual(["policy", "policy", "policy", "policy", "policy", "policy"]);
  });

  it("without a region proxy the same site sees a direct (non-EU) connection and shows no banner", async () => {
    const direct = await startEgressProxy({ allowPrivate: false, lookup: async () => [PUBLIC_WEB], dial: () => ({ host: "127.0.0.1", port: web.port }) });
    try {
      const tunnel = await connectVia(direct.port, `${REGION_GEOIP_HOST}:443`);
      const reply = await httpsOverTunnel(tunnel.socket, REGION_GEOIP_HOST);
      expect(reply.status).toBe(200);
      expect(reply.body).not.toContain('id="cookie-banner"');
      expect(upstream.connects).toEqual([]);
    } finally {
      await direct.close();
    }
  });

  it("answers 502 when the region proxy refuses the tunnel", async () => {
    const refusing = await startEgressProxy({ allowPrivate: false, lookup: async () => [PUBLIC_WEB], dial: () => ({ host: "127.0.0.1", port: 9 }), upstreamProxy: upstream.url });
    try {
      // The recording proxy cannot reach port 9 and answers 502; the egress proxy reports the site unreachable.
      const tunnel = await connectVia(refusing.port, `${REGION_GEOIP_HOST}:443`);
      expect(tunnel.status).toBe(502);
      expect(upstream.connects.map((c) => c.target)).toEqual(["127.0.0.1:9"]);
    } finally {
      await refusing.close();
    }
  });
});

describe("APO_REGION_PROXIES", () => {
  it("maps region ids to http proxies, credentials kept out of the display form", () => {
    expect(parseRegionProxies("eu=http://proxy-eu:3128, us-ca=http://u:p@10.1.2.3:8080")).toEqual({ eu: "http://proxy-eu:3128", "us-ca": "http://u:p@10.1.2.3:8080" });
    expect(parseRegionProxies(undefined)).toEqual({});
    expect(parseUpstreamProxy("http://u:p@10.1.2.3:8080")).toMatchObject({ host: "10.1.2.3", port: 8080, display: "http://10.1.2.3:8080" });
    expect(parseEnv({ APO_REGION_PROXIES: "de=http://proxy-de:3128" }).APO_REGION_PROXIES).toEqual({ de: "http://proxy-de:3128" });
    expect(parseEnv({}).APO_REGION_PROXIES).toEqual({});
  });

  it("refuses unknown regions, repeated regions, non-http proxies and malformed entries, naming the variable", () => {
    expect(() => parseEnv({ APO_REGION_PROXIES: "mars=http://p:1" })).toThrow(/APO_REGION_PROXIES: "mars" is not a region id/);
    expect(() => parseEnv({ APO_REGION_PROXIES: "eu=http://a:1,eu=http://b:1" })).toThrow(/APO_REGION_PROXIES: region "eu" is listed twice/);
    expect(() => parseEnv({ APO_REGION_PROXIES: "eu=socks5://p:1080" })).toThrow(/APO_REGION_PROXIES: .*not supported/);
    expect(() => parseEnv({ APO_REGION_PROXIES: "http://p:1" })).toThrow(/APO_REGION_PROXIES: .*region=http/);
    expect(() => parseEnv({ APO_REGION_PROXIES: "eu=http://p:1/path" })).toThrow(/APO_REGION_PROXIES: .*no path/);
  });
});
