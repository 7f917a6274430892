import type { ConceptPhrases } from "./concepts";

// German (DSGVO/BDSG wording, as German, Austrian and Swiss policies write it).
export const GERMAN: ConceptPhrases = {
  controller: [/verantwortliche[rn]?(?!\p{L})|verantwortliche stelle|verantwortlich für die (daten)?verarbeitung/iu],
  dpo: [/datenschutzbeauftragte/i],
  person_in_charge: [/verantwortlich[^.]{0,40}schutz personenbezogener/i],
  legal_basis: [/rechtsgrundlage|art\.?\s*6\s*(abs\.?\s*1\s*)?(lit\.?\s*[a-f]\s*)?(dsgvo|ds-gvo)/i],
  legitimate_interests: [/berechtigte[nms]? interesse/i],
  purposes: [/verarbeitungszweck|zwecke?n? der verarbeitung|zu (folgenden|diesen) zwecken|(verarbeiten|nutzen|verwenden) wir ihre (personenbezogenen )?daten/i],
  recipients: [/empfänger|auftragsverarbeiter|(weitergegeben|weitergeben|weitergabe|übermitteln|übermittelt|offengelegt)[^.]{0,80}(dritte|dienstleister)/i],
  transfers: [/drittl(and|änder)|standardvertragsklauseln|angemessenheitsbeschluss|data privacy framework|außerhalb (der|des) (EU|EWR|europäischen)/i],
  outside_quebec: [/außerhalb (von )?(québec|quebec|kanada)/i],
  retention: [/speicherdauer|aufbewahrungs(frist|dauer)|löschfrist|wie lange wir|(speichern|aufbewahren|gespeichert|aufbewahrt)[^.]{0,80}(solange|bis zu|für die dauer|jahre|monate)/i],
  rights: [/recht auf (auskunft|berichtigung|löschung|einschränkung|datenübertragbarkeit)|auskunftsrecht|widerspruchsrecht|betroffenenrechte/i],
  withdraw: [/(einwilligung|zustimmung)[^.]{0,80}widerruf|widerruf(en|srecht)?[^.]{0,60}(einwilligung|zustimmung)/i],
  complaint: [/aufsichtsbehörde|beschwerde bei (der|einer) (zuständigen )?(datenschutz)?behörde/i],
  automated: [/automatisierte[rn]? (entscheidung|einzelentscheidung|entscheidungsfindung)|profiling/i],
  profiling_tech: [/cookies?|tracking|technologien[^.]{0,60}(identifizieren|orten|profil)/i],
  pi_categories: [/kategorien (von |der )?(personenbezogenen |personenbezogener )?daten|datenkategorien|welche (personenbezogenen )?daten wir (erheben|verarbeiten)/i],
  sources: [/quellen|herkunft der daten|(erhalten|erheben) wir[^.]{0,60}(direkt von ihnen|von dritten|aus öffentlich)/i],
  sold_shared: [/(verkauf(en|t)?|weitergegeben|teilen|geteilt)[^.]{0,80}(kategorien|dritte)/i],
  request_methods: [/(anfrage|antrag|ersuchen|anliegen)[^.]{0,60}(stellen|einreichen|senden|richten)|kontaktformular|webformular|gebührenfrei/i],
  do_not_sell: [/nicht (zu )?verkaufen|verkauf[^.]{0,60}widersprechen|opt-?out|global privacy control|präferenzsignal/i],
  minors: [/kinder|minderjährig|unter (\d+|sechzehn) jahren/i],
  updated: [/stand:|zuletzt (aktualisiert|geändert)|letzte aktualisierung|gültig ab|aktualisiert am/i],
  appeal: [/einspruch|berufung|(ablehnung|abgelehnt)[^.]{0,60}(anfechten|überprüfen)/i],
  targeted_ads: [/(zielgerichtete|personalisierte|interessenbasierte) werbung/i],
};
