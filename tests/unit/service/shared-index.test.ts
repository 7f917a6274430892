import { describe, expect, it } from "vitest";
import { renderSharedIndex } from "@/lib/scans/use-cases/render-shared-index";
import type { ScanRecord } from "@/lib/store/types";

const scan: ScanRecord = {
  id: "7c9e6679-7425-40de-944b-e07fc1f90ae7",
  owner: "analyst@apo.test",
  url: `https://www.shop.example/?q="><script>alert(1)</script>&x='y'`,
  framework: "GDPR",
  request: {},
  status: "complete",
  phase: null,
  progress: {},
  error: null,
  summary: { total_violations: 4, severity_breakdown: { HIGH: 3, MEDIUM: 0, LOW: 1 }, max_potential_penalty_usd: 23_400_000, compliance_score: 52, grade: "F" },
  artifacts: [{ file: "evidence.json", kind: "evidence", contentType: "application/json", bytes: 1200 }],
  workerId: null,
  pinned: false,
  cancelRequested: false,
  attempt: 1,
  previousWorkerId: null,
  createdAt: new Date("2026-03-02T10:00:00.000Z"),
  startedAt: new Date("2026-03-02T10:00:01.000Z"),
  finishedAt: new Date("2026-03-02T10:04:00.000Z"),
};

/** content of each <meta property|name=…> in the page's head. */
function metaTags(html: string): Map<string, string> {
  const head = html.slice(0, html.indexOf("</head>"));
  return new Map([...head.matchAll(/<meta (?:property|name)="([^"]+)" content="([^"]*)">/g)].map((m) => [m[1]!, m[2]!]));
}

describe("renderSharedIndex: the Open Graph card", () => {
  const html = renderSharedIndex(scan, "/api/shared/tok", "https://apo.example.com/og-report.png");
  const meta = metaTags(html);

  it("names the report, points at the absolute image and asks for the large card", () => {
    expect(meta.get("og:image")).toBe("https://apo.example.com/og-report.png");
    expect(meta.get("og:image:width")).toBe("1200");
    expect(meta.get("og:image:height")).toBe("630");
    expect(meta.get("og:type")).toBe("website");
    expect(meta.get("twitter:card")).toBe("summary_large_image");
    expect(meta.get("og:title")).toMatch(/^APO report – https:\/\/www\.shop\.example\//);
    expect(meta.get("og:description")).toMatch(/ under GDPR: 4 violations\.$/);
  });

  it("escapes the scanned URL in the title and the tags", () => {
    expect(html).not.toContain("<script>");
    expect(html).not.toContain(`"><script`);
    expect(meta.get("og:title")).toBe("APO report – https://www.shop.example/?q=&#34;&#62;&#60;script&#62;alert(1)&#60;/script&#62;&#38;x=&#39;y&#39;");
    expect(html).toContain(`<title>${meta.get("og:title")}</title>`);
  });
});
