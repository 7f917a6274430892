import type { ScanRecord } from "@/lib/store/types";

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The Open Graph card that link previews show; og:image must be an absolute URL. */
function openGraphTags(title: string, description: string, imageUrl: string): string {
  const meta = (attr: "property" | "name", key: string, value: string) => `<meta ${attr}="${key}" content="${esc(value)}">`;
  return [
    meta("property", "og:type", "website"),
    meta("property", "og:site_name", "APO"),
    meta("property", "og:title", title),
    meta("property", "og:description", description),
    meta("property", "og:image", imageUrl),
    meta("property", "og:image:width", "1200"),
    meta("property", "og:image:height", "630"),
    meta("property", "og:image:alt", "APO privacy scan report"),
    meta("name", "twitter:card", "summary_large_image"),
  ].join("");
}

/** A plain page for a shared scan without an HTML report: headline numbers and the downloads. */
export function renderSharedIndex(scan: ScanRecord, base: string, ogImageUrl: string): string {
  const s = scan.summary;
  const files = [...new Set(["evidence_report.json", ...scan.artifacts.map((a) => a.file)])];
  const links = files.map((f) => `<li><a href="${esc(`${base}/${f.split("/").map(encodeURIComponent).join("/")}`)}">${esc(f)}</a></li>`).join("");
  const title = `APO report – ${scan.url}`;
  const description = `Privacy scan of ${scan.url} under ${scan.framework}${s ? `: ${s.total_violations} violations` : ""}.`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>${openGraphTags(title, description, ogImageUrl)}</head>
<body style="font-family:system-ui;max-width:48rem;margin:2rem auto">
<h1>Privacy scan of ${esc(scan.url)}</h1>
<p>Framework ${esc(scan.framework)} · finished ${esc(scan.finishedAt?.toISOString() ?? "")}</p>
${s ? `<p>${s.total_violations} violations (HIGH ${s.severity_breakdown.HIGH}, MEDIUM ${s.severity_breakdown.MEDIUM}, LOW ${s.severity_breakdown.LOW})${s.grade ? ` · grade ${esc(s.grade)}` : ""}</p>` : ""}
<h2>Downloads</h2><ul>${links}</ul></body></html>`;
}
