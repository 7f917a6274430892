import { describe, expect, it } from "vitest";
import { ScanRequestSchema } from "@/lib/schemas/scan-request";
import { toScanRequestInput, type ScanFormValues } from "@/components/scan-form/scan-form";
import { fieldErrorFromApiMessage, fieldErrorsFromIssues } from "@/lib/ui/form-errors";
import { formatLifetime, formatMoney, formatMs } from "@/lib/ui/format";

describe("format", () => {
  it("keeps the currency on every amount", () => {
    expect(formatMoney(7988, "USD")).toBe("$7,988");
    expect(formatMoney(20_000_000, "EUR", { compact: true })).toBe("€20M");
    expect(formatMoney(null, "EUR")).toBe("—");
    expect(formatMoney(5, "XYZ")).toMatch(/XYZ/);
  });
  it("reads cookie lifetimes and consent timing in human units", () => {
    expect(formatLifetime(null)).toBe("session");
    expect(formatLifetime(400)).toBe("13 mo");
    expect(formatLifetime(730)).toBe("2.0 y");
    expect(formatMs(-1500)).toBe("−1.5 s");
  });
});

describe("scan form validation uses the API schema", () => {
  const base: ScanFormValues = { url: "", framework: "CCPA", extra_frameworks: [], region: "", crawl_depth: 2, max_pages: "", use_llm: false, claude_key: "", openai_key: "", affected_consumers: "", turnover_amount: "", turnover_currency: "EUR" };
  it("puts a bad URL's error on the url field", () => {
    const r = ScanRequestSchema.safeParse(toScanRequestInput({ ...base, url: "ftp://x.example" }));
    expect(r.success).toBe(false);
    if (!r.success) expect(fieldErrorsFromIssues(r.error.issues).url).toMatch(/http/);
  });
  it("treats empty optional numbers as not given and drops keys when LLM is off", () => {
    const r = ScanRequestSchema.safeParse(toScanRequestInput({ ...base, url: "www.tracky.example", claude_key: "sk-x" }));
    expect(r.success && r.data).toMatchObject({ url: "https://www.tracky.example/", crawl_depth: 2 });
    expect(r.success && r.data.claude_key).toBeUndefined();
    expect(r.success && r.data.max_pages).toBeUndefined();
  });
  it("flags turnover amount by its nested path", () => {
    const r = ScanRequestSchema.safeParse(toScanRequestInput({ ...base, url: "a.example", turnover_amount: "-5" }));
    expect(!r.success && fieldErrorsFromIssues(r.error.issues)["annual_turnover.amount"]).toBeTruthy();
  });
  it("sends extra frameworks after the primary and the region only when one is picked", () => {
    const plain = ScanRequestSchema.parse(toScanRequestInput({ ...base, url: "a.example" }));
    expect(plain.frameworks).toBeUndefined();
    expect(plain.region).toBeUndefined();
    const multi = ScanRequestSchema.parse(toScanRequestInput({ ...base, url: "a.example", framework: "GDPR", extra_frameworks: ["CCPA", "GDPR"], region: "de" }));
    expect(multi).toMatchObject({ framework: "GDPR", frameworks: ["GDPR", "CCPA"], region: "de" });
    const bad = ScanRequestSchema.safeParse(toScanRequestInput({ ...base, url: "a.example", region: "mars" }));
    expect(!bad.success && fieldErrorsFromIssues(bad.error.issues).region).toBeTruthy();
    expect(fieldErrorFromApiMessage("frameworks.1: GDPR is listed more than once", ["framework", "frameworks"])).toEqual({ frameworks: "frameworks.1: GDPR is listed more than once" });
  });
  it("maps an API message naming a field back to that field", () => {
    expect(fieldErrorFromApiMessage("crawl_depth: Too big", ["url", "crawl_depth"])).toEqual({ crawl_depth: "crawl_depth: Too big" });
    expect(fieldErrorFromApiMessage("something else", ["url"])).toEqual({ form: "something else" });
  });
});
