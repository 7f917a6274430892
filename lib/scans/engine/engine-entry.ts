import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/** How to start the engine's child process: the file to fork and Node's flags for it. */
export interface EngineStart {
  entry: string;
  execArgv: string[];
  /** bundle: plain JS made by scripts/build-engine.mjs; source: the TypeScript run through tsx. */
  kind: "bundle" | "source";
}

/**
 * Where a build puts the bundled child, relative to the folder the server runs in: the standalone
 * folder (server.js changes into it; `npm start` too) and so the image's WORKDIR, /app.
 * scripts/build-engine.mjs writes this very path.
 */
export const ENGINE_BUNDLE = join("engine", "engine-child.mjs");
export const ENGINE_SOURCE = join("lib", "scans", "engine", "engine-child.ts");

/**
 * The bundle when the server runs from a build; else, when it runs from the sources (next dev,
 * vitest, tsx), the TypeScript entry through tsx's loader; else null (the caller runs the engine
 * in-process). Runtime files resolve from the working directory in both cases, as in the server.
 */
export function findEngineStart(cwd: string): EngineStart | null {
  const bundle = join(cwd, ENGINE_BUNDLE);
  if (existsSync(bundle)) return { entry: bundle, execArgv: [], kind: "bundle" };
  const source = join(cwd, ENGINE_SOURCE);
  if (!existsSync(source)) return null;
  try {
    // tsx is a devDependency: present wherever the sources are run, absent from the image.
    const loader = createRequire(join(cwd, "package.json")).resolve("tsx");
    return { entry: source, execArgv: ["--import", pathToFileURL(loader).href], kind: "source" };
  } catch {
    return null;
  }
}
