import { describe, expect, it } from "vitest";
import { BrowserCheck } from "@/lib/readiness/browser-check";

// The readiness probe's browser check: the launch result is cached and refreshed at most once a
// minute however often the probe runs; a missing executable fails at once, without a launch.

function clockedCheck(launch: () => Promise<void>, findExecutable: () => string = () => "/usr/bin/chromium") {
  let now = 1_000_000;
  const check = new BrowserCheck({ findExecutable, launch, now: () => now, firstWaitMs: 1_000 });
  return { check, advance: (ms: number) => (now += ms) };
}

describe("BrowserCheck", () => {
  it("launches once per minute whatever the probe rate, answering from the last result meanwhile", async () => {
    let launches = 0;
    const { check, advance } = clockedCheck(async () => void launches++);
    expect(await check.status()).toMatchObject({ ok: true, detail: "/usr/bin/chromium" });
    for (let i = 0; i < 20; i++) {
      advance(2_000); // a probe every 2 s for 40 s
      expect((await check.status()).ok).toBe(true);
    }
    expect(launches).toBe(1);
    advance(20_000); // a minute after the first launch: one refresh
    await check.status();
    await check.status();
    expect(launches).toBe(2);
  });

  it("reports a launch that fails (and keeps reporting it until the next refresh), then recovers", async () => {
    let fail = true;
    const { check, advance } = clockedCheck(async () => {
      if (fail) throw new Error("Chromium exited with code 1");
    });
    const failed = await check.status();
    expect(failed.ok).toBe(false);
    expect(failed.detail).toContain("Chromium exited with code 1");
    fail = false;
    advance(30_000);
    expect((await check.status()).ok).toBe(false);
    advance(30_000);
    await check.status(); // starts the refresh, answers from the cache
    await new Promise((r) => setTimeout(r, 0));
    expect((await check.status()).ok).toBe(true);
  });

  it("fails without launching when the executable is missing", async () => {
    let launches = 0;
    const { check } = clockedCheck(async () => void launches++, () => {
      throw new Error("No Chromium found (APO_CHROMIUM_PATH=/nope is not an executable file)");
    });
    const result = await check.status();
    expect(result.ok).toBe(false);
    expect(result.detail).toContain("APO_CHROMIUM_PATH=/nope");
    expect(launches).toBe(0);
  });

  it("answers 'not checked yet' when the first launch takes longer than the first wait", async () => {
    let finish!: () => void;
    const slow = new BrowserCheck({ findExecutable: () => "/usr/bin/chromium", launch: () => new Promise<void>((r) => (finish = r)), firstWaitMs: 50 });
    expect(await slow.status()).toMatchObject({ ok: false, detail: "the first browser launch check has not finished yet" });
    finish();
    await new Promise((r) => setTimeout(r, 0));
    expect((await slow.status()).ok).toBe(true);
  });
});
