import type { ScanArtifact } from "@/agents/types";
import type { ScanListItem, ScanStatusView } from "@/lib/schemas/api";
import type { PartialAgentProgress, ScanStatus } from "@/lib/schemas/scan";
import type { ScanRecord } from "@/lib/store/types";

type LiveState = { phase: string | null; progress: PartialAgentProgress } | null;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function fullProgress(p: PartialAgentProgress, status: ScanStatus): ScanStatusView["progress"] {
  const done = status === "complete" ? 100 : 0;
  return { discovery: p.discovery ?? done, interaction: p.interaction ?? done, observability: p.observability ?? done };
}

export function downloadUrl(scanId: string, file: string): string {
  return `/api/download/${scanId}/${file.split("/").map(encodeURIComponent).join("/")}`;
}

export function toArtifactViews(scanId: string, artifacts: ScanArtifact[]) {
  return artifacts.map((a) => ({ file: a.file, kind: a.kind, content_type: a.contentType, bytes: a.bytes, url: downloadUrl(scanId, a.file) }));
}

export function toStatusView(
  scan: ScanRecord,
  live: LiveState,
  queuePosition: number | null,
): ScanStatusView {
  return {
    scan_id: scan.id,
    status: scan.status,
    phase: live?.phase ?? scan.phase,
    progress: fullProgress(live?.progress ?? scan.progress, scan.status),
    queue_position: scan.status === "queued" ? queuePosition : null,
    error: scan.error,
    url: scan.url,
    framework: scan.framework,
    created_at: scan.createdAt.toISOString(),
    started_at: iso(scan.startedAt),
    finished_at: iso(scan.finishedAt),
    attempt: scan.attempt,
    artifacts: toArtifactViews(scan.id, scan.artifacts),
  };
}

export function toListItem(scan: ScanRecord, live: LiveState): ScanListItem {
  return { ...toStatusView(scan, live, null), summary: scan.summary };
}
