import { createHash } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RecordedRequest } from "@/agents/evidence/schema";
import type { AgentContext } from "@/agents/types";

export const FAST_TIMEOUTS = { navigationMs: 20_000, settleMs: 1_500, detectionBudgetMs: 5_000 };

export const tempDir = (prefix: string) => mkdtemp(join(tmpdir(), `apo-${prefix}-`));

export function testContext(events: Array<{ agent: string; level: string; msg: string }> = [], signal = new AbortController().signal): AgentContext {
  return { scanId: "it", signal, emit: (e) => events.push(e) };
}

/** The forms a canary can take in traffic (what observability searches for). */
export function canaryForms(value: string): string[] {
  const hash = (alg: string) => createHash(alg).update(value).digest("hex");
  return [value, encodeURIComponent(value), Buffer.from(value).toString("base64"), hash("md5"), hash("sha1"), hash("sha256"), value.toLowerCase()];
}

export function requestsCarrying(requests: RecordedRequest[], value: string): RecordedRequest[] {
  const forms = canaryForms(value);
  return requests.filter((r) => forms.some((f) => r.url.includes(f) || (r.post_data_sample ?? "").includes(f)));
}
