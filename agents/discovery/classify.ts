import type { PiiKind } from "@/agents/evidence/schema";

/** Pure classification of pages, links and form fields. No browser, no network. */

export interface FieldDescriptor {
  name: string;
  type: string;
  autocomplete: string | null;
  label: string | null;
  id?: string | null;
  placeholder?: string | null;
}

// autocomplete tokens (HTML spec) are the most reliable signal, so they are checked first.
const AUTOCOMPLETE_KIND: Array<[RegExp, PiiKind]> = [
  [/\bemail\b/, "email"],
  [/\btel(-|\b)/, "phone"],
  [/\b(cc-|transaction-)/, "payment"],
  [/\b(bday)/, "birthdate"],
  [/\b(new-|current-)?password\b/, "password"],
  [/\b(street-address|address-line\d|address-level\d|postal-code|country)/, "address"],
  [/\b(name|given-name|family-name|additional-name|nickname|honorific-(prefix|suffix)|username)\b/, "name"],
];

// Order matters: more specific kinds before generic ones ("email" before "name" for "email_name").
const TEXT_KIND: Array<[RegExp, PiiKind]> = [
  [/e-?mail|courriel|correo|e-?post/, "email"],
  [/passw|passwort|contrase|senha|mot.?de.?passe|\bpin\b/, "password"],
  [/card.?(number|no)|credit.?card|\bcc.?(num|number)|\bcvc\b|\bcvv\b|\biban\b|expir|kreditkarte|tarjeta|cart[aã]o/, "payment"],
  [/\bssn\b|social.?security|tax.?id|\btin\b|passport|national.?id|\bcpf\b|\bnif\b|\bdni\b|driver.?licen|personalausweis|\bsin\b/, "government_id"],
  [/birth|\bdob\b|geburt|nacimiento|nascimento|naissance/, "birthdate"],
  [/phone|\btel\b|mobile|\bcell|telefon|tel[eé]fono|t[eé]l[eé]phone|celular|handy/, "phone"],
  [/address|street|\bzip\b|postal|postcode|\bcity\b|adresse|direcci[oó]n|endere[cç]o|stra(ss|ß)e|\bplz\b/, "address"],
  [/(first|last|full|given|family|sur|middle|user)[ _-]?name|^name$|\bname\b|vorname|nachname|nombre|apellido|\bnome\b|\bnom\b|pr[eé]nom/, "name"],
];

const IGNORED_TYPES = new Set(["hidden", "submit", "button", "reset", "image", "file", "range", "color"]);

/** The personal-data kind a form field collects, from type, autocomplete, name, id, label and placeholder; null when none. */
export function classifyField(field: FieldDescriptor): PiiKind | null {
  const type = field.type.toLowerCase();
  if (IGNORED_TYPES.has(type)) return null;
  if (type === "email") return "email";
  if (type === "tel") return "phone";
  if (type === "password") return "password";
  if (type === "checkbox" || type === "radio") return null;
  const autocomplete = (field.autocomplete ?? "").toLowerCase();
  if (autocomplete && autocomplete !== "on" && autocomplete !== "off") {
    for (const [pattern, kind] of AUTOCOMPLETE_KIND) if (pattern.test(autocomplete)) return kind;
  }
  if (type === "date" && /birth|dob|geburt/.test(`${field.name} ${field.label ?? ""}`.toLowerCase())) return "birthdate";
  const text = [field.name, field.id ?? "", field.label ?? "", field.placeholder ?? ""].join(" ").toLowerCase();
  for (const [pattern, kind] of TEXT_KIND) if (pattern.test(text)) return kind;
  return null;
}

// Link wording, multilingual (EN, DE, FR, ES, PT, IT, NL; policy titles also PL, JA). "Do Not Sell
// or Share", "Your Privacy Choices" (CCPA regs §7015) and their translations on Spanish-, French-
// and Portuguese-language pages of US and Canadian sites; the usual titles of a privacy policy.
const OPT_OUT_PATTERNS: RegExp[] = [
  /do\s*not\s*sell/i,
  /don'?t\s*sell/i,
  /your\s*privacy\s*choices/i,
  /opt[\s-]?out\s*(of\s*(the\s*)?(sale|sharing))?/i,
  /limit\s*the\s*use\s*of\s*my\s*sensitive/i,
  /no\s*vender/i,
  /(sus|tus)\s*opciones\s*de\s*privacidad/i,
  /limitar\s*el\s*uso\s*de\s*mi\s*informaci[oó]n/i,
  /ne\s*pas\s*vendre/i,
  /vos\s*choix\s*(en\s*mati[eè]re\s*)?(de\s*)?(confidentialit|vie\s*priv)/i,
  /nicht\s*(zu\s*)?verkaufen/i,
  /widerspruch\s*gegen\s*(den\s*)?verkauf/i,
  /ihre\s*datenschutz-?(wahlm[öo]glichkeiten|optionen)/i,
  /n[aã]o\s*vender/i,
  /(suas|as\s*suas)\s*escolhas\s*de\s*privacidade/i,
  /non\s*vendere/i,
  /le\s*tue\s*scelte\s*(sulla|in\s*materia\s*di)\s*privacy/i,
  /niet\s*verkopen/i,
  /verkoop\s*(van\s*)?mijn\s*[\p{L}\s]{0,40}niet/iu,
  /(uw|jouw|je)\s*privacykeuzes/i,
];
const POLICY_PATTERNS: RegExp[] = [
  /privacy/i,
  /cookie\s*(policy|notice|statement|richtlinie)/i,
  /data\s*protection/i,
  /datenschutz/i,
  /privacidad/i,
  /protecci[oó]n\s*de\s*datos/i,
  /privacidade/i,
  /prote[cç][aã]o\s*de\s*dados/i,
  /confidentialit[eé]/i,
  /vie\s*priv[eé]e/i,
  /donn[eé]es\s*personnelles/i,
  /protection\s*des\s*donn[eé]es/i,
  /informativa/i,
  /riservatezza/i,
  /protezione\s*dei\s*dati/i,
  /privacybeleid|privacyverklaring|gegevensbescherming/i,
  /integritetspolicy/i,
  /prywatno[sś]/i,
  /プライバシー|個人情報/,
];
// "Datenschutzeinstellungen", "Privacy settings", "Paramètres de confidentialité" reopen the consent
// tool: privacy wording, but not the policy, and taking them for it would analyse a settings dialog.
const SETTINGS_WORDING = /settings|preferences|einstellungen|param[eè]tres|pr[ée]f[ée]rences|configuraci[oó]n|ajustes|prefer[eê]ncias|defini[cç][õo]es|configura[cç][õo]es|impostazioni|preferenze|instellingen|voorkeuren/i;
const POLICY_WORDING = /policy|notice|statement|richtlinie|erkl[äa]rung|hinweis|politique|d[ée]claration|avis|pol[ií]tica|aviso|informativa|verklaring|beleid|polityka/i;
const POLICY_URL = /privacy|datenschutz|privacidad|privacidade|confidentialite|cookie-?policy|data-?protection/i;
const OPT_OUT_URL = /do-?not-?sell|opt-?out|privacy-?choices|ccpa/i;

export function isOptOutLink(text: string, href = ""): boolean {
  return OPT_OUT_PATTERNS.some((p) => p.test(text)) || OPT_OUT_URL.test(safePath(href));
}

export function isPolicyLink(text: string, href = ""): boolean {
  if (isOptOutLink(text, href) && !POLICY_WORDING.test(text)) return false;
  if (SETTINGS_WORDING.test(text) && !POLICY_WORDING.test(text)) return false;
  return POLICY_PATTERNS.some((p) => p.test(text)) || POLICY_URL.test(safePath(href));
}

function safePath(href: string): string {
  try {
    const url = new URL(href);
    return url.pathname + url.search;
  } catch {
    return href;
  }
}

export type PagePurpose =
  | "home"
  | "privacy_policy"
  | "cookie_policy"
  | "opt_out"
  | "signup"
  | "login"
  | "checkout"
  | "contact"
  | "account"
  | "product"
  | "content"
  | "other";

export interface PageFacts {
  url: string;
  title: string;
  depth: number;
  forms: Array<{ fields: Array<{ type: string; pii_kind: PiiKind | null }>; insecure: boolean }>;
  third_party_scripts: string[];
  third_party_frames: string[];
  opt_out_link_count: number;
  banner_present: boolean;
}

const PURPOSE_RULES: Array<[PagePurpose, RegExp]> = [
  ["opt_out", /do-?not-?sell|opt-?out|privacy-?choices|do not sell|your privacy choices|ne pas vendre|nicht verkaufen|no vender|n[aã]o vender|non vendere|niet verkopen/i],
  ["cookie_policy", /cookie-?(policy|notice)|cookie (policy|notice)|cookie-?richtlinie|politique (de|des|relative aux) cookies|pol[ií]tica de cookies|informativa (sui )?cookie|cookiebeleid/i],
  ["privacy_policy", /privacy|datenschutz|privacidad|privacidade|confidentialit|vie priv|protection des donn|protecci[oó]n de datos|prote[cç][aã]o de dados|informativa|gegevensbescherming|prywatno/i],
  ["checkout", /checkout|\bcart\b|basket|payment|kasse|\bpay\b/i],
  ["signup", /sign-?up|register|registration|create-?account|join|subscribe|newsletter/i],
  ["login", /log-?in|sign-?in|anmelden|connexion/i],
  ["account", /account|profile|settings|preferences/i],
  ["contact", /contact|support|help|kontakt|contacto/i],
  ["product", /product|item|shop|store|catalog/i],
  ["content", /blog|news|article|about|faq/i],
];

/** What a page is for, from its URL path and title (forms refine it: a password+email form is signup/login). */
export function classifyPurpose(facts: Pick<PageFacts, "url" | "title" | "depth" | "forms">): PagePurpose {
  let path = "/";
  try {
    path = new URL(facts.url).pathname;
  } catch {
    /* keep "/" */
  }
  if (facts.depth === 0 && (path === "/" || path === "")) return "home";
  const haystack = `${path} ${facts.title}`;
  for (const [purpose, pattern] of PURPOSE_RULES) if (pattern.test(haystack)) return purpose;
  const kinds = new Set(facts.forms.flatMap((f) => f.fields.map((x) => x.pii_kind)));
  if (kinds.has("payment")) return "checkout";
  if (kinds.has("password") && kinds.has("email") && facts.forms.some((f) => f.fields.length >= 3)) return "signup";
  if (kinds.has("password")) return "login";
  if (kinds.has("email")) return "contact";
  return path === "/" ? "home" : "other";
}

/**
 * Privacy risk score, 0–10, documented so reports can explain it:
 *   PII fields           +1 per distinct personal-data kind collected (max 4)
 *   sensitive fields     +2 when password, payment, government_id or birthdate is collected
 *   insecure collection  +2 when a PII form is on, or posts to, plain HTTP
 *   third parties        +0.5 per distinct third-party script/frame host (max 2)
 *   opt-out page         +1 (where a broken flow directly harms a legal right)
 *   capped at 10 and rounded to one decimal.
 */
export const RISK_WEIGHTS = {
  perPiiKind: 1,
  maxPiiKinds: 4,
  sensitive: 2,
  insecure: 2,
  perThirdPartyHost: 0.5,
  maxThirdParty: 2,
  optOutPage: 1,
  max: 10,
} as const;

const SENSITIVE: ReadonlySet<PiiKind> = new Set(["password", "payment", "government_id", "birthdate"]);

export function riskScore(facts: PageFacts, purpose: PagePurpose): number {
  const kinds = new Set<PiiKind>();
  let insecure = false;
  for (const form of facts.forms) {
    const pii = form.fields.map((f) => f.pii_kind).filter((k): k is PiiKind => k !== null && k !== "other");
    pii.forEach((k) => kinds.add(k));
    if (pii.length > 0 && form.insecure) insecure = true;
  }
  const hosts = new Set<string>();
  for (const url of [...facts.third_party_scripts, ...facts.third_party_frames]) {
    try {
      hosts.add(new URL(url).hostname);
    } catch {
      /* ignore */
    }
  }
  let score = Math.min(kinds.size, RISK_WEIGHTS.maxPiiKinds) * RISK_WEIGHTS.perPiiKind;
  if ([...kinds].some((k) => SENSITIVE.has(k))) score += RISK_WEIGHTS.sensitive;
  if (insecure) score += RISK_WEIGHTS.insecure;
  score += Math.min(hosts.size * RISK_WEIGHTS.perThirdPartyHost, RISK_WEIGHTS.maxThirdParty);
  if (purpose === "opt_out") score += RISK_WEIGHTS.optOutPage;
  return Math.round(Math.min(score, RISK_WEIGHTS.max) * 10) / 10;
}
