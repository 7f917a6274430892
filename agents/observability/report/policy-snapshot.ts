import { createHash } from "node:crypto";
import type { Evidence } from "@/agents/evidence/schema";
import type { PrivacyPolicySnapshot } from "@/lib/schemas/report";

/**
 * The policy text the scan read, hashed, for the report: monitors compare it run to run without
 * the evidence file. Null when no text was read (no policy found, or it failed to load).
 */
export function policySnapshot(evidence: Evidence): PrivacyPolicySnapshot | null {
  const policy = evidence.privacy_policy;
  if (!policy || policy.text.trim().length === 0) return null;
  return {
    url: policy.url,
    sha256: createHash("sha256").update(policy.text, "utf8").digest("hex"),
    chars: policy.text.length,
    truncated: policy.truncated,
    text: policy.text,
  };
}
