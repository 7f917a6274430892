/**
 * Text a scanned site wrote (descriptions quoting its cookie names, page URLs, its CMP's name) is
 * hostile: these make it inert in the output formats.
 */

// C0 and C1 controls, DEL, lone surrogates and the non-characters XML 1.0 forbids; tab and newline
// are handled by the callers.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Removes control characters (keeps tab, CR and LF) and lone surrogates. */
export function withoutControls(text: string): string {
  return text.replace(CONTROL, "");
}

/** One line: control characters dropped, runs of whitespace (line breaks too) as one space. */
export function oneLine(text: string): string {
  return withoutControls(text).replace(/\s+/g, " ").trim();
}

/** Cuts text to `max` characters (whole code points), with an ellipsis. */
export function clip(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

/**
 * Inline Markdown (GitHub flavoured) that renders as the literal text, for use inside a line (never
 * at its start, where `#`, `-`, `1.` would matter; line breaks become spaces): the punctuation that
 * makes emphasis, code, links, images, HTML, entities, math, strikethrough or a table cell break is
 * backslash-escaped, and an `@` is followed by a zero-width space so a site's text cannot mention
 * (notify) a GitHub user or team.
 */
export function escapeMarkdown(text: string): string {
  return oneLine(text)
    .replace(/[\\`*_{}[\]()!|<>~&$]/g, "\\$&")
    .replace(/@/g, "@\u200b");
}
