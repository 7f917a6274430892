import { z } from "zod";
import { violationFingerprint } from "@/lib/findings/fingerprint";
import type { EvidenceReport, Severity, Violation } from "@/lib/schemas/report";

/**
 * Baselines: the findings a team has seen and accepted, by fingerprint, so CI reports and fails
 * only on what is new. Pure: reading and writing the file is the caller's job.
 *
 * A finding here is a confirmed violation (never an inconclusive entry or an observation) under any
 * framework the scan judged, the primary and the others, identified by its stable fingerprint.
 */

const isoDate = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

export const BaselineEntrySchema = z.object({
  fingerprint: z.string().min(1),
  violation_type: z.string(),
  framework: z.string(),
  page: z.string().nullable().default(null).describe("The first page the finding was seen on."),
  reason: z.string().optional().describe("Why the finding is accepted; written by a person, kept when the file is rewritten."),
  expires: isoDate.optional().describe("The acceptance ends after this date (or instant); the finding then counts as new again."),
});
export type BaselineEntry = z.infer<typeof BaselineEntrySchema>;

export const BaselineSchema = z.object({
  apo_baseline: z.literal(1).describe("The file format's version."),
  url: z.string().describe("The scanned URL the baseline was written from."),
  written_at: z.string(),
  findings: z.array(BaselineEntrySchema),
});
export type Baseline = z.infer<typeof BaselineSchema>;

export interface Finding {
  fingerprint: string;
  violation_type: string;
  framework: string;
  severity: Severity;
  page: string | null;
  rule_title: string;
}

/** Every confirmed violation of the report, each fingerprint once (old reports get theirs computed). */
export function findingsOf(report: EvidenceReport): Finding[] {
  const all: Violation[] = [...report.violations, ...report.framework_results.filter((r) => !r.primary).flatMap((r) => r.violations)];
  const byFingerprint = new Map<string, Finding>();
  for (const v of all) {
    if (v.status !== "violation") continue;
    const fingerprint = v.fingerprint ?? violationFingerprint(v).fingerprint;
    if (byFingerprint.has(fingerprint)) continue;
    byFingerprint.set(fingerprint, { fingerprint, violation_type: v.violation_type, framework: v.framework, severity: v.severity, page: v.pages[0] ?? null, rule_title: v.rule_title });
  }
  return [...byFingerprint.values()];
}

/** Parses a baseline file's text; the error names the bad field. */
export function parseBaseline(text: string): Baseline {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`baseline is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = BaselineSchema.safeParse(json);
  if (!parsed.success) throw new Error(`baseline is not valid: ${parsed.error.issues.map((i) => `${i.path.join(".") || "file"}: ${i.message}`).join("; ")}`);
  return parsed.data;
}

/**
 * The baseline of the current findings. Reasons and expiries a person gave a finding in one of the
 * `previous` baselines (the file being rewritten, the one the scan was compared with) are kept; a
 * later baseline's entry wins over an earlier one's.
 */
export function buildBaseline(url: string, findings: readonly Finding[], previous: readonly Baseline[], now: Date): Baseline {
  const kept = new Map(previous.flatMap((b) => b.findings).map((e) => [e.fingerprint, e]));
  const entries = findings
    .map((f): BaselineEntry => {
      const old = kept.get(f.fingerprint);
      return {
        fingerprint: f.fingerprint,
        violation_type: f.violation_type,
        framework: f.framework,
        page: f.page,
        ...(old?.reason !== undefined ? { reason: old.reason } : {}),
        ...(old?.expires !== undefined ? { expires: old.expires } : {}),
      };
    })
    .sort((a, b) => a.framework.localeCompare(b.framework) || a.violation_type.localeCompare(b.violation_type) || a.fingerprint.localeCompare(b.fingerprint));
  return { apo_baseline: 1, url, written_at: now.toISOString(), findings: entries };
}

export function serializeBaseline(baseline: Baseline): string {
  return `${JSON.stringify(baseline, null, 2)}\n`;
}

/** A date-only expiry covers its whole day (UTC): accepted through 2026-12-31 means expired from 2027-01-01. */
export function isExpired(entry: Pick<BaselineEntry, "expires">, now: Date): boolean {
  if (entry.expires === undefined) return false;
  if (/^\d{4}-\d{2}-\d{2}$/.test(entry.expires)) return now.toISOString().slice(0, 10) > entry.expires;
  return now.getTime() > Date.parse(entry.expires);
}

export interface BaselineComparison {
  /** Not in the baseline, or accepted once but expired: what outputs report and --fail-on judges. */
  newFindings: Finding[];
  accepted: Finding[];
  /** In the baseline but past its expiry (also counted in newFindings). */
  expired: Finding[];
  /** In the baseline but no longer found. */
  fixed: BaselineEntry[];
}

export function compareWithBaseline(findings: readonly Finding[], baseline: Baseline, now: Date): BaselineComparison {
  const entries = new Map(baseline.findings.map((e) => [e.fingerprint, e]));
  const current = new Set(findings.map((f) => f.fingerprint));
  const result: BaselineComparison = { newFindings: [], accepted: [], expired: [], fixed: [] };
  for (const finding of findings) {
    const entry = entries.get(finding.fingerprint);
    if (!entry) result.newFindings.push(finding);
    else if (isExpired(entry, now)) {
      result.expired.push(finding);
      result.newFindings.push(finding);
    } else result.accepted.push(finding);
  }
  result.fixed = baseline.findings.filter((e) => !current.has(e.fingerprint));
  return result;
}

export function baselineSummary(c: BaselineComparison): string {
  return `Baseline: ${c.newFindings.length} new, ${c.accepted.length} accepted, ${c.expired.length} accepted-but-expired (counted as new), ${c.fixed.length} fixed`;
}
