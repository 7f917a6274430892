import { readFile } from "node:fs/promises";
import { join } from "node:path";

export const runtime = "nodejs";

// The package's standalone browser build, pinned in package.json. next.config.ts traces the file
// into the standalone build, whose working directory is .next/standalone (here: the checkout).
const BUNDLE = join(process.cwd(), "node_modules", "@scalar", "api-reference", "dist", "browser", "standalone.js");
let bundle: Promise<Buffer> | undefined;

// GET /docs/scalar.js – the API reference's script, served from this app (no CDN at run time)
export async function GET() {
  bundle ??= readFile(BUNDLE);
  const body = await bundle.catch((err: unknown) => {
    bundle = undefined;
    throw err;
  });
  return new Response(new Uint8Array(body), {
    headers: { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff" },
  });
}
