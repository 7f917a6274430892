import { describe, expect, it } from "vitest";
import { analyzeEvidence } from "@/agents/observability";
import { analyzePrivacyPolicy } from "@/agents/observability/policy/analyze-policy";
import { disclosuresByFramework } from "@/agents/observability/policy/disclosures";
import type { Framework } from "@/lib/schemas/framework";
import { makeEvidence, SITE } from "../../fixtures/evidence/make-evidence";
import {
  INCOMPLETE_DROPS,
  JAPANESE_POLICY,
  POLISH_POLICY,
  POLICY_SENTENCES,
  type PolicyLocale,
  policyPlainText,
  policySentences,
} from "../../fixtures/web/policy-text-i18n";

// The frameworks whose disclosures the issue asks for in every language: GDPR Art. 13/14, LGPD
// Art. 9/18/41, PIPEDA with Québec's Law 25, CCPA §1798.100/.130.
const FRAMEWORKS: Framework[] = ["GDPR", "LGPD", "PIPEDA", "CCPA"];
const LOCALES = Object.keys(POLICY_SENTENCES) as PolicyLocale[];

function evidenceWith(text: string, htmlLang: string | null = null) {
  return makeEvidence({ privacy_policy: { url: `${SITE}privacy`, status: 200, title: "Policy", text, truncated: false, error: null, html_lang: htmlLang } });
}

/** A disclosure is missing from the incomplete policy when every concept that satisfies it was left out. */
function expectedMissing(framework: Framework): string[] {
  return disclosuresByFramework[framework].filter((d) => d.concepts.length > 0 && d.concepts.every((c) => INCOMPLETE_DROPS.includes(c))).map((d) => d.id);
}

describe("privacy-policy analysis in seven languages", () => {
  for (const locale of LOCALES) {
    describe(locale, () => {
      it("detects the policy's language from its text", () => {
        const analysis = analyzePrivacyPolicy(evidenceWith(policyPlainText(locale, "full")), "GDPR");
        expect(analysis.language).toBe(locale);
        expect(analysis.language_detection?.method).toBe("text");
        expect(analysis.language_detection?.covered).toBe(true);
      });

      for (const framework of FRAMEWORKS) {
        it(`a complete policy has every ${framework} disclosure, each quoted by one of its own sentences`, () => {
          const text = policyPlainText(locale, "full");
          const analysis = analyzePrivacyPolicy(evidenceWith(text), framework);
          expect(analysis.analysed).toBe(true);
          expect(analysis.missing).toEqual([]);
          const sentences = policySentences(locale, "full");
          for (const d of analysis.disclosures) expect(sentences, `${d.id}: ${d.quote}`).toContain(d.quote);
          const report = analyzeEvidence(evidenceWith(text), { framework, scanId: "lang" });
          expect(report.violations.map((v) => v.violation_type)).not.toContain("PRIVACY_POLICY_INCOMPLETE");
        });

        it(`an incomplete policy is reported under ${framework}, naming exactly what is missing`, () => {
          const text = policyPlainText(locale, "incomplete");
          const analysis = analyzePrivacyPolicy(evidenceWith(text), framework);
          expect(analysis.language).toBe(locale);
          const expected = expectedMissing(framework);
          expect(expected.length).toBeGreaterThan(0);
          expect([...analysis.missing].sort()).toEqual([...expected].sort());
          const sentences = policySentences(locale, "incomplete");
          for (const d of analysis.disclosures.filter((x) => x.present)) expect(sentences, `${d.id}: ${d.quote}`).toContain(d.quote);
          const report = analyzeEvidence(evidenceWith(text), { framework, scanId: "lang" });
          const finding = report.violations.find((v) => v.violation_type === "PRIVACY_POLICY_INCOMPLETE");
          expect(finding, "PRIVACY_POLICY_INCOMPLETE").toBeDefined();
          for (const id of expected) {
            const label = analysis.disclosures.find((d) => d.id === id)?.label ?? id;
            expect(finding?.description, id).toContain(label);
          }
        });
      }
    });
  }

  it("tells Brazilian from European Portuguese by vocabulary", () => {
    expect(analyzePrivacyPolicy(evidenceWith(policyPlainText("pt-BR", "incomplete")), "LGPD").language).toBe("pt-BR");
    expect(analyzePrivacyPolicy(evidenceWith(policyPlainText("pt-PT", "incomplete")), "GDPR").language).toBe("pt-PT");
  });

  it("names the encarregado and quotes the sentence that names it", () => {
    const analysis = analyzePrivacyPolicy(evidenceWith(policyPlainText("pt-BR", "full")), "LGPD");
    expect(analysis.disclosures.find((d) => d.id === "dpo")?.quote).toBe(POLICY_SENTENCES["pt-BR"].dpo);
  });

  it("keeps a German legal citation inside its quote (Art. 6 Abs. 1 lit. a)", () => {
    const analysis = analyzePrivacyPolicy(evidenceWith(policyPlainText("de", "full")), "GDPR");
    expect(analysis.disclosures.find((d) => d.id === "purposes_basis")?.quote).toBe("Rechtsgrundlage der Verarbeitung ist Art. 6 Abs. 1 lit. a, b oder f DSGVO.");
  });

  it("recognises Québec's person in charge of the protection of personal information", () => {
    const text = policyPlainText("fr", "full").replace(POLICY_SENTENCES.fr.dpo ?? "", "");
    const analysis = analyzePrivacyPolicy(evidenceWith(text), "PIPEDA");
    expect(analysis.disclosures.find((d) => d.id === "person_in_charge")?.quote).toBe(POLICY_SENTENCES.fr.person_in_charge);
  });
});

describe("a policy in a language the analysis does not cover", () => {
  for (const [name, text, iso, tag] of [["Polish", POLISH_POLICY, "pol", "pl"], ["Japanese", JAPANESE_POLICY, "jpn", "ja"]] as const) {
    it(`${name}: not analysed, the language and the reason recorded, no PRIVACY_POLICY_INCOMPLETE`, () => {
      for (const framework of FRAMEWORKS) {
        const analysis = analyzePrivacyPolicy(evidenceWith(text, "en"), framework);
        expect(analysis.analysed).toBe(false);
        expect(analysis.language_detection?.iso639_3).toBe(iso);
        expect(analysis.language).toBe(tag);
        expect(analysis.language_detection?.covered).toBe(false);
        expect(analysis.reason).toContain(name);
        expect(analysis.reason).toMatch(/not analysed/);
        const report = analyzeEvidence(evidenceWith(text), { framework, scanId: "lang" });
        expect(report.privacy_policy_analysis.analysed).toBe(false);
        expect(report.violations.map((v) => v.violation_type)).not.toContain("PRIVACY_POLICY_INCOMPLETE");
        expect(report.violations.map((v) => v.violation_type)).not.toContain("MISSING_PRIVACY_POLICY");
      }
    });
  }
});

describe("policy language detection", () => {
  it("lets the text, not the page's lang attribute, decide when there is enough of it", () => {
    const analysis = analyzePrivacyPolicy(evidenceWith(policyPlainText("de", "full"), "en"), "GDPR");
    expect(analysis.language).toBe("de");
    expect(analysis.language_detection?.html_lang).toBe("en");
  });

  it("uses the lang attribute only to label a text too short to judge", () => {
    const pl = analyzePrivacyPolicy(evidenceWith("Polityka prywatności. Kontakt: iod@sklep.example.", "pl"), "GDPR");
    expect(pl.language_detection?.method).toBe("html_lang");
    expect(pl.analysed).toBe(false);
    expect(pl.reason).toContain("Polish (pl)");
    const de = analyzePrivacyPolicy(evidenceWith("Datenschutzerklärung. Verantwortlicher ist die Muster GmbH.", "de-DE"), "GDPR");
    expect(de.language).toBe("de-DE");
    expect(de.analysed).toBe(true);
    expect(de.missing).not.toContain("controller");
  });

  it("tries every known wording on a short text with no lang attribute, and still finds what is missing", () => {
    const analysis = analyzePrivacyPolicy(evidenceWith("Le responsable du traitement est Exemple SAS."), "GDPR");
    expect(analysis.language_detection?.method).toBe("undetermined");
    expect(analysis.analysed).toBe(true);
    expect(analysis.missing).not.toContain("controller");
    expect(analysis.missing).toContain("rights");
  });

  it("detects English policies as English", () => {
    expect(analyzePrivacyPolicy(makeEvidence(), "GDPR").language).toBe("en");
  });
});
