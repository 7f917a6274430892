import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { argsOf, containerCommand, envOf, execForm, parseDockerfile, readDockerfile, repoRoot, runtimeStage } from "./dockerfile";

const dockerfile = readDockerfile();
const runtime = runtimeStage(dockerfile);
const allRuns = (stageName: string) =>
  argsOf(dockerfile.stages.find((s) => s.name === stageName) ?? runtime, "RUN").join("\n");

describe("Dockerfile", () => {
  it("is multi-stage: install (npm ci), build (next build + assembled runtime), runtime", () => {
    expect(dockerfile.stages.map((s) => s.name)).toEqual(["deps", "build", "runtime"]);
    expect(allRuns("deps")).toMatch(/\bnpm ci\b/);
    const deps = dockerfile.stages[0];
    expect(deps && argsOf(deps, "COPY")).toContainEqual(expect.stringMatching(/package\.json package-lock\.json/));
    expect(allRuns("build")).toMatch(/npm run build/);
    expect(allRuns("build")).toMatch(/node scripts\/assemble-runtime\.mjs .*--out \/app\/runtime/);
  });

  it("pins every base image to an exact Node 20 bookworm-slim version", () => {
    const stageNames = new Set(dockerfile.stages.map((s) => s.name));
    const bases = dockerfile.stages.filter((s) => !stageNames.has(s.image)).map((s) => s.image);
    expect(bases.length).toBeGreaterThanOrEqual(2);
    for (const image of bases) expect(image).toMatch(/^node:20\.\d+\.\d+-bookworm-slim(@sha256:[0-9a-f]{64})?$/);
    // The test job's container is the same Node and Debian release.
    const workflow = readFileSync(join(repoRoot, ".github/workflows/docker-publish.yml"), "utf8");
    const version = /^node:(20\.\d+\.\d+)-/.exec(bases[0] ?? "")?.[1];
    expect(workflow).toContain(`image: node:${version}-bookworm`);
  });

  it("installs Debian's Chromium, fonts and an init process, lean and without a cache", () => {
    const run = allRuns("runtime");
    expect(run).toMatch(/apt-get install -y --no-install-recommends/);
    for (const pkg of ["chromium", "fonts-liberation", "fonts-noto-color-emoji", "tini"]) expect(run).toMatch(new RegExp(`\\s${pkg}\\s`));
    expect(run).toMatch(/rm -rf \/var\/lib\/apt\/lists/);
    expect(run).not.toMatch(/playwright install/);
  });

  it("installs a managed Chromium policy that blocks local files and browser pages", () => {
    const copy = runtime.instructions.filter((i) => i.keyword === "COPY").map((i) => i.args);
    expect(copy).toContain("agents/browser/chromium-policy.json /etc/chromium/policies/managed/apo.json");
    const policy = JSON.parse(readFileSync(join(repoRoot, "agents/browser/chromium-policy.json"), "utf8")) as { URLBlocklist: string[] };
    for (const pattern of ["file://*", "view-source:*", "chrome://*", "devtools://*"]) expect(policy.URLBlocklist).toContain(pattern);
  });

  it("runs as a non-root user", () => {
    const user = argsOf(runtime, "USER").at(-1);
    expect(user).toBeDefined();
    const name = (user ?? "").split(":")[0];
    expect(name).not.toMatch(/^(root|0)$/);
    // USER comes after the last RUN/COPY that needs root.
    const last = runtime.instructions.map((i) => i.keyword).lastIndexOf("USER");
    expect(runtime.instructions.slice(last).some((i) => i.keyword === "RUN")).toBe(false);
  });

  it("has the container environment the app expects", () => {
    expect(envOf(runtime)).toMatchObject({
      NODE_ENV: "production",
      PORT: "8000",
      HOSTNAME: "0.0.0.0",
      APO_DATA_DIR: "/data",
      APO_CHROMIUM_PATH: "/usr/bin/chromium",
    });
    expect(argsOf(runtime, "VOLUME").join(" ")).toContain("/data");
  });

  it("exposes 8000, health-checks /api/health without curl, starts under tini", () => {
    expect(argsOf(runtime, "EXPOSE")).toEqual(["8000"]);
    const health = argsOf(runtime, "HEALTHCHECK").at(-1) ?? "";
    const probe = execForm(health.replace(/^.*?CMD\s+/, "")) ?? [];
    expect(probe[0]).toBe("node");
    expect(probe.join(" ")).toContain("/api/health");
    expect(health).not.toMatch(/\b(curl|wget)\b/);
    const { argv, workdir } = containerCommand(dockerfile);
    expect(argv).toEqual(["/usr/bin/tini", "--", "node", "server.js"]);
    expect(workdir).toBe("/app");
  });

  it("copies exactly the folder scripts/assemble-runtime.mjs writes into WORKDIR", () => {
    expect(argsOf(runtime, "COPY")).toContainEqual("--from=build /app/runtime ./");
  });

  it("reads continuations, comments and exec forms the way Docker does", () => {
    const parsed = parseDockerfile(
      ['ARG BASE=node:20.1.2-bookworm-slim', "FROM ${BASE} AS one", "# note", "ENV A=1 \\", "    # inside", '    B="two words"', 'CMD ["x", "y"]'].join("\n"),
    );
    const stage = runtimeStage(parsed);
    expect(stage.image).toBe("node:20.1.2-bookworm-slim");
    expect(envOf(stage)).toEqual({ A: "1", B: "two words" });
    expect(execForm(argsOf(stage, "CMD")[0] ?? "")).toEqual(["x", "y"]);
  });
});

describe(".dockerignore", () => {
  const ignored = readFileSync(join(repoRoot, ".dockerignore"), "utf8")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));

  it("keeps secrets, local builds and dependencies out of the build context", () => {
    for (const entry of [".git", "node_modules", ".next", ".env", "data"]) expect(ignored).toContain(entry);
  });

  it("keeps what npm ci, next build and the assembly need", () => {
    // next build type-checks everything tsconfig.json includes, tests and e2e too.
    for (const needed of ["package.json", "package-lock.json", "next.config.ts", "tsconfig.json", "scripts", "app", "lib", "agents", "public", "supabase", "tests", "e2e"]) {
      expect(ignored).not.toContain(needed);
    }
  });
});

describe("deploy/smoke scripts", () => {
  it("smoke-image.sh is valid bash", () => {
    const result = spawnSync("bash", ["-n", join(repoRoot, "deploy/smoke/smoke-image.sh")], { encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });
});
