import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Framework } from "@/lib/schemas/framework";
import { startTestWeb, type TestWeb } from "@/tests/fixtures/web/server";
import { siteByHost } from "@/tests/fixtures/web/sites";
import { CONSENT_VISITORS, FAST_TIMEOUTS, scanPool, scanTestSite } from "./helpers";

// End to end in a real Chromium on sites written in German, French and Brazilian Portuguese (and
// one in Polish): the banner's reject is found and operated from its wording, the policy and the
// Do-Not-Sell links are found from theirs (their paths say nothing), and the policy verdict is
// made in the policy's language. Each complete site has an incomplete twin.
interface Case {
  host: string;
  framework: Framework;
  language: string;
  /** Disclosure ids the policy lacks; null: the policy is not analysed (language not covered). */
  missing: string[] | null;
}

const cases: Case[] = [
  { host: "www.lang-de.example", framework: "GDPR", language: "de", missing: [] },
  { host: "www.lang-de-thin.example", framework: "GDPR", language: "de", missing: ["dpo", "retention", "rights", "withdraw", "complaint"] },
  { host: "www.lang-fr.example", framework: "PIPEDA", language: "fr", missing: [] },
  { host: "www.lang-fr-thin.example", framework: "PIPEDA", language: "fr", missing: ["person_in_charge", "access", "withdraw", "retention"] },
  { host: "www.lang-pt-br.example", framework: "LGPD", language: "pt-BR", missing: [] },
  { host: "www.lang-pt-br-thin.example", framework: "LGPD", language: "pt-BR", missing: ["form_duration", "rights", "dpo"] },
  { host: "www.lang-pl.example", framework: "GDPR", language: "pl", missing: null },
];

describe("scans of sites in other languages, end to end", () => {
  let web: TestWeb;
  beforeAll(async () => {
    web = await startTestWeb();
  });
  afterAll(async () => {
    await scans.settled();
    await web?.close();
  });

  // The scans are independent: two run at a time, each test judges its own.
  // Bounds on waits, not sleeps: a loaded machine may need longer to show the banner.
  const scans = scanPool(cases, (c) => scanTestSite(web, c.host, c.framework, { label: "lang", sessions: CONSENT_VISITORS, timeouts: { ...FAST_TIMEOUTS, navigationMs: 45_000, detectionBudgetMs: 10_000 } }));

  for (const c of cases) {
    it(`${c.host} under ${c.framework}: banner rejected, policy ${c.missing === null ? "not analysed" : c.missing.length ? "incomplete" : "complete"}`, async () => {
      const site = siteByHost(c.host);
      const wording = site?.wording;
      if (!site || !wording) throw new Error(`no language site ${c.host}`);
      const { evidence, report } = await scans.get(c);

      // Links found by their wording: the policy at its neutral path, the opt-out link as the site words it.
      const home = evidence.discovery.nodes.find((n) => n.depth === 0);
      expect(home?.privacy_policy_links.map((l) => l.text)).toContain(wording.policyLinkText);
      expect(home?.opt_out_links.map((l) => l.text)).toContain(site.optOutLinkText);
      expect(home?.privacy_policy_links.map((l) => l.text)).not.toContain(wording.cookieSettingsText);
      expect(new URL(evidence.privacy_policy?.url ?? "about:blank").pathname).toBe(wording.policyPath);
      expect(evidence.privacy_policy?.html_lang).toBe(wording.lang);

      // The banner is operated from its wording: reject found and clicked, accept found.
      const rejected = evidence.sessions.reject_all?.banner;
      expect(rejected?.detected).toBe(true);
      expect(rejected?.buttons.filter((b) => b.role === "reject").map((b) => b.text)).toContain(wording.banner.rejectAll);
      expect(rejected?.action_result, rejected?.steps.join(" | ")).toBe("success");
      expect(evidence.sessions.accept_all?.banner.action_result, evidence.sessions.accept_all?.errors.join(" | ")).toBe("success");

      const analysis = report.privacy_policy_analysis;
      const codes = new Set(report.violations.filter((v) => v.status === "violation").map((v) => v.violation_type));
      const found = [...codes].join(", ");
      for (const code of ["NO_CONSENT_MECHANISM", "NO_REJECT_OPTION", "REJECT_NOT_HONORED", "MISSING_PRIVACY_POLICY", "OPT_OUT_LINK_BROKEN"] as const) {
        expect(codes.has(code), `${code} should not be reported; found: ${found}`).toBe(false);
      }
      expect(analysis.language).toBe(c.language);
      if (c.missing === null) {
        expect(analysis.analysed).toBe(false);
        expect(analysis.language_detection?.covered).toBe(false);
        expect(analysis.reason).toMatch(/not analysed/);
        expect(codes.has("PRIVACY_POLICY_INCOMPLETE")).toBe(false);
        return;
      }
      expect(analysis.analysed).toBe(true);
      expect([...analysis.missing].sort()).toEqual([...c.missing].sort());
      for (const d of analysis.disclosures.filter((x) => x.present)) expect(evidence.privacy_policy?.text, d.id).toContain(d.quote);
      expect(codes.has("PRIVACY_POLICY_INCOMPLETE"), `found: ${found}`).toBe(c.missing.length > 0);
    }, 300_000);
  }
});
