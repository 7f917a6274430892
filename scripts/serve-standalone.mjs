// Runs the Next.js standalone build the way the container does: static files and public/ must
// sit beside server.js (next build does not copy them).
import { cpSync, existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const standalone = join(root, ".next", "standalone");
if (!existsSync(join(standalone, "server.js"))) {
  console.error("No standalone build found: run `npm run build` first.");
  process.exit(1);
}
cpSync(join(root, ".next", "static"), join(standalone, ".next", "static"), { recursive: true });
if (existsSync(join(root, "public"))) cpSync(join(root, "public"), join(standalone, "public"), { recursive: true });
// Relative data folders mean "relative to where the user started the app", not to the build.
process.env.APO_DATA_DIR = resolve(process.cwd(), process.env.APO_DATA_DIR ?? "data");
process.env.PORT ??= "8000";
process.env.HOSTNAME ??= "0.0.0.0";
// next-auth builds its redirects from NEXTAUTH_URL and falls back to port 3000 without it.
process.env.NEXTAUTH_URL ??= `http://localhost:${process.env.PORT}`;
process.chdir(standalone);
await import(join(standalone, "server.js"));
