#!/usr/bin/env node
// Bundles the `apo` command (cli/apo.ts) into cli/dist/apo.mjs, the bin of the small package in
// cli/ (cli/package.json): `npm run build:cli`, then `npm pack ./cli` gives a tarball that
// `npm i -g` turns into an `apo` command, without the app's dependencies (next, react, …).
//
//   node scripts/build-cli.mjs [--root DIR]
//
// Packages the engine loads from disk at run time stay external and are the CLI package's only
// dependencies: playwright-core (drives Chromium), @duckduckgo/autoconsent (its browser bundle and
// rules are read as files) and @ghostery/trackerdb (its serialised engine is a file; it brings
// @ghostery/adblocker). The build fails if the bundle imports any other package at run time.
import { chmodSync, readFileSync, rmSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { build } from "esbuild";
import { bundleBytes, ESM_NODE_BUNDLE, ESM_REQUIRE_SHIM, runtimeImports } from "./esm-bundle.mjs";

const { values } = parseArgs({ options: { root: { type: "string" } } });
const root = resolve(values.root ?? join(dirname(fileURLToPath(import.meta.url)), ".."));
const cliPackage = JSON.parse(readFileSync(join(root, "cli", "package.json"), "utf8"));
const appPackage = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const outfile = join(root, "cli", "dist", "apo.mjs");

function fail(message) {
  console.error(`build-cli: ${message}`);
  process.exit(1);
}

// The CLI must run the very versions the app is tested with.
const externals = Object.keys(cliPackage.dependencies ?? {});
for (const name of externals) {
  if (appPackage.dependencies?.[name] !== cliPackage.dependencies[name]) fail(`cli/package.json wants ${name}@${cliPackage.dependencies[name]}, the app ${appPackage.dependencies?.[name] ?? "nothing"}`);
}
if (!externals.includes("playwright-core")) fail("cli/package.json must depend on playwright-core: refusing to bundle Playwright");

rmSync(dirname(outfile), { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: [join(root, "cli", "apo.ts")],
  outfile,
  ...ESM_NODE_BUNDLE,
  external: externals,
  define: { __APO_VERSION__: JSON.stringify(cliPackage.version) },
  // "server-only" guards server code against client bundles; this bundle is a server of sorts.
  plugins: [
    {
      name: "server-only-is-empty",
      setup(b) {
        b.onResolve({ filter: /^server-only$/ }, () => ({ path: "server-only", namespace: "empty" }));
        b.onLoad({ filter: /.*/, namespace: "empty" }, () => ({ contents: "export {};", loader: "js" }));
      },
    },
  ],
  // A bin: the shebang comes first.
  banner: { js: `#!/usr/bin/env node\n${ESM_REQUIRE_SHIM}` },
});
chmodSync(outfile, 0o755);

const imported = runtimeImports(result.metafile);
const undeclared = [...imported].filter((pkg) => !externals.includes(pkg));
if (undeclared.length > 0) fail(`the bundle imports ${undeclared.join(", ")} at run time: bundle it or add it to cli/package.json`);

const bytes = bundleBytes(result.metafile);
console.log(JSON.stringify({ cli: relative(root, outfile), version: cliPackage.version, bytes, external: [...imported].sort() }));
