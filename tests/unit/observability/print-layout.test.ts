import { describe, expect, it } from "vitest";
import { analyzeEvidence, renderReportHtml } from "@/agents/observability";
import { footerTemplate, headerTemplate, pageRuleCss, PRINT_PAGE, printContentWidthPx, printPdfOptions } from "@/agents/observability/report/print-layout";
import { COLUMNS, fitTable } from "@/agents/observability/report/render-table";
import { trackySite } from "@/tests/fixtures/evidence/scenarios";

const hostileSite = `https://evil.example/"><script>alert(1)</script><span class="pageNumber"></span><img src=x onerror=alert(2)>`;
const hostileScan = `scan"><style>*{display:none}</style>`;

describe("running header and footer templates", () => {
  it("escape a hostile site name and scan id, so neither can inject markup or Chromium's page-number fields", () => {
    const head = { site: hostileSite, scanId: hostileScan };
    for (const template of [headerTemplate(head), footerTemplate(head)]) {
      expect(template).not.toMatch(/<script|<img|<style/);
      expect(template).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
      expect(template).toContain("evil.example/&quot;&gt;&lt;script");
    }
    // The markup is exactly the template's own: two spans in the header, four in the footer.
    expect(headerTemplate(head).match(/<span/g)).toHaveLength(2);
    expect(footerTemplate(head).match(/<span/g)).toHaveLength(4);
    expect(headerTemplate(head)).toContain("scan&quot;&gt;&lt;style&gt;");
    // Only the footer's own spans are filled in by Chromium; the site's text stays text.
    expect(footerTemplate(head).match(/class="pageNumber"/g)).toHaveLength(1);
    expect(footerTemplate(head).match(/class="totalPages"/g)).toHaveLength(1);
    expect(headerTemplate(head)).not.toMatch(/class="(pageNumber|totalPages)"/);
  });

  it("carry their own inline styles with an explicit font size (the templates render without the report's CSS)", () => {
    const template = footerTemplate({ site: "https://www.tracky.example/", scanId: "s-1" });
    expect(template).not.toContain("<style");
    expect(template).toMatch(/^<div style="[^"]*font:8px[^"]*">/);
    expect(template).toContain("Page <span class=\"pageNumber\"></span> of <span class=\"totalPages\"></span>");
  });

  it("cut a very long site name to one line", () => {
    const long = `https://www.tracky.example/${"a".repeat(500)}`;
    expect(headerTemplate({ site: long, scanId: "s" }).length).toBeLessThan(1_000);
  });
});

describe("page box", () => {
  it("uses the same A4 margins in the PDF options and the report's @page rule", () => {
    const { margin } = printPdfOptions({ site: "x", scanId: "y" });
    const m = PRINT_PAGE.margin;
    expect(margin).toEqual({ top: `${m.topMm}mm`, bottom: `${m.bottomMm}mm`, left: `${m.leftMm}mm`, right: `${m.rightMm}mm` });
    expect(pageRuleCss()).toBe(`@page{size:A4 portrait;margin:${m.topMm}mm ${m.rightMm}mm ${m.bottomMm}mm ${m.leftMm}mm}`);
    expect(printPdfOptions({ site: "x", scanId: "y" })).toMatchObject({ format: "A4", displayHeaderFooter: true, printBackground: true });
    expect(printContentWidthPx()).toBeCloseTo(((210 - m.leftMm - m.rightMm) * 96) / 25.4, 5);
  });
});

describe("fitTable", () => {
  it("gives every column set widths that add up to the table's width", () => {
    for (const [name, columns] of Object.entries(COLUMNS)) {
      expect(columns.reduce((sum, c) => sum + c.width, 0), name).toBe(100);
    }
  });

  it("writes fixed column widths, a repeatable header and wrap cells only where asked; nothing for no rows", () => {
    const html = fitTable(COLUMNS.evidenceRequests, [["pre_consent", "GET", "<code>https://a.example/x</code>", "Meta", "advertising", "—"]]);
    expect(html).toContain('<table class="fit">');
    expect(html).toContain('<col style="width:41%">');
    expect(html).toContain('<thead><tr><th scope="col">Visit</th>');
    expect(html).toContain('<td class="wrap"><code>https://a.example/x</code></td>');
    expect(html).toContain("<td>pre_consent</td>");
    expect(fitTable(COLUMNS.visits, [])).toBe("");
  });
});

describe("report HTML for print", () => {
  const report = analyzeEvidence(trackySite(), { scanId: "scan-1", generatedAt: "2026-03-02T10:05:00.000Z", framework: "GDPR" });
  const html = renderReportHtml(report);

  it("opens with a summary (verdicts, violations by severity, fines) that ends the first page, evidence after it", () => {
    const summary = html.slice(html.indexOf('<section class="summary"'), html.indexOf("</section>"));
    for (const heading of ["<h2>Verdicts</h2>", "<h2>Violations by severity</h2>", "<h2>Potential fines</h2>", "Global Privacy Control:", "Consent banner:"]) {
      expect(summary).toContain(heading);
    }
    expect(summary).toContain("<dt>Scan</dt><dd>scan-1</dd>");
    expect(summary).not.toContain("ms after choice");
    expect(html.indexOf('<section class="summary"')).toBeLessThan(html.indexOf("Violations ("));
    expect(html).toMatch(/@media print\{[^]*\.summary\{break-after:page\}/);
    expect(html).toContain(pageRuleCss());
    expect(html).toContain("thead{display:table-header-group}");
  });

  it("shows the manifest hash, escaped, in the summary's identification list when given one", () => {
    expect(html).not.toContain("data-manifest-hash");
    const signed = renderReportHtml(report, { manifestHash: 'sha256:ab"<x>' });
    expect(signed).toContain('<dt>Manifest hash</dt><dd><code data-manifest-hash="sha256:ab&quot;&lt;x&gt;">sha256:ab&quot;&lt;x&gt;</code></dd>');
  });

  it("lays every evidence table out with fixed columns and no script", () => {
    const tables = html.match(/<table[^>]*>/g) ?? [];
    expect(tables.length).toBeGreaterThan(3);
    expect(tables.every((t) => t.includes('class="fit'))).toBe(true);
    expect(html).not.toContain("<script");
  });
});
