import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserSession } from "@/agents/browser";
import { installSettleProbe, waitForQuiet } from "@/agents/interaction/settle-page";
import { openGuardedSession } from "@/agents/safety/browser-guard";
import { gatedGoto } from "@/agents/safety/url-gate";
import { LATE_TAG_HOSTS, LATE_TAG_TIMING, LATE_TAGS_CLEAN_HOST, LATE_TAGS_HOST, NEVER_QUIET_PATH } from "@/tests/fixtures/web/late-tags";
import { startTestWeb, type TestWeb } from "@/tests/fixtures/web/server";

// The settle window's Playwright edge in a real Chromium: it ends soon on a quiet page, waits for
// a tag on a timer (the network is silent until the timer fires), and costs exactly its maximum
// on a page that never goes quiet.
describe("settle window in Chromium", () => {
  let web: TestWeb;
  let session: BrowserSession;
  const signal = new AbortController().signal;
  beforeAll(async () => {
    web = await startTestWeb();
    session = await openGuardedSession({ hostResolverRules: web.hostResolverRules, ignoreHTTPSErrors: true, allowPrivate: true });
  });
  afterAll(async () => {
    await session?.close();
    await web?.close();
  });

  const open = async (url: string) => {
    const page = await session.context.newPage();
    await installSettleProbe(page);
    await gatedGoto(page, url, { waitUntil: "load", timeout: 20_000 });
    return page;
  };

  it("a quiet page ends well before the maximum", async () => {
    const page = await open(web.url(LATE_TAGS_CLEAN_HOST, "/about"));
    const outcome = await waitForQuiet(page, { quietMs: 500, minMs: 0, maxMs: 8_000 }, signal);
    expect(outcome.reason).toBe("quiet");
    expect(outcome.waitedMs).toBeLessThan(4_000);
    await page.close();
  });

  it("waits for a tag on a timer and for the route-change tag, though the network is silent until they fire", async () => {
    const page = await open(web.url(LATE_TAGS_HOST));
    const seen: string[] = [];
    page.on("request", (r) => seen.push(new URL(r.url()).hostname));
    const outcome = await waitForQuiet(page, { quietMs: 500, minMs: 0, maxMs: 8_000 }, signal);
    expect(outcome.reason).toBe("quiet");
    expect(seen).toContain(LATE_TAG_HOSTS.timer);
    expect(seen).toContain(LATE_TAG_HOSTS.route);
    expect(page.url()).toContain(LATE_TAG_TIMING.route);
    await page.close();
  });

  it("a page that never goes quiet costs exactly the maximum", async () => {
    const page = await open(web.url(LATE_TAGS_HOST, NEVER_QUIET_PATH));
    // Beacons every 100 ms; a whole second without one would take a badly stalled machine.
    const outcome = await waitForQuiet(page, { quietMs: 1_000, minMs: 0, maxMs: 2_000 }, signal);
    expect(outcome.reason).toBe("max");
    expect(outcome.waitedMs).toBeGreaterThanOrEqual(2_000);
    expect(outcome.waitedMs).toBeLessThan(3_000);
    await page.close();
  });

  it("ends at once when the scan is cancelled", async () => {
    const page = await open(web.url(LATE_TAGS_HOST, NEVER_QUIET_PATH));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const outcome = await waitForQuiet(page, { quietMs: 500, minMs: 0, maxMs: 10_000 }, controller.signal);
    expect(outcome.reason).toBe("aborted");
    expect(outcome.waitedMs).toBeLessThan(1_500);
    await page.close();
  });
});
