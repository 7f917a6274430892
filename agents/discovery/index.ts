import type { FormEvidence, InteractionGraph, PageNode, RefusedLink } from "@/agents/evidence/schema";
import { REFUSED_URL_CAP, checkNavigation, isNoteworthyRefusal } from "@/agents/safety/url-gate";
import { InteractionGraphSchema } from "@/agents/evidence/schema";
import type { BrowserSession } from "@/agents/browser";
import type { AgentContext } from "@/agents/types";
import { rankPagesWithLlm, type LlmClient } from "@/agents/llm";
import { classifyField, classifyPurpose, isOptOutLink, isPolicyLink, riskScore } from "./classify";
import { isEssentialToggle } from "@/agents/interaction/banner-wording";
import { visitPage, type RawPage } from "./crawl";
import { Frontier, canonicalizeUrl, isSameSite, linkPriority, type FrontierEntry } from "./frontier";

export { Frontier, canonicalizeUrl } from "./frontier";
export { classifyField, classifyPurpose, riskScore, RISK_WEIGHTS, isOptOutLink, isPolicyLink } from "./classify";

export interface DiscoveryOptions {
  startUrl: string;
  /** 1–5 link hops from the start page. */
  depth: number;
  maxPages?: number;
  /** Tabs crawled at once in the one discovery context (2–3 fit a 2-core box). */
  concurrency?: number;
  navigationTimeoutMs?: number;
  settleMs?: number;
  /** A browser session to crawl in; discovery never launches Chromium itself. */
  session: BrowserSession;
  /** Optional model that re-ranks pages and names their purpose; the deterministic order is the fallback. */
  llm?: LlmClient | null;
  /** Called once with the start page's node as soon as it is crawled, so later stages can start on it. */
  onHome?: (home: PageNode) => void;
}

export interface DiscoveryResult {
  graph: InteractionGraph;
  /** Links the pages wrote with a scheme the engine never opens (file:, chrome:, view-source: …). */
  refusedLinks: RefusedLink[];
  /** Pages in visiting order of importance: home first, then by priority and risk. */
  ranked: PageNode[];
}

type RawLink = RawPage["links"][number];

/** Pure: the links the engine would follow or check, and those the URL gate refuses, recorded. */
export function sortLinks(links: RawLink[], foundOn: string): { policy: RawLink[]; optOut: RawLink[]; refused: RefusedLink[] } {
  const policy: RawLink[] = [];
  const optOut: RawLink[] = [];
  const refused: RefusedLink[] = [];
  for (const link of links) {
    const isPolicy = isPolicyLink(link.text, link.href);
    const isOptOut = isOptOutLink(link.text, link.href);
    const verdict = checkNavigation(link.href);
    if (verdict.allowed) {
      if (isPolicy) policy.push(link);
      if (isOptOut) optOut.push(link);
      continue;
    }
    const role = isPolicy ? "privacy_policy" : isOptOut ? "opt_out" : "link";
    // A policy or opt-out link is one the engine would have opened: record it whatever its scheme.
    if (role !== "link" || isNoteworthyRefusal(verdict)) {
      refused.push({ url: link.href.slice(0, REFUSED_URL_CAP), scheme: verdict.scheme, found_on: foundOn, text: link.text.slice(0, 200), role, reason: verdict.reason });
    }
  }
  return { policy, optOut, refused };
}

function toNode(raw: RawPage, entry: FrontierEntry, site: string, sorted: ReturnType<typeof sortLinks>): PageNode {
  const pageUrl = raw.final_url || entry.url;
  const pageInsecure = pageUrl.startsWith("http:");
  const forms: FormEvidence[] = raw.forms.map((form) => ({
    action: form.action,
    method: form.method,
    insecure: pageInsecure || form.action.startsWith("http:"),
    fields: form.fields.map((f) => ({
      name: f.name,
      type: f.type,
      autocomplete: f.autocomplete,
      label: f.label,
      pii_kind: classifyField(f),
      // A ticked, locked "strictly necessary" box is not consent assumed by default.
      prechecked: (f.type === "checkbox" || f.type === "radio") && f.checked && !isEssentialToggle(f.label ?? f.name, f.disabled === true),
    })),
  }));
  const thirdParty = (urls: string[]) => [...new Set(urls.filter((u) => /^https?:/.test(u) && !isSameSite(u, site)))];
  const links = [...new Set(raw.links.map((l) => canonicalizeUrl(l.href)).filter((u): u is string => u !== null))];
  const policy = sorted.policy.map((l) => ({ href: l.href, text: l.text }));
  const optOut = sorted.optOut.map((l) => ({ href: l.href, text: l.text }));
  const facts = {
    url: pageUrl,
    title: raw.title,
    depth: entry.depth,
    forms,
    third_party_scripts: thirdParty(raw.scripts),
    third_party_frames: thirdParty(raw.frames),
    opt_out_link_count: optOut.length,
    banner_present: raw.banner_present,
  };
  const purpose = classifyPurpose(facts);
  return {
    url: entry.url,
    final_url: pageUrl,
    depth: entry.depth,
    status: raw.status,
    title: raw.title,
    purpose,
    risk_score: riskScore(facts, purpose),
    priority: entry.depth === 0 ? 1000 : entry.priority,
    links,
    forms,
    third_party_scripts: facts.third_party_scripts,
    third_party_frames: facts.third_party_frames,
    privacy_policy_links: dedupeLinks(policy),
    opt_out_links: dedupeLinks(optOut),
    banner_present: raw.banner_present,
    error: raw.error,
  };
}

function dedupeLinks(links: Array<{ href: string; text: string }>): Array<{ href: string; text: string }> {
  const seen = new Set<string>();
  return links.filter((l) => (seen.has(l.href) ? false : (seen.add(l.href), true)));
}

/** Enough to show what a hostile page tried; a page of ten thousand links does not fill the evidence. */
const MAX_REFUSED_LINKS = 100;

const PURPOSE_BONUS: Record<string, number> = { signup: 30, checkout: 30, login: 20, contact: 20, opt_out: 10, account: 10, product: 5 };

/** Pure: the order interaction replays pages in. Home first; then pages with forms and third parties, by risk. */
export function rankPages(nodes: PageNode[]): PageNode[] {
  const score = (n: PageNode) => (n.depth === 0 ? Infinity : n.risk_score * 10 + (PURPOSE_BONUS[n.purpose] ?? 0) + n.priority / 10);
  return nodes.filter((n) => !n.error).sort((a, b) => score(b) - score(a) || a.depth - b.depth);
}

/** Crawls the site breadth-first within its registrable domain and returns the interaction graph. */
export async function runDiscovery(ctx: AgentContext, options: DiscoveryOptions): Promise<DiscoveryResult> {
  const frontier = new Frontier({ startUrl: options.startUrl, maxDepth: options.depth, maxPages: options.maxPages });
  const timeouts = { navigationMs: options.navigationTimeoutMs ?? 20_000, settleMs: options.settleMs ?? 1_500 };
  const concurrency = Math.max(1, Math.min(options.concurrency ?? 3, 4));
  const nodes: PageNode[] = [];
  const edges: Array<{ from: string; to: string }> = [];
  const refusedLinks = new Map<string, RefusedLink>();
  const startUrl = canonicalizeUrl(options.startUrl) ?? options.startUrl;
  let inFlight = 0;
  ctx.emit({ agent: "discovery", level: "INFO", msg: `Crawling ${startUrl} to depth ${options.depth}, up to ${frontier.maxPages} pages`, progress: 0 });

  const worker = async () => {
    for (;;) {
      if (ctx.signal.aborted) return;
      const entry = frontier.next();
      if (!entry) {
        // Another tab may still add links; wait for it rather than quitting early.
        if (inFlight === 0 || frontier.budgetLeft <= 0) return;
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      inFlight += 1;
      try {
        const raw = await visitPage(options.session.context, entry.url, timeouts, ctx.signal);
        const sorted = sortLinks(raw.links, raw.final_url || entry.url);
        for (const link of sorted.refused) if (refusedLinks.size < MAX_REFUSED_LINKS) refusedLinks.set(`${link.role} ${link.url}`, link);
        const node = toNode(raw, entry, frontier.site, sorted);
        nodes.push(node);
        if (entry.depth === 0) options.onHome?.(node);
        if (raw.final_url && raw.final_url !== entry.url) frontier.markSeen(raw.final_url);
        for (const link of raw.links) {
          const target = canonicalizeUrl(link.href, raw.final_url);
          if (!target) continue;
          if (isSameSite(target, frontier.site)) edges.push({ from: entry.url, to: target });
          frontier.add(link.href, { url: raw.final_url || entry.url, depth: entry.depth }, link.text);
        }
        const done = nodes.length;
        ctx.emit({
          agent: "discovery",
          level: raw.error ? "WARNING" : "INFO",
          msg: raw.error
            ? `Could not load ${entry.url}: ${raw.error}`
            : `Page ${done}: ${node.final_url} (${node.purpose}, risk ${node.risk_score}, ${node.forms.length} form(s)${node.banner_present ? ", banner" : ""})`,
          progress: Math.min(95, Math.round((done / frontier.maxPages) * 95)),
        });
      } finally {
        inFlight -= 1;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, () => worker()));

  const uniqueEdges = [...new Map(edges.map((e) => [`${e.from} ${e.to}`, e])).values()];
  const visited = new Set(nodes.map((n) => n.url));
  const graph = InteractionGraphSchema.parse({
    start_url: startUrl,
    nodes: nodes.sort((a, b) => a.depth - b.depth || b.priority - a.priority),
    edges: uniqueEdges.filter((e) => visited.has(e.from)),
  });
  const home = graph.nodes.find((n) => n.depth === 0);
  if (!home || home.error) {
    ctx.emit({ agent: "discovery", level: "ERROR", msg: `Start page unreachable: ${home?.error ?? "no response"}`, progress: 100 });
  } else {
    const forms = graph.nodes.reduce((sum, n) => sum + n.forms.length, 0);
    ctx.emit({
      agent: "discovery",
      level: "SUCCESS",
      msg: `Discovered ${graph.nodes.length} page(s), ${forms} form(s), ${home.privacy_policy_links.length} policy link(s), ${home.opt_out_links.length} opt-out link(s) on the home page`,
      progress: 100,
    });
  }
  if (refusedLinks.size > 0) {
    const schemes = [...new Set([...refusedLinks.values()].map((l) => l.scheme))].join(", ");
    ctx.emit({ agent: "discovery", level: "WARNING", msg: `Refused ${refusedLinks.size} link(s) that are not web pages (${schemes}): recorded, never opened` });
  }
  const ranked = rankPages(graph.nodes);
  return { graph, refusedLinks: [...refusedLinks.values()], ranked: options.llm ? await rankWithModel(options.llm, ranked) : ranked };
}

/**
 * The model may reorder pages (home stays first) and rename their purpose; pages it does not know
 * keep their deterministic place, and on any failure the deterministic ranking stands.
 */
async function rankWithModel(llm: LlmClient, ranked: PageNode[]): Promise<PageNode[]> {
  const [home, ...rest] = ranked;
  if (!home || rest.length < 2) return ranked;
  const top = Math.max(...rest.map((n) => n.priority), 1);
  const fromModel = await rankPagesWithLlm(
    llm,
    rest.map((n) => ({ url: n.url, title: n.title, purpose: n.purpose, deterministic_priority: Math.round((n.priority / top) * 100) })),
  );
  if (!fromModel) return ranked;
  const byUrl = new Map(rest.map((n) => [n.url, n]));
  const reordered = fromModel.flatMap((r) => {
    const node = byUrl.get(r.url);
    return node ? [{ ...node, purpose: r.purpose || node.purpose }] : [];
  });
  const placed = new Set(reordered.map((n) => n.url));
  return [home, ...reordered, ...rest.filter((n) => !placed.has(n.url))];
}

export { linkPriority };
