import "server-only";
import { ApiError, notFound } from "@/lib/api/errors";
import { getEnv } from "@/lib/env";
import type { ScanRecord } from "@/lib/store/types";
import { readReportJson } from "./get-scan-report";
import { signedDownloadSeconds } from "./signed-download";
import { getScanService } from "../queue/service";

const CONTENT_TYPES: Record<string, string> = {
  json: "application/json",
  har: "application/json",
  html: "text/html; charset=utf-8",
  pdf: "application/pdf",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  txt: "text/plain; charset=utf-8",
  ndjson: "application/x-ndjson",
};

export function contentTypeOf(file: string): string {
  const ext = file.toLowerCase().split(".").pop() ?? "";
  return CONTENT_TYPES[ext] ?? "application/octet-stream";
}

/** Rejects anything that is not a plain relative path: `..`, absolute, backslashes, control characters. */
export function assertSafeArtifactPath(file: string): void {
  const bad =
    file.length === 0 ||
    file.length > 300 ||
    file.startsWith("/") ||
    /[\\\0-\x1f]/.test(file) ||
    file.split("/").some((seg) => seg === "" || seg === "." || seg === "..");
  if (bad) throw new ApiError("bad_request", "file: invalid artefact path");
}

export interface ArtifactFile {
  body: BodyInit | null;
  bytes: number | null;
  contentType: string;
  file: string;
  /** Set instead of a body: a signed URL of the remote store that serves the file (302). */
  redirectTo?: string;
}

/**
 * One file of a scan, allow-listed against the artefacts the engine reported. `scan` must come
 * from an owner-checked lookup (findScanOrThrow, openSharedScan): a signed URL is minted here,
 * and once minted it checks nothing.
 */
export async function readArtifact(scan: ScanRecord, file: string): Promise<ArtifactFile> {
  assertSafeArtifactPath(file);
  const known = scan.artifacts.find((a) => a.file === file);
  if (!known) {
    // The JSON report is also stored in the database: serve it even when the file list lacks it.
    if (file === "evidence_report.json") {
      const text = await readReportJson(scan);
      return { body: text, bytes: Buffer.byteLength(text), contentType: "application/json", file };
    }
    if (scan.status === "queued" || scan.status === "running") throw new ApiError("too_early", `Scan is ${scan.status}; artefacts are not ready yet`);
    throw notFound("Artefact");
  }
  const { artifacts } = await getScanService();
  const seconds = signedDownloadSeconds(known.file, getEnv().APO_SIGNED_URL_SECONDS);
  if (artifacts.signedUrl && seconds !== null) {
    const url = await artifacts.signedUrl(scan.id, known.file, seconds);
    if (!url) throw notFound("Artefact");
    return { body: null, bytes: null, contentType: contentTypeOf(known.file), file: known.file, redirectTo: url };
  }
  const found = await artifacts.read(scan.id, known.file);
  if (!found) throw notFound("Artefact");
  return { body: found.body as BodyInit, bytes: found.bytes, contentType: contentTypeOf(known.file), file: known.file };
}

/** A download response: right type, attachment (or inline for the shared HTML view), no sniffing. */
export function artifactResponse(a: ArtifactFile, disposition: "attachment" | "inline"): Response {
  if (a.redirectTo) {
    // The URL is a bearer credential for a few minutes: not cached, not leaked as a Referer.
    return new Response(null, { status: 302, headers: { Location: a.redirectTo, "Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer" } });
  }
  const name = a.file.split("/").pop() ?? "download";
  const headers: Record<string, string> = {
    "Content-Type": a.contentType,
    "Content-Disposition": `${disposition}; filename="${name.replace(/[^\w.-]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    "Cache-Control": "private, no-store",
    "X-Content-Type-Options": "nosniff",
  };
  if (a.bytes !== null) headers["Content-Length"] = String(a.bytes);
  // Engine HTML quotes scanned sites: render it sandboxed, with no scripts, on our origin.
  if (a.contentType.startsWith("text/html")) {
    headers["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; font-src data:";
  }
  return new Response(a.body, { headers });
}
