import type { ConceptPhrases } from "./concepts";

// Italian: GDPR wording as Italian "informative" write it (titolare, RPD/DPO, Garante).
export const ITALIAN: ConceptPhrases = {
  controller: [/titolare del trattamento/i],
  dpo: [/responsabile (della|per la) protezione dei dati|(?<!\p{L})(RPD|DPO)(?!\p{L})/iu],
  legal_basis: [/bas[ei] giuridic[ahe]|presupposto di liceità/i],
  legitimate_interests: [/legittimo interesse|interessi legittimi/i],
  purposes: [/finalità|(utilizziamo|trattiamo) i (tuoi|suoi) dati[^.]{0,60}per/i],
  recipients: [/destinatari|responsabili del trattamento|fornitori di servizi|(comunicat|condivis|trasmess)[^.]{0,80}terzi/i],
  transfers: [/paesi terzi|paese terzo|clausole contrattuali (tipo|standard)|decisione di adeguatezza|(fuori|al di fuori) dell'(unione europea|UE|SEE)/i],
  outside_quebec: [/(fuori|al di fuori) del (québec|quebec|canada)/i],
  retention: [/periodo di conservazione|per quanto tempo|(conservati|conserviamo|conserveremo)[^.]{0,80}(per|fino)/i],
  rights: [/diritt[oi] (di|all'|alla|d') ?(accesso|rettifica|cancellazione|oblio|limitazione|portabilità|opposizione)/i],
  withdraw: [/revocare (il )?(tuo |suo |proprio )?consenso|revoca del consenso/i],
  complaint: [/reclamo (al|presso|all')|garante (per la protezione dei dati|privacy)|autorità di controllo/i],
  automated: [/processo decisionale automatizzato|decisioni automatizzate|profilazione/i],
  profiling_tech: [/cookies?|tecnologi[ae][^.]{0,60}(identificar|localizzar|profil)/i],
  pi_categories: [/categorie di dati( personali)?|tipi di dati personali che (raccogliamo|trattiamo)/i],
  sources: [/(?<!\p{L})fonti?(?!\p{L})|(raccogliamo|otteniamo)[^.]{0,60}(direttamente|da terzi)/iu],
  sold_shared: [/(vendiamo|venduti|vendere|condividiamo|condivisi)[^.]{0,80}(categorie|terzi)/i],
  request_methods: [/(inviare|presentare|inoltrare) (una |la |la propria )?(richiesta|istanza)|modulo (online|web)|numero verde/i],
  do_not_sell: [/non vendere|(opporsi|rinunciare|opt-?out)[^.]{0,40}(vendita|condivisione)|global privacy control|segnale di preferenza/i],
  minors: [/minori|bambini|meno di 1[3-8] anni/i],
  updated: [/ultimo aggiornamento|aggiornat[ao] (il|al)|in vigore dal/i],
  appeal: [/ricorso|impugnare|appello/i],
  targeted_ads: [/pubblicità (mirata|personalizzata|comportamentale)/i],
};
