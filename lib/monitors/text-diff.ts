/**
 * A short, readable diff of two texts (a privacy policy between two runs): sentences removed
 * (`- …`) and added (`+ …`) in document order. Pure; no dependency.
 *
 * Units are sentences, not lines: policy pages are extracted as a few very long lines, where a
 * line diff would say "everything changed". The common head and tail are skipped, then the
 * middle is aligned by a longest common subsequence; when the middle is too large for that
 * (a rewritten policy), it falls back to comparing the two as multisets of sentences.
 */

export interface ShortDiff {
  lines: string[];
  truncated: boolean;
}

export interface ShortDiffLimits {
  maxLines: number;
  maxLineChars: number;
}

export const POLICY_DIFF_LIMITS: ShortDiffLimits = { maxLines: 20, maxLineChars: 200 };

/** Above this many LCS cells (before × after sentences in the changed middle), compare as sets. */
const MAX_LCS_CELLS = 4_000_000;

export function splitSentences(text: string): string[] {
  return text
    .split(/\r?\n/)
    .flatMap((line) => line.split(/(?<=[.!?;:])\s+(?=\S)/))
    .map((s) => s.replace(/\s+/g, " ").trim())
    .filter((s) => s.length > 0);
}

type Op = { kind: "-" | "+"; text: string };

export function shortTextDiff(before: string, after: string, limits: ShortDiffLimits = POLICY_DIFF_LIMITS): ShortDiff {
  const ops = diffUnits(splitSentences(before), splitSentences(after));
  const capped = ops.slice(0, limits.maxLines);
  let truncated = ops.length > capped.length;
  const lines = capped.map(({ kind, text }) => {
    const line = `${kind} ${text}`;
    if (line.length <= limits.maxLineChars) return line;
    truncated = true;
    return `${line.slice(0, limits.maxLineChars - 1)}…`;
  });
  return { lines, truncated };
}

function diffUnits(a: string[], b: string[]): Op[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);
  if (x.length === 0 || y.length === 0) return [...x.map((text) => ({ kind: "-" as const, text })), ...y.map((text) => ({ kind: "+" as const, text }))];
  return x.length * y.length > MAX_LCS_CELLS ? multisetDiff(x, y) : lcsDiff(x, y);
}

function lcsDiff(x: string[], y: string[]): Op[] {
  const n = x.length;
  const m = y.length;
  // lengths[i * (m + 1) + j] = LCS length of x[i:] and y[j:].
  const lengths = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lengths[i * (m + 1) + j] = x[i] === y[j] ? lengths[(i + 1) * (m + 1) + j + 1]! + 1 : Math.max(lengths[(i + 1) * (m + 1) + j]!, lengths[i * (m + 1) + j + 1]!);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (x[i] === y[j]) {
      i++;
      j++;
    } else if (lengths[(i + 1) * (m + 1) + j]! >= lengths[i * (m + 1) + j + 1]!) {
      ops.push({ kind: "-", text: x[i++]! });
    } else {
      ops.push({ kind: "+", text: y[j++]! });
    }
  }
  while (i < n) ops.push({ kind: "-", text: x[i++]! });
  while (j < m) ops.push({ kind: "+", text: y[j++]! });
  return ops;
}

function multisetDiff(x: string[], y: string[]): Op[] {
  const remaining = new Map<string, number>();
  for (const s of y) remaining.set(s, (remaining.get(s) ?? 0) + 1);
  const removed: Op[] = [];
  for (const s of x) {
    const left = remaining.get(s) ?? 0;
    if (left > 0) remaining.set(s, left - 1);
    else removed.push({ kind: "-", text: s });
  }
  const kept = new Map<string, number>();
  for (const s of x) kept.set(s, (kept.get(s) ?? 0) + 1);
  const added: Op[] = [];
  for (const s of y) {
    const left = kept.get(s) ?? 0;
    if (left > 0) kept.set(s, left - 1);
    else added.push({ kind: "+", text: s });
  }
  return [...removed, ...added];
}
