import { z } from "zod";
// Relative: next.config.ts imports this file. A pure module (the CIDR parser the SSRF guard uses).
import { parseAllowedPrivateCidrs } from "../agents/safety/private-cidrs";
import { parseRegionProxies } from "../agents/safety/region-proxies";
import { DEFAULT_LLM_SETTINGS } from "../agents/settings";
import { parseCorsOrigins } from "./api/cors";

// The one place that reads process.env. Every variable, its default and its meaning is listed
// in README.md; a bad value fails fast with the variable's name.

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no", ""])
  .optional()
  .transform((v) => v === "true" || v === "1" || v === "yes");
const boolDefaultTrue = z
  .enum(["true", "false", "1", "0", "yes", "no", ""])
  .optional()
  .transform((v) => v === undefined || v === "" || v === "true" || v === "1" || v === "yes");
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v));
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: positiveInt(8000),
  APO_DATA_DIR: z.string().default("./data"),
  APO_LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),

  APO_CHROMIUM_PATH: optionalString,
  /** auto: Chromium's sandbox unless running as root (which Chromium refuses); on; off (see docs/deploy.md). */
  APO_CHROMIUM_SANDBOX: z.enum(["auto", "on", "off"]).default("auto"),
  APO_HOST_RESOLVER_RULES: optionalString,
  APO_IGNORE_HTTPS_ERRORS: bool,
  /** Tests only: no SSRF guard at all (the scan's Chromium runs without the egress proxy). */
  APO_ALLOW_PRIVATE_TARGETS: bool,
  /** Comma list of non-public CIDRs scans may reach through the egress proxy; ranges overlapping loopback/link-local/… are refused here. */
  APO_ALLOWED_PRIVATE_CIDRS: z
    .string()
    .optional()
    .transform((value, ctx) => {
      try {
        return parseAllowedPrivateCidrs(value).map((cidr) => cidr.text);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: (error as Error).message });
        return z.NEVER;
      }
    }),
  /** Region id → egress proxy, "eu=http://proxy-eu:3128,us-ca=http://…": the SSRF egress proxy's upstream for scans in that region. */
  APO_REGION_PROXIES: z
    .string()
    .optional()
    .transform((value, ctx) => {
      try {
        return parseRegionProxies(value);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: (error as Error).message });
        return z.NEVER;
      }
    }),
  APO_SCAN_TIMEOUT: positiveInt(300),
  APO_MAX_CONCURRENT_SCANS: positiveInt(2),
  /** process: each scan's engine runs in a child Node process; inline: in the server's own (debugging). */
  APO_ENGINE_ISOLATION: z.enum(["process", "inline"]).default("process"),
  APO_RATE_LIMIT_PER_MINUTE: positiveInt(10),
  /** Queued plus running scans one owner may have at once (counted in the store); the next POST /api/scan gets 429. */
  APO_MAX_ACTIVE_SCANS_PER_OWNER: positiveInt(3),
  /** Open SSE streams (GET /api/stream/…) per principal in one container; the next gets 429. */
  APO_MAX_STREAMS_PER_PRINCIPAL: positiveInt(10),
  /** Seconds SIGTERM waits for running scans before marking them interrupted. */
  APO_SHUTDOWN_GRACE_SECONDS: positiveInt(25),
  /** A running scan whose heartbeat is older than this is taken for dead (another container died). */
  APO_STALE_SCAN_SECONDS: positiveInt(60),
  /** Runs a scan gets in all when its container is lost mid-scan: the first plus take-overs by another container (1: never taken over). */
  APO_SCAN_MAX_ATTEMPTS: positiveInt(2),
  /** The shortest interval a monitor may re-scan its site at (minutes); POST/PATCH /api/monitors refuse less. */
  APO_MONITOR_MIN_INTERVAL_MINUTES: positiveInt(60),
  /** Monitors one user may have; the next POST /api/monitors gets 409 too_many_monitors (each one is a scan per interval). */
  APO_MAX_MONITORS_PER_OWNER: positiveInt(50),
  /** How often each container looks for due monitors, finished monitor runs and due webhook deliveries (seconds; may be fractional in tests). */
  APO_MONITOR_TICK_SECONDS: z.coerce.number().positive().max(3600).default(15),
  /** Attempts per webhook delivery (the first included) before it is logged as failed. */
  APO_WEBHOOK_MAX_ATTEMPTS: positiveInt(6),
  /** The first retry's delay; each next one doubles it (10 s, 20 s, 40 s … by default). Milliseconds, so tests can shorten it. */
  APO_WEBHOOK_RETRY_BASE_MS: positiveInt(10_000),
  /** A webhook receiver that has not answered in this many seconds counts as failed (and is retried). */
  APO_WEBHOOK_TIMEOUT_SECONDS: positiveInt(10),
  /** Names this process in scans.worker_id; defaults to host-pid-random. */
  APO_WORKER_ID: optionalString,

  APO_JWT_SECRET: optionalString,
  /** Ed25519 private key (PKCS#8 PEM or base64 DER) that signs evidence bundles; generated into the data folder when unset (lib/evidence/signing-key.ts). */
  APO_SIGNING_KEY: optionalString,
  NEXTAUTH_SECRET: optionalString,
  NEXTAUTH_URL: optionalString,
  APO_ADMIN_EMAIL: optionalString,
  APO_ADMIN_PASSWORD: optionalString,
  /** bcrypt; cost at most 12, since every sign-in check spends its CPU in the server's process (lib/auth/check-password.ts). */
  APO_ADMIN_PASSWORD_HASH: optionalString.refine((v) => Number(/^\$2[aby]?\$(\d{2})\$/.exec(v ?? "")?.[1] ?? 0) <= 12, "bcrypt cost above 12: hash the password with cost 12 or less"),
  /** Optional OpenID Connect sign-in beside the analyst account; all three enable it. */
  APO_OIDC_ISSUER: optionalString,
  APO_OIDC_CLIENT_ID: optionalString,
  APO_OIDC_CLIENT_SECRET: optionalString,
  APO_OIDC_NAME: z.string().default("Single sign-on"),
  /** Who may sign in through OIDC: comma lists of e-mail domains and addresses; both empty = nobody. */
  APO_OIDC_ALLOWED_DOMAINS: optionalString,
  APO_OIDC_ALLOWED_EMAILS: optionalString,
  /** The longest an API token may live (exp - iat), minted by the API or by `npm run token`. */
  APO_TOKEN_MAX_TTL_DAYS: positiveInt(90),
  /** Failed sign-ins per account in 15 minutes before 429 (per client address: four times as many). */
  APO_SIGNIN_MAX_FAILURES: positiveInt(5),
  /** Proxies in front of the server that append to X-Forwarded-For (ALB: 1); 0 = the header is not trusted. */
  APO_TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  /** Comma list of exact origins (https://app.example.com) whose pages may call the API with a bearer token; `*` is refused. */
  APO_CORS_ORIGINS: z
    .string()
    .optional()
    .transform((value, ctx) => {
      try {
        return parseCorsOrigins(value);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: (error as Error).message });
        return z.NEVER;
      }
    }),
  /** Accept `?token=<API token>` on GET /api/stream/… and /api/download/… (clients that cannot send headers). Off: stream links instead. */
  APO_ACCEPT_QUERY_TOKENS: bool,

  DATABASE_URL: optionalString,
  /** The LISTEN session's connection (cross-container streams): direct or session pooler, never a transaction pooler; default DATABASE_URL. */
  DATABASE_LISTEN_URL: optionalString,
  /** false: never LISTEN (e.g. only a transaction pooler is reachable); streams of scans running elsewhere then poll. */
  APO_STREAM_LISTEN: boolDefaultTrue,
  /** How often a stream polls scan_events for a scan running elsewhere when LISTEN is unavailable (milliseconds). */
  APO_STREAM_POLL_MS: positiveInt(1_000),
  /** Apply missing supabase/migrations at start (default); false: refuse to start while any is missing (schemas managed with the Supabase CLI). */
  APO_AUTO_MIGRATE: boolDefaultTrue,
  /** Ended scans older than this many days are deleted with their events, violations and artefacts; 0 keeps them forever. */
  APO_RETENTION_DAYS: z.coerce.number().int().min(0).default(0),
  /** Bearer token for GET /api/metrics (Prometheus); unset, the endpoint answers 404. */
  APO_METRICS_TOKEN: optionalString,
  SUPABASE_URL: optionalString,
  SUPABASE_SERVICE_ROLE_KEY: optionalString,
  SUPABASE_STORAGE_BUCKET: z.string().default("apo-artifacts"),
  /**
   * With Supabase Storage, a HAR or PDF download answers 302 to a signed Storage URL that lives
   * this many seconds (the browser must reach SUPABASE_URL); 0 = the app streams every file itself.
   */
  APO_SIGNED_URL_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),

  /**
   * Who may spend the server's own LLM keys on a scan that brings none: "none" (default), "all"
   * signed-in principals, or a comma list of principal ids (e-mails).
   */
  APO_SERVER_LLM_KEYS_FOR: z.string().default("none"),
  ANTHROPIC_API_KEY: optionalString,
  OPENAI_API_KEY: optionalString,
  ANTHROPIC_BASE_URL: optionalString,
  OPENAI_BASE_URL: optionalString,
  // claude-sonnet-4-5 reaches end-of-life on 30 Nov 2026 (SDK 1.14 deprecation table); both defaults
  // are current mid-size models that support forced tool use / strict JSON-schema output.
  APO_CLAUDE_MODEL: z.string().default(DEFAULT_LLM_SETTINGS.claudeModel),
  APO_OPENAI_MODEL: z.string().default(DEFAULT_LLM_SETTINGS.openaiModel),
});

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(public readonly issues: string[]) {
    super(`Invalid environment: ${issues.join("; ")}`);
    this.name = "EnvError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    throw new EnvError(result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  return result.data;
}

let cached: Env | undefined;

/** The validated environment, read once per process. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Tests change process.env between cases; this forgets the cached copy. */
export function resetEnvCache(): void {
  cached = undefined;
}

/** What any process the engine starts may see: enough to run and find fonts, no configuration. */
const BASE_CHILD_VARS = ["PATH", "HOME", "USER", "LOGNAME", "LANG", "LANGUAGE", "TZ", "TMPDIR", "XDG_RUNTIME_DIR", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "FONTCONFIG_PATH", "FONTCONFIG_FILE"];

/**
 * The engine's own settings, passed to its child process. Everything else (APO_JWT_SECRET,
 * NEXTAUTH_SECRET, the admin password, DATABASE_URL, SUPABASE_SERVICE_ROLE_KEY, the server's LLM
 * keys) stays in the server: a renderer exploit or a file-read bug in the engine finds none of it.
 * Server LLM keys a scan may use travel over IPC with the job (lib/scans/queue/scan-worker.ts).
 */
const ENGINE_VARS = [
  "NODE_ENV", "APO_LOG_LEVEL", "APO_CHROMIUM_PATH", "APO_CHROMIUM_SANDBOX", "APO_HOST_RESOLVER_RULES", "APO_IGNORE_HTTPS_ERRORS",
  "APO_ALLOW_PRIVATE_TARGETS", "APO_ALLOWED_PRIVATE_CIDRS", "APO_REGION_PROXIES", "APO_SCAN_TIMEOUT",
  "ANTHROPIC_BASE_URL", "OPENAI_BASE_URL", "APO_CLAUDE_MODEL", "APO_OPENAI_MODEL",
];

function pick(source: Record<string, string | undefined>, names: string[]): NodeJS.ProcessEnv {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) {
    if (value !== undefined && (names.includes(name) || name.startsWith("LC_"))) out[name] = value;
  }
  // Next's typings require NODE_ENV on ProcessEnv; a child without it is fine (lib/env.ts defaults it).
  return out as NodeJS.ProcessEnv;
}

/** The environment of the scan's Chromium: the base variables only. */
export function browserProcessEnv(source: Record<string, string | undefined> = process.env): NodeJS.ProcessEnv {
  return pick(source, BASE_CHILD_VARS);
}

/** The environment of the engine's child process: the base variables and the engine's settings. */
export function engineProcessEnv(source: Record<string, string | undefined> = process.env): NodeJS.ProcessEnv {
  return pick(source, [...BASE_CHILD_VARS, ...ENGINE_VARS]);
}

// next.config.ts imports this module so a bad variable fails the build, as in create-t3-app.
if (!process.env.SKIP_ENV_VALIDATION) getEnv();
