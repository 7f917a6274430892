import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { envSchema } from "@/lib/env";
import { argsOf, envOf, readDockerfile, repoRoot, runtimeStage } from "./dockerfile";

interface NameValue {
  name: string;
  value: string;
}
interface Secret {
  name: string;
  valueFrom: string;
}
interface ContainerDefinition {
  name: string;
  image: string;
  essential?: boolean;
  portMappings: { containerPort: number; hostPort?: number; protocol?: string }[];
  environment: NameValue[];
  secrets: Secret[];
  healthCheck?: { command: string[]; interval?: number; timeout?: number; retries?: number; startPeriod?: number };
  stopTimeout?: number;
  mountPoints?: { sourceVolume: string; containerPath: string }[];
  logConfiguration?: { logDriver: string; options?: Record<string, string> };
}
interface TaskDefinition {
  family: string;
  requiresCompatibilities: string[];
  networkMode: string;
  cpu: string;
  memory: string;
  executionRoleArn: string;
  taskRoleArn: string;
  volumes?: { name: string }[];
  containerDefinitions: ContainerDefinition[];
}

const path = join(repoRoot, "deploy", "ecs", "task-definition.json");
const task = JSON.parse(readFileSync(path, "utf8")) as TaskDefinition;
const container = task.containerDefinitions[0] as ContainerDefinition;
const env = Object.fromEntries(container.environment.map((e) => [e.name, e.value]));
const SECRET_NAMES = ["APO_JWT_SECRET", "NEXTAUTH_SECRET", "ANTHROPIC_API_KEY", "OPENAI_API_KEY", "DATABASE_URL", "SUPABASE_SERVICE_ROLE_KEY"];

describe("deploy/ecs/task-definition.json", () => {
  it("is a Fargate task with 2 vCPU and 4 GB in awsvpc mode", () => {
    expect(task.requiresCompatibilities).toEqual(["FARGATE"]);
    expect(task.networkMode).toBe("awsvpc");
    expect(task.cpu).toBe("2048");
    expect(task.memory).toBe("4096");
    expect(task.executionRoleArn).toMatch(/^arn:aws:iam::<AWS_ACCOUNT_ID>:role\//);
    expect(task.taskRoleArn).toMatch(/^arn:aws:iam::<AWS_ACCOUNT_ID>:role\//);
  });

  it("runs one essential container named as the workflow expects, on port 8000", () => {
    expect(task.containerDefinitions).toHaveLength(1);
    expect(container.name).toBe("apo");
    expect(container.essential).toBe(true);
    expect(container.portMappings).toEqual([expect.objectContaining({ containerPort: 8000, protocol: "tcp" })]);
    expect(env.PORT).toBe("8000");
    expect(argsOf(runtimeStage(readDockerfile()), "EXPOSE")).toEqual([String(container.portMappings[0]?.containerPort)]);
  });

  it("health-checks /api/health with node (no curl in the image) and waits for start-up", () => {
    const command = container.healthCheck?.command ?? [];
    expect(command[0]).toBe("CMD");
    expect(command[1]).toBe("node");
    expect(command.join(" ")).toContain("http://127.0.0.1:8000/api/health");
    expect(container.healthCheck?.startPeriod).toBeGreaterThanOrEqual(30);
  });

  it("gives running scans up to 120 s after SIGTERM, and the app knows to wait that long", () => {
    expect(container.stopTimeout).toBe(120);
    expect(Number(env.APO_SHUTDOWN_GRACE_SECONDS)).toBeLessThan(container.stopTimeout ?? 0);
  });

  it("takes every secret from SSM Parameter Store or Secrets Manager, never inline", () => {
    const secretNames = container.secrets.map((s) => s.name);
    for (const name of SECRET_NAMES) expect(secretNames).toContain(name);
    for (const secret of container.secrets) {
      expect(secret.valueFrom).toMatch(/^arn:aws:(ssm:<AWS_REGION>:<AWS_ACCOUNT_ID>:parameter\/|secretsmanager:<AWS_REGION>:<AWS_ACCOUNT_ID>:secret:)/);
      expect(Object.keys(env)).not.toContain(secret.name);
    }
    for (const { name, value } of container.environment) {
      expect(name).not.toMatch(/SECRET|PASSWORD|API_KEY|TOKEN|DATABASE_URL|SERVICE_ROLE/);
      expect(value).not.toMatch(/^(sk-|eyJ)|postgres(ql)?:\/\//);
    }
  });

  it("sets the container environment the image sets, with names the app (or Next.js) reads", () => {
    const image = envOf(runtimeStage(readDockerfile()));
    for (const key of ["NODE_ENV", "PORT", "HOSTNAME", "APO_DATA_DIR", "APO_CHROMIUM_PATH"]) expect(env[key]).toBe(image[key]);
    const known = new Set([...Object.keys(envSchema.shape), "HOSTNAME", "KEEP_ALIVE_TIMEOUT", "NODE_ENV"]);
    for (const name of [...Object.keys(env), ...container.secrets.map((s) => s.name)]) expect(known, name).toContain(name);
    // Node's keep-alive must outlast the load balancer's idle timeout (docs/deploy.md: 120 s).
    expect(Number(env.KEEP_ALIVE_TIMEOUT)).toBeGreaterThan(120_000);
  });

  it("mounts the data volume at /data and logs to CloudWatch with awslogs", () => {
    expect(task.volumes?.map((v) => v.name)).toContain("apo-data");
    expect(container.mountPoints).toContainEqual(expect.objectContaining({ sourceVolume: "apo-data", containerPath: "/data" }));
    expect(container.logConfiguration?.logDriver).toBe("awslogs");
    expect(Object.keys(container.logConfiguration?.options ?? {})).toEqual(
      expect.arrayContaining(["awslogs-group", "awslogs-region", "awslogs-stream-prefix"]),
    );
  });
});

describe("deploy/ecs/fill-placeholders.mjs", () => {
  const dir = mkdtempSync(join(tmpdir(), "apo-ship-td-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = (vars: Record<string, string>) =>
    spawnSync(process.execPath, [join(repoRoot, "deploy/ecs/fill-placeholders.mjs"), path, join(dir, "out.json")], {
      encoding: "utf8",
      env: { PATH: process.env.PATH ?? "", NODE_ENV: "test", ...vars },
    });

  it("fills the account and region, drops empty optional settings and prints no values", () => {
    const result = run({ AWS_ACCOUNT_ID: "123456789012", AWS_REGION: "eu-west-1", APO_PUBLIC_URL: "https://apo.example.com" });
    expect(result.status).toBe(0);
    expect(result.stdout).not.toContain("123456789012");
    const text = readFileSync(join(dir, "out.json"), "utf8");
    expect(text).not.toMatch(/<[A-Z_]+>/);
    const filled = JSON.parse(text) as TaskDefinition;
    const out = filled.containerDefinitions[0] as ContainerDefinition;
    expect(out.secrets[0]?.valueFrom).toMatch(/^arn:aws:ssm:eu-west-1:123456789012:parameter\//);
    expect(out.environment).toContainEqual({ name: "NEXTAUTH_URL", value: "https://apo.example.com" });
    expect(out.environment.map((e) => e.name)).not.toContain("SUPABASE_URL");
  });

  it("refuses to run without the account and region", () => {
    const result = run({ AWS_REGION: "eu-west-1" });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("AWS_ACCOUNT_ID");
  });
});
