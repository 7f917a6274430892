import { describe, expect, it } from "vitest";
import { runScan } from "@/agents/pipeline";
import type { Principal } from "@/lib/auth/principal";
import type { ScanRunner } from "@/lib/scans/types";
import { createScan } from "@/lib/scans/use-cases/create-scan";
import { findScanOrThrow } from "@/lib/scans/use-cases/find-scan";
import { getScanReport } from "@/lib/scans/use-cases/get-scan-report";
import { EvidenceReportSchema } from "@/lib/schemas/report";
import { ScanRequestSchema } from "@/lib/schemas/scan-request";
import { startTestWeb, type TestWeb } from "@/tests/fixtures/web/server";
import { followToDone, testServiceForFile } from "@/tests/support/test-service";
import { FAST_TIMEOUTS } from "../engine/helpers";

let web: TestWeb | undefined;
// The real pipeline in a real Chromium behind the service's queue, store and report use cases.
const runner: ScanRunner = async (job, ctx) => {
  web ??= await startTestWeb();
  return runScan(job, ctx, { hostResolverRules: web.hostResolverRules, allowPrivateTargets: true, ignoreHTTPSErrors: true, skipPdf: true, timeouts: FAST_TIMEOUTS });
};
const test = testServiceForFile(runner, { workerId: "it-multi-framework" });
const analyst: Principal = { id: "analyst", via: "token" };

describe("a two-framework scan through the service", () => {
  it("stores the request and region, runs one crawl, and serves a report with a verdict per framework", async () => {
    try {
      web ??= await startTestWeb();
      const url = web.url("www.tracky.example", "/", "http");
      const created = await createScan(analyst, ScanRequestSchema.parse({ url, frameworks: ["GDPR", "CCPA"], crawl_depth: 1, max_pages: 2 }));
      const stored = await findScanOrThrow(analyst, created.scan_id);
      expect(stored.framework).toBe("GDPR");
      // The effective region is stored with the request: GDPR's default visitor.
      expect(stored.request).toMatchObject({ framework: "GDPR", frameworks: ["GDPR", "CCPA"], region: "eu" });

      const events = await followToDone(test.service, created.scan_id, () => undefined, 280_000);
      expect(events.at(-1)).toMatchObject({ level: "DONE", msg: "complete" });
      const report = EvidenceReportSchema.parse(JSON.parse(await getScanReport(analyst, created.scan_id)));
      expect(report.report_metadata.framework).toBe("GDPR");
      expect(report.report_metadata.frameworks).toEqual(["GDPR", "CCPA"]);
      expect(report.report_metadata.region).toMatchObject({ id: "eu", locale: "de-DE", timezone: "Europe/Berlin" });
      const [gdpr, ccpa] = report.framework_results;
      expect(gdpr?.violations.filter((v) => v.status === "violation").map((v) => v.violation_type)).toContain("TRACKING_BEFORE_CONSENT");
      expect(ccpa?.framework).toBe("CCPA");
      expect(ccpa?.violations.filter((v) => v.status === "violation").map((v) => v.violation_type)).toContain("GPC_NOT_HONORED");
      expect(ccpa?.observations.map((o) => o.violation_type)).toContain("TRACKING_BEFORE_CONSENT");
      expect(report.violations).toEqual(gdpr?.violations);
    } finally {
      await web?.close();
      web = undefined;
    }
  }, 300_000);
});
