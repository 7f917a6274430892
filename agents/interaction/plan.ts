import type { PageNode, SessionName } from "@/agents/evidence/schema";

/**
 * Pages each visitor replays: the home page, then the highest-ranked pages, preferring pages
 * with personal-data forms (where canaries are typed). Three pages per session keeps four
 * sessions on a 2-core box within ~30 s; pages that only hold policy text add little traffic
 * evidence, so they come after pages with forms or third parties.
 */
export const DEFAULT_PAGES_PER_SESSION = 3;

export function planSessionPages(ranked: PageNode[], pagesPerSession = DEFAULT_PAGES_PER_SESSION): string[] {
  const home = ranked.find((n) => n.depth === 0) ?? ranked[0];
  if (!home) return [];
  const usefulness = (n: PageNode) =>
    n.forms.filter((f) => f.fields.some((x) => x.pii_kind !== null)).length * 10 + n.third_party_scripts.length + n.third_party_frames.length + n.risk_score;
  const rest = ranked
    .filter((n) => n !== home && !n.error && n.purpose !== "privacy_policy" && n.purpose !== "cookie_policy")
    .map((n, index) => ({ n, index }))
    .sort((a, b) => usefulness(b.n) - usefulness(a.n) || a.index - b.index)
    .map(({ n }) => n.final_url || n.url);
  const pages = [home.final_url || home.url, ...rest];
  return [...new Set(pages)].slice(0, Math.max(1, pagesPerSession));
}

/** Visitors in launch order. pre_consent and gpc touch no banner and finish first. */
export const SESSION_ORDER: SessionName[] = ["pre_consent", "reject_all", "accept_all", "gpc"];

/** Runs tasks with at most `limit` at once (sessions are whole browsers: memory, not CPU, is the limit). */
export async function runLimited<T>(tasks: Array<() => Promise<T>>, limit: number): Promise<PromiseSettledResult<T>[]> {
  const results: PromiseSettledResult<T>[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      const task = tasks[index];
      if (!task) continue;
      try {
        results[index] = { status: "fulfilled", value: await task() };
      } catch (reason) {
        results[index] = { status: "rejected", reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, tasks.length)) }, () => worker()));
  return results;
}
