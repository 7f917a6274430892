/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** A relative artefact reference safe for an href/src: no scheme, no parent traversal. */
export function safeArtifactHref(file: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(file) || file.includes("..") || file.startsWith("/")) return null;
  return file.split("/").map(encodeURIComponent).join("/");
}
