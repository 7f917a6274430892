import { z } from "zod";
import type { LlmClient } from "./types";

/** Mirrors PagePurpose in agents/discovery/classify.ts. */
export const PAGE_PURPOSES = [
  "home", "privacy_policy", "cookie_policy", "opt_out", "signup", "login",
  "checkout", "contact", "account", "product", "content", "other",
] as const;

export interface RankCandidate {
  url: string;
  title: string;
  /** The frontier's score (0–100, see LINK_PRIORITIES). */
  deterministic_priority: number;
  purpose: string;
}

export interface RankedPage {
  url: string;
  purpose: string;
  priority: number;
  ranked_by: "llm" | "deterministic";
}

const MAX_CANDIDATES = 60;

const RankingSchema = z.object({
  pages: z.array(
    z.object({
      url: z.string(),
      purpose: z.enum(PAGE_PURPOSES),
      // Bounds are applied after parsing: not every strict-mode backend accepts minimum/maximum.
      priority: z.number(),
    }),
  ),
});

const SYSTEM = [
  "You help a privacy auditor decide which pages of a website to visit first.",
  "Most important (80-100): opt-out pages (Do Not Sell or Share, Your Privacy Choices), privacy and cookie policies, consent/preference centres.",
  "Next (60-80): pages collecting personal data: sign-up, newsletter, checkout, login, contact forms. Then product pages, then content (0-40).",
  "For each candidate page you consider, give its url exactly as listed, its purpose and a priority from 0 to 100.",
].join("\n");

function byDeterministic(a: RankCandidate, b: RankCandidate): number {
  return b.deterministic_priority - a.deterministic_priority;
}

/**
 * Model ranking of crawl candidates. Pages the model ranked come first (its priority, then the
 * deterministic one as tie-break); the rest keep their deterministic order. URLs the model
 * invented are dropped. Null when no model answered or it ranked no known page.
 */
export async function rankPagesWithLlm(client: LlmClient, candidates: readonly RankCandidate[]): Promise<RankedPage[] | null> {
  if (candidates.length === 0) return null;
  const offered = [...candidates].sort(byDeterministic).slice(0, MAX_CANDIDATES);
  const listing = offered.map((c) => ({ url: c.url, title: c.title.slice(0, 200), heuristic_purpose: c.purpose }));
  const result = await client.structured({
    agent: "discovery",
    purpose: `rank ${offered.length} candidate pages and name their purpose`,
    system: SYSTEM,
    untrusted: [{ label: "candidate_pages", content: JSON.stringify(listing, null, 1) }],
    schema: RankingSchema,
    schemaName: "rank_pages",
    maxOutputTokens: 4096,
  });
  if (!result) return null;

  const byUrl = new Map(offered.map((c) => [c.url, c]));
  const ranked: Array<RankedPage & { tie: number; order: number }> = [];
  for (const [order, page] of result.value.pages.entries()) {
    const candidate = byUrl.get(page.url.trim());
    if (!candidate) continue;
    byUrl.delete(candidate.url);
    const priority = Math.round(Math.min(100, Math.max(0, page.priority)));
    ranked.push({ url: candidate.url, purpose: page.purpose, priority, ranked_by: "llm", tie: candidate.deterministic_priority, order });
  }
  if (ranked.length === 0) return null;
  ranked.sort((a, b) => b.priority - a.priority || b.tie - a.tie || a.order - b.order);
  const rankedUrls = new Set(ranked.map((r) => r.url));
  const rest = candidates
    .filter((c) => !rankedUrls.has(c.url))
    .sort(byDeterministic)
    .map((c): RankedPage => ({ url: c.url, purpose: c.purpose, priority: c.deterministic_priority, ranked_by: "deterministic" }));
  return [...ranked.map(({ url, purpose, priority, ranked_by }) => ({ url, purpose, priority, ranked_by })), ...rest];
}
