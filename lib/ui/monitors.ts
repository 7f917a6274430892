import type { AlertOn, Monitor, MonitorDiff, MonitorRun, VerdictChange, WebhookDelivery } from "@/lib/schemas/monitor";
import { MAX_INTERVAL_MINUTES } from "@/lib/schemas/monitor";
import { isFinalStatus } from "@/lib/schemas/scan";
import { pluralize } from "./format";

// Pure formatting for the monitor pages: intervals, schedules, trends, diffs and deliveries.

export const intervalPresets: ReadonlyArray<{ label: string; minutes: number }> = [
  { label: "Hourly", minutes: 60 },
  { label: "Every 6 hours", minutes: 6 * 60 },
  { label: "Daily", minutes: 24 * 60 },
  { label: "Weekly", minutes: 7 * 24 * 60 },
];

/** The presets this server accepts (its floor is APO_MONITOR_MIN_INTERVAL_MINUTES). */
export function presetsFor(floorMinutes: number): ReadonlyArray<{ label: string; minutes: number }> {
  return intervalPresets.filter((p) => p.minutes >= floorMinutes && p.minutes <= MAX_INTERVAL_MINUTES);
}

/** "every 15 minutes", "hourly", "every 6 hours", "daily", "every 3 days", "weekly", "every 90 minutes". */
export function formatInterval(minutes: number): string {
  if (!Number.isFinite(minutes) || minutes <= 0) return "—";
  const week = 7 * 24 * 60;
  const day = 24 * 60;
  if (minutes % week === 0) return minutes === week ? "weekly" : `every ${minutes / week} weeks`;
  if (minutes % day === 0) return minutes === day ? "daily" : `every ${minutes / day} days`;
  if (minutes % 60 === 0) return minutes === 60 ? "hourly" : `every ${minutes / 60} hours`;
  return minutes === 1 ? "every minute" : `every ${minutes} minutes`;
}

/** "in 42 min", "3 h ago", "in 2 d", "just now"; relative to `now` so tests and renders agree. */
export function formatRelative(iso: string | null | undefined, now: Date): string {
  if (!iso) return "—";
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return iso;
  const diffMin = Math.round((t - now.getTime()) / 60_000);
  const abs = Math.abs(diffMin);
  const span = abs < 1 ? null : abs < 60 ? `${abs} min` : abs < 48 * 60 ? `${Math.round(abs / 60)} h` : `${Math.round(abs / (24 * 60))} d`;
  // Under a minute either way: the sign of the exact difference, not of the rounded one.
  if (span === null) return t > now.getTime() ? "in under a minute" : "just now";
  return diffMin > 0 ? `in ${span}` : `${span} ago`;
}

/** What the list's "Next run" column says: paused monitors have none. */
export function nextRunLabel(monitor: Pick<Monitor, "enabled" | "next_run_at">, now: Date): string {
  if (!monitor.enabled) return "Paused";
  if (!monitor.next_run_at) return "Not scheduled";
  const t = new Date(monitor.next_run_at).getTime();
  return t <= now.getTime() ? "Due now" : formatRelative(monitor.next_run_at, now);
}

export const alertOnLabels: Record<AlertOn, { label: string; description: string }> = {
  any_run: { label: "Every completed run", description: "A webhook after each run that completes." },
  changes: { label: "Only runs that changed something", description: "Violations new or fixed, trackers, verdicts or the policy text differ from the previous good run." },
  new_high: { label: "Only new high-severity violations", description: "A run that finds a HIGH-severity violation the previous good run did not have." },
};

/** A run is in progress when the newest run has not reached a final status. */
export function runInProgress(monitor: Pick<Monitor, "last_run"> | null, runs: readonly Pick<MonitorRun, "status">[] | null): boolean {
  if (runs && runs.length > 0) return !isFinalStatus(runs[0]!.status);
  return monitor?.last_run ? !isFinalStatus(monitor.last_run.status) : false;
}

// ---- Trends --------------------------------------------------------------------------------------

export interface TrendPoint {
  scan_id: string;
  label: string;
  at: string | null;
  score: number | null;
  violations: number | null;
}

/** Completed runs, oldest first, as the chart and its table alternative show them. */
export function trendFromRuns(runs: readonly MonitorRun[]): TrendPoint[] {
  return runs
    .filter((r) => r.status === "complete")
    .map((r) => ({ scan_id: r.scan_id, at: r.finished_at ?? r.created_at, score: r.score === null ? null : Math.round(r.score), violations: r.violations, label: shortStamp(r.finished_at ?? r.created_at) }))
    .sort((a, b) => (a.at ?? "").localeCompare(b.at ?? ""));
}

/** "12-04 18:20" (UTC): short enough for an axis tick, the year is in the table. */
export function shortStamp(iso: string | null): string {
  if (!iso) return "—";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().slice(5, 16).replace("T", " ");
}

/**
 * SVG polyline points for a sparkline of `values` in a width×height box (y grows down); nulls
 * are skipped, a single value is drawn flat across the box. Empty when nothing is known.
 */
export function sparklinePoints(values: readonly (number | null)[], width: number, height: number, range: { min: number; max: number } = { min: 0, max: 100 }): string {
  const known = values.map((v, i) => ({ v, i })).filter((p): p is { v: number; i: number } => p.v !== null && Number.isFinite(p.v));
  if (known.length === 0) return "";
  const span = range.max - range.min || 1;
  const y = (v: number) => round(height - ((Math.min(range.max, Math.max(range.min, v)) - range.min) / span) * height);
  if (known.length === 1) return `0,${y(known[0]!.v)} ${width},${y(known[0]!.v)}`;
  const step = values.length > 1 ? width / (values.length - 1) : width;
  return known.map((p) => `${round(p.i * step)},${y(p.v)}`).join(" ");
}

const round = (n: number) => Math.round(n * 10) / 10;

/** The sparkline's accessible sentence: the values and which way they went. */
export function describeTrend(values: readonly (number | null)[], what = "Score"): string {
  const known = values.filter((v): v is number => v !== null);
  if (known.length === 0) return `${what}: no completed runs yet`;
  const list = known.map((v) => String(Math.round(v))).join(", ");
  if (known.length === 1) return `${what} of the last run: ${list}`;
  const d = Math.round(known[known.length - 1]! - known[0]!);
  const direction = d === 0 ? "unchanged" : d > 0 ? `up ${d}` : `down ${-d}`;
  return `${what} over the last ${known.length} runs: ${list} (${direction})`;
}

// ---- Diffs ---------------------------------------------------------------------------------------

/** One line for a run's diff, e.g. "2 new, 1 fixed, trackers changed for 1 visitor, policy text changed". */
export function summarizeDiff(diff: MonitorDiff | null): string {
  if (!diff) return "No diff";
  if (!diff.base_scan_id) return `Baseline run: ${pluralize(diff.new.length + diff.unchanged.length, "violation")}, nothing earlier to compare with`;
  if (!diff.changed) return "No change since the previous good run";
  const parts: string[] = [];
  if (diff.new.length) parts.push(`${diff.new.length} new`);
  if (diff.fixed.length) parts.push(`${diff.fixed.length} fixed`);
  if (diff.trackers.length) parts.push(`trackers changed for ${pluralize(diff.trackers.length, "visitor")}`);
  if (diff.verdict_changes.length) parts.push(pluralize(diff.verdict_changes.length, "verdict change"));
  if (diff.policy.changed) parts.push("policy text changed");
  return parts.length ? parts.join(", ") : "Changed";
}

const verdictLabels: Record<string, string> = {
  gpc: "Global Privacy Control",
  "consent.banner_found": "Consent banner found",
  "consent.reject_on_first_layer": "Reject on the first layer",
  "consent.reject_honored": "Reject honoured",
  grade: "Grade",
};

export function verdictLabel(verdict: string): string {
  return verdictLabels[verdict] ?? verdict;
}

export function formatVerdictValue(value: VerdictChange["before"]): string {
  if (value === null) return "unknown";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "number") return String(Math.round(value * 10) / 10);
  return value.replace(/_/g, " ");
}

/** A policy diff line's kind from its "+ "/"- " prefix, so added and removed lines read without colour. */
export function policyLineKind(line: string): "added" | "removed" | "context" {
  if (line.startsWith("+")) return "added";
  if (line.startsWith("-")) return "removed";
  return "context";
}

// ---- Webhook deliveries -------------------------------------------------------------------------

/** "200 in 84 ms", "HTTP 500", "timeout" for one attempt. */
export function describeAttempt(a: WebhookDelivery["attempts"][number]): string {
  const outcome = a.error ? a.error : a.response_status !== null ? `HTTP ${a.response_status}` : "no response";
  return `${outcome} in ${a.duration_ms} ms`;
}

export const eventTypeLabels: Record<WebhookDelivery["event_type"], string> = {
  "monitor.run.completed": "Run completed",
  "monitor.test": "Test event",
};

export function hasPendingDelivery(deliveries: readonly Pick<WebhookDelivery, "status">[] | null): boolean {
  return deliveries?.some((d) => d.status === "pending") ?? false;
}

/** How a receiver checks a delivery; shown beside the secret, which is shown once. */
export function signatureVerificationSnippet(): string {
  return [
    'import { createHmac, timingSafeEqual } from "node:crypto";',
    "",
    "// rawBody: the request body exactly as received (a string or Buffer), before JSON parsing.",
    "function verify(rawBody, headers, secret) {",
    '  const timestamp = headers["x-apo-timestamp"];',
    '  const signature = headers["x-apo-signature"] ?? "";',
    "  // Reject old deliveries so a captured request cannot be replayed.",
    "  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 5 * 60) return false;",
    '  const expected = "sha256=" + createHmac("sha256", secret).update(`${timestamp}.${rawBody}`).digest("hex");',
    "  return signature.length === expected.length && timingSafeEqual(Buffer.from(signature), Buffer.from(expected));",
    "}",
  ].join("\n");
}
