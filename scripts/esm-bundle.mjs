// What scripts/build-engine.mjs and scripts/build-cli.mjs share: both bundle TypeScript into one
// ES module for Node 20 and leave some packages to be loaded from disk at run time.
import { builtinModules } from "node:module";

/** CommonJS dependencies inside an ES module bundle still call require and read __dirname. */
export const ESM_REQUIRE_SHIM = [
  'import { createRequire as __apoCreateRequire } from "node:module";',
  'import { fileURLToPath as __apoFileURLToPath } from "node:url";',
  "const require = __apoCreateRequire(import.meta.url);",
  "const __filename = __apoFileURLToPath(import.meta.url);",
  'const __dirname = __apoFileURLToPath(new URL(".", import.meta.url));',
].join("\n");

/** The options both bundles use; each adds its entry point, outfile, externals and extras. */
export const ESM_NODE_BUNDLE = { bundle: true, platform: "node", target: "node20", format: "esm", metafile: true, logLevel: "warning" };

const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const packageOf = (specifier) => specifier.split("/").slice(0, specifier.startsWith("@") ? 2 : 1).join("/");

/** The packages (not Node built-ins) an esbuild result still imports at run time. */
export function runtimeImports(metafile) {
  return new Set(
    Object.values(metafile.outputs)
      .flatMap((o) => o.imports)
      .filter((i) => i.external && !builtins.has(i.path))
      .map((i) => packageOf(i.path)),
  );
}

export function bundleBytes(metafile) {
  return Object.values(metafile.outputs).reduce((n, o) => n + o.bytes, 0);
}
