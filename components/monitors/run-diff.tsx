import type { ReactNode } from "react";
import { SeverityBadge } from "@/components/ui/severity-badge";
import type { DiffViolation, MonitorDiff } from "@/lib/schemas/monitor";
import { sessionLabel } from "@/lib/ui/format";
import { formatVerdictValue, policyLineKind, verdictLabel } from "@/lib/ui/monitors";

const muted = "text-slate-600 dark:text-slate-400";

function Block({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="space-y-2">
      <h4 className="text-sm font-semibold text-slate-900 dark:text-slate-100">{title}</h4>
      {children}
    </div>
  );
}

function Violations({ items, sign }: { items: DiffViolation[]; sign: "+" | "−" }) {
  return (
    <ul className="space-y-1.5">
      {items.map((v) => (
        <li key={v.fingerprint} className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
          <span aria-hidden="true" className="w-3 font-mono font-semibold">
            {sign}
          </span>
          <SeverityBadge severity={v.severity} />
          <span className="font-medium">{v.rule_title}</span>
          <code className={`text-xs ${muted}`}>{v.violation_type}</code>
          <span className={`text-xs ${muted}`}>{v.framework}</span>
          {v.parties.length ? <span className={`text-xs ${muted}`}>· {v.parties.join(", ")}</span> : null}
        </li>
      ))}
    </ul>
  );
}

/** What a run changed against the previous good run: violations, trackers per visitor, verdicts, policy text. */
export function RunDiff({ diff }: { diff: MonitorDiff }) {
  const first = !diff.base_scan_id;
  return (
    <div className="space-y-4" data-testid="run-diff">
      {first ? <p className={`text-sm ${muted}`}>The first good run: the baseline later runs are compared with.</p> : null}
      {!first && !diff.changed ? <p className={`text-sm ${muted}`}>Nothing changed since the previous good run.</p> : null}
      {diff.new.length ? (
        <Block title={first ? `Violations found (${diff.new.length})` : `New violations (${diff.new.length})`}>
          <Violations items={diff.new} sign="+" />
        </Block>
      ) : null}
      {diff.fixed.length ? (
        <Block title={`Fixed violations (${diff.fixed.length})`}>
          <Violations items={diff.fixed} sign="−" />
        </Block>
      ) : null}
      {diff.unchanged.length ? (
        <details>
          <summary className="cursor-pointer text-sm font-medium text-slate-800 focus-visible:outline-2 focus-visible:outline-indigo-600 dark:text-slate-200">
            {first ? `Violations found (${diff.unchanged.length})` : `Unchanged violations (${diff.unchanged.length})`}
          </summary>
          <div className="mt-2">
            <Violations items={diff.unchanged} sign="+" />
          </div>
        </details>
      ) : null}
      {diff.trackers.length ? (
        <Block title="Tracker changes per visitor">
          <ul className="space-y-1 text-sm">
            {diff.trackers.map((t) => (
              <li key={t.session}>
                <span className="font-medium">{sessionLabel(t.session)}:</span>{" "}
                {t.added.length ? <span>added {t.added.join(", ")}</span> : null}
                {t.added.length && t.removed.length ? "; " : null}
                {t.removed.length ? <span>removed {t.removed.join(", ")}</span> : null}
              </li>
            ))}
          </ul>
        </Block>
      ) : null}
      {diff.verdict_changes.length ? (
        <Block title="Verdict changes">
          <ul className="space-y-1 text-sm">
            {diff.verdict_changes.map((c) => (
              <li key={c.verdict}>
                <span className="font-medium">{verdictLabel(c.verdict)}:</span> {formatVerdictValue(c.before)} <span aria-hidden="true">→</span>
                <span className="sr-only">changed to</span> {formatVerdictValue(c.after)}
              </li>
            ))}
          </ul>
        </Block>
      ) : null}
      {diff.policy.changed ? (
        <Block title="Privacy policy text changed">
          {diff.policy.url_before !== diff.policy.url_after ? (
            <p className={`text-xs break-all ${muted}`}>
              {diff.policy.url_before ?? "no policy"} → {diff.policy.url_after ?? "no policy"}
            </p>
          ) : null}
          {diff.policy.diff.length ? (
            <pre tabIndex={0} aria-label="Changed lines of the privacy policy" className="max-h-64 overflow-auto rounded-lg bg-slate-50 p-3 font-mono text-xs leading-relaxed dark:bg-slate-950">
              {diff.policy.diff.map((line, i) => {
                const kind = policyLineKind(line);
                return (
                  <span key={i} className={kind === "added" ? "block text-emerald-800 dark:text-emerald-300" : kind === "removed" ? "block text-rose-800 dark:text-rose-300" : "block"}>
                    {line}
                  </span>
                );
              })}
            </pre>
          ) : (
            <p className={`text-sm ${muted}`}>No line diff is available (one of the texts is missing).</p>
          )}
          {diff.policy.diff_truncated ? <p className={`text-xs ${muted}`}>Only the first changed lines are shown.</p> : null}
        </Block>
      ) : null}
    </div>
  );
}
