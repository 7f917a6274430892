import { toDiffViolation } from "@/lib/findings/fingerprint";
import type { DiffViolation, MonitorDiff, VerdictChange } from "@/lib/schemas/monitor";
import type { EvidenceReport, Violation } from "@/lib/schemas/report";
import { shortTextDiff } from "./text-diff";

type Session = MonitorDiff["trackers"][number]["session"];
const SESSIONS: readonly Session[] = ["pre_consent", "accept_all", "reject_all", "gpc"];

/**
 * What changed between a monitor's previous good run (`base`) and this one (`next`), from the
 * two stored reports alone. Pure.
 *
 * - Violations: confirmed ones (not inconclusive, not observations) of every framework's
 *   verdict, matched by stable fingerprint (lib/findings/fingerprint.ts) as multisets: the same
 *   fingerprint twice pairs up in order. `unchanged` carries this run's entries.
 * - Trackers: per visitor, entities with requests now and not before (added) or the reverse;
 *   visitors with no change are left out, and a visitor not recorded in either run is skipped
 *   (a visit that failed to record would otherwise read as every tracker removed).
 * - Verdicts: GPC, banner found, reject on the first layer, reject honoured, grade; only changes.
 * - Policy: by SHA-256 or URL of the snapshot, with a capped sentence diff.
 *
 * First run (`base === null`): there is nothing to compare with, so every confirmed violation is
 * listed as `new` (an analyst's first alert should say what the site does wrong today), while
 * trackers, verdicts and policy report no change (a baseline is not a change). `changed` is true
 * when that first run found any violation; `base_scan_id: null` is what tells consumers (the
 * webhook text, the UI) that this is the first run.
 */
export function diffReports(base: { scanId: string; report: EvidenceReport } | null, next: EvidenceReport): MonitorDiff {
  const after = confirmedViolations(next).map(toDiffViolation);
  const before = base ? confirmedViolations(base.report).map(toDiffViolation) : [];
  const { added, fixed, unchanged } = matchByFingerprint(before, after);
  const trackers = base ? trackerChanges(base.report, next) : [];
  const verdictChanges = base ? verdictDiff(base.report, next) : [];
  const policy = policyDiff(base?.report ?? null, next);
  return {
    base_scan_id: base?.scanId ?? null,
    changed: added.length > 0 || fixed.length > 0 || trackers.length > 0 || verdictChanges.length > 0 || policy.changed,
    new: added,
    fixed,
    unchanged,
    trackers,
    verdict_changes: verdictChanges,
    policy,
    score_before: base?.report.compliance_score.score ?? null,
    score_after: next.compliance_score.score,
  };
}

/** Every framework's confirmed violations; reports older than multi-framework scans have only the top level. */
export function confirmedViolations(report: EvidenceReport): Violation[] {
  const all = report.framework_results.length > 0 ? report.framework_results.flatMap((r) => r.violations) : report.violations;
  return all.filter((v) => v.status === "violation");
}

function matchByFingerprint(before: DiffViolation[], after: DiffViolation[]): { added: DiffViolation[]; fixed: DiffViolation[]; unchanged: DiffViolation[] } {
  const pool = new Map<string, DiffViolation[]>();
  for (const v of before) pool.set(v.fingerprint, [...(pool.get(v.fingerprint) ?? []), v]);
  const added: DiffViolation[] = [];
  const unchanged: DiffViolation[] = [];
  for (const v of after) {
    if (pool.get(v.fingerprint)?.shift()) unchanged.push(v);
    else added.push(v);
  }
  return { added, fixed: [...pool.values()].flat(), unchanged };
}

function recorded(report: EvidenceReport, session: Session): boolean {
  return report.session_summary.sessions.some((s) => s.session === session && s.recorded);
}

function entitiesIn(report: EvidenceReport, session: Session): Set<string> {
  return new Set(report.trackers.filter((t) => t.sessions[session] > 0).map((t) => t.entity));
}

function trackerChanges(base: EvidenceReport, next: EvidenceReport): MonitorDiff["trackers"] {
  return SESSIONS.flatMap((session) => {
    if (!recorded(base, session) || !recorded(next, session)) return [];
    const was = entitiesIn(base, session);
    const now = entitiesIn(next, session);
    const added = [...now].filter((e) => !was.has(e)).sort();
    const removed = [...was].filter((e) => !now.has(e)).sort();
    return added.length || removed.length ? [{ session, added, removed }] : [];
  });
}

const VERDICTS: ReadonlyArray<[string, (r: EvidenceReport) => VerdictChange["before"]]> = [
  ["gpc", (r) => r.gpc_verdict.verdict],
  ["consent.banner_found", (r) => r.consent_verdict.banner_found],
  ["consent.reject_on_first_layer", (r) => r.consent_verdict.reject_on_first_layer],
  ["consent.reject_honored", (r) => r.consent_verdict.reject_honored],
  ["grade", (r) => r.compliance_score.grade],
];

function verdictDiff(base: EvidenceReport, next: EvidenceReport): VerdictChange[] {
  return VERDICTS.flatMap(([verdict, read]) => {
    const before = read(base);
    const after = read(next);
    return before === after ? [] : [{ verdict, before, after }];
  });
}

/**
 * `changed` when both runs read a policy and its URL or text hash differs, or one run read a
 * policy and the other found none. A report written before snapshots existed (its analysis read
 * a policy, yet it has no snapshot) is not evidence of a change.
 */
function policyDiff(base: EvidenceReport | null, next: EvidenceReport): MonitorDiff["policy"] {
  const was = base?.privacy_policy_snapshot ?? null;
  const now = next.privacy_policy_snapshot;
  const unknown = (r: EvidenceReport) => r.privacy_policy_snapshot === null && r.privacy_policy_analysis.analysed;
  const comparable = base !== null && !unknown(base) && !unknown(next);
  const changed = comparable && ((was?.sha256 ?? null) !== (now?.sha256 ?? null) || (was?.url ?? null) !== (now?.url ?? null));
  const diff = changed && was && now && was.sha256 !== now.sha256 ? shortTextDiff(was.text, now.text) : { lines: [], truncated: false };
  return {
    changed,
    url_before: was?.url ?? null,
    url_after: now?.url ?? null,
    sha256_before: was?.sha256 ?? null,
    sha256_after: now?.sha256 ?? null,
    diff: diff.lines,
    diff_truncated: diff.truncated,
  };
}
