export interface QuoteMatch {
  start: number;
  end: number;
  /** The passage as it stands in the source text (original case and spacing). */
  text: string;
}

const FOLD: Record<string, string> = {
  "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
  "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
  "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
};

interface Normalised {
  chars: string;
  /** For each normalised char, the [start, end) of the source code point it came from. */
  spans: Array<[number, number]>;
}

// Whitespace collapses to one space and case folds; NFKC and typographic quote/dash folding undo
// what models do when they retype a passage. Nothing else is forgiven: the words must be there.
function normalise(text: string): Normalised {
  let chars = "";
  const spans: Array<[number, number]> = [];
  let index = 0;
  for (const point of text) {
    const span: [number, number] = [index, index + point.length];
    index += point.length;
    for (const ch of point.normalize("NFKC").toLowerCase()) {
      const folded = FOLD[ch] ?? ch;
      if (/\s/u.test(folded)) {
        if (chars.length === 0 || chars.endsWith(" ")) continue;
        chars += " ";
      } else chars += folded;
      spans.push(span);
    }
  }
  if (chars.endsWith(" ")) {
    chars = chars.slice(0, -1);
    spans.pop();
  }
  return { chars, spans };
}

// Models often wrap the quote itself in quotation marks; strip one pair, never a lone closing mark.
function unwrap(quote: string): string {
  const wrapped = /^["'\u201c\u2018]([\s\S]*)["'\u201d\u2019]$/.exec(quote);
  return wrapped?.[1] ?? quote;
}

/**
 * Where `quote` occurs in `text` after whitespace, case and typographic normalisation; null when
 * it does not. A model's quote counts as evidence only if this finds it.
 */
export function findQuote(text: string, quote: string): QuoteMatch | null {
  const needle = normalise(unwrap(quote.trim())).chars;
  if (needle.length === 0) return null;
  const haystack = normalise(text);
  const at = haystack.chars.indexOf(needle);
  if (at < 0) return null;
  const first = haystack.spans[at];
  const last = haystack.spans[at + needle.length - 1];
  if (!first || !last) return null;
  return { start: first[0], end: last[1], text: text.slice(first[0], last[1]) };
}
