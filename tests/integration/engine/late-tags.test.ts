import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SESSION_TIMEOUTS } from "@/agents/interaction";
import { makeCanaryToken } from "@/agents/interaction/canary";
import { runSession } from "@/agents/interaction/session";
import { BLUR_EVENT, LATE_TAG_HOSTS, LATE_TAG_TIMING, LATE_TAGS_CLEAN_HOST, LATE_TAGS_HOST } from "@/tests/fixtures/web/late-tags";
import { startTestWeb, type TestWeb } from "@/tests/fixtures/web/server";
import { CONSENT_VISITORS, scanPool, scanTestSite, tempDir } from "./helpers";

// Tags that load late (an idle callback, a 3.5 s timer, a pushState route change 2.5 s after
// load) must be seen before consent, although the settle windows now end as soon as the page is
// quiet rather than after a fixed time: the page's pending timers and route changes hold them open.
const hostOf = (url: string) => new URL(url).hostname;
const LATE_HOSTS = Object.values(LATE_TAG_HOSTS);

describe("late tags, end to end in Chromium", () => {
  let web: TestWeb;
  beforeAll(async () => {
    web = await startTestWeb();
  });
  afterAll(async () => {
    await scans.settled();
    await web?.close();
  });

  // The engine's own settle windows; only navigation and detection are shortened. The two whole
  // scans are independent and run together once the first is asked for (after the visitor tests,
  // whose timings they would otherwise share the machine with).
  const scans = scanPool([LATE_TAGS_HOST, LATE_TAGS_CLEAN_HOST], (host) => scanTestSite(web, host, "GDPR", { label: "late", sessions: CONSENT_VISITORS, timeouts: { navigationMs: 20_000, detectionBudgetMs: 5_000 } }));
  const scan = (host: string) => scans.get(host);

  it("the pre_consent visitor sees the idle-callback, timer and route-change tags, each as late as the site fires it", async () => {
    const { evidence } = await runSession({
      name: "pre_consent",
      pages: [web.url(LATE_TAGS_HOST)],
      outDir: await tempDir("late-session"),
      canaryToken: makeCanaryToken(),
      typeCanaries: false,
      timeouts: DEFAULT_SESSION_TIMEOUTS,
      browser: { hostResolverRules: web.hostResolverRules, ignoreHTTPSErrors: true },
      allowPrivate: true,
      signal: new AbortController().signal,
    });
    const first = (host: string) => evidence.requests.find((r) => hostOf(r.url) === host);
    for (const host of LATE_HOSTS) expect(first(host), `${host} not seen`).toBeDefined();
    // Genuinely late: a fixed window that closed a couple of seconds after load could not see them.
    expect(first(LATE_TAG_HOSTS.timer)?.t_since_navigation_ms ?? 0).toBeGreaterThanOrEqual(LATE_TAG_TIMING.timerMs);
    const route = first(LATE_TAG_HOSTS.route);
    expect(route?.t_since_navigation_ms ?? 0).toBeGreaterThanOrEqual(LATE_TAG_TIMING.routeChangeMs);
    expect(route?.page_url).toContain(LATE_TAG_TIMING.route);
    expect(evidence.errors).toEqual([]);
  });

  it("a form event sent 1.2 s after the last field is left reaches the wire before the visitor closes", async () => {
    // One page: the canaries are typed after its settle window, so only the visitor's last window
    // (once a fixed 1 s) stands between the debounced beacon and the closing context.
    const { evidence } = await runSession({
      name: "pre_consent",
      pages: [web.url(LATE_TAGS_HOST, "/contact")],
      outDir: await tempDir("late-blur"),
      canaryToken: makeCanaryToken(),
      typeCanaries: true,
      timeouts: DEFAULT_SESSION_TIMEOUTS,
      browser: { hostResolverRules: web.hostResolverRules, ignoreHTTPSErrors: true },
      allowPrivate: true,
      signal: new AbortController().signal,
    });
    expect(evidence.canaries.length).toBeGreaterThan(0);
    const blur = evidence.requests.filter((r) => hostOf(r.url) === BLUR_EVENT.host && r.url.includes(BLUR_EVENT.marker));
    expect(blur.length, "debounced blur event not recorded").toBeGreaterThan(0);
  });

  it(`${LATE_TAGS_HOST}: TRACKING_BEFORE_CONSENT names every late tag`, async () => {
    const { evidence, report } = await scan(LATE_TAGS_HOST);
    const pre = evidence.sessions.pre_consent;
    for (const host of LATE_HOSTS) expect(pre?.requests.some((r) => hostOf(r.url) === host && r.t_since_consent_ms === null), `${host} before consent`).toBe(true);
    const finding = report.violations.find((v) => v.violation_type === "TRACKING_BEFORE_CONSENT");
    expect(finding?.status).toBe("violation");
    const named = JSON.stringify(finding);
    for (const host of LATE_HOSTS) expect(named, `${host} named in the finding`).toContain(host);
  });

  it(`${LATE_TAGS_CLEAN_HOST}: the same tags only after Accept, so nothing before consent`, async () => {
    const { evidence, report } = await scan(LATE_TAGS_CLEAN_HOST);
    expect(report.violations.some((v) => v.violation_type === "TRACKING_BEFORE_CONSENT")).toBe(false);
    for (const host of LATE_HOSTS) expect(evidence.sessions.pre_consent?.requests.some((r) => hostOf(r.url) === host)).toBe(false);
    // The tags are real and late: the accept_all visitor sees each of them after its click.
    const accepted = evidence.sessions.accept_all?.requests ?? [];
    for (const host of LATE_HOSTS) expect(accepted.some((r) => hostOf(r.url) === host && (r.t_since_consent_ms ?? -1) >= 0), `${host} after Accept`).toBe(true);
  });
});
