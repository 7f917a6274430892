import { z } from "zod";
import { FrameworkSchema } from "./framework";

export const MAX_CRAWL_DEPTH = 5;
export const MAX_PAGES = 50;

/** The page budget when the caller gives none: 5 pages per hop, at most MAX_PAGES. */
export function defaultMaxPages(crawlDepth: number): number {
  return Math.min(MAX_PAGES, 5 * crawlDepth);
}

const httpUrl = z
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

export const ScanRequestSchema = z
  .object({
    url: httpUrl,
    framework: FrameworkSchema.default("CCPA"),
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
  .strict();

export type ScanRequestInput = z.input<typeof ScanRequestSchema>;
export type ScanRequest = z.infer<typeof ScanRequestSchema>;
