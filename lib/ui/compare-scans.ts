import type { ScanListItem } from "@/lib/schemas/api";
import type { Violation } from "@/lib/schemas/report";

export interface ViolationDiff {
  fixed: Violation[];
  added: Violation[];
  unchanged: Array<{ before: Violation; after: Violation }>;
}

/**
 * A violation "is the same" across scans when the same finding is about the same parties: the
 * stable fingerprint the report carries (lib/findings/fingerprint.ts), as monitors use. Ids are
 * per-scan and pages move around between crawls, so neither is part of it; a tracker joining a
 * finding is. Reports older than fingerprints fall back to framework, rule and type.
 */
export function violationIdentity(v: Violation): string {
  return v.fingerprint ?? `${v.framework}|${v.rule_id}|${v.violation_type}`;
}

/** Compares an older scan's violations with a newer one's; repeated identities pair up in order. */
export function diffViolations(before: readonly Violation[], after: readonly Violation[]): ViolationDiff {
  const pool = new Map<string, Violation[]>();
  for (const v of before) {
    const k = violationIdentity(v);
    pool.set(k, [...(pool.get(k) ?? []), v]);
  }
  const added: Violation[] = [];
  const unchanged: ViolationDiff["unchanged"] = [];
  for (const v of after) {
    const match = pool.get(violationIdentity(v))?.shift();
    if (match) unchanged.push({ before: match, after: v });
    else added.push(v);
  }
  const fixed = [...pool.values()].flat();
  return { fixed, added, unchanged };
}

/** Two scans compare fairly only when they target the same site. */
export function sameSite(a: string, b: string): boolean {
  try {
    const ha = new URL(a).hostname.replace(/^www\./, "");
    const hb = new URL(b).hostname.replace(/^www\./, "");
    return ha === hb;
  } catch {
    return a === b;
  }
}

export type ComparableScan = Pick<ScanListItem, "scan_id" | "url" | "created_at" | "status">;

export type CompareSelection<T extends ComparableScan> =
  | { kind: "none" }
  | { kind: "mismatch"; reason: string }
  | { kind: "ready"; older: T; newer: T };

/** Two selected, completed scans of one site, ordered oldest first; otherwise why not. */
export function compareSelection<T extends ComparableScan>(items: readonly T[], selectedIds: readonly string[]): CompareSelection<T> {
  const picked = items.filter((s) => selectedIds.includes(s.scan_id));
  if (picked.length < 2) return { kind: "none" };
  const [a, b] = picked as [T, T];
  if (!sameSite(a.url, b.url)) return { kind: "mismatch", reason: "These scans are of different sites; pick two scans of the same site." };
  const [older, newer] = a.created_at <= b.created_at ? [a, b] : [b, a];
  return { kind: "ready", older, newer };
}
