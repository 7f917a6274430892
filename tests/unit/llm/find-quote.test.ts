import { describe, expect, it } from "vitest";
import { findQuote } from "@/agents/llm";

const POLICY = `Privacy   Policy\n\nWe keep your  personal data for\n 24 months after your last order.\nYou may lodge a complaint with the CNIL — the French “supervisory authority”.`;

describe("findQuote", () => {
  it("finds a quote across line breaks, repeated spaces and case, and returns the original passage", () => {
    const match = findQuote(POLICY, "we keep your personal data for 24 months");
    expect(match).not.toBeNull();
    expect(match?.text).toBe("We keep your  personal data for\n 24 months");
    expect(POLICY.slice(match?.start, match?.end)).toBe(match?.text);
  });

  it("forgives typographic quotes and dashes a model retypes as ASCII", () => {
    expect(findQuote(POLICY, `the CNIL - the French "supervisory authority"`)?.text).toBe("the CNIL — the French “supervisory authority”");
  });

  it("ignores quotation marks wrapped around the quote", () => {
    expect(findQuote(POLICY, `"You may lodge a complaint"`)?.text).toBe("You may lodge a complaint");
  });

  it("rejects paraphrases, invented text and empty quotes", () => {
    expect(findQuote(POLICY, "we retain personal data for 24 months")).toBeNull();
    expect(findQuote(POLICY, "We never sell your data")).toBeNull();
    expect(findQuote(POLICY, "   ")).toBeNull();
    expect(findQuote(POLICY, `""`)).toBeNull();
  });

  it("does not join words that were separate (whitespace collapses, it does not vanish)", () => {
    expect(findQuote("personal data", "personaldata")).toBeNull();
  });
});
