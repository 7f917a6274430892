import { describe, expect, it } from "vitest";
import { analyzeEvidence } from "@/agents/observability";
import { computePenalty } from "@/agents/observability/fines/compute-penalty";
import { frameworkCatalogs } from "@/agents/rules";
import { homePage, makeEvidence, SITE } from "@/tests/fixtures/evidence/make-evidence";
import { gpcIgnored, rejectIgnored, trackySite } from "@/tests/fixtures/evidence/scenarios";

const scan = "2026-03-02T10:00:00.000Z";

describe("per-violation fines (CCPA, US states)", () => {
  it("gives the $2,663–$7,988 range and exposure = rate × consumers", () => {
    const p = computePenalty(frameworkCatalogs.CCPA.penalties["PV-CA"]!, { affectedConsumers: 1000, scanDate: scan });
    expect(p).toMatchObject({ currency: "USD", regime: "per_violation", min: 2663, max: 7988, exposure: 2_663_000 });
  });
  it("CCPA report with 3 violations and 1,000 consumers: each exposure 2,663,000 USD", () => {
    const e = gpcIgnored();
    e.discovery.nodes = [makeEvidence({ discovery: { start_url: SITE, nodes: [homePage({ opt_out_links: [] })], edges: [] } }).discovery.nodes[0]!];
    e.opt_out_checks = [{ text: "Do Not Sell", href: `${SITE}dns`, final_url: null, status: 404, redirect_loop: false, has_opt_out_control: false, error: null }];
    const report = analyzeEvidence(e, { framework: "CCPA", scanId: "s", affectedConsumers: 1000 });
    const confirmed = report.violations.filter((v) => v.status === "violation");
    expect(confirmed.map((v) => v.violation_type).sort()).toEqual(["GPC_NOT_HONORED", "MISSING_OPT_OUT_LINK", "OPT_OUT_LINK_BROKEN"]);
    for (const v of confirmed) {
      expect(v.penalty?.exposure).toBe(2_663_000);
      expect(v.penalty_min_usd).toBe(2_663_000);
      expect(v.penalty_max_usd).toBe(7_988_000);
    }
    expect(report.violation_summary.max_potential_penalty_usd).toBe(3 * 7_988_000);
  });
  it("uses each state's rate and gates GPC by the UOOM effective date", () => {
    const co = analyzeEvidence(gpcIgnored(), { framework: "US_CO", scanId: "s", affectedConsumers: 10 });
    expect(co.violations.find((v) => v.violation_type === "GPC_NOT_HONORED")?.penalty?.exposure).toBe(200_000);
    const early = gpcIgnored();
    early.started_at = "2025-06-01T00:00:00.000Z";
    const de = analyzeEvidence(early, { framework: "US_DE", scanId: "s" });
    expect(de.violations.some((v) => v.violation_type === "GPC_NOT_HONORED")).toBe(false);
    expect(de.observations.find((o) => o.violation_type === "GPC_NOT_HONORED")?.reason).toMatch(/2026-01-01/);
  });
});

describe("turnover-capped fines", () => {
  it("GDPR Art. 83(5): €20M cap, 4% of €1bn = €40M", () => {
    const p = computePenalty(frameworkCatalogs.GDPR.penalties.T4!, { annualTurnover: { amount: 1e9, currency: "EUR" }, scanDate: scan });
    expect(p).toMatchObject({ currency: "EUR", regime: "turnover_cap", max: 20_000_000, exposure: 40_000_000 });
    expect(p.citation).toMatch(/83\(5\)/);
  });
  it("GDPR Art. 83(4) with small turnover keeps the fixed €10M", () => {
    const p = computePenalty(frameworkCatalogs.GDPR.penalties.T2!, { annualTurnover: { amount: 1e6, currency: "EUR" }, scanDate: scan });
    expect(p.exposure).toBe(10_000_000);
  });
  it("LGPD: 2% of revenue, capped at BRL 50M per infraction", () => {
    const small = computePenalty(frameworkCatalogs.LGPD.penalties.BR!, { annualTurnover: { amount: 100_000_000, currency: "BRL" }, scanDate: scan });
    const big = computePenalty(frameworkCatalogs.LGPD.penalties.BR!, { annualTurnover: { amount: 1e10, currency: "BRL" }, scanDate: scan });
    expect(small.exposure).toBe(2_000_000);
    expect(big.exposure).toBe(50_000_000);
  });
  it("UK PECR uses £500,000 before the DUAA commenced and £17.5M/4% after", () => {
    const s = frameworkCatalogs.UK_GDPR.penalties["UK-EP"]!;
    expect(computePenalty(s, { scanDate: "2025-12-01" })).toMatchObject({ regime: "fixed_cap", max: 500_000, currency: "GBP" });
    expect(computePenalty(s, { scanDate: scan })).toMatchObject({ regime: "turnover_cap", max: 17_500_000 });
  });
  it("POPIA: R10M fixed cap; Quebec C$10M / 2%", () => {
    expect(computePenalty(frameworkCatalogs.POPIA.penalties.ZA!, { scanDate: scan })).toMatchObject({ currency: "ZAR", max: 10_000_000 });
    expect(computePenalty(frameworkCatalogs.PIPEDA.penalties.QC!, { annualTurnover: { amount: 1e9, currency: "CAD" }, scanDate: scan }).exposure).toBe(20_000_000);
  });
  it("converts turnover given in another currency through the static FX table", () => {
    const p = computePenalty(frameworkCatalogs.GDPR.penalties.T4!, { annualTurnover: { amount: 1.17e9, currency: "USD" }, scanDate: scan });
    expect(p.exposure).toBe(40_000_000);
  });
});

describe("report-level fines", () => {
  it("GDPR groups consent conducts under one Art. 83(3) cap", () => {
    const report = analyzeEvidence(rejectIgnored(), { framework: "GDPR", scanId: "s", annualTurnover: { amount: 1e9, currency: "EUR" } });
    const e = trackySite();
    e.sessions.reject_all = rejectIgnored().sessions.reject_all;
    const many = analyzeEvidence(e, { framework: "GDPR", scanId: "s", annualTurnover: { amount: 1e9, currency: "EUR" } });
    const grouped = many.violations.filter((v) => v.penalty?.grouped_with);
    expect(grouped.length).toBeGreaterThan(0);
    expect(many.violation_summary.max_potential_penalty).toBe(40_000_000);
    expect(report.violation_summary.penalty_currency).toBe("EUR");
  });
  it("PIPEDA findings carry no fine, with an explanation", () => {
    const report = analyzeEvidence(rejectIgnored(), { framework: "PIPEDA", scanId: "s" });
    const v = report.violations.find((x) => x.violation_type === "REJECT_NOT_HONORED");
    expect(v?.penalty?.regime).toBe("none");
    expect(v?.penalty?.basis).toMatch(/no administrative fines/);
    expect(v?.penalty_max_usd).toBeNull();
  });
  it("every penalty carries currency, basis and citation in every framework", () => {
    for (const framework of Object.keys(frameworkCatalogs) as (keyof typeof frameworkCatalogs)[]) {
      const e = trackySite();
      e.sessions.reject_all = rejectIgnored().sessions.reject_all;
      e.sessions.gpc = gpcIgnored().sessions.gpc;
      const report = analyzeEvidence(e, { framework, scanId: "s", affectedConsumers: 5, annualTurnover: { amount: 1e8, currency: "EUR" } });
      for (const v of report.violations.filter((x) => x.status === "violation")) {
        expect(v.penalty, `${framework} ${v.violation_type}`).not.toBeNull();
        expect(v.penalty?.currency).toMatch(/^[A-Z]{3}$/);
        expect(v.penalty?.basis.length).toBeGreaterThan(10);
        expect(v.penalty?.citation.length).toBeGreaterThan(0);
      }
    }
  });
});
