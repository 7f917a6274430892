import type { Severity } from "@/lib/schemas/report";

export const EXIT = { clean: 0, findings: 1, failed: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const EXIT_CODES_HELP = `Exit codes:
  0  the scan completed and no (new) finding is at or above --fail-on (or --fail-on not given)
  1  a (new) finding at or above --fail-on
  2  the scan failed, the server refused it, or the arguments are wrong`;

const RANK: Record<Severity, number> = { HIGH: 3, MEDIUM: 2, LOW: 1 };

/**
 * The exit code of a finished scan. `findings` are the ones that count: with a baseline the new
 * ones only, otherwise every confirmed violation.
 */
export function exitCodeFor(outcome: { completed: boolean; findings: ReadonlyArray<{ severity: Severity }>; failOn: Severity | undefined }): ExitCode {
  if (!outcome.completed) return EXIT.failed;
  if (outcome.failOn === undefined) return EXIT.clean;
  const threshold = RANK[outcome.failOn];
  return outcome.findings.some((f) => RANK[f.severity] >= threshold) ? EXIT.findings : EXIT.clean;
}
