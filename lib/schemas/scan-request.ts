import { z } from "zod";
import { FrameworkSchema, type Framework } from "./framework";
import { RegionSchema } from "./region";

export const MAX_CRAWL_DEPTH = 5;
export const MAX_PAGES = 50;
/** One crawl judged against at most this many frameworks. */
export const MAX_FRAMEWORKS = 6;

/** The page budget when the caller gives none: 5 pages per hop, at most MAX_PAGES. */
export function defaultMaxPages(crawlDepth: number): number {
  return Math.min(MAX_PAGES, 5 * crawlDepth);
}

/** An http(s) URL as scans and monitors take it: a bare host gets https://, the fragment is dropped. */
export const HttpUrlSchema = z
  .string()
  .trim()
  .min(1, "url is required")
  .max(2048, "url is longer than 2048 characters")
  .transform((value, ctx) => {
    const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `https://${value}`;
    let parsed: URL;
    try {
      parsed = new URL(withScheme);
    } catch {
      ctx.addIssue({ code: "custom", message: "url is not a valid URL" });
      return z.NEVER;
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
      ctx.addIssue({ code: "custom", message: "url must use http or https" });
      return z.NEVER;
    }
    if (parsed.username || parsed.password) {
      ctx.addIssue({ code: "custom", message: "url must not contain credentials" });
      return z.NEVER;
    }
    parsed.hash = "";
    return parsed.toString();
  });

// Keys are write-only: they never appear in a response, a stored scan, a log or a report.
const apiKey = z
  .string()
  .trim()
  .max(512, "key is too long")
  .optional()
  .transform((v) => (v ? v : undefined));

const ScanRequestObject = z
  .object({
    url: HttpUrlSchema,
    framework: FrameworkSchema.default("CCPA").describe("The primary framework: the report's top-level verdict. Default: the first of `frameworks`, else CCPA."),
    frameworks: z
      .array(FrameworkSchema)
      .min(1, "frameworks must list at least one framework")
      .max(MAX_FRAMEWORKS, `frameworks lists at most ${MAX_FRAMEWORKS} frameworks`)
      .optional()
      .describe("Every framework the one crawl is judged against (a verdict per framework in the report's framework_results); `framework` is added first when the list omits it."),
    region: RegionSchema.optional().describe(
      "Where the visitors appear to be (locale, Accept-Language, timezone and, when the operator configures one, the region's egress proxy). Default: the primary framework's region (GDPR → eu, CCPA → us-ca, …).",
    ),
    crawl_depth: z.coerce.number().int().min(1).max(MAX_CRAWL_DEPTH).default(2),
    max_pages: z.coerce.number().int().min(1).max(MAX_PAGES).optional(),
    use_llm: z.boolean().default(false),
    claude_key: apiKey,
    openai_key: apiKey,
    /** Number of consumers affected, for per-violation fine exposure (CCPA and US states). */
    affected_consumers: z.coerce.number().int().min(0).max(10_000_000_000).optional(),
    /** Worldwide annual turnover, for turnover-capped regimes (GDPR, UK GDPR, LGPD, Law 25). */
    annual_turnover: z
      .object({ amount: z.number().min(0), currency: z.string().trim().length(3).toUpperCase() })
      .optional(),
  })
  .strict()
  .superRefine((request, ctx) => {
    const seen = new Set<string>();
    request.frameworks?.forEach((framework, index) => {
      if (seen.has(framework)) ctx.addIssue({ code: "custom", path: ["frameworks", index], message: `${framework} is listed more than once` });
      seen.add(framework);
    });
  });

/**
 * The request as validated. With no `framework` but a `frameworks` list, the list's first entry
 * is the primary (the field's default, CCPA, would otherwise override what the caller listed).
 */
export const ScanRequestSchema = z.preprocess((input) => {
  if (input === null || typeof input !== "object" || Array.isArray(input)) return input;
  const body = input as Record<string, unknown>;
  if (body.framework !== undefined || !Array.isArray(body.frameworks) || typeof body.frameworks[0] !== "string") return input;
  return { ...body, framework: body.frameworks[0] };
}, ScanRequestObject);

/** Every framework the scan is judged against, the primary first, each once. */
export function scanFrameworks(request: { framework: Framework; frameworks?: readonly Framework[] }): Framework[] {
  return [...new Set([request.framework, ...(request.frameworks ?? [])])];
}

export type ScanRequestInput = z.input<typeof ScanRequestSchema>;
export type ScanRequest = z.infer<typeof ScanRequestSchema>;
