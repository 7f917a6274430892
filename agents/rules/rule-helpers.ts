import type { FindingCode, Severity } from "@/lib/schemas/report";
import { defaultRemediation } from "./remediation";
import type { RuleEntry } from "./types";

type RuleInput = Omit<RuleEntry, "treatment" | "remediation"> & { remediation?: string };

/** A finding that breaks the framework. */
export function violation(code: FindingCode, input: RuleInput): RuleEntry {
  return { ...input, treatment: "violation", remediation: input.remediation ?? defaultRemediation[code] };
}

/** A finding reported for context only; `reason` says why it is not a violation here. */
export function observation(
  code: FindingCode,
  input: { rule_id: string; section: string; title: string; reason: string; severity?: Severity; remediation?: string },
): RuleEntry {
  return {
    rule_id: input.rule_id,
    section: input.section,
    title: input.title,
    severity: input.severity ?? "LOW",
    treatment: "observation",
    reason: input.reason,
    penalty: "NONE",
    remediation: input.remediation ?? defaultRemediation[code],
  };
}
