import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EvidenceSchema } from "@/agents/evidence/schema";
import { resetEnvCache } from "@/lib/env";
import { createScan } from "@/lib/scans/use-cases/create-scan";
import { findEngineStart } from "@/lib/scans/engine/engine-entry";
import { createProcessRunner } from "@/lib/scans/engine/engine-process";
import { setScanService, startScanService, type ScanService } from "@/lib/scans/queue/service";
import { watchScanEvents } from "@/lib/scans/queue/watch-scan-events";
import { DiskArtifactStore } from "@/lib/store/disk-artifacts";
import { openPgliteDriver } from "@/lib/store/pglite-driver";
import type { SqlDriver } from "@/lib/store/sql-driver";
import { SqlStore } from "@/lib/store/sql-store";
import type { StoredEvent } from "@/lib/store/types";
import { processTree } from "@/tests/fixtures/proc";
import { anthropicToolUse, startFakeAnthropic, type FakeServer } from "@/tests/support/fake-llm-servers";
import { sentKey } from "@/tests/unit/llm/helpers";

// A scanned site chooses the URLs in its links. This one points its policy link, its opt-out
// link, ordinary links, a redirect, an iframe and window.open at the server's own files
// (file://, view-source:file://, /proc/self/environ) and at chrome://version, and the server runs
// with secrets in its environment. A whole scan goes through the service as in production (the
// engine in its child process, the embedded store): nothing of the secret file and no secret of
// the environment may appear in the evidence, the report (JSON, HTML, PDF), the HAR and traffic
// files, the events, the store or the logs; and while the scan runs, neither the engine's process
// nor any Chromium process holds a server secret in its environment.

const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));
const HOST = "www.hostile.example";
const FILE_CANARY = `apo-file-canary-${randomBytes(8).toString("hex")}`;
const ENV_SECRETS = {
  APO_JWT_SECRET: `apo-env-canary-jwt-${randomBytes(16).toString("hex")}`,
  NEXTAUTH_SECRET: `apo-env-canary-nextauth-${randomBytes(16).toString("hex")}`,
  APO_ADMIN_PASSWORD: `apo-env-canary-admin-${randomBytes(8).toString("hex")}`,
  SUPABASE_SERVICE_ROLE_KEY: `apo-env-canary-supabase-${randomBytes(8).toString("hex")}`,
  ANTHROPIC_API_KEY: `sk-ant-apo-env-canary-${randomBytes(8).toString("hex")}`,
  OPENAI_API_KEY: `sk-apo-env-canary-${randomBytes(8).toString("hex")}`,
};
const CANARIES = [FILE_CANARY, ...Object.values(ENV_SECRETS)];

const dataDir = mkdtempSync(join(tmpdir(), "apo-hostile-data-"));
const secretFile = join(dataDir, "jwt-secret");

function hostilePages(): Record<string, { status?: number; location?: string; html?: string }> {
  const file = `file://${secretFile}`;
  const layout = (title: string, body: string) =>
    `<!doctype html><html><head><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`;
  return {
    "/": {
      html: layout(
        "Hostile Home",
        `<nav>
          <a href="${file}">Privacy Policy</a>
          <a href="/privacy">Privacy notice</a>
          <a href="view-source:${file}">Do Not Sell or Share My Personal Information</a>
          <a href="/choices">Your Privacy Choices</a>
          <a href="file:///proc/self/environ">About us</a>
          <a href="chrome://version">Careers</a>
          <a href="/products">Products</a>
          <a href="/go">Contact</a>
        </nav>
        <iframe src="${file}" title="f"></iframe>
        <iframe src="file:///proc/self/environ" title="e"></iframe>
        <script>
          try { window.open(${JSON.stringify(file)}); } catch (e) {}
          try { window.open("chrome://version"); } catch (e) {}
        </script>`,
      ),
    },
    "/products": { html: layout("Products", `<p>Widgets.</p><a href="${file}">Terms</a><iframe src="view-source:${file}"></iframe>`) },
    // Plain http links whose response redirects to the file: Chromium refuses such a redirect.
    "/privacy": { status: 302, location: file },
    "/choices": { status: 302, location: `view-source:${file}` },
    "/go": { status: 302, location: "file:///proc/self/environ" },
  };
}

function startHostileSite(): Promise<Server> {
  const pages = hostilePages();
  const server = createServer((req, res) => {
    const page = pages[(req.url ?? "/").split("?")[0] ?? "/"];
    if (!page) return void res.writeHead(404, { "Content-Type": "text/plain" }).end("not found");
    if (page.location) return void res.writeHead(page.status ?? 302, { Location: page.location }).end();
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(page.html);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

function filesBelow(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesBelow(path) : [path];
  });
}

/** Every value of the process's environment block, as /proc shows it (empty when it has ended). */
function environOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/environ`, "utf8");
  } catch {
    return "";
  }
}

const commandOf = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8");
  } catch {
    return "";
  }
};

let site: Server;
let claude: FakeServer;
let service: ScanService;
let driver: SqlDriver;
let enginePid = 0;
const engineOutput: string[] = [];
const savedEnv: Record<string, string | undefined> = {};

beforeAll(async () => {
  writeFileSync(secretFile, `${FILE_CANARY}\n`, { mode: 0o600 });
  writeFileSync(join(dataDir, "initial-admin-password"), `${FILE_CANARY}-admin\n`, { mode: 0o600 });
  site = await startHostileSite();
  claude = await startFakeAnthropic(() => anthropicToolUse("write_explanations", { explanations: [], executive_summary: "Summary." }));
  const port = (site.address() as AddressInfo).port;
  const env = { ...ENV_SECRETS, APO_DATA_DIR: dataDir, APO_ALLOW_PRIVATE_TARGETS: "true", APO_SERVER_LLM_KEYS_FOR: "none", ANTHROPIC_BASE_URL: claude.baseURL };
  for (const [name, value] of Object.entries(env)) {
    savedEnv[name] = process.env[name];
    process.env[name] = value;
  }
  resetEnvCache();
  driver = await openPgliteDriver(join(dataDir, "db"));
  const store = new SqlStore(driver, "embedded");
  await store.migrate();
  const start = findEngineStart(repoRoot);
  if (!start) throw new Error("no engine entry (lib/scans/engine/engine-child.ts through tsx)");
  const runner = createProcessRunner({
    start,
    scanOptions: {
      hostResolverRules: `MAP ${HOST} 127.0.0.1:${port}`,
      allowPrivateTargets: true,
      timeoutSeconds: 90,
      sessions: ["pre_consent", "accept_all"],
      pagesPerSession: 2,
      timeouts: { navigationMs: 15_000, settleMs: 1_000, detectionBudgetMs: 3_000 },
    },
    onSpawn: (pid) => (enginePid = pid),
    onOutput: (text) => engineOutput.push(text),
  });
  service = await startScanService({ store, artifacts: new DiskArtifactStore(dataDir), runner, maxConcurrent: 1, workerId: "security", pollMs: 50 });
  setScanService(Promise.resolve(service));
}, 120_000);

afterAll(async () => {
  await service?.worker.shutdown(1_000);
  await service?.store.close();
  setScanService(undefined);
  await new Promise((resolve) => site?.close(resolve));
  await claude?.close();
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetEnvCache();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Starts a scan of the hostile site through the service and follows it to its end. */
async function scanToTheEnd(useLlm: boolean, onEvent: (event: StoredEvent) => void = () => undefined): Promise<{ scanId: string; events: StoredEvent[] }> {
  const created = await createScan({ id: "analyst@apo.test", via: "token" }, {
    url: `http://${HOST}/`,
    framework: "GDPR",
    crawl_depth: 1,
    max_pages: 4,
    use_llm: useLlm,
  } as Parameters<typeof createScan>[1]);
  const events: StoredEvent[] = [];
  for await (const event of watchScanEvents(service, created.scan_id, 0, AbortSignal.timeout(150_000))) {
    events.push(event);
    onEvent(event);
    if (event.level === "DONE") break;
  }
  return { scanId: created.scan_id, events };
}

/** The scan's events, a line each, for a failure message that says why the scan ended. */
const describeEvents = (events: StoredEvent[]) => events.map((e) => `${e.agent} ${e.level} ${e.msg}`).join("\n");

function setEnv(name: string, value: string): void {
  process.env[name] = value;
  resetEnvCache();
}

describe("a hostile site that links to the server's files", () => {
  it("never gets a file, a browser page or a secret into anything the scan writes, and the engine holds no secret", async () => {
    // The server's own log lines, while the scan runs.
    const logged: string[] = [];
    const [out, err] = [process.stdout.write.bind(process.stdout), process.stderr.write.bind(process.stderr)];
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => (logged.push(String(chunk)), out(chunk, ...rest))) as typeof process.stdout.write;
    process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => (logged.push(String(chunk)), err(chunk, ...rest))) as typeof process.stderr.write;

    const environs: Array<{ pid: number; command: string; environ: string }> = [];
    let scan: Awaited<ReturnType<typeof scanToTheEnd>> | undefined;
    try {
      scan = await scanToTheEnd(false, (event) => {
        // While the visitors run, the engine and its whole Chromium process tree are alive.
        if (environs.length === 0 && event.agent === "interaction" && enginePid > 0) {
          for (const pid of processTree(enginePid)) environs.push({ pid, command: commandOf(pid), environ: environOf(pid) });
        }
      });
    } finally {
      process.stdout.write = out;
      process.stderr.write = err;
    }

    // Nothing of the file or the environment, anywhere: checked first, on whatever the scan left.
    const { scanId, events } = scan;
    const scanDir = service.artifacts.workDir(scanId);
    const files = filesBelow(scanDir);
    const rows = await Promise.all(
      ["scans", "scan_events", "violations", "api_tokens", "scan_shares"].map((table) => driver.query<{ row: string }>(`select row_to_json(t)::text as row from ${table} t`)),
    );
    const places: Array<[string, string]> = [
      ...files.filter((f) => statSync(f).size < 50_000_000).map((f) => [f, readFileSync(f).toString("latin1")] as [string, string]),
      ["events", JSON.stringify(events)],
      ["store", JSON.stringify(rows)],
      ["server log", logged.join("")],
      ["engine log", engineOutput.join("")],
    ];
    for (const [place, text] of places) {
      for (const canary of CANARIES) expect(text.includes(canary), `${canary.slice(0, 24)}… found in ${place}`).toBe(false);
      expect(text, place).not.toContain("Chromium Authors"); // chrome://version's page text
    }

    // The scan ran to its end on that site.
    expect(events.at(-1), describeEvents(events)).toMatchObject({ level: "DONE", msg: "complete" });
    expect(files.map((f) => f.slice(scanDir.length + 1))).toEqual(expect.arrayContaining(["evidence.json", "evidence_report.json", "evidence_report.html", "evidence_report.pdf", "pre_consent.har"]));
    const evidence = EvidenceSchema.parse(JSON.parse(readFileSync(join(scanDir, "evidence.json"), "utf8")));

    // No process of the engine holds a server secret, and the look was not empty: the engine and
    // its Chromium (browser, zygote, renderers) were all read.
    expect(environs.some((p) => p.pid === enginePid && p.environ.includes("PATH="))).toBe(true);
    expect(environs.filter((p) => /chromium/.test(p.command)).length).toBeGreaterThanOrEqual(2);
    for (const { pid, command, environ } of environs) {
      for (const canary of CANARIES) expect(environ.includes(canary), `a secret in the environment of ${pid} (${command.split("\0")[0]})`).toBe(false);
      expect(environ, `DATABASE_URL or a secret name in ${pid}`).not.toMatch(/(^|\0)(APO_JWT_SECRET|NEXTAUTH_SECRET|SUPABASE_SERVICE_ROLE_KEY|ANTHROPIC_API_KEY|OPENAI_API_KEY|DATABASE_URL)=/);
    }

    // The refused links are in the evidence, with what the engine would have used them for.
    const refused = evidence.refused_links;
    expect(refused).toEqual(expect.arrayContaining([
      expect.objectContaining({ url: `file://${secretFile}`, scheme: "file:", role: "privacy_policy" }),
      expect.objectContaining({ url: `view-source:file://${secretFile}`, scheme: "view-source:", role: "opt_out" }),
      expect.objectContaining({ url: "file:///proc/self/environ", scheme: "file:", role: "link" }),
      expect.objectContaining({ url: "chrome://version/", scheme: "chrome:", role: "link" }),
    ]));
    // The http policy and opt-out links were checked; their redirects to file: went nowhere.
    expect(evidence.privacy_policy?.url).toBe(`http://${HOST}/privacy`);
    expect(evidence.privacy_policy?.text).toBe("");
    expect(evidence.privacy_policy?.error).toBeTruthy();
    expect(evidence.opt_out_checks.map((c) => c.href)).toEqual([`http://${HOST}/choices`]);
    expect(evidence.opt_out_checks[0]?.has_opt_out_control).toBe(false);
    // The crawl never turned a file into a page of the site.
    expect(evidence.discovery.nodes.every((n) => /^http:/.test(n.final_url))).toBe(true);
    expect(events.some((e) => /Refused \d+ link\(s\)/.test(e.msg))).toBe(true);
  }, 200_000);
});

describe("the server's LLM keys", () => {
  it("reach a scan's engine over IPC only when the operator allows that principal, and are never written", async () => {
    setEnv("APO_SERVER_LLM_KEYS_FOR", "none");
    const refused = await scanToTheEnd(true);
    expect(refused.events.at(-1), describeEvents(refused.events)).toMatchObject({ level: "DONE", msg: "complete" });
    expect(refused.events.some((e) => e.msg === "LLM requested but no key is configured")).toBe(true);
    expect(claude.requests).toHaveLength(0);

    setEnv("APO_SERVER_LLM_KEYS_FOR", "someone-else@apo.test, analyst@apo.test");
    const allowed = await scanToTheEnd(true);
    expect(allowed.events.at(-1), describeEvents(allowed.events)).toMatchObject({ level: "DONE", msg: "complete" });
    // The engine's process has no ANTHROPIC_API_KEY (the first test reads its environment), yet
    // the model was called with the server's key: it came with the job.
    expect(claude.requests.length).toBeGreaterThan(0);
    expect(claude.requests.map((r) => sentKey(r.headers))).toEqual(claude.requests.map(() => ENV_SECRETS.ANTHROPIC_API_KEY));
    const written = filesBelow(service.artifacts.workDir(allowed.scanId)).map((f) => readFileSync(f).toString("latin1"));
    for (const text of [...written, JSON.stringify(allowed.events)]) expect(text).not.toContain(ENV_SECRETS.ANTHROPIC_API_KEY);
    setEnv("APO_SERVER_LLM_KEYS_FOR", "none");
  }, 300_000);
});
