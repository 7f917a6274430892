import type { ConceptPhrases } from "./concepts";

// French: RGPD wording (France, Belgium, Luxembourg, Switzerland) and Québec's Law 25 wording
// ("renseignements personnels", "personne responsable de la protection des renseignements personnels").
export const FRENCH: ConceptPhrases = {
  controller: [/responsable (du|de|des) traitements?/i],
  dpo: [/délégué(e)? à la protection des données|(?<!\p{L})DPO(?!\p{L})/iu],
  person_in_charge: [/responsable de la protection des (renseignements|données)/i],
  legal_basis: [/bases? (légale|juridique)s?|fondements? juridiques?|article 6 du rgpd/i],
  legitimate_interests: [/intérêts? légitimes?/i],
  purposes: [/finalités?|(utilisons|traitons|recueillons|collectons) vos (données|renseignements)[^.]{0,60}(pour|afin)/i],
  recipients: [/destinataires|sous-traitants|prestataires|(communiqu|partag|transmet)[^.]{0,80}tiers/i],
  transfers: [/pays tiers|clauses contractuelles types|décision d'adéquation|(hors|en dehors) de l'(union européenne|UE|EEE)/i],
  outside_quebec: [/(à l'extérieur|en dehors|hors) du (québec|canada)/i],
  retention: [/durée de conservation|délai de conservation|conserv(ons|ées|és|er)[^.]{0,80}(pendant|jusqu|durée|ans|mois)/i],
  rights: [/droits? d'(accès|opposition)|droit de (rectification|suppression|portabilité|limitation|faire rectifier)|droit à (l'effacement|la portabilité)/i],
  withdraw: [/retirer (votre|son) consentement|retrait (de votre|du) consentement|révoquer (votre )?consentement/i],
  complaint: [/réclamation auprès|autorité de contrôle|(?<!\p{L})CNIL(?!\p{L})|commission d'accès à l'information|commissariat à la protection/iu],
  automated: [/décisions? (individuelles? )?automatisées?|traitement automatisé|profilage/i],
  profiling_tech: [/cookies?|témoins|traceurs|technologies?[^.]{0,60}(identifier|localiser|profil)/i],
  pi_categories: [/catégories de (données|renseignements)|types de (données|renseignements) (personnel(le)?s )?que nous (recueillons|collectons)/i],
  sources: [/(?<!\p{L})sources?(?!\p{L})|(recueillons|collectons|obtenons)[^.]{0,60}(directement auprès|auprès de tiers)/iu],
  sold_shared: [/(vendons|vendus|vendre|partageons|partagés|communiquons)[^.]{0,80}(catégories|tiers)/i],
  request_methods: [/(soumettre|présenter|adresser|envoyer) (une|votre) demande|formulaire (en ligne|web)|sans frais/i],
  do_not_sell: [/ne pas vendre|(refuser|vous opposer)[^.]{0,40}(vente|partage)|global privacy control|signal de préférence/i],
  minors: [/mineurs?|enfants|moins de 1[3-8] ans/i],
  updated: [/dernière mise à jour|mise? à jour le|en vigueur (le|depuis|à compter)/i],
  appeal: [/faire appel|recours contre (le|un|notre) refus/i],
  targeted_ads: [/publicité (ciblée|personnalisée|comportementale)/i],
};
