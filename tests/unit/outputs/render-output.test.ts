import { describe, expect, it } from "vitest";
import { OUTPUT_FORMATS, OutputFormatSchema, renderOutput } from "@/lib/outputs";
import { EvidenceReportSchema } from "@/lib/schemas/report";
import { recordedReport } from "./support";
import { parseXml } from "./xml";

describe("renderOutput", () => {
  const report = recordedReport("tracky", ["GDPR", "CCPA"]);

  it("renders every format to its file name and content type", () => {
    const out = Object.fromEntries(OUTPUT_FORMATS.map((f) => [f, renderOutput(f, report)]));
    expect(Object.fromEntries(Object.entries(out).map(([f, o]) => [f, [o.fileName, o.contentType]]))).toEqual({
      json: ["apo-report.json", "application/json"],
      sarif: ["apo-report.sarif", "application/sarif+json"],
      junit: ["apo-junit.xml", "application/xml; charset=utf-8"],
      markdown: ["apo-summary.md", "text/markdown; charset=utf-8"],
      html: ["apo-report.html", "text/html; charset=utf-8"],
    });
    expect(EvidenceReportSchema.parse(JSON.parse(out.json!.body))).toEqual(EvidenceReportSchema.parse(report));
    expect((JSON.parse(out.sarif!.body) as { version: string }).version).toBe("2.1.0");
    expect(parseXml(out.junit!.body).name).toBe("testsuites");
    expect(out.markdown!.body).toContain("### APO privacy scan:");
    expect(out.html!.body).toMatch(/^<!doctype html>/i);
    expect(out.html!.body).toContain(report.report_metadata.scan_id);
  });

  it("passes baseline options on: only new findings in SARIF and Markdown", () => {
    const fp = report.framework_results[1]!.violations.find((v) => v.violation_type === "GPC_NOT_HONORED")!.fingerprint!;
    const only = new Set([fp]);
    const sarif = JSON.parse(renderOutput("sarif", report, { onlyFingerprints: only, newOnly: only }).body) as { runs: { results: unknown[] }[] };
    expect(sarif.runs[0]!.results).toHaveLength(1);
    expect(renderOutput("markdown", report, { onlyFingerprints: only, newOnly: only }).body).toContain("**1 new** since the baseline");
  });

  it("parses format names for the CLI", () => {
    expect(OutputFormatSchema.parse("sarif")).toBe("sarif");
    expect(() => OutputFormatSchema.parse("pdf")).toThrow();
  });
});
