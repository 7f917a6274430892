import "server-only";
import { runScan } from "@/agents/pipeline";
import type { ScanRunner } from "./types";

/** The facade over agents/: the only place the service reaches the engine. */
export const engineRunner: ScanRunner = (job, ctx) => runScan(job, ctx);
