import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { e2eEnv } from "../../playwright.config";
import { ANALYST, OTHER, auth, readStream, signInSession, tokenFor } from "./helpers";

// The HTTP API against the built standalone server, scanning the local test web with the real engine.
// Tests run in file order (one worker); those that need the finished report skip, saying why,
// when the full scan did not complete (its own test fails loudly in that case).

const CANARY = "canary-claude-e2e-5b1d0c9e8f7a";
const TARGET = "https://www.tracky.example/";
let token: string;
let otherToken: string;
let scanId: string;

/** After a failure Playwright restarts the worker (module state is lost): find the full scan through the API. */
async function needsReport(request: APIRequestContext): Promise<void> {
  const list = await (await request.get("/api/scans?limit=50", { headers: auth(await tokenFor(ANALYST)) })).json();
  const full = (list.scans as { scan_id: string; url: string; status: string }[]).find((s) => s.url === TARGET && s.status === "complete");
  test.skip(!full, "needs the full scan to have completed");
  scanId = full!.scan_id;
}
const responses: string[] = [];

async function startScan(request: APIRequestContext, body: Record<string, unknown>) {
  const res = await request.post("/api/scan", { headers: auth(token), data: body });
  responses.push(await res.text());
  return res;
}

test.beforeAll(async () => {
  token = await tokenFor(ANALYST);
  otherToken = await tokenFor(OTHER);
});

test("health and API docs need no auth", async ({ request }) => {
  expect((await request.get("/api/health")).status()).toBe(200);
  const doc = await (await request.get("/api/openapi.json")).json();
  expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/api/scan", "/api/stream/{scan_id}", "/api/results/{scan_id}"]));
  expect(doc.components.schemas.ScanRequest.properties.url).toBeDefined();
  const docs = await request.get("/docs");
  expect(docs.status()).toBe(200);
  expect(docs.headers()["content-type"]).toContain("text/html");
});

test("401 without, with a bad, an expired or a wrong-algorithm token", async ({ request }) => {
  for (const headers of [{}, auth("nope"), auth(await tokenFor(ANALYST, { ttl: "-1m" })), auth(await tokenFor(ANALYST, { alg: "HS512" })), auth(await tokenFor(ANALYST, { secret: "x".repeat(40) }))]) {
    const res = await request.get("/api/scans", { headers });
    expect(res.status()).toBe(401);
    expect((await res.json()).error.code).toBe("unauthorized");
  }
});

test("400 names the bad field; 413 for oversized bodies; 400 for bad JSON", async ({ request }) => {
  let res = await startScan(request, { url: "ftp://x.example", framework: "CCPA" });
  expect(res.status()).toBe(400);
  expect((await res.json()).error.message).toContain("url:");
  res = await startScan(request, { url: TARGET, framework: "NOPE" });
  expect((await res.json()).error.message).toContain("framework:");
  res = await startScan(request, { url: TARGET, crawl_depth: 50 });
  expect((await res.json()).error.message).toContain("crawl_depth:");
  res = await request.post("/api/scan", { headers: { ...auth(token), "content-type": "application/json" }, data: "{bad" });
  expect(res.status()).toBe(400);
  res = await request.post("/api/scan", { headers: { ...auth(token), "content-type": "application/json" }, data: JSON.stringify({ url: "a".repeat(40_000) }) });
  expect(res.status()).toBe(413);
});

test("a full scan through the API: queued at once, live stream, two watchers, report, downloads", async ({ request }) => {
  test.setTimeout(360_000);
  const res = await startScan(request, { url: TARGET, framework: "CCPA", crawl_depth: 1, max_pages: 3, use_llm: false, claude_key: CANARY, openai_key: CANARY });
  expect(res.status()).toBe(202);
  const created = await res.json();
  scanId = created.scan_id;
  expect(created).toMatchObject({ status: "queued", stream_url: `/api/stream/${scanId}` });

  const early = await request.get(`/api/results/${scanId}`, { headers: auth(token) });
  expect(early.status()).toBe(425);
  const status = await (await request.get(`/api/status/${scanId}`, { headers: auth(token) })).json();
  expect(["queued", "running"]).toContain(status.status);
  expect((await request.get(`/api/status/${scanId}`, { headers: auth(otherToken) })).status()).toBe(404);

  const [a, b] = await Promise.all([readStream(scanId, token), readStream(scanId, token)]);
  expect(a.headers.get("content-type")).toContain("text/event-stream");
  const ids = a.events.map((e) => e.id);
  expect(ids).toEqual([...ids].sort((x, y) => x - y));
  expect(new Set(ids).size).toBe(ids.length);
  expect(b.events.map((e) => e.id)).toEqual(ids);
  for (const e of a.events) {
    expect(["discovery", "interaction", "observability", "system"]).toContain(e.data.agent);
    expect(["INFO", "SUCCESS", "WARNING", "ERROR", "DONE"]).toContain(e.data.level);
  }
  const transcript = a.events.map((e) => `${e.id} ${e.data.agent} ${e.data.level} ${e.data.msg}`).join("\n");
  expect(a.events.at(-1)!.data, transcript).toMatchObject({ agent: "system", level: "DONE", msg: "complete" });
  expect(new Set(a.events.map((e) => e.data.agent)), transcript).toEqual(new Set(["discovery", "interaction", "observability", "system"]));
  responses.push(JSON.stringify(a.events));

  const final = await (await request.get(`/api/status/${scanId}`, { headers: auth(token) })).json();
  expect(final).toMatchObject({ status: "complete", queue_position: null, error: null });
  const report = await request.get(`/api/results/${scanId}`, { headers: auth(token) });
  expect(report.status()).toBe(200);
  const body = await report.json();
  responses.push(JSON.stringify(body));
  expect(Array.isArray(body.violations)).toBe(true);
  expect(body.violations.length).toBeGreaterThan(0);
});

test("late and resuming stream clients get the whole log or the rest, then DONE", async ({ request }) => {
  await needsReport(request);
  const all = await readStream(scanId, token);
  expect(all.events.at(-1)!.data.level).toBe("DONE");
  const cut = all.events[Math.floor(all.events.length / 2)]!.id;
  const rest = await readStream(scanId, token, { lastEventId: cut });
  expect(rest.events.map((e) => e.id)).toEqual(all.events.filter((e) => e.id > cut).map((e) => e.id));
});

test("a stream link lets a header-less client (EventSource) follow one scan, and nothing else", async ({ request, page }) => {
  await needsReport(request);
  const created = await request.post(`/api/scans/${scanId}/stream-link`, { headers: auth(token), data: { expires_in_seconds: 120 } });
  expect(created.status()).toBe(201);
  const link = (await created.json()) as { url: string; expires_at: string };
  const url = new URL(link.url);
  // At the address this client used (not the server's bind address).
  expect(url.origin).toBe(new URL(e2eEnv.appUrl).origin);
  expect(url.pathname).toBe(`/api/stream/${scanId}`);
  const streamToken = url.searchParams.get("stream_token")!;
  expect(streamToken).toBeTruthy();
  expect(Math.abs(Date.parse(link.expires_at) - Date.now() - 120_000)).toBeLessThan(10_000);
  expect(link.url).not.toContain(token);

  // A real EventSource in Chromium, on a page with no session: the whole log, then DONE.
  // A page of this origin whose policy lets it connect here (/api/* answers with default-src 'none').
  await page.goto("/login");
  const seen = await page.evaluate(
    (streamUrl) =>
      new Promise<{ ids: string[]; levels: string[] }>((resolve) => {
        const ids: string[] = [];
        const levels: string[] = [];
        const source = new EventSource(streamUrl);
        const end = () => (source.close(), resolve({ ids, levels }));
        source.onmessage = (e) => {
          ids.push(e.lastEventId);
          levels.push((JSON.parse(e.data) as { level: string }).level);
          if (levels.at(-1) === "DONE") end();
        };
        source.onerror = () => (levels.push("EventSource error"), end());
        setTimeout(end, 20_000);
      }),
    link.url,
  );
  expect(seen.levels.at(-1)).toBe("DONE");
  expect(seen.ids[0]).toBe("1");
  expect(seen.levels.length).toBeGreaterThan(5);

  // Good for this scan's stream only: not another scan, not as a bearer token, not the report.
  const elsewhere = await fetch(`${e2eEnv.appUrl}/api/stream/${crypto.randomUUID()}?stream_token=${streamToken}`);
  expect(elsewhere.status).toBe(401);
  expect(await elsewhere.text()).toContain("another scan");
  expect((await request.get(`/api/status/${scanId}`, { headers: auth(streamToken) })).status()).toBe(401);
  expect((await request.get(`/api/results/${scanId}?stream_token=${streamToken}`)).status()).toBe(401);
  // An API token is no stream link (?token= is a separate, operator-enabled door), and a bad link does not fall back to the cookie or header.
  expect((await fetch(`${e2eEnv.appUrl}/api/stream/${scanId}?stream_token=${token}`)).status).toBe(401);
  expect((await fetch(`${e2eEnv.appUrl}/api/stream/${scanId}?stream_token=x`, { headers: auth(token) })).status).toBe(401);

  // Someone else cannot mint one for this scan; a bad lifetime names its field.
  expect((await request.post(`/api/scans/${scanId}/stream-link`, { headers: auth(otherToken) })).status()).toBe(404);
  const bad = await request.post(`/api/scans/${scanId}/stream-link`, { headers: auth(token), data: { expires_in_seconds: 5 } });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.message).toContain("expires_in_seconds");
});

test("downloads: latest report, each artefact with its type, no traversal, not someone else's", async ({ request }) => {
  await needsReport(request);
  const latest = await request.get("/api/download/evidence_report.json", { headers: auth(token) });
  expect(latest.status()).toBe(200);
  expect(latest.headers()["content-disposition"]).toContain('attachment; filename="evidence_report.json"');
  expect((await request.get(`/api/download/evidence_report.json?scan_id=${scanId}`, { headers: auth(token) })).status()).toBe(200);
  expect((await request.get("/api/download/evidence_report.json", { headers: auth(otherToken) })).status()).toBe(404);

  const list = await (await request.get("/api/scans?limit=5", { headers: auth(token) })).json();
  const item = list.scans.find((s: { scan_id: string }) => s.scan_id === scanId);
  expect(item.summary.total_violations).toBeGreaterThan(0);
  const types: Record<string, string> = { json: "application/json", html: "text/html", pdf: "application/pdf", har: "application/json", png: "image/png" };
  const kinds = new Set<string>();
  for (const a of item.artifacts as { file: string; url: string; kind: string }[]) {
    const res = await request.get(a.url, { headers: auth(token) });
    expect(res.status(), a.file).toBe(200);
    const ext = a.file.split(".").pop()!;
    expect(res.headers()["content-type"]).toContain(types[ext] ?? "");
    expect(res.headers()["content-disposition"]).toContain("attachment");
    kinds.add(a.kind);
  }
  expect([...kinds]).toEqual(expect.arrayContaining(["report_json", "report_html", "report_pdf", "evidence", "interaction_graph", "har", "traffic"]));
  expect((await request.get(`/api/download/${scanId}/evidence_report.json`, { headers: auth(otherToken) })).status()).toBe(404);
});

test("path traversal in downloads is refused", async ({ request }) => {
  for (const path of [`/api/download/${scanId}/..%2F..%2Fdb%2FPG_VERSION`, `/api/download/${scanId}/screenshots%2F..%2F..%2F..%2Fjwt-secret`, `/api/download/${scanId}/%2Fetc%2Fpasswd`, `/api/download/${scanId}/..\\..\\x`, "/api/download/..%2F..%2Fjwt-secret"]) {
    const res = await request.get(path, { headers: auth(token) });
    expect([400, 404], path).toContain(res.status());
    // Next answers some normalised paths with its own 404 page; ours answer with the error envelope.
    const text = await res.text();
    if (text.startsWith("{")) expect(JSON.parse(text).error.code).toMatch(/bad_request|not_found/);
  }
});

test("API tokens: minted once from a session (not with a token), listed without the secret, revoked", async ({ request, playwright }) => {
  // A bearer token cannot mint its own successor; without any credentials it is a 401.
  const withToken = await request.post("/api/tokens", { headers: auth(token), data: { name: "ci" } });
  expect(withToken.status()).toBe(403);
  expect((await withToken.json()).error.code).toBe("forbidden");
  expect((await request.post("/api/tokens", { data: { name: "ci" } })).status()).toBe(401);

  const browser = await playwright.request.newContext({ baseURL: e2eEnv.appUrl });
  await signInSession(browser);
  expect((await browser.post("/api/tokens", { data: { name: "ci", expires_in_days: 365 } })).status()).toBe(400);
  const created = await browser.post("/api/tokens", { data: { name: "ci" } });
  expect(created.status()).toBe(201);
  const minted = await created.json();
  expect((await request.get("/api/scans", { headers: auth(minted.token) })).status()).toBe(200);
  const list = await (await request.get("/api/tokens", { headers: auth(token) })).json();
  expect(JSON.stringify(list)).not.toContain(minted.token);
  expect(list.tokens.map((t: { id: string }) => t.id)).toContain(minted.id);
  expect((await request.delete(`/api/tokens/${minted.id}`, { headers: auth(otherToken) })).status()).toBe(404);
  expect((await request.delete(`/api/tokens/${minted.id}`, { headers: auth(token) })).status()).toBe(200);
  expect((await request.get("/api/scans", { headers: auth(minted.token) })).status()).toBe(401);
  await browser.dispose();
});

test("password sign-in is throttled: 429 with Retry-After after repeated failures", async ({ playwright }) => {
  const client = await playwright.request.newContext({ baseURL: e2eEnv.appUrl });
  const { csrfToken } = (await (await client.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const guess = () => client.post("/api/auth/callback/credentials", { form: { csrfToken, email: "throttle-e2e@apo.test", password: "guess", json: "true" } });
  // next-auth refuses a wrong password with 401 (and the error page's URL).
  for (let i = 0; i < 5; i++) expect((await guess()).status()).toBe(401);
  const refused = await guess();
  expect(refused.status()).toBe(429);
  expect(Number(refused.headers()["retry-after"])).toBeGreaterThan(0);
  expect((await refused.json()).error.code).toBe("rate_limited");
  await client.dispose();
});

test("cancel a queued or running scan", async ({ request }) => {
  const res = await startScan(request, { url: "https://www.compliant.example/", crawl_depth: 1 });
  const { scan_id } = await res.json();
  const cancel = await request.post(`/api/scans/${scan_id}/cancel`, { headers: auth(token) });
  expect(cancel.status()).toBe(200);
  await expect.poll(async () => (await (await request.get(`/api/status/${scan_id}`, { headers: auth(token) })).json()).status, { timeout: 60_000 }).toBe("cancelled");
  const { events } = await readStream(scan_id, token);
  expect(events.at(-1)!.data).toMatchObject({ level: "DONE", msg: "error" });
  const rest = await readStream(scan_id, token, { lastEventId: 1 });
  expect(rest.events.map((e) => e.id)).toEqual(events.slice(1).map((e) => e.id));
  expect((await request.get(`/api/results/${scan_id}`, { headers: auth(token) })).status()).toBe(409);
});

test("share link opens the report without an account, and dies with the scan", async ({ request, playwright }) => {
  await needsReport(request);
  const share = await request.post(`/api/scans/${scanId}/share`, { headers: auth(token), data: { expires_in_hours: 1 } });
  expect(share.status()).toBe(201);
  const { url } = await share.json();
  expect(new URL(url).origin).toBe(new URL(e2eEnv.appUrl).origin);
  const anon = await playwright.request.newContext();
  const page = await anon.get(url);
  expect(page.status()).toBe(200);
  expect(page.headers()["content-type"]).toContain("text/html");
  const json = await anon.get(`${url}/evidence_report.json`);
  expect(json.status()).toBe(200);
  expect((await anon.get(`${url.slice(0, -4)}abcd/evidence_report.json`)).status()).toBe(404);

  expect((await request.delete(`/api/scans/${scanId}`, { headers: auth(otherToken) })).status()).toBe(404);
  expect((await request.delete(`/api/scans/${scanId}`, { headers: auth(token) })).status()).toBe(200);
  expect((await anon.get(url)).status()).toBe(404);
  expect((await request.get(`/api/status/${scanId}`, { headers: auth(token) })).status()).toBe(404);
  expect((await request.get(`/api/download/${scanId}/evidence_report.json`, { headers: auth(token) })).status()).toBe(404);
  await anon.dispose();
});

test("the LLM keys never reach the data folder or a response", () => {
  for (const r of responses) expect(r).not.toContain(CANARY);
  const walk = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
  const files = walk(e2eEnv.dataDir);
  expect(files.length).toBeGreaterThan(5);
  for (const f of files) expect(readFileSync(f).includes(CANARY), f).toBe(false);
});
