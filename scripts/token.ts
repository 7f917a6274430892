// npm run token -- --sub <name> [--ttl 1h]
// An operator's tool: prints an API token (HS256, sub + iat + exp) signed with the server's secret
// (APO_JWT_SECRET, or the embedded default's generated <APO_DATA_DIR>/jwt-secret, created if absent
// as the server would). It has no jti and is not stored: the embedded store (PGlite) can be opened
// by one process only, the running server, so these tokens cannot be revoked one by one. Hence a
// short default lifetime (1h) and the same cap as every token (APO_TOKEN_MAX_TTL_DAYS, default 90
// days). For a long-lived, revocable token, sign in and use the Tokens page (POST /api/tokens).
// Revoking every script token at once means changing APO_JWT_SECRET (or deleting the jwt-secret file).
import { signApiToken } from "../lib/auth/api-token";
import { normalizePrincipalId } from "../lib/auth/principal";
import { getEnv } from "../lib/env";

const DEFAULT_TTL = "1h";

function parseTtl(text: string): number {
  const m = /^(\d+)\s*([smhdw]?)$/i.exec(text.trim());
  if (!m) throw new Error(`--ttl must look like 3600, 90m, 12h, 30d or 2w (got "${text}")`);
  const unit = { "": 1, s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 }[m[2]!.toLowerCase() as "" | "s" | "m" | "h" | "d" | "w"];
  const seconds = Number(m[1]) * unit;
  if (seconds < 1) throw new Error("--ttl must be at least one second");
  return seconds;
}

function arg(name: string): string | undefined {
  const args = process.argv.slice(2);
  const i = args.indexOf(`--${name}`);
  if (i >= 0) return args[i + 1];
  return args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

async function main(): Promise<void> {
  const sub = arg("sub");
  if (!sub) {
    console.error(`usage: npm run token -- --sub <name> [--ttl ${DEFAULT_TTL}]   (not revocable: keep it short; at most APO_TOKEN_MAX_TTL_DAYS)`);
    process.exit(2);
  }
  const ttlSeconds = parseTtl(arg("ttl") ?? DEFAULT_TTL);
  const maxDays = getEnv().APO_TOKEN_MAX_TTL_DAYS;
  if (ttlSeconds > maxDays * 86_400) throw new Error(`--ttl is longer than APO_TOKEN_MAX_TTL_DAYS (${maxDays} days); the server would refuse the token`);
  const token = await signApiToken({ sub: normalizePrincipalId(sub), ttlSeconds });
  process.stdout.write(token + "\n");
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
