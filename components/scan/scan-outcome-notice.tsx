import { Notice } from "@/components/ui/notice";
import type { ScanStatusView } from "@/lib/schemas/api";
import type { ScanErrorCode, ScanStatus } from "@/lib/schemas/scan";

// Plain words for each way a scan can end without a full report.
const explain: Partial<Record<ScanStatus, { title: string; body: string }>> = {
  error: {
    title: "The scan failed before the report was finished",
    body: "An agent hit an error it could not recover from. Whatever evidence was collected before that point is kept below and can be downloaded.",
  },
  interrupted: {
    title: "The scan was interrupted",
    body: "The server running it stopped (a restart or a crash) before it finished. No result was guessed; the evidence collected so far is kept below. Re-run the scan to get a complete report.",
  },
  cancelled: {
    title: "The scan was cancelled",
    body: "Someone stopped it before it finished. The evidence collected until then is kept below.",
  },
};

// Where the reason says more than the status: the server running the scan was lost.
const explainCode: Partial<Record<ScanErrorCode, { title: string; body: string }>> = {
  pinned_worker_lost: {
    title: "The scan was interrupted: the server holding its LLM keys stopped",
    body: "This scan used the LLM keys entered with the request. They lived only in the memory of the server that ran it and were never stored, so no other server could take the scan over. Re-run the scan and enter the keys again.",
  },
  worker_lost: {
    title: "The scan failed: the servers running it stopped",
    body: "The server running it stopped responding, and so did the one that took it over and ran it again from the start. No result was guessed; the evidence collected so far is kept below. Re-run the scan to get a complete report.",
  },
};

export function ScanOutcomeNotice({ status }: { status: ScanStatusView }) {
  const e = (status.error ? explainCode[status.error.code] : undefined) ?? explain[status.status];
  if (!e) return null;
  return (
    <Notice tone={status.status === "cancelled" ? "warning" : "error"} title={e.title} live>
      <p>{e.body}</p>
      {status.error ? (
        <p className="mt-2">
          <span className="font-medium">What the server reported:</span> {status.error.message}
          <code className="ml-1 text-xs">({status.error.code})</code>
        </p>
      ) : null}
      {status.phase ? <p className="mt-1 text-xs">Last phase: {status.phase}</p> : null}
    </Notice>
  );
}
