/**
 * Report tables that fit the page: every column has an explicit share of the width (the print
 * stylesheet lays them out `table-layout:fixed`), so a long URL cannot squeeze "Visit" or
 * "Category" into one letter per line. Cells of kind "wrap" (URLs, domains, codes) may break
 * anywhere; other cells break only between words, or inside a word that alone is wider than its
 * column.
 */
export interface Column {
  label: string;
  /** Percent of the table's width; a table's columns add up to 100. */
  width: number;
  kind?: "text" | "wrap" | "num";
}

/** `rows` hold cell HTML that the caller has already escaped. */
export function fitTable(columns: readonly Column[], rows: readonly (readonly string[])[], className = ""): string {
  if (!rows.length) return "";
  const cls = (c: Column) => (c.kind === "wrap" ? ' class="wrap"' : c.kind === "num" ? ' class="num"' : "");
  const colgroup = columns.map((c) => `<col style="width:${c.width}%">`).join("");
  const head = columns.map((c) => `<th scope="col"${cls(c)}>${c.label}</th>`).join("");
  const body = rows.map((row) => `<tr>${row.map((cell, i) => `<td${columns[i] ? cls(columns[i]) : ""}>${cell}</td>`).join("")}</tr>`).join("");
  return `<table class="fit${className ? ` ${className}` : ""}"><colgroup>${colgroup}</colgroup><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/** Column sets shared by the report's evidence tables; labels are plain text (no site data). */
export const COLUMNS = {
  visits: [
    { label: "Visit", width: 14 },
    { label: "Recorded", width: 10 },
    { label: "Pages", width: 8, kind: "num" },
    { label: "Requests", width: 10, kind: "num" },
    { label: "Third-party", width: 10, kind: "num" },
    { label: "Tracker requests", width: 10, kind: "num" },
    { label: "Cookies", width: 9, kind: "num" },
    { label: "Tracker cookies", width: 9, kind: "num" },
    { label: "Banner action / result", width: 20 },
  ],
  evidenceRequests: [
    { label: "Visit", width: 13 },
    { label: "Method", width: 9 },
    { label: "Request", width: 41, kind: "wrap" },
    { label: "Entity", width: 16 },
    { label: "Category", width: 14 },
    { label: "ms after choice", width: 7, kind: "num" },
  ],
  evidenceCookies: [
    { label: "Visit", width: 13 },
    { label: "Cookie", width: 23, kind: "wrap" },
    { label: "Domain", width: 20, kind: "wrap" },
    { label: "Entity", width: 18 },
    { label: "Category", width: 15 },
    { label: "Lifetime (days)", width: 11, kind: "num" },
  ],
  trackers: [
    { label: "Entity", width: 20 },
    { label: "Category", width: 14 },
    { label: "Domains", width: 22, kind: "wrap" },
    { label: "pre_consent", width: 11, kind: "num" },
    { label: "accept_all", width: 11, kind: "num" },
    { label: "reject_all", width: 11, kind: "num" },
    { label: "gpc", width: 11, kind: "num" },
  ],
  cookies: [
    { label: "Name", width: 20, kind: "wrap" },
    { label: "Domain", width: 16, kind: "wrap" },
    { label: "Party", width: 7 },
    { label: "Category", width: 13 },
    { label: "Entity", width: 16 },
    { label: "Lifetime (days)", width: 10, kind: "num" },
    { label: "Visits", width: 18 },
  ],
  pages: [
    { label: "URL", width: 32, kind: "wrap" },
    { label: "Title", width: 19 },
    { label: "Purpose", width: 13 },
    { label: "Risk", width: 7, kind: "num" },
    { label: "Forms", width: 29, kind: "wrap" },
  ],
  refusedLinks: [
    { label: "Link", width: 34, kind: "wrap" },
    { label: "Text", width: 21 },
    { label: "Used as", width: 14 },
    { label: "Found on", width: 31, kind: "wrap" },
  ],
  policy: [
    { label: "Disclosure", width: 24 },
    { label: "Citation", width: 18 },
    { label: "Result", width: 11 },
    { label: "Quote", width: 47 },
  ],
} as const satisfies Record<string, readonly Column[]>;
