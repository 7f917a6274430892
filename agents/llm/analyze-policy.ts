import { z } from "zod";
import type { Framework } from "@/lib/schemas/framework";
import { findQuote } from "./find-quote";
import type { LlmClient, LlmProvider } from "./types";

export interface RequiredDisclosure {
  id: string;
  label: string;
  citation: string;
}

export interface PolicyClaim {
  id: string;
  present: boolean;
  /** Verbatim passage from the policy (as found there), or null for an absent disclosure. */
  quote: string | null;
}

export interface PolicyLlmAnalysis {
  claims: PolicyClaim[];
  /** Claims dropped because their quote is not in the policy text (or is too short to prove anything). */
  dropped_unverified_quotes: number;
  provider: LlmProvider;
  model: string;
}

/** Quotes shorter than this prove nothing ("data", "we may"). */
export const MIN_QUOTE_CHARS = 20;

const ClaimsSchema = z.object({
  claims: z.array(
    z.object({
      id: z.string(),
      present: z.boolean(),
      quote: z.string().describe("Verbatim sentence from the policy proving the disclosure; empty string when absent."),
    }),
  ),
});

const SYSTEM = [
  "You are a privacy-law analyst checking a website's privacy policy for the disclosures a law requires.",
  "For each required disclosure id you are given, say whether the policy makes that disclosure.",
  "When it does, copy one sentence from the policy verbatim as the quote: exact words, no paraphrase, no ellipsis. Quotes are checked against the policy text and discarded when not found.",
  "When it does not, set present to false and quote to an empty string. When unsure, say absent.",
  "Answer once per disclosure id, using only the ids given.",
].join("\n");

/**
 * Asks a model which required disclosures the policy makes. Every quote is checked against the
 * policy text; a claim whose quote is not found is dropped and counted. Null when no model answered.
 */
export async function analyzePolicyWithLlm(
  client: LlmClient,
  input: { framework: Framework; policyText: string; disclosures: RequiredDisclosure[] },
): Promise<PolicyLlmAnalysis | null> {
  if (input.disclosures.length === 0 || input.policyText.trim() === "") return null;
  const required = input.disclosures.map((d) => ({ id: d.id, label: d.label, citation: d.citation }));
  const result = await client.structured({
    agent: "observability",
    purpose: `check the privacy policy for ${input.disclosures.length} ${input.framework} disclosures`,
    system: `${SYSTEM}\n\nFramework: ${input.framework}\nRequired disclosures (JSON): ${JSON.stringify(required)}`,
    untrusted: [{ label: "privacy_policy", content: input.policyText }],
    schema: ClaimsSchema,
    schemaName: "record_policy_disclosures",
  });
  if (!result) return null;

  const known = new Set(input.disclosures.map((d) => d.id));
  const seen = new Set<string>();
  const claims: PolicyClaim[] = [];
  let dropped = 0;
  for (const claim of result.value.claims) {
    if (!known.has(claim.id) || seen.has(claim.id)) continue;
    const quote = claim.quote.trim();
    if (!claim.present && quote === "") {
      seen.add(claim.id);
      claims.push({ id: claim.id, present: false, quote: null });
      continue;
    }
    const match = quote.length >= MIN_QUOTE_CHARS ? findQuote(input.policyText, quote) : null;
    if (!match) {
      dropped += 1;
      continue;
    }
    seen.add(claim.id);
    claims.push({ id: claim.id, present: claim.present, quote: claim.present ? match.text : null });
  }
  return { claims, dropped_unverified_quotes: dropped, provider: result.provider, model: result.model };
}
