import { describe, expect, it } from "vitest";
import { renderReportHtml } from "@/agents/observability";
import { sampleReport } from "@/tests/unit/support/sample-report";

describe("the evidence manifest hash on the printed report", () => {
  const report = sampleReport("scan-1", "GDPR");
  const hash = "ab".repeat(32);

  it("is printed in the header with data-manifest-hash when the engine gives it", () => {
    const html = renderReportHtml(report, { manifestHash: hash });
    expect(html).toContain(`data-manifest-hash="${hash}"`);
    expect(html.indexOf("data-manifest-hash")).toBeLessThan(html.indexOf("<h2"));
  });

  it("is absent without one, and escaped whatever it is", () => {
    expect(renderReportHtml(report)).not.toContain("data-manifest-hash");
    expect(renderReportHtml(report, { manifestHash: '"><script>x</script>' })).not.toContain("<script>x");
  });
});
