import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runScan, type ScanOutcome } from "@/agents/pipeline";
import type { ScanOptions } from "@/agents/pipeline/scan-state";
import { ScanRequestSchema, type ScanRequestInput } from "@/lib/schemas/scan-request";
import { REGION_ECHO_HOST, REGION_EU_EGRESS_ADDRESS, REGION_GEO_HOST, REGION_GEOIP_HOST } from "@/tests/fixtures/web/region-sites";
import { startRecordingProxy, type RecordingProxy } from "@/tests/fixtures/web/region-proxy";
import { startTestWeb, type TestWeb } from "@/tests/fixtures/web/server";
import { FAST_TIMEOUTS, tempDir, testContext } from "./helpers";

const PUBLIC_ADDRESS = "93.184.216.34";

// Scans in a real Chromium against the test web: the region reaches the crawl and every visitor
// (Accept-Language at the server, navigator.language and the Intl timezone in the page), and a
// site that geolocates its banner shows it only to the region that should see it.
describe("scan regions in a real browser", () => {
  let web: TestWeb;
  let upstream: RecordingProxy;
  beforeAll(async () => {
    web = await startTestWeb();
    upstream = await startRecordingProxy({ egressAddress: REGION_EU_EGRESS_ADDRESS });
  });
  afterAll(async () => {
    await upstream?.close();
    await web?.close();
  });

  async function scan(name: string, input: Omit<ScanRequestInput, "crawl_depth" | "max_pages">, options: ScanOptions = {}): Promise<ScanOutcome> {
    const outDir = await tempDir(`region-${name}`);
    const request = ScanRequestSchema.parse({ crawl_depth: 1, max_pages: 1, ...input });
    const outcome = await runScan({ scanId: `it-region-${name}`, request, outDir }, testContext(), {
      hostResolverRules: web.hostResolverRules,
      allowPrivateTargets: true,
      ignoreHTTPSErrors: true,
      sessions: ["pre_consent", "gpc"],
      skipPdf: true,
      timeouts: FAST_TIMEOUTS,
      ...options,
    });
    expect(outcome.error).toBeNull();
    expect(outcome.status).toBe("complete");
    return outcome;
  }

  /** What the echo page's beacon reported, one entry per page view (the crawl and each visitor). */
  const seen = () =>
    web.requests
      .filter((r) => r.host === REGION_ECHO_HOST && r.path.startsWith("/seen?"))
      .map((r) => Object.fromEntries(new URL(r.path, "https://x").searchParams));

  // A scan takes tens of seconds on the shared 2-core machine; bounded by the scan's own timeout.
  const SCAN_TEST_MS = 300_000;

  it('region "de": the server sees Accept-Language de-DE… and the pages see Europe/Berlin, in the crawl and every visitor', async () => {
    web.clearRequests();
    const outcome = await scan("de", { url: web.url(REGION_ECHO_HOST), framework: "CCPA", region: "de" });
    const pages = web.requests.filter((r) => r.host === REGION_ECHO_HOST && r.path === "/");
    // The crawl plus two visitors at least.
    expect(pages.length).toBeGreaterThanOrEqual(3);
    for (const r of pages) expect(r.headers["accept-language"]).toBe("de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7");
    const views = seen();
    expect(views.length).toBeGreaterThanOrEqual(3);
    for (const v of views) expect(v).toMatchObject({ timezone: "Europe/Berlin", language: "de-DE", languages: "de-DE,de,en-US,en" });
    expect(outcome.evidence?.region).toMatchObject({ id: "de", locale: "de-DE", timezone: "Europe/Berlin", via_region_proxy: false });
    expect(outcome.report?.report_metadata.region?.accept_language).toBe("de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7");
  }, SCAN_TEST_MS);

  it("with no region the framework's visitor is used: LGPD → pt-BR, America/Sao_Paulo", async () => {
    web.clearRequests();
    const outcome = await scan("lgpd", { url: web.url(REGION_ECHO_HOST), framework: "LGPD" });
    const pages = web.requests.filter((r) => r.host === REGION_ECHO_HOST && r.path === "/");
    expect(pages.length).toBeGreaterThanOrEqual(3);
    for (const r of pages) expect(r.headers["accept-language"]).toBe("pt-BR,pt;q=0.9,en-US;q=0.8,en;q=0.7");
    for (const v of seen()) expect(v).toMatchObject({ timezone: "America/Sao_Paulo", language: "pt-BR" });
    expect(outcome.evidence?.region?.id).toBe("br");
  }, SCAN_TEST_MS);

  it("a site that shows its banner only to EU languages: found with the EU region, not with California's", async () => {
    // Two independent scans (neither reads the request log): run together.
    const [eu, us] = await Promise.all([
      scan("geo-eu", { url: web.url(REGION_GEO_HOST), framework: "GDPR" }, { sessions: ["pre_consent"] }),
      scan("geo-us", { url: web.url(REGION_GEO_HOST), framework: "GDPR", region: "us-ca" }, { sessions: ["pre_consent"] }),
    ]);
    const home = (o: ScanOutcome) => o.evidence?.discovery.nodes.find((n) => n.depth === 0);
    expect(eu.evidence?.region?.id).toBe("eu");
    expect(home(eu)?.banner_present).toBe(true);
    expect(eu.evidence?.sessions.pre_consent?.banner.detected).toBe(true);
    expect(home(us)?.banner_present).toBe(false);
    expect(us.evidence?.sessions.pre_consent?.banner.detected).toBe(false);
  }, SCAN_TEST_MS);

  it("a site that geolocates by IP shows its banner through the EU region's proxy, which sits behind the SSRF guard", async () => {
    const guarded: ScanOptions = {
      sessions: ["pre_consent"],
      allowPrivateTargets: false,
      hostResolverRules: undefined,
      lookup: async (host) => {
        if (host === REGION_GEOIP_HOST) return [PUBLIC_ADDRESS];
        throw Object.assign(new Error("no such host"), { code: "ENOTFOUND" });
      },
      egressDial: (address, port) => (address === PUBLIC_ADDRESS ? { host: "127.0.0.1", port: web.port } : { host: address, port }),
    };
    upstream.connects.length = 0;
    // "de" has no proxy of its own: the EU one serves it.
    const viaProxy = await scan("geoip-proxy", { url: web.url(REGION_GEOIP_HOST), framework: "GDPR", region: "de" }, { ...guarded, settings: { regionProxies: { eu: upstream.url } } });
    expect(viaProxy.evidence?.region).toMatchObject({ id: "de", via_region_proxy: true });
    expect(upstream.connects.length).toBeGreaterThan(0);
    expect(upstream.connects.every((c) => c.target === `127.0.0.1:${web.port}`)).toBe(true);
    expect(viaProxy.evidence?.discovery.nodes.find((n) => n.depth === 0)?.banner_present).toBe(true);

    upstream.connects.length = 0;
    const direct = await scan("geoip-direct", { url: web.url(REGION_GEOIP_HOST), framework: "GDPR", region: "de" }, guarded);
    expect(direct.evidence?.region?.via_region_proxy).toBe(false);
    expect(upstream.connects).toEqual([]);
    expect(direct.evidence?.discovery.nodes.find((n) => n.depth === 0)?.banner_present).toBe(false);
  }, SCAN_TEST_MS);
});
