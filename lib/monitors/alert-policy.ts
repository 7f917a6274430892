import type { AlertOn, MonitorDiff } from "@/lib/schemas/monitor";

/** Whether a completed run's diff is worth a webhook under the monitor's `alert_on`. */
export function shouldDeliver(alertOn: AlertOn, diff: Pick<MonitorDiff, "changed" | "new">): boolean {
  switch (alertOn) {
    case "any_run":
      return true;
    case "changes":
      return diff.changed;
    case "new_high":
      return diff.new.some((v) => v.severity === "HIGH");
  }
}
