import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ScanOutcomeNotice } from "@/components/scan/scan-outcome-notice";
import type { ScanStatusView } from "@/lib/schemas/api";
import type { ScanError, ScanStatus } from "@/lib/schemas/scan";

const view = (status: ScanStatus, error: ScanError | null, attempt = 1): ScanStatusView => ({
  scan_id: "00000000-0000-4000-8000-000000000001",
  status,
  phase: status,
  progress: { discovery: 100, interaction: 20, observability: 0 },
  queue_position: null,
  error,
  url: "https://www.shop.example/",
  framework: "GDPR",
  created_at: "2026-12-06T10:00:00.000Z",
  started_at: "2026-12-06T10:00:01.000Z",
  finished_at: "2026-12-06T10:03:00.000Z",
  attempt,
  artifacts: [],
});

const render = (v: ScanStatusView) => renderToStaticMarkup(createElement(ScanOutcomeNotice, { status: v }));

describe("the scan outcome notice", () => {
  it("says why a scan with the request's LLM keys could not move to another server, and to re-run it with the keys", () => {
    const html = render(view("interrupted", { code: "pinned_worker_lost", message: "The server holding this scan's LLM keys stopped." }));
    expect(html).toContain("the server holding its LLM keys stopped");
    expect(html).toContain("never stored");
    expect(html).toContain("enter the keys again");
    expect(html).toContain("pinned_worker_lost");
  });

  it("says a scan that lost its server on every attempt failed for that reason", () => {
    const html = render(view("error", { code: "worker_lost", message: "The server running this scan stopped responding on attempt 2 of 2." }, 2));
    expect(html).toContain("the servers running it stopped");
    expect(html).toContain("attempt 2 of 2");
  });

  it("keeps the plain explanation of an interruption by a restart", () => {
    const html = render(view("interrupted", { code: "shutdown", message: "The server shut down while this scan was running." }));
    expect(html).toContain("The scan was interrupted");
    expect(html).not.toContain("LLM keys");
  });
});
