import { describe, expect, it } from "vitest";
import { defineFrameworkCatalog, frameworkCatalogs, resolveRule } from "@/agents/rules";
import { frameworkIds } from "@/lib/schemas/framework";
import { findingCodes } from "@/lib/schemas/report";

describe("rule catalog", () => {
  it("covers every framework id", () => {
    expect(Object.keys(frameworkCatalogs).sort()).toEqual([...frameworkIds].sort());
  });
  for (const id of frameworkIds) {
    it(`${id} maps every finding code to a rule or an explicit observation`, () => {
      const catalog = frameworkCatalogs[id];
      expect(catalog.id).toBe(id);
      for (const code of findingCodes) {
        const rule = catalog.rules[code];
        expect(rule.rule_id).toBeTruthy();
        expect(["violation", "observation"]).toContain(rule.treatment);
        if (rule.treatment === "observation") expect(rule.reason).toBeTruthy();
        expect(catalog.penalties[rule.penalty]).toBeDefined();
      }
    });
  }
  it("treats TRACKING_BEFORE_CONSENT as a violation in opt-in regimes and an observation under CCPA", () => {
    for (const id of ["GDPR", "UK_GDPR", "LGPD"] as const) expect(frameworkCatalogs[id].rules.TRACKING_BEFORE_CONSENT.treatment).toBe("violation");
    expect(frameworkCatalogs.GDPR.rules.TRACKING_BEFORE_CONSENT.rule_id).toBe("EU-EP53-PRECONSENT");
    expect(frameworkCatalogs.CCPA.rules.TRACKING_BEFORE_CONSENT.treatment).toBe("observation");
  });
  it("treats GPC_NOT_HONORED as a violation under CCPA and US_CO, an observation under GDPR", () => {
    expect(frameworkCatalogs.CCPA.rules.GPC_NOT_HONORED).toMatchObject({ treatment: "violation", rule_id: "CCPA-1798.135b-GPC", severity: "HIGH" });
    expect(frameworkCatalogs.US_CO.rules.GPC_NOT_HONORED).toMatchObject({ treatment: "violation", rule_id: "CO-6-1-1306-UOOM" });
    expect(frameworkCatalogs.GDPR.rules.GPC_NOT_HONORED.treatment).toBe("observation");
  });
  it("gates US-state GPC duties by their effective date", () => {
    expect(resolveRule("US_OR", "GPC_NOT_HONORED", "2025-12-31T00:00:00Z").treatment).toBe("observation");
    expect(resolveRule("US_OR", "GPC_NOT_HONORED", "2026-01-01T00:00:00Z").treatment).toBe("violation");
    expect(resolveRule("US_CO", "GPC_NOT_HONORED", "2024-07-01T00:00:00Z").treatment).toBe("violation");
  });
  it("uses LAW.md figures in the penalty schedules", () => {
    expect(frameworkCatalogs.CCPA.penalties["PV-CA"]).toMatchObject({ min: 2663, max: 7988 });
    expect(frameworkCatalogs.US_CT.penalties["PV-ST"]).toMatchObject({ min: 5000 });
    expect(frameworkCatalogs.US_NJ.penalties["PV-ST"]).toMatchObject({ min: 10000, max: 20000 });
    expect(frameworkCatalogs.GDPR.penalties.T4).toMatchObject({ fixed: 20_000_000, pct: 0.04 });
    expect(frameworkCatalogs.UK_GDPR.penalties["UK-T2"]).toMatchObject({ fixed: 8_700_000, pct: 0.02 });
  });
  it("defineFrameworkCatalog rejects a missing code or penalty key", () => {
    const good = frameworkCatalogs.CCPA;
    const { GPC_NOT_HONORED: _drop, ...rest } = good.rules;
    expect(() => defineFrameworkCatalog({ ...good, rules: rest as typeof good.rules })).toThrow(/GPC_NOT_HONORED/);
    expect(() => defineFrameworkCatalog({ ...good, rules: { ...good.rules, GPC_NOT_HONORED: { ...good.rules.GPC_NOT_HONORED, penalty: "NOPE" } } })).toThrow(/unknown penalty/);
  });
});
