/**
 * Pure wording rules for consent-banner controls (our own heuristics for banners no
 * autoconsent rule knows). Multilingual: EN, DE, FR, ES, PT (BR and PT), IT, NL, and PL for buttons.
 */
export type ButtonRole = "accept" | "reject" | "settings" | "close" | "other";

const REJECT = [
  /\breject\b/i, /\bdecline\b/i, /\bdeny\b/i, /\brefuse\b/i, /disagree/i, /do not (accept|agree|consent)/i, /don'?t (accept|agree)/i,
  /\bno,? thanks\b/i, /only (necessary|essential|required)/i, /(necessary|essential|required) (cookies )?only/i, /continue without/i,
  // German
  /ablehnen/i, /nur (die )?(notwendigen?|erforderlichen?|essenziellen?|technisch notwendigen?)/i, /verweigern/i, /nicht einverstanden/i, /ohne (einwilligung|zustimmung) (fortfahren|weiter)/i,
  // French
  /refuser/i, /continuer sans accepter/i, /je (ne suis pas d'accord|refuse)/i, /(uniquement|seulement) (les )?(cookies )?(n[ée]cessaires|essentiels|strictement)/i,
  // Spanish
  /rechazar/i, /s[oó]lo (las )?(cookies )?(necesarias|esenciales|t[ée]cnicas)/i, /no acepto/i, /continuar sin aceptar/i,
  // Portuguese (pt-BR, pt-PT)
  /rejeitar/i, /recusar/i, /(apenas|somente|s[oó]) (os )?(cookies )?(necess[aá]rios|essenciais)/i, /n[aã]o aceit(o|ar)/i, /continuar sem aceitar/i,
  // Italian
  /rifiut[aio]/i, /(solo|soltanto) (i )?(cookie )?(necessari|essenziali|tecnici)/i, /continua senza accettare/i, /\bnega\b/i, /non accett[oa]/i,
  // Dutch
  /weigeren/i, /afwijzen/i, /alleen (noodzakelijke|functionele|essenti[eë]le)/i, /niet akkoord/i, /doorgaan zonder (te )?accepteren/i,
  /(nicht|ne pas|no|n[aã]o|non|niet) (erlauben|zulassen|akzeptieren|autoriser|accepter|permitir|aceptar|aceitar|consentire|accettare|toestaan|accepteren)/i,
  // Polish (banner only; policies in Polish are not analysed)
  /odrzu[cć]/i,
];
const ACCEPT = [
  /\baccept/i, /\bagree\b/i, /\ballow( all)?\b/i, /\bgot it\b/i, /\bi understand\b/i, /^ok(ay)?$/i, /\byes\b/i, /^continue$/i,
  /akzeptieren/i, /zustimmen/i, /erlauben/i, /zulassen/i, /einverstanden/i,
  /accepter/i, /j'accepte/i, /autoriser/i,
  /acept(ar|o)/i, /permitir/i,
  /aceit(ar|o|e)/i, /concordo/i,
  /accett[aio]/i, /^consenti( tutt[io])?$/i,
  /akkoord/i, /accepteren/i, /toestaan/i,
  /akceptuj/i, /zgadzam/i,
];
const SETTINGS = [
  /settings/i, /preferences/i, /customi[sz]e/i, /manage/i, /options/i, /more (options|choices)/i, /choices/i, /configure/i, /purposes/i,
  /einstellungen/i, /anpassen/i, /verwalten/i, /individuell/i, /optionen/i,
  /param[eè]tres/i, /param[eé]trer/i, /personnaliser/i, /g[eé]rer/i, /pr[ée]f[ée]rences/i,
  /configurar/i, /personalizar/i, /preferencias/i, /opciones/i, /ajustes/i,
  /prefer[eê]ncias/i, /gerenciar/i, /gerir/i, /defini[cç][õo]es/i,
  /impostazioni/i, /gestisci/i, /preferenze/i, /personalizza/i,
  /instellingen/i, /voorkeuren/i, /beheren/i, /aanpassen/i,
  /ustawienia/i, /dostosuj/i,
];
const SAVE = [
  /save/i, /confirm( my)? (choices|selection)/i, /submit/i, /speichern/i, /enregistrer/i, /guardar/i, /salvar/i, /salva/i, /opslaan/i,
  /best[äa]tigen/i, /confirmer/i, /confirmar/i, /conferma/i, /bevestigen/i, /zapisz/i,
];
const CLOSE = [/^[x×✕✖]$/i, /^close$/i, /schlie(ss|ß)en/i, /fermer/i, /cerrar/i, /fechar/i, /chiudi/i, /sluiten/i, /dismiss/i];
const ACCEPT_WORD = /accept|akzeptieren|accepter|acept|aceit|accett|accepteren|akceptuj/i;
const ACCEPT_ALL = /accept all|alle (cookies )?akzeptieren|tout accepter|aceptar todo|aceitar tud|aceitar todos|accetta tutt|alles accepteren|akceptuj wszystk/i;

const matches = (patterns: RegExp[], text: string) => patterns.some((p) => p.test(text));

/** Role of one control from its visible text (or aria-label). Reject is checked first: "Accept only necessary" rejects. */
export function classifyButton(text: string): ButtonRole {
  const t = text.replace(/\s+/g, " ").trim();
  if (!t) return "other";
  if (t.length > 80) return "other";
  if (matches(REJECT, t)) return "reject";
  if (matches(SETTINGS, t) && !ACCEPT_WORD.test(t)) return "settings";
  if (matches(ACCEPT, t)) return "accept";
  if (matches(CLOSE, t)) return "close";
  return "other";
}

/** On the settings layer, "Save choices"/"Confirm" stores the (unticked) selection, which rejects. */
export function isSaveChoice(text: string): boolean {
  return matches(SAVE, text) && !ACCEPT_ALL.test(text);
}

/** Toggles that are strictly necessary are legitimately on and often disabled. */
export function isEssentialToggle(label: string, disabled: boolean): boolean {
  return disabled || /necessary|essential|required|strictly|notwendig|erforderlich|essentiel|n[eé]cessaire|necesari|necess[aá]ri|essenzial|noodzakelijk|niezb[eę]dn|always (on|active)|immer aktiv|toujours actif|siempre activ|sempre ativ|sempre attiv|altijd actief/i.test(label);
}
