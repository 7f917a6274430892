// npm run token -- --sub <name> [--ttl 30d]
// Prints an API token (HS256, sub + exp) signed with the server's secret: APO_JWT_SECRET, or the
// generated <APO_DATA_DIR>/jwt-secret of the embedded default (created if absent, as the server would).
import { signApiToken } from "../lib/auth/api-token";

function parseTtl(text: string): number {
  const m = /^(\d+)\s*([smhdw]?)$/i.exec(text.trim());
  if (!m) throw new Error(`--ttl must look like 3600, 90m, 12h, 30d or 2w (got "${text}")`);
  const unit = { "": 1, s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 }[m[2]!.toLowerCase() as "" | "s" | "m" | "h" | "d" | "w"];
  return Number(m[1]) * unit;
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
    console.error("usage: npm run token -- --sub <name> [--ttl 30d]");
    process.exit(2);
  }
  const ttlSeconds = parseTtl(arg("ttl") ?? "30d");
  const token = await signApiToken({ sub: sub.trim().toLowerCase(), ttlSeconds });
  process.stdout.write(token + "\n");
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
