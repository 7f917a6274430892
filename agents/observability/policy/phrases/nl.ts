import type { ConceptPhrases } from "./concepts";

// Dutch: AVG wording (Netherlands, Flanders): verwerkingsverantwoordelijke, functionaris
// gegevensbescherming, Autoriteit Persoonsgegevens / Gegevensbeschermingsautoriteit.
export const DUTCH: ConceptPhrases = {
  controller: [/verwerkingsverantwoordelijke|verantwoordelijk voor de verwerking/i],
  dpo: [/functionaris (voor |gegevensbescherming)|(?<!\p{L})(FG|DPO)(?!\p{L})/u],
  legal_basis: [/rechtsgrond(slag)?|wettelijke grondslag|grondslag(en)? voor/i],
  legitimate_interests: [/gerechtvaardigd(e)? belang/i],
  purposes: [/doeleinden|doel(en)? van de verwerking|(gebruiken|verwerken) (wij|we) (uw|je) (persoons)?gegevens[^.]{0,60}(om|voor)/i],
  recipients: [/ontvangers|verwerkers|dienstverleners|(delen|verstrekken|doorgeven)[^.]{0,80}derden/i],
  transfers: [/derde landen|derde land|(model|standaard)contractbepalingen|adequaatheidsbesluit|buiten de (europese unie|EU|EER)/i],
  outside_quebec: [/buiten (québec|quebec|canada)/i],
  retention: [/bewaartermijn|hoe lang (wij|we)|bewaren[^.]{0,80}(niet langer|zolang|jaar|maanden)/i],
  rights: [/recht op (inzage|rectificatie|correctie|verwijdering|wissing|beperking|overdraagbaarheid|dataportabiliteit|bezwaar)|recht van bezwaar/i],
  withdraw: [/toestemming[^.]{0,60}intrekken|intrekken[^.]{0,40}toestemming|intrekking van (uw|je) toestemming/i],
  complaint: [/autoriteit persoonsgegevens|gegevensbeschermingsautoriteit|toezichthoud(er|ende autoriteit)|klacht in ?dienen/i],
  automated: [/geautomatiseerde (besluitvorming|besluiten)|profilering/i],
  profiling_tech: [/cookies?|technologieën?[^.]{0,60}(identificeren|lokaliseren|profiel)/i],
  pi_categories: [/categorieën (van )?(persoons)?gegevens|welke (persoons)?gegevens (wij|we) verzamelen/i],
  sources: [/bronnen|((verkrijgen|ontvangen|verzamelen) (wij|we)|(wij|we) (verkrijgen|ontvangen|verzamelen))[^.]{0,60}(rechtstreeks|van derden)/i],
  sold_shared: [/(verkopen|verkocht|delen|gedeeld)[^.]{0,80}(categorieën|derden)/i],
  request_methods: [/(verzoek|aanvraag)[^.]{0,60}(indienen|sturen|doen)|webformulier|online formulier|gratis (telefoon)?nummer/i],
  do_not_sell: [/niet verkopen|verkoop[^.]{0,40}(bezwaar|afmelden)|opt-?out|global privacy control|voorkeurssignaal/i],
  minors: [/minderjarigen|kinderen|jonger dan 1[3-8]/i],
  updated: [/laatst (bijgewerkt|gewijzigd)|bijgewerkt op|geldig vanaf/i],
  appeal: [/in beroep|bezwaar tegen (de|een) (weigering|afwijzing)/i],
  targeted_ads: [/(gerichte|gepersonaliseerde) (advertenties|reclame)/i],
};
