import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserSession } from "@/agents/browser";
import { assertPublicTarget, PrivateTargetError } from "@/agents/safety";
import { openGuardedSession, type BlockedRequest } from "@/agents/safety/browser-guard";
import { createResolveGuard } from "@/agents/safety/resolve-guard";
import { startTestWeb, type TestWeb } from "@/tests/fixtures/web/server";

describe("SSRF guard in a real browser", () => {
  let web: TestWeb;
  let session: BrowserSession;
  const blocked: BlockedRequest[] = [];
  beforeAll(async () => {
    web = await startTestWeb();
    // No resolver rules: the browser resolves 127.0.0.1 / localhost for real, as in production.
    session = await openGuardedSession({ allowPrivate: false, guard: createResolveGuard({ allowPrivate: false }), onBlocked: (b) => blocked.push(b) });
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
});
