/**
 * Pure wording rules for consent-banner controls (our own heuristics for banners no
 * autoconsent rule knows). Multilingual: EN, DE, FR, ES, PT, IT, NL.
 */
export type ButtonRole = "accept" | "reject" | "settings" | "close" | "other";

const REJECT = [
  /\breject\b/i, /\bdecline\b/i, /\bdeny\b/i, /\brefuse\b/i, /disagree/i, /do not (accept|agree|consent)/i, /don'?t (accept|agree)/i,
  /\bno,? thanks\b/i, /only (necessary|essential|required)/i, /(necessary|essential|required) (cookies )?only/i, /continue without/i,
  /ablehnen/i, /alle ablehnen/i, /nur (notwendige|erforderliche|essenzielle)/i, /verweigern/i,
  /refuser/i, /tout refuser/i, /continuer sans accepter/i,
  /rechazar/i, /rechazar todo/i, /solo (necesarias|esenciales)/i,
  /rejeitar/i, /recusar/i, /apenas (necess[aá]rios|essenciais)/i,
  /rifiuta/i, /weigeren/i, /afwijzen/i,
];
const ACCEPT = [
  /\baccept/i, /\bagree\b/i, /\ballow( all)?\b/i, /\bgot it\b/i, /\bi understand\b/i, /^ok(ay)?$/i, /\byes\b/i, /^continue$/i,
  /akzeptieren/i, /zustimmen/i, /alle (cookies )?(akzeptieren|erlauben|zulassen)/i, /einverstanden/i,
  /accepter/i, /tout accepter/i, /j'accepte/i,
  /aceptar/i, /aceitar/i, /concordo/i, /permitir/i, /accetta/i, /akkoord/i, /accepteren/i,
];
const SETTINGS = [
  /settings/i, /preferences/i, /customi[sz]e/i, /manage/i, /options/i, /more (options|choices)/i, /choices/i, /configure/i, /purposes/i,
  /einstellungen/i, /anpassen/i, /verwalten/i, /param[eè]tres/i, /personnaliser/i, /g[eé]rer/i, /configurar/i, /personalizar/i,
  /preferencias/i, /prefer[eê]ncias/i, /gerenciar/i, /impostazioni/i, /instellingen/i,
];
const SAVE = [/save/i, /confirm( my)? (choices|selection)/i, /submit/i, /speichern/i, /enregistrer/i, /guardar/i, /salvar/i, /salva/i, /opslaan/i, /auswahl best[äa]tigen/i];
const CLOSE = [/^[x×✕✖]$/i, /^close$/i, /schlie(ss|ß)en/i, /fermer/i, /cerrar/i, /fechar/i, /chiudi/i, /sluiten/i, /dismiss/i];

const matches = (patterns: RegExp[], text: string) => patterns.some((p) => p.test(text));

/** Role of one control from its visible text (or aria-label). Reject is checked first: "Accept only necessary" rejects. */
export function classifyButton(text: string): ButtonRole {
  const t = text.replace(/\s+/g, " ").trim();
  if (!t) return "other";
  if (t.length > 80) return "other";
  if (matches(REJECT, t)) return "reject";
  if (matches(SETTINGS, t) && !/accept|akzeptieren|accepter|aceptar|aceitar/i.test(t)) return "settings";
  if (matches(ACCEPT, t)) return "accept";
  if (matches(CLOSE, t)) return "close";
  return "other";
}

/** On the settings layer, "Save choices"/"Confirm" stores the (unticked) selection, which rejects. */
export function isSaveChoice(text: string): boolean {
  return matches(SAVE, text) && !/accept all|alle akzeptieren|tout accepter/i.test(text);
}

/** Toggles that are strictly necessary are legitimately on and often disabled. */
export function isEssentialToggle(label: string, disabled: boolean): boolean {
  return disabled || /necessary|essential|required|strictly|notwendig|erforderlich|essentiel|n[eé]cessaire|necesari|necess[aá]ri/i.test(label);
}
