import { ButtonLink } from "@/components/ui/button";
import { DownloadIcon } from "@/components/ui/icons";
import { sessionLabel } from "@/lib/ui/format";
import { artifactUrl } from "@/lib/ui/scan-api";
import { ShareLink } from "./share-link";

const primary = [
  { file: "evidence_report.pdf", label: "PDF report", hint: "For counsel and the file" },
  { file: "evidence_report.html", label: "HTML report", hint: "Self-contained, opens offline" },
  { file: "evidence_report.json", label: "JSON", hint: "Machine-readable, for GRC tools" },
];

// Generated from the stored report on request (formula-safe CSV, lib/exports): only for a complete scan.
const spreadsheets = [
  { file: "violations.csv", label: "Violations" },
  { file: "cookies.csv", label: "Cookies" },
  { file: "trackers.csv", label: "Trackers" },
];

function describe(file: string): string {
  const name = file.split("/").pop() ?? file;
  const har = /^(pre_consent|accept_all|reject_all|gpc)\.har$/.exec(name);
  if (har?.[1]) return `HAR · ${sessionLabel(har[1])}`;
  const traffic = /^traffic_(pre_consent|accept_all|reject_all|gpc)\.json$/.exec(name);
  if (traffic?.[1]) return `Traffic log · ${sessionLabel(traffic[1])}`;
  if (name === "interaction_graph.json") return "Crawl graph (JSON)";
  return name;
}

/** `complete: false` (a failed or interrupted scan) lists only files that were actually written, and offers no share link. */
export function Downloads({ scanId, artifacts, complete = true }: { scanId: string; artifacts: Array<{ file: string; kind: string }>; complete?: boolean }) {
  const reports = complete ? primary : primary.filter((p) => artifacts.some((a) => a.file === p.file));
  const secondary = artifacts.filter((a) => !primary.some((p) => p.file === a.file) && !a.file.startsWith("screenshots/") && !a.file.endsWith(".png"));
  return (
    <div className="space-y-5 px-5 py-5">
      {!reports.length && !secondary.length ? <p className="text-sm text-slate-600 dark:text-slate-400">No evidence files were written before the scan stopped.</p> : null}
      <div className="grid gap-3 sm:grid-cols-3">
        {reports.map((p) => (
          <a
            key={p.file}
            href={artifactUrl(scanId, p.file)}
            download
            className="group flex items-center gap-3 rounded-lg border border-slate-200 p-3 hover:border-indigo-400 hover:bg-indigo-50/50 focus-visible:outline-2 focus-visible:outline-indigo-600 dark:border-slate-700 dark:hover:border-indigo-500 dark:hover:bg-indigo-950/30"
          >
            <span className="inline-flex size-9 shrink-0 items-center justify-center rounded-md bg-slate-100 text-slate-700 group-hover:bg-indigo-100 dark:bg-slate-800 dark:text-slate-200">
              <DownloadIcon className="size-5" />
            </span>
            <span>
              <span className="block text-sm font-medium">Download {p.label}</span>
              <span className="block text-xs text-slate-600 dark:text-slate-400">{p.hint}</span>
            </span>
          </a>
        ))}
      </div>
      {complete ? (
        <div>
          <h3 className="mb-2 text-sm font-medium">Spreadsheets (CSV)</h3>
          <div className="flex flex-wrap gap-2">
            {spreadsheets.map((c) => (
              <ButtonLink key={c.file} href={artifactUrl(scanId, c.file)} size="sm" download>
                <DownloadIcon />
                {c.label} (CSV)
              </ButtonLink>
            ))}
          </div>
        </div>
      ) : null}
      {secondary.length ? (
        <div>
          <h3 className="mb-2 text-sm font-medium">Raw evidence</h3>
          <div className="flex flex-wrap gap-2">
            {secondary.map((a) => (
              <ButtonLink key={a.file} href={artifactUrl(scanId, a.file)} size="sm" download>
                <DownloadIcon />
                {describe(a.file)}
              </ButtonLink>
            ))}
          </div>
        </div>
      ) : null}
      {complete ? <ShareLink scanId={scanId} /> : null}
    </div>
  );
}
