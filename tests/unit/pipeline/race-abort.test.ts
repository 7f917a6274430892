import { describe, expect, it } from "vitest";
import { raceAbort } from "@/agents/pipeline/race-abort";

describe("raceAbort", () => {
  it("passes a stage's result through when nothing is aborted", async () => {
    await expect(raceAbort(new AbortController().signal, Promise.resolve(42))).resolves.toBe(42);
  });

  it("gives an aborted stage its grace period to finish on its own", async () => {
    const controller = new AbortController();
    controller.abort(new Error("cancelled"));
    const work = new Promise<string>((resolve) => setTimeout(() => resolve("wound down"), 20));
    await expect(raceAbort(controller.signal, work, 500)).resolves.toBe("wound down");
  });

  it("rejects with the abort reason when a stage never returns", async () => {
    const controller = new AbortController();
    const hung = new Promise<never>(() => undefined);
    const started = Date.now();
    setTimeout(() => controller.abort(new Error("scan cancelled")), 10);
    await expect(raceAbort(controller.signal, hung, 50)).rejects.toThrow("scan cancelled");
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
