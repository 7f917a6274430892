import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserSession } from "@/agents/browser";
import { runScan } from "@/agents/pipeline";
import { assertPublicTarget, PrivateTargetError } from "@/agents/safety";
import { openGuardedSession } from "@/agents/safety/browser-guard";
import type { EgressBlock } from "@/agents/safety/egress-proxy";
import { createResolveGuard } from "@/agents/safety/resolve-guard";
import { ScanRequestSchema } from "@/lib/schemas/scan-request";
import { EGRESS_HOST } from "@/tests/fixtures/web/egress-routes";
import { startTestWeb, type TestWeb } from "@/tests/fixtures/web/server";
import { FAST_TIMEOUTS, tempDir, testContext } from "./helpers";

const PUBLIC_ADDRESS = "93.184.216.34";

describe("SSRF guard in a real browser", () => {
  let web: TestWeb;
  let session: BrowserSession;
  const blocked: EgressBlock[] = [];
  beforeAll(async () => {
    web = await startTestWeb();
    // No resolver rules: the egress proxy resolves 127.0.0.1 / localhost for real, as in production.
    session = await openGuardedSession({ allowPrivate: false, onBlocked: (b) => blocked.push(b) });
  });
  afterAll(async () => {
    await session?.close();
    await web?.close();
  });

  it("blocks subresources pointing at loopback, link-local and localhost", async () => {
    const page = await session.newPage();
    await page.setContent(
      `<img src="http://127.0.0.1:${web.port}/ssrf-probe.png"><img src="http://localhost:${web.port}/ssrf-localhost.png">` +
        `<script>fetch("http://[::ffff:127.0.0.1]:${web.port}/ssrf-fetch").catch(()=>{}); fetch("http://169.254.169.254/latest/meta-data/").catch(()=>{});</script>`,
    );
    await page.waitForTimeout(1_500);
    expect(web.requests.filter((r) => r.path.startsWith("/ssrf"))).toEqual([]);
    const urls = blocked.map((b) => b.url);
    expect(urls.some((u) => u.includes("127.0.0.1") && u.includes("ssrf-probe"))).toBe(true);
    expect(urls.some((u) => u.includes("localhost"))).toBe(true);
    expect(urls.some((u) => u.includes("169.254.169.254"))).toBe(true);
    expect(blocked.every((b) => b.reason.length > 0)).toBe(true);
  });

  it("refuses a private scan target before any browser work", async () => {
    await expect(assertPublicTarget(`http://127.0.0.1:${web.port}/`, createResolveGuard({ allowPrivate: false }))).rejects.toBeInstanceOf(PrivateTargetError);
  });

  it("a guarded scan reaches its public site through the egress proxy and records the refused metadata request and redirect hop", async () => {
    web.clearRequests();
    const outDir = await tempDir("ssrf-scan");
    const probe = `http://127.0.0.1:${web.port}/ssrf-scan-probe`;
    const request = ScanRequestSchema.parse({ url: `https://${EGRESS_HOST}/ssrf-page?probe=${encodeURIComponent(probe)}`, framework: "GDPR", crawl_depth: 1, max_pages: 1 });
    const outcome = await runScan({ scanId: "it-ssrf", request, outDir }, testContext(), {
      allowPrivateTargets: false,
      ignoreHTTPSErrors: true,
      sessions: ["pre_consent"],
      skipPdf: true,
      timeouts: FAST_TIMEOUTS,
      // The site's name resolves to a public address; the proxy delivers that address to the test web.
      lookup: async (host) => {
        if (host === EGRESS_HOST) return [PUBLIC_ADDRESS];
        throw Object.assign(new Error("no such host"), { code: "ENOTFOUND" });
      },
      egressDial: (address, port) => (address === PUBLIC_ADDRESS ? { host: "127.0.0.1", port: web.port } : { host: address, port }),
    });
    expect(outcome.error).toBeNull();
    expect(outcome.status).toBe("complete");
    // The page itself came through the proxy (Chromium has no resolver rules for it) ...
    expect(web.requests.some((r) => r.host === EGRESS_HOST && r.path.startsWith("/ssrf-page"))).toBe(true);
    expect(web.requests.some((r) => r.host === EGRESS_HOST && r.path.startsWith("/redirect"))).toBe(true);
    // ... and the redirect hop to loopback never left it.
    expect(web.requests.filter((r) => r.path.startsWith("/ssrf-scan-probe"))).toEqual([]);
    const requests = outcome.evidence?.sessions.pre_consent?.requests ?? [];
    const metadata = requests.find((r) => r.url.startsWith("http://169.254.169.254/"));
    expect(metadata?.blocked_reason).toMatch(/169\.254\.169\.254/);
    const hop = requests.find((r) => r.url.startsWith(probe));
    expect(hop?.blocked_reason).toMatch(/127\.0\.0\.1|loopback/);
  });
});
