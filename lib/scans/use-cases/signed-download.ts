/**
 * Which artefacts a remote store hands to the browser as a short-lived signed URL instead of
 * streaming them through the app: HARs and PDFs, always. They are the large ones (a HAR of a busy
 * site runs to tens of MB) and they are only ever downloaded, never shown inline, so the signed
 * URL's own attachment header is all they need. HTML, images and JSON stay on the app's origin:
 * the HTML report is rendered under the app's sandbox CSP and loads its screenshots relatively.
 * A size threshold would add nothing: every HAR and PDF is worth offloading, and the rest are small.
 */
const SIGNED_EXTENSIONS = new Set(["har", "pdf"]);

/** How long the signed URL for this file lives, or null when the app serves the file itself. */
export function signedDownloadSeconds(file: string, configuredSeconds: number): number | null {
  if (configuredSeconds <= 0) return null;
  const ext = file.toLowerCase().split(".").pop() ?? "";
  return SIGNED_EXTENSIONS.has(ext) ? configuredSeconds : null;
}
