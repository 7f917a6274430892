import { buildEvidence } from "../evidence-helpers";
import type { Detector } from "../types";

/** A discovery form that collects personal data on, or posts to, plain HTTP. */
export const detectInsecureDataCollection: Detector = (evidence, ctx) =>
  evidence.discovery.nodes.flatMap((node) =>
    node.forms
      .filter((form) => form.insecure && form.fields.some((f) => f.pii_kind !== null))
      .map((form) => {
        const fields = form.fields.filter((f) => f.pii_kind !== null).map((f) => `${f.name} (${f.pii_kind})`);
        const sensitive = form.fields.some((f) => f.pii_kind === "password" || f.pii_kind === "payment" || f.pii_kind === "government_id");
        return {
          code: "INSECURE_DATA_COLLECTION" as const,
          status: "violation-candidate" as const,
          confidence: "high" as const,
          pages: [node.final_url || node.url],
          summary: `A form on ${node.final_url || node.url} collects ${fields.join(", ")} over plain HTTP (posts to ${form.action}).${sensitive ? " It includes passwords, payment or ID data." : ""}`,
          evidence: buildEvidence(ctx, { signals: { page: node.final_url || node.url, form_action: form.action, method: form.method, fields: fields.join(", ") } }),
        };
      }),
  );
