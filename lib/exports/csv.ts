/**
 * CSV for spreadsheets (RFC 4180): fields quoted when they hold a comma, quote, CR or LF, quotes
 * doubled, CRLF line ends, and a UTF-8 byte-order mark so Excel reads accents right.
 *
 * Scanned sites write much of what a report quotes (cookie names, page URLs, form targets), so
 * a cell could be a spreadsheet formula (`=HYPERLINK(…)`, `@SUM(…)`). Per OWASP's CSV injection
 * advice, any text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a
 * leading `'`, which spreadsheets show as text. Numbers are written as numbers (a negative number
 * is not a formula).
 */

export type CsvCell = string | number | boolean | null | undefined;

export const UTF8_BOM = "\uFEFF";
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One cell: neutralised if it could start a formula, quoted if it must be. */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole document: BOM, a header row, then the rows, each line ended by CRLF. */
export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly CsvCell[]>): string {
  return UTF8_BOM + [header, ...rows].map((row) => `${row.map(csvCell).join(",")}\r\n`).join("");
}
