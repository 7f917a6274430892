import type { Severity } from "@/lib/schemas/report";
import { Badge, type Tone } from "./badge";

export const severityTone: Record<Severity, Tone> = { HIGH: "red", MEDIUM: "amber", LOW: "blue" };
export const severityFill: Record<Severity, string> = {
  HIGH: "fill-rose-600 dark:fill-rose-400",
  MEDIUM: "fill-amber-500 dark:fill-amber-400",
  LOW: "fill-sky-500 dark:fill-sky-400",
};

/** A distinct shape per severity so the level reads without colour (triangle, diamond, circle). */
export function SeverityShape({ severity, className }: { severity: Severity; className?: string }) {
  return (
    <svg viewBox="0 0 10 10" width="0.7em" height="0.7em" aria-hidden="true" focusable="false" className={className ?? severityFill[severity]}>
      {severity === "HIGH" ? <path d="M5 0.5 9.7 9.5H0.3Z" /> : severity === "MEDIUM" ? <path d="M5 0 10 5 5 10 0 5Z" /> : <circle cx="5" cy="5" r="4.3" />}
    </svg>
  );
}

const labels: Record<Severity, string> = { HIGH: "High", MEDIUM: "Medium", LOW: "Low" };

export function severityLabel(s: Severity): string {
  return labels[s];
}

export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <Badge tone={severityTone[severity]}>
      <SeverityShape severity={severity} className="fill-current" />
      {labels[severity]}
    </Badge>
  );
}
