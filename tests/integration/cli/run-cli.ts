import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `apo` as a child process, asynchronously: the test web and the API server live in the test's
 * own process, so its event loop must keep serving while the CLI runs. `command` is the program and
 * its leading arguments: tsx on cli/apo.ts from the checkout, or an installed `apo`.
 */
export function runCli(command: readonly string[], args: readonly string[], options: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {}): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  if (!options.env?.APO_TOKEN) delete env.APO_TOKEN;
  const [program = "", ...leading] = command;
  const child = spawn(program, [...leading, ...args], { cwd: options.cwd ?? repoRoot, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
  const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 150_000);
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** `npm run apo --` without npm: tsx on the checkout's entry point. */
export const TSX_APO = [`${repoRoot}node_modules/.bin/tsx`, `${repoRoot}cli/apo.ts`];

/** What the CLI needs to reach the test web, as `npm run scan` reads it. */
export const testWebEnv = (hostResolverRules: string) => ({ APO_HOST_RESOLVER_RULES: hostResolverRules, APO_IGNORE_HTTPS_ERRORS: "true", APO_ALLOW_PRIVATE_TARGETS: "true" });
