#!/usr/bin/env node
// Assembles the folder the container runs from: the Next.js standalone server, the scan engine's
// child process bundled beside it, the static files and public/ (next build does not copy them),
// and the files the engine loads from disk at run time. The Dockerfile's build stage runs this
// script and its runtime stage copies the result as is, and tests/integration/ship starts the same
// folder the same way, so the two cannot drift.
//
//   node scripts/assemble-runtime.mjs --out DIR [--root DIR] [--strict]
//
// The runtime file list is read from next.config.ts (`runtimeFiles`), the one place that names
// it. Each entry that exists in the source tree must also be in the standalone output; one that
// the trace left out is copied from the source tree with a warning (with --strict: an error).
// The same goes for the package.json of every package those entries belong to.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    out: { type: "string" },
    root: { type: "string" },
    strict: { type: "boolean", default: false },
  },
});

const root = resolve(values.root ?? join(dirname(fileURLToPath(import.meta.url)), ".."));
if (!values.out) fail("usage: node scripts/assemble-runtime.mjs --out DIR [--root DIR] [--strict]");
const out = resolve(values.out);
const standalone = join(root, ".next", "standalone");

function fail(message) {
  console.error(`assemble-runtime: ${message}`);
  process.exit(1);
}

/** The globs of next.config.ts's `runtimeFiles` array, reduced to the folders they cover. */
function readRuntimeDirs(configText) {
  const block = /const\s+runtimeFiles\s*=\s*\[([\s\S]*?)\]/.exec(configText);
  if (!block) return [];
  // Comments may hold quotes ("the reference's bundle"): only the entries count.
  const entries = block[1].replace(/\/\/[^\n]*/g, "");
  return [...entries.matchAll(/["'`]([^"'`]+)["'`]/g)].map((m) =>
    m[1].replace(/^\.\//, "").replace(/\/\*\*(\/\*)?$/, "").replace(/\/\*$/, ""),
  );
}

if (!existsSync(join(standalone, "server.js"))) fail(`no standalone build in ${standalone}: run \`npm run build\` first`);
// rmSync(out) below: refuse a folder that holds the project, or one inside the build it copies.
const inside = (child, parent) => !relative(parent, child).startsWith("..");
if (inside(root, out) || inside(out, join(root, ".next"))) fail(`--out ${out} overlaps the project or its build`);

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
// A data folder there is left by someone starting server.js in place; it is never part of a build.
const localData = join(standalone, "data");
cpSync(standalone, out, { recursive: true, verbatimSymlinks: true, filter: (src) => src !== localData });
cpSync(join(root, ".next", "static"), join(out, ".next", "static"), { recursive: true });
if (existsSync(join(root, "public"))) cpSync(join(root, "public"), join(out, "public"), { recursive: true });
// The scan engine's child process, bundled into the standalone folder by scripts/build-engine.mjs
// (`npm run build`). Without it the server would run scans in its own process.
const engine = "engine/engine-child.mjs";
if (!existsSync(join(out, engine))) fail(`${engine} is missing from .next/standalone: build with \`npm run build\` (next build + scripts/build-engine.mjs)`);

const configPath = join(root, "next.config.ts");
const runtimeDirs = existsSync(configPath) ? readRuntimeDirs(readFileSync(configPath, "utf8")) : [];
const present = [];
const absentFromSource = [];
const backfilled = [];
for (const dir of runtimeDirs) {
  if (!existsSync(join(root, dir))) {
    absentFromSource.push(dir);
    continue;
  }
  if (existsSync(join(out, dir))) {
    present.push(dir);
    continue;
  }
  if (values.strict) fail(`${dir} is listed in next.config.ts runtimeFiles but missing from .next/standalone`);
  console.warn(`assemble-runtime: WARNING ${dir} was not traced into .next/standalone; copying it from the source tree`);
  const target = join(out, dir);
  mkdirSync(dirname(target), { recursive: true });
  cpSync(join(root, dir), target, { recursive: true, dereference: true });
  backfilled.push(dir);
}

// Node resolves a package through its package.json (`exports`, `main`); a glob such as
// node_modules/x/dist/** copies the files but not that manifest, and the package cannot be found.
const packageJsonBackfilled = [];
const packageRoots = (dir) => {
  const parts = dir.split("/");
  if (parts[0] !== "node_modules" || parts.length < 2) return [];
  if (parts[1].startsWith("@") && parts.length === 2) {
    const scope = join(root, "node_modules", parts[1]);
    return existsSync(scope) ? readdirSync(scope).map((name) => `node_modules/${parts[1]}/${name}`) : [];
  }
  return [parts.slice(0, parts[1].startsWith("@") ? 3 : 2).join("/")];
};
for (const pkg of new Set(runtimeDirs.flatMap(packageRoots))) {
  const manifest = `${pkg}/package.json`;
  if (!existsSync(join(root, manifest)) || existsSync(join(out, manifest))) continue;
  if (values.strict) fail(`${manifest} is missing from .next/standalone`);
  console.warn(`assemble-runtime: WARNING ${manifest} was not traced into .next/standalone; copying it from the source tree`);
  mkdirSync(join(out, pkg), { recursive: true });
  cpSync(join(root, manifest), join(out, manifest));
  packageJsonBackfilled.push(manifest);
}

console.log(
  JSON.stringify({
    out,
    engine,
    runtimeFiles: { present, backfilled, absentFromSource, packageJsonBackfilled },
  }),
);
