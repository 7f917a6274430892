import type { EvidenceReport } from "@/lib/schemas/report";

/** How a scan ended, wherever it ran: the report when it completed, else why not. */
export type ScanResult = { completed: true; report: EvidenceReport; scanId: string; reportUrl?: string } | { completed: false; error: string; report: EvidenceReport | null };
