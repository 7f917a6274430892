#!/usr/bin/env node
// Bundles the scan engine's child process (lib/scans/engine/engine-child.ts) into one plain-JS file inside
// the Next.js standalone folder, where lib/scans/engine/engine-entry.ts looks for it: the server forks it
// once per scan. `npm run build` runs this after `next build` (which empties .next/standalone), and
// scripts/assemble-runtime.mjs copies the standalone folder, this file included, into the image.
//
//   node scripts/build-engine.mjs [--root DIR]
//
// Packages the engine loads from disk at run time stay external, exactly those next.config.ts names
// (serverExternalPackages, and the node_modules folders of runtimeFiles): the standalone trace
// already ships them. The build fails if the bundle imports a package the standalone folder lacks.
import { existsSync, readFileSync, rmSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { build } from "esbuild";
import { bundleBytes, ESM_NODE_BUNDLE, ESM_REQUIRE_SHIM, runtimeImports } from "./esm-bundle.mjs";

const { values } = parseArgs({ options: { root: { type: "string" } } });
const root = resolve(values.root ?? join(dirname(fileURLToPath(import.meta.url)), ".."));
const standalone = join(root, ".next", "standalone");
// The same relative path as ENGINE_BUNDLE in lib/scans/engine/engine-entry.ts.
const outfile = join(standalone, "engine", "engine-child.mjs");

function fail(message) {
  console.error(`build-engine: ${message}`);
  process.exit(1);
}

if (!existsSync(join(standalone, "server.js"))) fail(`no standalone build in ${standalone}: run \`next build\` first`);

/** The package names next.config.ts keeps out of bundles or ships from disk, as esbuild externals. */
function readExternals(configText) {
  const list = (name) => {
    const block = new RegExp(`${name}\\s*[=:]\\s*\\[([\\s\\S]*?)\\]`).exec(configText);
    return block ? [...block[1].matchAll(/["'`]([^"'`]+)["'`]/g)].map((m) => m[1]) : [];
  };
  const fromRuntimeFiles = list("runtimeFiles")
    .map((glob) => /^\.\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(glob)?.[1])
    .filter(Boolean)
    .map((pkg) => (pkg.endsWith("/**") || pkg.endsWith("/*") ? pkg.replace(/\/\*+$/, "/*") : pkg));
  return [...new Set([...list("serverExternalPackages"), ...fromRuntimeFiles])];
}

const externals = readExternals(readFileSync(join(root, "next.config.ts"), "utf8"));
if (!externals.includes("playwright-core")) fail("next.config.ts names no external packages (serverExternalPackages/runtimeFiles): refusing to bundle Playwright");

rmSync(dirname(outfile), { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: [join(root, "lib", "scans", "engine", "engine-child.ts")],
  outfile,
  ...ESM_NODE_BUNDLE,
  external: externals,
  banner: { js: ESM_REQUIRE_SHIM },
});

// Every package the bundle leaves to run time must be there: in the standalone node_modules.
const imported = runtimeImports(result.metafile);
const missing = [...imported].filter((pkg) => !existsSync(join(standalone, "node_modules", pkg, "package.json")));
if (missing.length > 0) fail(`the bundle imports ${missing.join(", ")} at run time, but .next/standalone/node_modules lacks them: add them to next.config.ts runtimeFiles`);

const bytes = bundleBytes(result.metafile);
console.log(JSON.stringify({ engine: relative(root, outfile), bytes, external: [...imported].sort() }));
