import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { argsOf, readDockerfile, repoRoot, runtimeStage } from "./dockerfile";

// The installable `apo`: the small package in cli/ (its bin is the bundle scripts/build-cli.mjs
// writes) and the Docker image's copy of the same bundle on PATH. tests/integration/cli/packed-cli
// builds, packs, installs and runs it; these check what can be checked without a build.

const json = (path: string) => JSON.parse(readFileSync(join(repoRoot, path), "utf8")) as Record<string, Record<string, string>>;
const cliPackage = json("cli/package.json");
const appPackage = json("package.json");

describe("cli/package.json", () => {
  it("installs `apo` from the bundle and ships nothing else", () => {
    expect(cliPackage.bin).toEqual({ apo: "dist/apo.mjs" });
    expect(cliPackage.files).toEqual(["dist"]);
    expect(appPackage.scripts?.["build:cli"]).toBe("node scripts/build-cli.mjs");
    expect(appPackage.scripts?.apo).toBe("tsx cli/apo.ts");
    expect(appPackage.scripts?.scan).toBe("tsx scripts/scan.ts");
  });

  it("depends only on the packages the engine loads from disk, at the app's versions", () => {
    expect(Object.keys(cliPackage.dependencies ?? {}).sort()).toEqual(["@duckduckgo/autoconsent", "@ghostery/trackerdb", "playwright-core"]);
    for (const [name, range] of Object.entries(cliPackage.dependencies ?? {})) expect(range).toBe(appPackage.dependencies?.[name]);
    expect(cliPackage.engines).toEqual(appPackage.engines);
  });

  it("needs no package the Docker runtime lacks (next.config.ts ships each to the standalone folder)", () => {
    const config = readFileSync(join(repoRoot, "next.config.ts"), "utf8");
    for (const name of Object.keys(cliPackage.dependencies ?? {})) expect(config).toContain(`./node_modules/${name}/`);
  });
});

describe("Dockerfile: apo on PATH", () => {
  const dockerfile = readDockerfile();
  const runtime = runtimeStage(dockerfile);
  const build = dockerfile.stages.find((s) => s.name === "build");

  it("builds the CLI bundle in the build stage", () => {
    expect(build && argsOf(build, "RUN").join("\n")).toMatch(/npm run build:cli/);
  });

  it("copies the bundle beside the runtime's node_modules and links it as /usr/local/bin/apo, as root", () => {
    expect(argsOf(runtime, "COPY")).toContainEqual("--from=build /app/cli/dist/apo.mjs ./cli/apo.mjs");
    expect(argsOf(runtime, "WORKDIR").at(-1)).toBe("/app");
    const keywords = runtime.instructions.map((i) => `${i.keyword} ${i.args}`);
    const link = keywords.findIndex((k) => /^RUN .*ln -s \/app\/cli\/apo\.mjs \/usr\/local\/bin\/apo\b/.test(k));
    const copy = keywords.indexOf("COPY --from=build /app/cli/dist/apo.mjs ./cli/apo.mjs");
    const user = keywords.findIndex((k) => k.startsWith("USER "));
    expect(link).toBeGreaterThan(copy);
    expect(link).toBeLessThan(user);
  });

  it("keeps a local build of the CLI out of the build context", () => {
    const ignored = readFileSync(join(repoRoot, ".dockerignore"), "utf8").split("\n").map((l) => l.trim());
    expect(ignored).toContain("cli/dist");
    expect(ignored).not.toContain("cli");
  });
});
