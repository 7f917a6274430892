import type { AgentContext, ScanJob } from "@/agents/types";
import type { ScanOutcome } from "@/lib/schemas/scan";

/** What a runner resolves to: unchecked, since it may come from another process (see ScanOutcome). */
export type { ScanOutcome };

/** The engine behind an interface, so queue/SSE/store tests can inject a scripted one. */
export type ScanRunner = (job: ScanJob, ctx: AgentContext) => Promise<ScanOutcome>;
