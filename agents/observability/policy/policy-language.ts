import { francAll } from "franc-min";
import type { PolicyLanguageDetection } from "@/lib/schemas/report";

/** Languages whose disclosure wording the deterministic analysis knows (ISO 639-1). */
export const COVERED_LANGUAGES = ["en", "de", "fr", "es", "pt", "it", "nl"] as const;
export type CoveredLanguage = (typeof COVERED_LANGUAGES)[number];

const ISO3_TO_COVERED: Record<string, CoveredLanguage> = { eng: "en", deu: "de", fra: "fr", spa: "es", por: "pt", ita: "it", nld: "nl" };

// Names and ISO 639-1 tags for languages franc-min can return, so a "not analysed" reason reads
// well and the recorded tag is BCP 47; others keep franc's ISO 639-3 code.
const LANGUAGES: Record<string, [tag: string, name: string]> = {
  eng: ["en", "English"], deu: ["de", "German"], fra: ["fr", "French"], spa: ["es", "Spanish"], por: ["pt", "Portuguese"],
  ita: ["it", "Italian"], nld: ["nl", "Dutch"], pol: ["pl", "Polish"], jpn: ["ja", "Japanese"], cmn: ["zh", "Chinese"],
  kor: ["ko", "Korean"], rus: ["ru", "Russian"], ukr: ["uk", "Ukrainian"], tur: ["tr", "Turkish"], ron: ["ro", "Romanian"],
  hun: ["hu", "Hungarian"], ces: ["cs", "Czech"], swe: ["sv", "Swedish"], arb: ["ar", "Arabic"], hin: ["hi", "Hindi"],
  ind: ["id", "Indonesian"], vie: ["vi", "Vietnamese"], hrv: ["hr", "Croatian"], srp: ["sr", "Serbian"], bul: ["bg", "Bulgarian"],
  ell: ["el", "Greek"], heb: ["he", "Hebrew"], tha: ["th", "Thai"],
};

/**
 * Below this many letters franc's trigram statistics are unreliable ("We use cookies to make our
 * website work." comes out French), so a short text is not given a language from its words.
 */
export const MIN_TEXT_FOR_DETECTION = 400;
const SAMPLE_CHARS = 8_000;

export type PolicyLanguage = PolicyLanguageDetection;

export function languageName(detected: PolicyLanguage): string {
  const primary = detected.language?.split("-")[0]?.toLowerCase();
  const known = (detected.iso639_3 ? LANGUAGES[detected.iso639_3] : undefined) ?? Object.values(LANGUAGES).find(([tag]) => tag === primary);
  if (known) return known[1];
  return detected.language ?? "an undetermined language";
}

export function coveredLanguageOf(detected: PolicyLanguage): CoveredLanguage | null {
  const primary = detected.language?.split("-")[0]?.toLowerCase() ?? "";
  return (COVERED_LANGUAGES as readonly string[]).includes(primary) ? (primary as CoveredLanguage) : null;
}

// Brazilian and European Portuguese differ in everyday vocabulary more than in grammar: count the tells.
// JavaScript's \b only knows ASCII letters, so word edges are written with Unicode letter classes.
const PT_BR = /(?<!\p{L})(você|vocês|usuári[oa]s?|LGPD|ANPD|cadastro|celular|arquivos?|equipe|registro|contato|fato)(?!\p{L})/giu;
const PT_PT = /(?<!\p{L})(utilizador(es|a)?|RGPD|CNPD|telemóvel|ficheiros?|equipa|registo|contacto|facto|receção|direção)(?!\p{L})/giu;

/** pt-BR or pt-PT from vocabulary, else the html lang's region, else plain "pt". */
export function portugueseVariant(text: string, htmlLang: string | null): "pt-BR" | "pt-PT" | "pt" {
  const br = text.match(PT_BR)?.length ?? 0;
  const pt = text.match(PT_PT)?.length ?? 0;
  if (br > pt) return "pt-BR";
  if (pt > br) return "pt-PT";
  const region = htmlLang?.split("-")[1]?.toUpperCase();
  return region === "BR" ? "pt-BR" : region === "PT" ? "pt-PT" : "pt";
}

function normaliseHtmlLang(htmlLang: string | null | undefined): string | null {
  const tag = htmlLang?.trim().replace(/_/g, "-") ?? "";
  return /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i.test(tag) ? tag : null;
}

/**
 * The policy's language. The text decides when there is enough of it (franc-min, trigram
 * statistics); the page's lang attribute only labels a text too short to judge, because sites
 * often leave the template's `lang="en"` on translated pages.
 */
export function detectPolicyLanguage(text: string, htmlLang: string | null = null): PolicyLanguage {
  const hint = normaliseHtmlLang(htmlLang);
  const letters = text.replace(/[^\p{L}]/gu, "").length;
  const latin = text.replace(/[^\p{Script=Latin}]/gu, "").length;
  // A text mostly outside the Latin script is told apart by its script (franc does that first),
  // and no such language is covered, so a shorter text is enough to say "not analysed".
  const enough = letters >= MIN_TEXT_FOR_DETECTION || (letters >= 40 && latin < letters / 2);
  if (enough) {
    const [top] = francAll(text.slice(0, SAMPLE_CHARS), { minLength: 40 });
    const iso = top && top[0] !== "und" ? top[0] : null;
    if (iso) {
      const covered = ISO3_TO_COVERED[iso] ?? null;
      const language = covered === "pt" ? portugueseVariant(text, hint) : (covered ?? LANGUAGES[iso]?.[0] ?? iso);
      return { language, iso639_3: iso, method: "text", covered: covered !== null, html_lang: hint };
    }
  }
  if (hint) {
    const primary = hint.split("-")[0]?.toLowerCase() ?? "";
    const covered = (COVERED_LANGUAGES as readonly string[]).includes(primary);
    const language = primary === "pt" ? portugueseVariant(text, hint) : hint;
    return { language, iso639_3: null, method: "html_lang", covered, html_lang: hint };
  }
  return { language: null, iso639_3: null, method: "undetermined", covered: null, html_lang: null };
}
