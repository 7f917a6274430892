import { describe, expect, it } from "vitest";
import { analyzePrivacyPolicy } from "@/agents/observability/policy/analyze-policy";
import { makeEvidence } from "../../fixtures/evidence/make-evidence";

function missing(text: string, framework: "GDPR" | "CCPA") {
  const evidence = makeEvidence({ privacy_policy: { url: "https://www.shop.example/privacy", status: 200, title: "Privacy", text, truncated: false, error: null } });
  return analyzePrivacyPolicy(evidence, framework).missing;
}

// Real policies phrase each disclosure many ways; the analyser must recognise the idea, and
// still report it missing when the policy says nothing of the kind.
describe("privacy-policy phrasing", () => {
  it("recognises enumerated rights, retention, controller and withdrawal in everyday wording", () => {
    const text = [
      'Shop Inc. ("we") is the controller of the personal information described here.',
      "Depending on where you live, you have the right to: know and access the personal information we hold; request deletion; correct it.",
      "How long we keep your personal information: account data is kept until you close your account.",
      "Where we rely on your consent, you can withdraw it at any time.",
      "You will not be subject to decisions based solely on automated processing.",
    ].join("\n");
    const gaps = missing(text, "GDPR");
    for (const id of ["controller", "rights", "retention", "withdraw", "automated"]) expect(gaps, id).not.toContain(id);
  });

  it("still reports those disclosures missing from a policy that only talks about cookies", () => {
    const gaps = missing("We use cookies to make our website work. Contact us with questions.", "GDPR");
    for (const id of ["controller", "rights", "retention", "withdraw", "automated"]) expect(gaps, id).toContain(id);
  });

  it("accepts CCPA purposes stated as what the information is used for", () => {
    expect(missing("We use personal information to process your orders.", "CCPA")).not.toContain("purposes");
    expect(missing("Thank you for shopping with us.", "CCPA")).toContain("purposes");
  });
});
