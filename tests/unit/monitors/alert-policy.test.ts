import { describe, expect, it } from "vitest";
import { shouldDeliver } from "@/lib/monitors/alert-policy";
import type { DiffViolation } from "@/lib/schemas/monitor";

const violation = (severity: DiffViolation["severity"]): DiffViolation => ({ fingerprint: `fp-${severity}`, violation_type: "X", framework: "GDPR", severity, rule_title: "x", parties: [] });

describe("shouldDeliver", () => {
  const cases: Array<[string, { changed: boolean; new: DiffViolation[] }, Record<"any_run" | "changes" | "new_high", boolean>]> = [
    ["nothing changed", { changed: false, new: [] }, { any_run: true, changes: false, new_high: false }],
    ["a verdict changed, no new violation", { changed: true, new: [] }, { any_run: true, changes: true, new_high: false }],
    ["a new MEDIUM violation", { changed: true, new: [violation("MEDIUM"), violation("LOW")] }, { any_run: true, changes: true, new_high: false }],
    ["a new HIGH violation", { changed: true, new: [violation("LOW"), violation("HIGH")] }, { any_run: true, changes: true, new_high: true }],
  ];
  for (const [name, diff, expected] of cases) {
    it(name, () => {
      expect({ any_run: shouldDeliver("any_run", diff), changes: shouldDeliver("changes", diff), new_high: shouldDeliver("new_high", diff) }).toEqual(expected);
    });
  }
});
