import { describe, expect, it } from "vitest";
import { classifyField, classifyPurpose, isOptOutLink, isPolicyLink, riskScore, RISK_WEIGHTS, type PageFacts } from "@/agents/discovery/classify";

const field = (over: Partial<Parameters<typeof classifyField>[0]>) => ({ name: "", type: "text", autocomplete: null, label: null, ...over });

describe("classifyField", () => {
  it.each([
    [field({ type: "email", name: "x" }), "email"],
    [field({ type: "tel" }), "phone"],
    [field({ type: "password" }), "password"],
    [field({ autocomplete: "cc-number", name: "n" }), "payment"],
    [field({ autocomplete: "given-name" }), "name"],
    [field({ autocomplete: "postal-code" }), "address"],
    [field({ autocomplete: "bday" }), "birthdate"],
    [field({ name: "user_email" }), "email"],
    [field({ name: "full_name" }), "name"],
    [field({ name: "q", label: "Telefonnummer" }), "phone"],
    [field({ name: "f1", label: "Adresse postale" }), "address"],
    [field({ name: "ssn" }), "government_id"],
    [field({ name: "cpf" }), "government_id"],
    [field({ name: "dob", type: "date" }), "birthdate"],
    [field({ name: "cardNumber" }), "payment"],
    [field({ name: "nombre" }), "name"],
    [field({ name: "correo" }), "email"],
  ])("%o → %s", (input, kind) => {
    expect(classifyField(input)).toBe(kind);
  });

  it("ignores non-personal fields", () => {
    expect(classifyField(field({ name: "q", label: "Search" }))).toBeNull();
    expect(classifyField(field({ type: "hidden", name: "email" }))).toBeNull();
    expect(classifyField(field({ type: "submit", name: "email" }))).toBeNull();
    expect(classifyField(field({ type: "checkbox", name: "newsletter" }))).toBeNull();
    expect(classifyField(field({ name: "quantity" }))).toBeNull();
  });
});

describe("links", () => {
  it("recognises opt-out links in several languages", () => {
    expect(isOptOutLink("Do Not Sell or Share My Personal Information")).toBe(true);
    expect(isOptOutLink("Your Privacy Choices")).toBe(true);
    expect(isOptOutLink("No vender mi información")).toBe(true);
    expect(isOptOutLink("Link", "https://x.example/do-not-sell")).toBe(true);
    expect(isOptOutLink("Privacy Policy", "https://x.example/privacy")).toBe(false);
  });
  it("recognises policy links", () => {
    for (const text of ["Privacy Policy", "Cookie Policy", "Datenschutzerklärung", "Política de privacidad", "Política de Privacidade", "Politique de confidentialité"])
      expect(isPolicyLink(text), text).toBe(true);
    expect(isPolicyLink("Legal", "https://x.example/privacy-notice")).toBe(true);
    expect(isPolicyLink("Do Not Sell My Info")).toBe(false);
    expect(isPolicyLink("About us", "https://x.example/about")).toBe(false);
  });
});

describe("purpose and risk", () => {
  const base: PageFacts = { url: "https://x.example/", title: "", depth: 0, forms: [], third_party_scripts: [], third_party_frames: [], opt_out_link_count: 0, banner_present: false };

  it("classifies purposes", () => {
    expect(classifyPurpose(base)).toBe("home");
    expect(classifyPurpose({ ...base, url: "https://x.example/privacy-policy", depth: 1 })).toBe("privacy_policy");
    expect(classifyPurpose({ ...base, url: "https://x.example/signup", depth: 2 })).toBe("signup");
    expect(classifyPurpose({ ...base, url: "https://x.example/do-not-sell", depth: 1 })).toBe("opt_out");
    expect(classifyPurpose({ ...base, url: "https://x.example/p/42", depth: 1, forms: [{ insecure: false, fields: [{ type: "text", pii_kind: "payment" }] }] })).toBe("checkout");
  });

  it("scores risk by the documented formula", () => {
    expect(riskScore(base, "home")).toBe(0);
    const facts: PageFacts = {
      ...base,
      url: "http://x.example/signup",
      forms: [{ insecure: true, fields: [{ type: "email", pii_kind: "email" }, { type: "password", pii_kind: "password" }, { type: "text", pii_kind: "name" }] }],
      third_party_scripts: ["https://a.test/x.js", "https://b.test/y.js", "https://a.test/z.js"],
    };
    // 3 kinds + sensitive 2 + insecure 2 + 2 hosts × 0.5
    expect(riskScore(facts, "signup")).toBe(3 + RISK_WEIGHTS.sensitive + RISK_WEIGHTS.insecure + 1);
    const maxed: PageFacts = { ...facts, forms: [{ insecure: true, fields: ["email", "phone", "name", "address", "payment"].map((k) => ({ type: "text", pii_kind: k as "email" })) }], third_party_scripts: Array.from({ length: 9 }, (_, i) => `https://h${i}.test/`) };
    expect(riskScore(maxed, "opt_out")).toBe(10);
  });
});
