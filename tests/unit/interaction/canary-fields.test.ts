import { describe, expect, it } from "vitest";
import { canaryPart, canaryValue } from "@/agents/interaction/canary";
import { planCanaries } from "@/agents/interaction/type-canaries";

const field = (name: string, extra: Partial<{ type: string; autocomplete: string | null; label: string | null; countryHint: boolean }> = {}) => ({
  name, type: "text", autocomplete: null, label: null, ...extra,
});

describe("canary parts", () => {
  it("splits names and addresses the way forms ask for them", () => {
    expect(canaryPart("name", field("first_name"))).toBe("given_name");
    expect(canaryPart("name", field("x", { autocomplete: "family-name" }))).toBe("family_name");
    expect(canaryPart("name", field("full_name"))).toBeNull();
    expect(canaryPart("address", field("street", { autocomplete: "street-address" }))).toBe("street");
    expect(canaryPart("address", field("city"))).toBe("city");
    expect(canaryPart("address", field("zip"))).toBe("postcode");
    expect(canaryPart("address", field("country"))).toBe("skip");
  });
  it("gives tel fields and fields beside a country choice a national number, others E.164", () => {
    expect(canaryPart("phone", field("phone", { type: "tel" }))).toBe("national");
    expect(canaryPart("phone", field("phone", { countryHint: true }))).toBe("national");
    expect(canaryPart("phone", field("phone"))).toBeNull();
    const token = "k3j9x2aa";
    const national = canaryValue("phone", token, "national");
    expect(national).toMatch(/^\(555\) \d{3}-\d{4}$/);
    expect(canaryValue("phone", token).replace(/\D/g, "")).toBe(`1${national.replace(/\D/g, "")}`); // the same number
  });
  it("embeds the token in every part so a hit can only come from typing", () => {
    const token = "k3j9x2aa";
    const letters = "kdjjxcaa";
    for (const part of ["given_name", "family_name", "street", "city"] as const) expect(canaryValue("name", token, part).toLowerCase()).toContain(letters);
    expect(canaryValue("address", token, "postcode")).toMatch(/^9\d{4}$/);
  });
  it("plans the sign-up form's fields and skips country", () => {
    const fields = [
      field("first_name", { autocomplete: "given-name" }), field("last_name"), field("email", { type: "email" }), field("phone", { type: "tel" }),
      field("street", { autocomplete: "street-address" }), field("city"), field("postcode"), field("country"), field("password", { type: "password" }),
    ].map((f, index) => ({ ...f, index, id: null }));
    const plan = planCanaries(fields, "k3j9x2aa", "https://www.shop.example/account/signup");
    expect(plan.map((p) => p.canary.field)).toEqual(["first_name", "last_name", "email", "phone", "street", "city", "postcode", "password"]);
  });
});
