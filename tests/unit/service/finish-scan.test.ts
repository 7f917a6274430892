import { describe, expect, it } from "vitest";
import { closingEvents, decideEnding } from "@/lib/scans/queue/finish-scan";

describe("decideEnding", () => {
  const failed = { status: "error" as const, error: { code: "site_unreachable" as const, message: "down" } };
  const complete = { status: "complete" as const, error: null };

  it("keeps the engine's own account when the worker did not stop the scan", () => {
    expect(decideEnding(failed, null, 300)).toEqual({ status: "error", error: failed.error });
    expect(decideEnding(complete, null, 300)).toEqual({ status: "complete", error: null });
    expect(decideEnding({ status: "error", error: null }, null, 300)).toEqual({ status: "error", error: { code: "engine_error", message: "The scan failed." } });
  });

  it("lets a stop by the worker win over an unfinished scan, never over a complete one", () => {
    expect(decideEnding(failed, "shutdown", 300)).toMatchObject({ status: "interrupted", error: { code: "shutdown" } });
    expect(decideEnding(failed, "timeout", 330)).toMatchObject({ status: "error", error: { code: "timeout", message: expect.stringContaining("330 s") } });
    expect(decideEnding({ status: "cancelled", error: null }, "cancelled", 300)).toMatchObject({ status: "cancelled", error: { code: "cancelled" } });
    expect(decideEnding(complete, "cancelled", 300)).toEqual({ status: "complete", error: null });
  });
});

describe("closingEvents", () => {
  it("ends every stream with what happened, then DONE", () => {
    expect(closingEvents({ status: "complete", error: null, message: "Scan complete" })).toEqual([
      { agent: "system", level: "SUCCESS", msg: "Scan complete", phase: "complete" },
      { agent: "system", level: "DONE", msg: "complete", phase: "complete" },
    ]);
    expect(closingEvents({ status: "cancelled", error: { code: "cancelled", message: "Cancelled by the user." } })[0]).toMatchObject({ level: "WARNING", msg: "Cancelled by the user." });
    expect(closingEvents({ status: "interrupted", error: null, message: "The server stopped." })).toEqual([
      { agent: "system", level: "ERROR", msg: "The server stopped.", phase: "interrupted" },
      { agent: "system", level: "DONE", msg: "error", phase: "interrupted" },
    ]);
  });
});
