import type { ScanRecord } from "@/lib/store/types";

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A plain page for a shared scan without an HTML report: headline numbers and the downloads. */
export function renderSharedIndex(scan: ScanRecord, base: string): string {
  const s = scan.summary;
  const files = [...new Set(["evidence_report.json", ...scan.artifacts.map((a) => a.file)])];
  const links = files.map((f) => `<li><a href="${esc(`${base}/${f.split("/").map(encodeURIComponent).join("/")}`)}">${esc(f)}</a></li>`).join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>APO report – ${esc(scan.url)}</title></head>
<body style="font-family:system-ui;max-width:48rem;margin:2rem auto">
<h1>Privacy scan of ${esc(scan.url)}</h1>
<p>Framework ${esc(scan.framework)} · finished ${esc(scan.finishedAt?.toISOString() ?? "")}</p>
${s ? `<p>${s.total_violations} violations (HIGH ${s.severity_breakdown.HIGH}, MEDIUM ${s.severity_breakdown.MEDIUM}, LOW ${s.severity_breakdown.LOW})${s.grade ? ` · grade ${esc(s.grade)}` : ""}</p>` : ""}
<h2>Downloads</h2><ul>${links}</ul></body></html>`;
}
