/**
 * Several APO app processes (tests/support/app-process.ts) on one Postgres, as several containers
 * share Supabase: spawn them, talk to them over HTTP, stop them (SIGTERM) or kill them (SIGKILL).
 * Used by tests/integration/scale and scripts/bench-scale.ts.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { processTree } from "@/tests/fixtures/proc";

const ROOT = join(__dirname, "..", "..");
const ENTRY = join(ROOT, "tests", "support", "app-process.ts");
const READY_PREFIX = "APO_APP_READY ";

export interface AppProcessOptions {
  workerId: string;
  databaseUrl: string;
  /** Chromium's --host-resolver-rules for the test web (TestWeb.hostResolverRules). */
  hostResolverRules: string;
  /** Shared by every process, so one bearer token works on all of them. */
  jwtSecret: string;
  maxConcurrentScans?: number;
  /** The lease: a running scan whose heartbeat is older than this is another process's leftover. */
  staleSeconds?: number;
  heartbeatMs?: number;
  pollMs?: number;
  /** More variables on top (APO_SCAN_MAX_ATTEMPTS, APO_LOG_LEVEL, …). */
  env?: Record<string, string>;
  /** How long the process may take to print its ready line. */
  startTimeoutMs?: number;
}

export interface AppProcess {
  workerId: string;
  url: string;
  pid: number;
  child: ChildProcess;
  /** Everything the process wrote (its JSON log lines), for failure messages. */
  output(): string;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  exited: Promise<number | string>;
  /** SIGTERM (the server's graceful shutdown), SIGKILL after graceMs. */
  stop(graceMs?: number): Promise<void>;
  /**
   * kill -9 of the process and everything below it (engine, Chromium, which lead process groups
   * of their own): the container vanishes at once and no shutdown code runs anywhere in it.
   */
  kill(): Promise<void>;
}

const tsxImport = () => pathToFileURL(createRequire(join(ROOT, "package.json")).resolve("tsx")).href;

export async function spawnAppProcess(o: AppProcessOptions): Promise<AppProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), `apo-app-${o.workerId}-`));
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    NODE_ENV: "test",
    APO_LOG_LEVEL: "info",
    DATABASE_URL: o.databaseUrl,
    APO_DATA_DIR: dataDir,
    APO_WORKER_ID: o.workerId,
    APO_MAX_CONCURRENT_SCANS: String(o.maxConcurrentScans ?? 1),
    APO_STALE_SCAN_SECONDS: String(o.staleSeconds ?? 6),
    APO_TEST_HEARTBEAT_MS: String(o.heartbeatMs ?? 1_000),
    APO_TEST_POLL_MS: String(o.pollMs ?? 250),
    APO_JWT_SECRET: o.jwtSecret,
    NEXTAUTH_SECRET: `${o.jwtSecret}-nextauth`,
    APO_CHROMIUM_PATH: process.env.APO_CHROMIUM_PATH ?? "/usr/bin/chromium",
    APO_HOST_RESOLVER_RULES: o.hostResolverRules,
    APO_IGNORE_HTTPS_ERRORS: "true",
    APO_ALLOW_PRIVATE_TARGETS: "true",
    // Many scans from one test principal within a minute: the abuse limits are not under test.
    APO_RATE_LIMIT_PER_MINUTE: "1000",
    APO_MAX_ACTIVE_SCANS_PER_OWNER: "100",
    APO_SHUTDOWN_GRACE_SECONDS: "5",
    // The engine in the app process, loaded once: from the sources each scan's child process would
    // first compile agents/ through tsx (a minute of CPU on a busy 2-core machine), where a build
    // forks a ready bundle. Pass APO_ENGINE_ISOLATION=process in env for the child-process runner.
    APO_ENGINE_ISOLATION: "inline",
    ...o.env,
  };
  // Vitest's own markers would make the app think it runs inside a test worker.
  for (const name of Object.keys(env)) if (name.startsWith("VITEST")) delete env[name];
  const child = spawn(process.execPath, ["--import", tsxImport(), ENTRY], { cwd: ROOT, env: env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const exited = new Promise<number | string>((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal ?? "unknown")));
  void exited.then(() => rmSync(dataDir, { recursive: true, force: true }));

  const ready = await new Promise<{ url: string; workerId: string; pid: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`app process ${o.workerId} did not start within ${o.startTimeoutMs ?? 90_000} ms:\n${out.slice(-4000)}`)), o.startTimeoutMs ?? 90_000);
    const onData = (chunk: Buffer) => {
      const text = chunk.toString("utf8");
      out += text;
      const line = out.split("\n").find((l) => l.startsWith(READY_PREFIX));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line.slice(READY_PREFIX.length)) as { url: string; workerId: string; pid: number });
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`app process ${o.workerId} exited (${code}) before it was ready:\n${out.slice(-4000)}`));
    });
  });

  const waitExit = async (ms: number) => Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms).unref())]);
  return {
    workerId: ready.workerId,
    url: ready.url,
    pid: ready.pid,
    child,
    output: () => out,
    exited,
    async stop(graceMs = 20_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      if (!(await waitExit(graceMs))) {
        child.kill("SIGKILL");
        await exited;
      }
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const tree = processTree(ready.pid);
      for (const pid of tree) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          // Already gone.
        }
      }
      await exited;
    },
  };
}

/** n processes named `${prefix}-1` … `${prefix}-n`, started one after another (tsx's first compile is the slow part). */
export async function spawnAppProcesses(n: number, prefix: string, o: Omit<AppProcessOptions, "workerId">): Promise<AppProcess[]> {
  const started: AppProcess[] = [];
  try {
    for (let i = 1; i <= n; i++) started.push(await spawnAppProcess({ ...o, workerId: `${prefix}-${i}` }));
  } catch (err) {
    await Promise.all(started.map((p) => p.kill()));
    throw err;
  }
  return started;
}

/** A client of one app process's API with a bearer token. */
export function apiClient(base: string, token: string) {
  const headers = { Authorization: `Bearer ${token}`, "Content-Type": "application/json" };
  return {
    async post<T>(path: string, body: unknown): Promise<{ status: number; body: T }> {
      const res = await fetch(`${base}${path}`, { method: "POST", headers, body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as T };
    },
    async get<T>(path: string): Promise<{ status: number; body: T }> {
      const res = await fetch(`${base}${path}`, { headers });
      return { status: res.status, body: (await res.json()) as T };
    },
  };
}

export interface ArrivedEvent {
  id: number;
  agent: string;
  level: string;
  msg: string;
  timestamp: string;
  /** Date.now() when the client had parsed it. */
  arrivedAt: number;
}

/**
 * Follows GET /api/stream/{id} as an SSE client until DONE (or the signal): every event with the
 * time it arrived. A stream that ends early is resumed with Last-Event-ID, as EventSource does.
 */
export async function followStream(base: string, token: string, scanId: string, options: { signal?: AbortSignal; onEvent?: (e: ArrivedEvent) => void } = {}): Promise<ArrivedEvent[]> {
  const events: ArrivedEvent[] = [];
  let last = 0;
  while (!options.signal?.aborted) {
    const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: "text/event-stream" };
    if (last > 0) headers["Last-Event-ID"] = String(last);
    const res = await fetch(`${base}/api/stream/${scanId}`, { headers, signal: options.signal });
    if (res.status !== 200 || !res.body) throw new Error(`GET /api/stream/${scanId}: ${res.status} ${await res.text()}`);
    const decoder = new TextDecoder();
    let buffer = "";
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let cut: number;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        const frame = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const data = frame.split("\n").filter((l) => l.startsWith("data: ")).map((l) => l.slice(6)).join("\n");
        if (!data || !/^id: /m.test(frame)) continue;
        const event = { ...(JSON.parse(data) as Omit<ArrivedEvent, "arrivedAt">), arrivedAt: Date.now() };
        events.push(event);
        last = event.id;
        options.onEvent?.(event);
        if (event.level === "DONE") return events;
      }
    }
  }
  return events;
}
