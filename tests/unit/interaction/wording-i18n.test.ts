import { describe, expect, it } from "vitest";
import { classifyPurpose, isOptOutLink, isPolicyLink } from "@/agents/discovery/classify";
import { linkPriority } from "@/agents/discovery/frontier";
import { classifyButton, isEssentialToggle, isSaveChoice } from "@/agents/interaction/banner-wording";
import { LANG_SITES } from "@/tests/fixtures/web/sites-i18n";

// Controls as consent banners in each covered language write them.
const BUTTONS: Record<string, { reject: string[]; accept: string[]; settings: string[] }> = {
  de: { reject: ["Alle ablehnen", "Ablehnen", "Nur notwendige Cookies", "Nur technisch notwendige", "Nicht einverstanden", "Nicht erlauben"], accept: ["Alle akzeptieren", "Akzeptieren", "Zustimmen", "Alle zulassen", "Einverstanden"], settings: ["Datenschutzeinstellungen", "Einstellungen", "Individuelle Einstellungen", "Mehr Optionen"] },
  fr: { reject: ["Tout refuser", "Refuser", "Continuer sans accepter", "Uniquement les cookies nécessaires", "Je refuse"], accept: ["Tout accepter", "Accepter", "J'accepte", "Autoriser"], settings: ["Personnaliser", "Paramètres des cookies", "Gérer mes préférences", "Paramétrer"] },
  es: { reject: ["Rechazar todo", "Rechazar", "Solo cookies necesarias", "Sólo las necesarias", "No acepto", "Continuar sin aceptar"], accept: ["Aceptar todo", "Aceptar", "Acepto", "Permitir todas"], settings: ["Configurar cookies", "Más opciones", "Ajustes", "Preferencias"] },
  pt: { reject: ["Rejeitar tudo", "Rejeitar todos", "Recusar", "Apenas necessários", "Somente essenciais", "Não aceito", "Continuar sem aceitar"], accept: ["Aceitar tudo", "Aceitar todos", "Aceito", "Concordo"], settings: ["Gerenciar preferências", "Gerir preferências", "Definições de cookies", "Personalizar"] },
  it: { reject: ["Rifiuta tutto", "Rifiuta", "Rifiuto", "Solo necessari", "Continua senza accettare", "Non accetto"], accept: ["Accetta tutto", "Accetta", "Accetto", "Consenti"], settings: ["Gestisci preferenze", "Impostazioni", "Personalizza"] },
  nl: { reject: ["Alles weigeren", "Weigeren", "Afwijzen", "Alleen noodzakelijke cookies", "Niet akkoord"], accept: ["Alles accepteren", "Accepteren", "Akkoord", "Alles toestaan"], settings: ["Voorkeuren beheren", "Instellingen", "Cookie-instellingen aanpassen"] },
};

describe("banner wording in seven languages", () => {
  for (const [language, roles] of Object.entries(BUTTONS)) {
    it(`${language}: reject, accept and settings controls`, () => {
      for (const text of roles.reject) expect(classifyButton(text), text).toBe("reject");
      for (const text of roles.accept) expect(classifyButton(text), text).toBe("accept");
      for (const text of roles.settings) expect(classifyButton(text), text).toBe("settings");
    });
  }

  it("classifies every test site's own banner the way a visitor reads it", () => {
    for (const site of LANG_SITES) {
      const b = site.wording?.banner;
      if (!b) continue;
      expect(classifyButton(b.acceptAll), `${site.host} ${b.acceptAll}`).toBe("accept");
      expect(classifyButton(b.rejectAll), `${site.host} ${b.rejectAll}`).toBe("reject");
      expect(classifyButton(b.manage), `${site.host} ${b.manage}`).toBe("settings");
      expect(isSaveChoice(b.save), `${site.host} ${b.save}`).toBe(true);
      expect(isEssentialToggle(b.necessary, false), `${site.host} ${b.necessary}`).toBe(true);
      expect(isEssentialToggle(b.marketing, false), `${site.host} ${b.marketing}`).toBe(false);
    }
  });

  it("does not take saving an 'accept all' for saving a choice", () => {
    for (const text of ["Alle akzeptieren und speichern", "Tout accepter et enregistrer", "Aceptar todo y guardar", "Accetta tutto e salva", "Alles accepteren en opslaan"]) expect(isSaveChoice(text), text).toBe(false);
  });
});

describe("opt-out and policy links in seven languages", () => {
  const OPT_OUT = [
    "Ne pas vendre mes informations personnelles",
    "Ne pas vendre ni partager mes renseignements personnels",
    "Vos choix en matière de confidentialité",
    "Não vender ou compartilhar minhas informações pessoais",
    "Não vender ou partilhar as minhas informações pessoais",
    "Suas escolhas de privacidade",
    "No vender o compartir mi información personal",
    "No vender ni compartir mi información personal",
    "Tus opciones de privacidad",
    "Meine personenbezogenen Daten nicht verkaufen",
    "Widerspruch gegen den Verkauf meiner Daten",
    "Non vendere o condividere le mie informazioni personali",
    "Le tue scelte sulla privacy",
    "Verkoop mijn persoonsgegevens niet",
    "Uw privacykeuzes",
  ];
  const POLICY = [
    "Datenschutzerklärung",
    "Datenschutzhinweise",
    "Politique de confidentialité",
    "Protection des données personnelles",
    "Política de privacidad",
    "Protección de datos",
    "Política de Privacidade",
    "Aviso de Privacidade",
    "Proteção de dados",
    "Informativa sulla privacy",
    "Informativa privacy",
    "Privacyverklaring",
    "Privacybeleid",
    "Polityka prywatności",
    "プライバシーポリシー",
  ];
  const SETTINGS = ["Datenschutzeinstellungen", "Privacy settings", "Paramètres de confidentialité", "Configuración de privacidad", "Preferências de privacidade", "Impostazioni privacy", "Privacy-instellingen"];

  it("recognises opt-out links by their wording alone (no telling URL)", () => {
    for (const text of OPT_OUT) {
      expect(isOptOutLink(text, "https://shop.example/x"), text).toBe(true);
      expect(isPolicyLink(text, "https://shop.example/x"), `${text} is not the policy`).toBe(false);
      expect(linkPriority("https://shop.example/x", text), text).toBe(100);
    }
  });

  it("recognises privacy-policy links by their wording alone", () => {
    for (const text of POLICY) {
      expect(isPolicyLink(text, "https://shop.example/x"), text).toBe(true);
      expect(isOptOutLink(text, "https://shop.example/x"), `${text} is not an opt-out`).toBe(false);
    }
  });

  it("does not take a privacy-settings link for the policy", () => {
    for (const text of SETTINGS) expect(isPolicyLink(text, "https://shop.example/x"), text).toBe(false);
    expect(isPolicyLink("Datenschutzerklärung und Einstellungen", "https://shop.example/x")).toBe(true);
  });

  it("names a localised policy or opt-out page's purpose from its title", () => {
    expect(classifyPurpose({ url: "https://shop.example/dse", title: "Datenschutzerklärung | Muster", depth: 1, forms: [] })).toBe("privacy_policy");
    expect(classifyPurpose({ url: "https://shop.example/note-legali", title: "Informativa sulla privacy", depth: 1, forms: [] })).toBe("privacy_policy");
    expect(classifyPurpose({ url: "https://shop.example/x", title: "Não vender ou compartilhar minhas informações pessoais", depth: 1, forms: [] })).toBe("opt_out");
  });
});
