const MAX_QUOTE = 300;

// A full stop after these ends an abbreviation, not a sentence: legal citations ("Art. 6 Abs. 1
// lit. a DSGVO", "art. 7º", "n.º 1") and company forms ("Inc.", "S.A.") sit inside the sentence
// that satisfies a disclosure and must not cut its quote short.
const ABBREVIATIONS = new Set([
  "art", "abs", "lit", "nr", "no", "n.º", "ca", "bzw", "vgl", "z.b", "d.h", "u.a", "e.g", "i.e", "etc", "inc", "ltd", "ltda", "co",
  "s.a", "s.l", "s.r.l", "s.p.a", "b.v", "n.v", "gmbh", "sec", "cl", "sch", "para", "al", "cf", "pp", "p", "ss", "sr", "sra", "dr", "av", "st",
]);

function endsSentence(text: string, dot: number): boolean {
  const char = text[dot] ?? "";
  if (char === "\n" || char === "!" || char === "?") return true;
  const next = text[dot + 1];
  if (next !== undefined && !/\s/.test(next)) return false;
  const before = text.slice(Math.max(0, dot - 12), dot);
  // "1. März 2026", "3. Abs.": a one- or two-digit ordinal, as German and Dutch dates write it.
  if (/(^|[^\d.])\d{1,2}$/.test(before)) return false;
  const word = /([\p{L}.º]+)$/u.exec(before)?.[1]?.toLowerCase() ?? "";
  return !ABBREVIATIONS.has(word);
}

/** The sentence around a match, as an exact substring of `text` (trimmed, at most MAX_QUOTE chars). */
export function quoteAround(text: string, index: number, length: number): string {
  const boundary = /[.!?\n]/;
  let start = index;
  while (start > 0 && !(boundary.test(text[start - 1] ?? "") && endsSentence(text, start - 1))) start--;
  let end = index + length;
  while (end < text.length && !(boundary.test(text[end] ?? "") && endsSentence(text, end))) end++;
  if (end < text.length) end++;
  if (end - start > MAX_QUOTE) {
    start = Math.max(start, index - 100);
    end = Math.min(end, start + MAX_QUOTE);
  }
  while (start < end && /\s/.test(text[start] ?? "")) start++;
  while (end > start && /\s/.test(text[end - 1] ?? "")) end--;
  return text.slice(start, end);
}
