import type { DeterministicDisclosure, RequiredDisclosure } from "@/agents/llm";

export const GDPR_DISCLOSURES: RequiredDisclosure[] = [
  { id: "controller_contact", label: "Controller identity and contact details", citation: "GDPR Art. 13(1)(a)" },
  { id: "purposes_legal_basis", label: "Purposes and legal basis of processing", citation: "GDPR Art. 13(1)(c)" },
  { id: "retention", label: "Retention period", citation: "GDPR Art. 13(2)(a)" },
  { id: "rights", label: "Data subject rights", citation: "GDPR Art. 13(2)(b)" },
  { id: "complaint", label: "Right to lodge a complaint", citation: "GDPR Art. 13(2)(d)" },
  { id: "transfers", label: "International transfers and safeguards", citation: "GDPR Art. 13(1)(f)" },
];

export const POLICY_TEXT = [
  "Privacy Policy of Example Shop SAS",
  "Example Shop SAS, 1 rue de la Paix, Paris, is the controller. Contact: privacy@shop.example.",
  "We process your order data to deliver your purchases, on the basis of our contract with you.",
  "We keep customer   records for\n  three years after your last purchase.",
  "You can contact our support team at any time.",
].join("\n\n");

/** What a keyword analyser would say about POLICY_TEXT: it misses the retention wording. */
export function deterministicResult(policy: string = POLICY_TEXT): DeterministicDisclosure[] {
  const hit = (id: string, quote: string | null): DeterministicDisclosure => {
    const d = GDPR_DISCLOSURES.find((x) => x.id === id);
    if (!d) throw new Error(id);
    return { ...d, present: quote !== null && policy.includes(quote), quote: quote !== null && policy.includes(quote) ? quote : null };
  };
  return [
    hit("controller_contact", "Example Shop SAS, 1 rue de la Paix, Paris, is the controller."),
    hit("purposes_legal_basis", "on the basis of our contract with you"),
    hit("retention", null),
    hit("rights", null),
    hit("complaint", null),
    hit("transfers", null),
  ];
}
