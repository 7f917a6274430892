import type { ConceptPhrases } from "./concepts";

// Spanish: RGPD/LOPDGDD wording (Spain) and the CCPA's Spanish notices (California).
export const SPANISH: ConceptPhrases = {
  controller: [/responsable del tratamiento|responsable de (sus|tus|los) datos/i],
  dpo: [/delegado de protección de datos|(?<!\p{L})(DPD|DPO)(?!\p{L})/u],
  person_in_charge: [/responsable de la protección de (la información|los datos) personal/i],
  legal_basis: [/bases? (jurídica|legal|legitimadora)s?|legitimación (del|para el) tratamiento/i],
  legitimate_interests: [/inter[eé]s(es)? leg[ií]timos?/i],
  purposes: [/finalidad(es)?|(utilizamos|tratamos|usamos) (sus|tus) datos[^.]{0,60}para/i],
  recipients: [/destinatarios|encargados del tratamiento|proveedores de servicios|(comunic|ced|compart)[^.]{0,80}terceros/i],
  transfers: [/transferencias? internacional|terceros países|cláusulas contractuales (tipo|estándar)|decisión de adecuación|fuera (de la unión europea|del EEE|de la UE)/i],
  outside_quebec: [/fuera de (québec|quebec|canadá)/i],
  retention: [/plazo de conservación|periodo de conservación|cuánto tiempo|conservar(emos|án)[^.]{0,80}(durante|hasta|mientras|años)|se conservarán/i],
  rights: [/derechos? (de|a) (acceso|rectificación|supresión|oposición|portabilidad|limitación|conocer|eliminar|corregir)|derechos arco/i],
  withdraw: [/(retirar|revocar) (su|tu|el) consentimiento/i],
  complaint: [/reclamación ante|autoridad de control|agencia española de protección de datos|(?<!\p{L})AEPD(?!\p{L})/iu],
  automated: [/decisiones? (individuales )?automatizadas|elaboración de perfiles/i],
  profiling_tech: [/cookies?|tecnologías?[^.]{0,60}(identificar|localizar|perfil)/i],
  pi_categories: [/categorías de (datos|información) personal(es)?|tipos de datos personales que (recopilamos|recogemos|tratamos)/i],
  sources: [/(?<!\p{L})fuentes?(?!\p{L})|(obtenemos|recopilamos|recogemos)[^.]{0,60}(directamente de usted|de terceros)/iu],
  sold_shared: [/(vendemos|vendido|vender|compartimos|compartido)[^.]{0,80}(categorías|terceros)/i],
  request_methods: [/(enviar|presentar|ejercer)[^.]{0,40}solicitud|formulario (web|en línea)|(número|línea) gratuit[ao]/i],
  do_not_sell: [/no vender|(optar por no|exclusión voluntaria|oponerse)[^.]{0,40}(venta|compartir)|global privacy control|señal de preferencia/i],
  minors: [/menores|niños|menos de 1[3-8] años/i],
  updated: [/última actualización|actualizad[ao] (el|por última vez)|vigente desde|fecha de entrada en vigor/i],
  appeal: [/apelar|apelación|recurrir la (denegación|decisión)/i],
  targeted_ads: [/publicidad (dirigida|personalizada|comportamental)/i],
};
