import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { e2eEnv } from "../../playwright.config";
import { auth, signInSession, tokenFor } from "./helpers";

// An API client served from another origin, as the origin system's React client and GRC
// dashboards are: a page on http://127.0.0.1:<clientPort> (listed in APO_CORS_ORIGINS by
// playwright.config.ts, which also sets APO_ACCEPT_QUERY_TOKENS=true) checks GET /health, starts a
// scan with the bearer header, reads its status, follows it with EventSource('…?token=<jwt>'),
// reads the report and offers a ?token= download link. A page on an unlisted origin gets nothing.

const TARGET = "https://www.tracky.example/";
// Its own principal: this spec's scan never shows up in another spec's scan list or limits.
const CLIENT_USER = "grc-dashboard@apo.test";

// The client's script: fetch + EventSource only, everything rendered into the DOM.
const CLIENT_SCRIPT = `
const cfg = JSON.parse(decodeURIComponent(location.hash.slice(1)));
const api = cfg.api;
const authHeader = { Authorization: "Bearer " + cfg.token };
const $ = (id) => document.getElementById(id);
function item(listId, text, data) {
  const li = document.createElement("li");
  li.textContent = text;
  Object.assign(li.dataset, data);
  $(listId).append(li);
}
async function ok(res, what) {
  if (!res.ok) throw new Error(what + " answered " + res.status + ": " + (await res.text()));
  return res;
}
function follow(scanId) {
  return new Promise((resolve, reject) => {
    const source = new EventSource(api + "/api/stream/" + scanId + "?token=" + encodeURIComponent(cfg.token));
    source.onmessage = (e) => {
      const ev = JSON.parse(e.data);
      item("events", ev.agent + " " + ev.level + " " + ev.msg, { id: e.lastEventId, agent: ev.agent, level: ev.level, msg: ev.msg });
      if (ev.level === "DONE") {
        source.close();
        if (ev.msg === "complete") resolve();
        else reject(new Error("scan ended: " + ev.msg));
      }
    };
    source.onerror = () => {
      source.close();
      reject(new Error("EventSource failed"));
    };
  });
}
async function main() {
  const health = await (await ok(await fetch(api + "/health"), "GET /health")).json();
  $("health").textContent = health.status;
  const created = await ok(
    await fetch(api + "/api/scan", { method: "POST", headers: { ...authHeader, "Content-Type": "application/json" }, body: JSON.stringify(cfg.scan) }),
    "POST /api/scan",
  );
  $("request-id").textContent = created.headers.get("X-Request-Id") || "";
  const scanId = (await created.json()).scan_id;
  $("scan-id").textContent = scanId;
  const status = await (await ok(await fetch(api + "/api/status/" + scanId, { headers: authHeader }), "GET /api/status")).json();
  $("status").textContent = status.status;
  await follow(scanId);
  const report = await (await ok(await fetch(api + "/api/results/" + scanId, { headers: authHeader }), "GET /api/results")).json();
  for (const v of report.violations) item("violations", v.violation_type + ": " + v.rule_title, { type: v.violation_type });
  const link = $("download");
  link.href = api + "/api/download/" + scanId + "/evidence_report.json?token=" + encodeURIComponent(cfg.token);
  link.hidden = false;
  document.body.dataset.state = "done";
}
main().catch((err) => {
  $("error").textContent = String(err);
  document.body.dataset.state = "error";
});
`;

const CLIENT_PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>Origin system client</title></head>
<body data-state="running">
<h1>Privacy scan</h1>
<p>API: <span id="health"></span>, scan <span id="scan-id"></span> (<span id="status"></span>), request <span id="request-id"></span></p>
<p id="error" role="alert"></p>
<h2>Agent log</h2><ol id="events"></ol>
<h2>Violations</h2><ul id="violations"></ul>
<a id="download" hidden>Download the evidence report</a>
<script>${CLIENT_SCRIPT}</script>
</body></html>`;

function serveClient(port: number): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.url !== "/") return void res.writeHead(404).end();
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" }).end(CLIENT_PAGE);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

let allowed: Server;
let unlisted: Server;
let unlistedOrigin: string;

test.beforeAll(async () => {
  allowed = await serveClient(e2eEnv.clientPort);
  unlisted = await serveClient(0);
  unlistedOrigin = `http://127.0.0.1:${(unlisted.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await Promise.all([allowed, unlisted].map((s) => new Promise((resolve) => (s ? s.close(resolve) : resolve(undefined)))));
});

const clientUrl = (origin: string, token: string) =>
  `${origin}/#${encodeURIComponent(JSON.stringify({ api: e2eEnv.appUrl, token, scan: { url: TARGET, framework: "CCPA", crawl_depth: 1, max_pages: 3, use_llm: false } }))}`;

test("preflights: a listed origin is granted the bearer header, an unlisted one gets no Access-Control-Allow-Origin", async ({ request }) => {
  const preflight = (origin: string) =>
    request.fetch("/api/scan", { method: "OPTIONS", headers: { Origin: origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization,content-type" } });
  const granted = await preflight(e2eEnv.clientOrigin);
  expect(granted.status()).toBe(204);
  expect(granted.headers()["access-control-allow-origin"]).toBe(e2eEnv.clientOrigin);
  expect(granted.headers()["access-control-allow-headers"]).toMatch(/Authorization/);
  expect(granted.headers()["access-control-allow-methods"]).toMatch(/POST/);
  expect(granted.headers()["vary"]).toMatch(/Origin/);
  expect(granted.headers()["access-control-allow-credentials"]).toBeUndefined();
  for (const origin of [unlistedOrigin, "https://evil.example", "null"]) {
    const refused = await preflight(origin);
    expect(refused.headers()["access-control-allow-origin"], origin).toBeUndefined();
    expect(refused.headers()["access-control-allow-methods"], origin).toBeUndefined();
  }
});

test("GET /health is /api/health, public, and readable from the listed origin", async ({ request }) => {
  const res = await request.get("/health", { headers: { Origin: e2eEnv.clientOrigin }, maxRedirects: 0 });
  expect(res.status()).toBe(200);
  expect(res.headers()["access-control-allow-origin"]).toBe(e2eEnv.clientOrigin);
  expect(res.headers()["cache-control"]).toBe("no-store");
  expect(Object.keys(await res.json()).sort()).toEqual(Object.keys(await (await request.get("/api/health")).json()).sort());
});

test("a browser session is never honoured cross-origin, even from the listed origin", async ({ playwright }) => {
  const browserLike = await playwright.request.newContext({ baseURL: e2eEnv.appUrl });
  await signInSession(browserLike);
  const res = await browserLike.post("/api/scan", { headers: { Origin: e2eEnv.clientOrigin }, data: { url: TARGET, framework: "CCPA" } });
  expect(res.status()).toBe(403);
  expect((await res.json()).error.code).toBe("forbidden");
  expect(res.headers()["access-control-allow-credentials"]).toBeUndefined();
  await browserLike.dispose();
});

test("the client on the listed origin makes exactly its calls, shows the streamed events and the report's violations, and downloads", async ({ page, request }) => {
  test.setTimeout(360_000);
  const token = await tokenFor(CLIENT_USER);
  const calls: string[] = [];
  const credentialsSent: string[] = [];
  page.on("request", (r) => {
    const url = new URL(r.url());
    // Preflights are the browser's, not the client's (and Chromium may not report them).
    if (url.origin !== e2eEnv.appUrl || r.method() === "OPTIONS") return;
    calls.push(`${r.method()} ${url.pathname}${url.searchParams.has("token") ? " ?token" : ""}`);
    void r.allHeaders().then((h) => h.cookie && credentialsSent.push(r.url()), () => undefined);
  });

  await page.goto(clientUrl(e2eEnv.clientOrigin, token));
  await expect(page.locator("body")).toHaveAttribute("data-state", /done|error/, { timeout: 300_000 });
  await expect(page.locator("#error")).toHaveText("");
  await expect(page.locator("#health")).toHaveText("ok");
  await expect(page.locator("#status")).toHaveText(/queued|running/);
  // Readable only because the response exposes it.
  await expect(page.locator("#request-id")).not.toHaveText("");
  const scanId = (await page.locator("#scan-id").textContent())!;
  expect(scanId).toMatch(/^[0-9a-f-]{36}$/);

  // The streamed events, rendered: in order, every agent, ending in DONE complete.
  const events = await page.locator("#events li").evaluateAll((lis) => lis.map((li) => ({ ...(li as HTMLElement).dataset })));
  expect(events.length).toBeGreaterThan(5);
  expect(events.map((e) => Number(e.id))).toEqual(events.map((e) => Number(e.id)).sort((a, b) => a - b));
  expect(new Set(events.map((e) => e.agent))).toEqual(new Set(["discovery", "interaction", "observability", "system"]));
  expect(events.at(-1)).toMatchObject({ agent: "system", level: "DONE", msg: "complete" });

  // The report's violations, rendered: the same ones the API returns to a header-bearing client.
  const report = await (await request.get(`/api/results/${scanId}`, { headers: auth(token) })).json();
  expect(report.violations.length).toBeGreaterThan(0);
  const shown = await page.locator("#violations li").evaluateAll((lis) => lis.map((li) => (li as HTMLElement).dataset.type));
  expect(shown).toEqual(report.violations.map((v: { violation_type: string }) => v.violation_type));

  // The ?token= download link works as a plain link.
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#download").click()]);
  const downloaded = JSON.parse(readFileSync((await download.path())!, "utf8")) as { violations: unknown[] };
  expect(downloaded.violations).toHaveLength(report.violations.length);

  expect([...new Set(calls)]).toEqual([
    "GET /health",
    "POST /api/scan",
    `GET /api/status/${scanId}`,
    `GET /api/stream/${scanId} ?token`,
    `GET /api/results/${scanId}`,
    `GET /api/download/${scanId}/evidence_report.json ?token`,
  ]);
  expect(credentialsSent).toEqual([]);
});

test("the same client on an unlisted origin can read nothing and start nothing", async ({ page, request }) => {
  const token = await tokenFor(CLIENT_USER);
  const before = (await (await request.get("/api/scans?limit=50", { headers: auth(token) })).json()).scans.length;
  await page.goto(clientUrl(unlistedOrigin, token));
  await expect(page.locator("body")).toHaveAttribute("data-state", "error");
  // The first call already fails: fetch rejects when the response carries no grant for this origin.
  await expect(page.locator("#error")).toContainText("TypeError");
  await expect(page.locator("#health")).toHaveText("");
  const blocked = await page.evaluate(async (api) => {
    try {
      await fetch(`${api}/api/scan`, { method: "POST", headers: { Authorization: "Bearer x", "Content-Type": "application/json" }, body: "{}" });
      return "sent";
    } catch (err) {
      return String(err);
    }
  }, e2eEnv.appUrl);
  expect(blocked).toContain("TypeError");
  expect((await (await request.get("/api/scans?limit=50", { headers: auth(token) })).json()).scans.length).toBe(before);
});
