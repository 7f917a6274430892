import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { ENGINE_BUNDLE, ENGINE_SOURCE, findEngineStart } from "@/lib/scans/engine/engine-entry";

const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "apo-engine-entry-"));
const folder = (name: string, files: string[]) => {
  const dir = join(scratch, name);
  for (const file of files) {
    mkdirSync(join(dir, file, ".."), { recursive: true });
    writeFileSync(join(dir, file), "");
  }
  mkdirSync(dir, { recursive: true });
  return dir;
};

describe("findEngineStart: where the engine's child process comes from", () => {
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("a build (the standalone folder, the image's /app): the bundle, as plain node", () => {
    // The standalone trace also copies some .ts sources; the bundle wins.
    const dir = folder("standalone", [ENGINE_BUNDLE, ENGINE_SOURCE, "server.js"]);
    expect(findEngineStart(dir)).toEqual({ entry: join(dir, ENGINE_BUNDLE), execArgv: [], kind: "bundle" });
  });

  it("the sources (next dev, tests): the TypeScript entry through tsx's loader", () => {
    const start = findEngineStart(repoRoot);
    expect(start?.kind).toBe("source");
    expect(start?.entry).toBe(join(repoRoot, ENGINE_SOURCE));
    expect(start?.execArgv[0]).toBe("--import");
    expect(start?.execArgv[1]).toMatch(/^file:\/\/.*\/node_modules\/tsx\/.+\.mjs$/);
  });

  it("neither, or sources without tsx: null (the service then runs the engine in-process)", () => {
    expect(findEngineStart(folder("empty", []))).toBeNull();
    expect(findEngineStart(folder("no-tsx", [ENGINE_SOURCE, "package.json"]))).toBeNull();
  });
});
