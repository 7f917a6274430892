import type { DiffViolation, MonitorDiff, VerdictChange } from "@/lib/schemas/monitor";

// The payload's `text`: what a Slack incoming webhook shows as the message (and what a human
// reads first in any other receiver). Plain lines; only &, < and > mean something to Slack's
// mrkdwn, so those are escaped in everything that comes from a site or a report.

const MAX_TYPES_LISTED = 5;

export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function typesOf(violations: DiffViolation[]): string {
  const types = [...new Set(violations.map((v) => v.violation_type))];
  const shown = types.slice(0, MAX_TYPES_LISTED).join(", ");
  return types.length > MAX_TYPES_LISTED ? `${shown} and ${types.length - MAX_TYPES_LISTED} more` : shown;
}

const show = (value: VerdictChange["before"]): string => (value === null ? "none" : String(value));

function scoreLine(diff: MonitorDiff, score: number | null): string {
  if (score === null) return "Score: not available";
  const before = diff.base_scan_id !== null && diff.score_before !== null && diff.score_before !== score ? ` (was ${diff.score_before})` : "";
  return `Score: ${score}${before}`;
}

export interface RunTextInput {
  site: { name: string; url: string };
  diff: MonitorDiff;
  score: number | null;
  reportUrl: string | null;
}

export function runCompletedText({ site, diff, score, reportUrl }: RunTextInput): string {
  const lines = [`APO monitor "${site.name}" ran on ${site.url}`, scoreLine(diff, score)];
  if (diff.base_scan_id === null) {
    lines.push(`First run: this is the baseline later runs are compared with (${diff.unchanged.length + diff.new.length} violations).`);
  } else if (!diff.changed) {
    lines.push("No changes since the last run.");
  } else {
    if (diff.new.length > 0) lines.push(`New violations: ${diff.new.length} (${typesOf(diff.new)})`);
    if (diff.fixed.length > 0) lines.push(`Fixed violations: ${diff.fixed.length} (${typesOf(diff.fixed)})`);
    if (diff.verdict_changes.length > 0) {
      lines.push(`Verdict changes: ${diff.verdict_changes.map((c) => `${c.verdict} ${show(c.before)} → ${show(c.after)}`).join("; ")}`);
    }
    if (diff.trackers.length > 0) lines.push(`Trackers changed for ${diff.trackers.map((t) => t.session).join(", ")}`);
    if (diff.policy.changed) lines.push("The privacy policy text changed.");
  }
  if (reportUrl) lines.push(`Report: ${reportUrl}`);
  return lines.map(escapeMrkdwn).join("\n");
}

export function testEventText(site: { name: string; url: string }): string {
  return escapeMrkdwn(`APO test event for monitor "${site.name}" (${site.url}): this webhook receives APO's alerts.`);
}
