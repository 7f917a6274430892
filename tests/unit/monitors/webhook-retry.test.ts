import { describe, expect, it } from "vitest";
import { MAX_RETRY_DELAY_MS, retryDelayMs } from "@/lib/monitors/webhook-retry";

describe("retryDelayMs", () => {
  it("doubles from the base with no jitter", () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, 10_000, () => 0))).toEqual([10_000, 20_000, 40_000, 80_000, 160_000]);
  });

  it("adds at most 10% jitter", () => {
    expect(retryDelayMs(3, 10_000, () => 0.999)).toBe(Math.round(40_000 * 1.0999));
    for (let i = 0; i < 50; i++) {
      const d = retryDelayMs(2, 1000);
      expect(d).toBeGreaterThanOrEqual(2000);
      expect(d).toBeLessThanOrEqual(2200);
    }
  });

  it("is capped at one hour however many attempts", () => {
    expect(retryDelayMs(9, 10_000, () => 0)).toBe(2_560_000);
    expect(retryDelayMs(10, 10_000, () => 0)).toBe(MAX_RETRY_DELAY_MS);
    expect(retryDelayMs(60, 10_000, () => 0.9)).toBe(MAX_RETRY_DELAY_MS);
    expect(retryDelayMs(2000, 10_000)).toBe(MAX_RETRY_DELAY_MS);
    expect(MAX_RETRY_DELAY_MS).toBe(3_600_000);
  });
});
