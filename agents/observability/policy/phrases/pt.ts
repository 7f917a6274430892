import type { ConceptPhrases } from "./concepts";

// Portuguese, both variants: Brazil's LGPD wording (controlador, encarregado, titular, ANPD,
// compartilhamento) and Portugal's RGPD wording (responsável pelo tratamento, encarregado da
// proteção de dados, utilizador, CNPD, partilha).
export const PORTUGUESE: ConceptPhrases = {
  controller: [/controlador|responsável pelo tratamento/i],
  dpo: [/encarregad[oa]|(?<!\p{L})(DPO|EPD)(?!\p{L})/iu],
  legal_basis: [/bases? lega(l|is)|fundamentos? (jurídicos?|legais|de licitude)|licitude do tratamento|art(igo|\.)\s*7\s*da lgpd/i],
  legitimate_interests: [/interesses? legítimos?/i],
  purposes: [/finalidades?|(utilizamos|tratamos|usamos) (os )?(seus )?dados[^.]{0,60}para/i],
  recipients: [/destinatários|subcontratantes|operadores|prestadores de serviços|(compartilh|partilh|comunic|transmit)[^.]{0,80}terceiros/i],
  transfers: [/transferências? internaciona(l|is)|países terceiros|fora do (brasil|espaço económico europeu|EEE)|cláusulas contratuais (padrão|-?tipo)|decisão de adequação/i],
  outside_quebec: [/fora do (québec|quebec|canadá)/i],
  retention: [/(prazo|período)s? de (conservação|armazenamento|retenção)|(conservad|armazenad|mantid)[oa]s?[^.]{0,80}(durante|até|enquanto|anos)/i],
  rights: [/direitos? (do titular|dos titulares|de acesso|de retificação|de correção|à portabilidade|ao apagamento|à eliminação|de oposição)|confirmação da existência de tratamento/i],
  withdraw: [/revoga(r|ção)[^.]{0,40}consentimento|retirar (o )?(seu )?consentimento|retirada do consentimento/i],
  complaint: [/autoridade (nacional )?de (proteção|controlo)|(?<!\p{L})(ANPD|CNPD)(?!\p{L})|apresentar reclamação|peticionar/iu],
  automated: [/decis(ão|ões)[^.]{0,40}automatizad|tratamento automatizado|definição de perfis|perfilagem/i],
  profiling_tech: [/cookies?|tecnologias?[^.]{0,60}(identificar|localizar|perfil)/i],
  pi_categories: [/categorias de dados( pessoais)?|tipos de dados pessoais que (coletamos|recolhemos|tratamos)/i],
  sources: [/(?<!\p{L})fontes?(?!\p{L})|(coletamos|recolhemos|obtemos)[^.]{0,60}(diretamente|de terceiros)/iu],
  sold_shared: [/(vendemos|vendidos|vender|compartilhamos|compartilhados|partilhamos|partilhados)[^.]{0,80}(categorias|terceiros)/i],
  request_methods: [/(enviar|apresentar|fazer) (uma |a sua |sua )?(solicitação|requisição|pedido)|formulário (online|web|eletrónico|eletrônico)|(número|linha) gratuit[oa]/i],
  do_not_sell: [/não vender|(optar por não|oposição à|exclusão)[^.]{0,40}(venda|compartilhamento|partilha)|global privacy control|sinal de preferência/i],
  minors: [/menores|crianças|adolescentes|menos de 1[3-8] anos/i],
  updated: [/última atualização|atualizad[ao] em|em vigor (desde|a partir)|data de vigência/i],
  appeal: [/recorrer|recurso contra/i],
  targeted_ads: [/publicidade (direcionada|personalizada|dirigida|comportamental)/i],
};
