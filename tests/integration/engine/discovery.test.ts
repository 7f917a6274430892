import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserSession } from "@/agents/browser";
import { runDiscovery } from "@/agents/discovery";
import { InteractionGraphSchema } from "@/agents/evidence/schema";
import { openGuardedSession } from "@/agents/safety/browser-guard";
import { startTestWeb, type TestWeb } from "@/tests/fixtures/web/server";
import { testContext } from "./helpers";

describe("discovery against the test web", () => {
  let web: TestWeb;
  let session: BrowserSession;
  beforeAll(async () => {
    web = await startTestWeb();
    session = await openGuardedSession({ hostResolverRules: web.hostResolverRules, ignoreHTTPSErrors: true, allowPrivate: true });
  });
  afterAll(async () => {
    await session?.close();
    await web?.close();
  });

  it("crawls a site to depth 2 and finds forms, policy and opt-out links", async () => {
    const events: Array<{ agent: string; level: string; msg: string }> = [];
    const { graph, ranked } = await runDiscovery(testContext(events), { startUrl: web.url("www.compliant.example"), depth: 2, maxPages: 10, session });
    expect(() => InteractionGraphSchema.parse(graph)).not.toThrow();
    const home = graph.nodes.find((n) => n.depth === 0);
    expect(home?.title).toBeTruthy();
    expect(home?.privacy_policy_links.some((l) => l.href.includes("/privacy"))).toBe(true);
    expect(home?.opt_out_links.length).toBeGreaterThan(0);
    expect(home?.banner_present).toBe(true);
    const signup = graph.nodes.find((n) => n.url.includes("/account/signup"));
    expect(signup?.purpose).toBe("signup");
    expect(signup?.forms[0]?.fields.map((f) => f.pii_kind)).toEqual(expect.arrayContaining(["email"]));
    expect(graph.nodes.every((n) => n.depth <= 2)).toBe(true);
    expect(graph.nodes.every((n) => new URL(n.url).hostname.endsWith("compliant.example"))).toBe(true);
    expect(graph.nodes.length).toBeLessThanOrEqual(10);
    expect(graph.edges.length).toBeGreaterThan(0);
    expect(ranked[0]?.depth).toBe(0);
    expect(events.at(-1)?.level).toBe("SUCCESS");
  });

  it("flags insecure forms and third-party scripts on the tracky site", async () => {
    const { graph } = await runDiscovery(testContext(), { startUrl: web.url("www.tracky.example", "/", "http"), depth: 1, maxPages: 6, session });
    const home = graph.nodes.find((n) => n.depth === 0);
    expect(home?.third_party_scripts.length).toBeGreaterThan(3);
    expect(home?.privacy_policy_links).toEqual([]);
    const formPage = graph.nodes.find((n) => n.forms.some((f) => f.insecure && f.fields.some((x) => x.pii_kind === "email")));
    expect(formPage).toBeDefined();
    expect(formPage?.risk_score).toBeGreaterThan(4);
    expect(graph.nodes.every((n) => n.depth <= 1)).toBe(true);
  });
});
