import { buildEvidence, uniq } from "../evidence-helpers";
import type { Detector } from "../types";

const MARKETING = /(marketing|newsletter|offers?|promotion|partners?|advertis|personali[sz]|third[- ]part|consent|subscribe|updates|news|e-?mails? from|sms)/i;

/** Non-essential consent toggles on by default, or marketing-consent checkboxes pre-checked in forms. */
export const detectPreTickedConsent: Detector = (evidence, ctx) => {
  const bannerItems = uniq(Object.values(evidence.sessions).flatMap((s) => s?.banner.preticked.filter((p) => !p.essential).map((p) => p.label) ?? []));
  const formHits = evidence.discovery.nodes.flatMap((node) =>
    node.forms.flatMap((form) =>
      form.fields
        .filter((f) => f.prechecked && (f.type === "checkbox" || f.type === "radio") && MARKETING.test(`${f.name} ${f.label ?? ""}`))
        .map((f) => ({ page: node.final_url || node.url, label: f.label ?? f.name })),
    ),
  );
  if (!bannerItems.length && !formHits.length) return [];
  const parts: string[] = [];
  if (bannerItems.length) parts.push(`the consent tool has ${bannerItems.join(", ")} switched on before the visitor chose`);
  if (formHits.length) parts.push(`${formHits.length} form checkbox(es) pre-tick marketing consent (${uniq(formHits.map((h) => h.label)).join(", ")})`);
  const screenshot = Object.values(evidence.sessions).find((s) => s?.banner.preticked.length)?.banner.screenshot_before;
  return [
    {
      code: "PRE_TICKED_CONSENT",
      status: "violation-candidate",
      confidence: "high",
      pages: uniq(formHits.map((h) => h.page)),
      summary: `Consent is assumed by default: ${parts.join("; ")}.`,
      evidence: buildEvidence(ctx, {
        screenshots: [screenshot],
        signals: { preticked_banner_items: bannerItems.join(", ") || null, preticked_form_fields: formHits.map((h) => `${h.label} @ ${h.page}`).join(" | ") || null },
      }),
    },
  ];
};
