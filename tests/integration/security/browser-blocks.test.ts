import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchScanBrowser, type ScanBrowser } from "@/agents/browser";
import { gatedGoto } from "@/agents/safety/url-gate";

// Defence in depth: should a code path forget the URL gate, the scan's Chromium still refuses to
// load a local file, a source view of one or a browser page; and Chromium refuses a web page's
// redirect to a file on its own (a test keeps that true across Chromium updates).

const dir = mkdtempSync(join(tmpdir(), "apo-blocks-"));
const secret = join(dir, "secret.txt");
const CANARY = "apo-browser-block-canary";
let browser: ScanBrowser;
let server: Server;
let origin: string;

beforeAll(async () => {
  writeFileSync(secret, CANARY);
  server = createServer((req, res) => {
    if (req.url === "/to-file") return void res.writeHead(302, { Location: `file://${secret}` }).end();
    if (req.url === "/to-view-source") return void res.writeHead(302, { Location: `view-source:file://${secret}` }).end();
    if (req.url === "/to-chrome") return void res.writeHead(302, { Location: "chrome://version" }).end();
    res.writeHead(200, { "Content-Type": "text/html" }).end("<h1>ok</h1>");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchScanBrowser();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

/** What a page shows after trying to open url directly (no gate): its text, or the error. */
async function openUngated(url: string): Promise<string> {
  const visitor = await browser.openVisitor();
  try {
    const page = await visitor.newPage();
    const outcome = await page.goto(url, { timeout: 10_000 }).then(() => "loaded", (e: Error) => e.message.split("\n")[0] ?? "");
    const text = await page.evaluate(() => document.body?.innerText ?? "").catch(() => "");
    return `${outcome} | ${text}`;
  } finally {
    await visitor.close();
  }
}

describe("the scan's Chromium", () => {
  it.each([`file://${"SECRET"}`, `view-source:file://${"SECRET"}`])("refuses %s even when asked directly", async (pattern) => {
    const shown = await openUngated(pattern.replace("SECRET", secret));
    expect(shown).toMatch(/ERR_BLOCKED_BY_(CLIENT|ADMINISTRATOR)/);
    expect(shown).not.toContain(CANARY);
  });

  it("refuses /proc/self/environ and chrome://version even when asked directly", async () => {
    const environ = await openUngated("file:///proc/self/environ");
    expect(environ).toMatch(/ERR_BLOCKED_BY_(CLIENT|ADMINISTRATOR)/);
    expect(environ).not.toMatch(/PATH=/);
    const version = await openUngated("chrome://version");
    expect(version).toMatch(/closed|ERR_BLOCKED_BY_ADMINISTRATOR/);
    expect(version).not.toMatch(/Chromium Authors|Command Line/);
  });

  it.each(["/to-file", "/to-view-source", "/to-chrome"])("refuses a web page's redirect %s", async (path) => {
    const shown = await openUngated(`${origin}${path}`);
    expect(shown).toMatch(/ERR_UNSAFE_REDIRECT|ERR_BLOCKED_BY_(CLIENT|ADMINISTRATOR)|ERR_ABORTED|interrupted/);
    expect(shown).not.toContain(CANARY);
    expect(shown).not.toMatch(/Chromium Authors/);
  });

  it("still opens web pages, and the gate refuses before Chromium is asked", async () => {
    expect(await openUngated(`${origin}/`)).toBe("loaded | ok");
    const visitor = await browser.openVisitor();
    try {
      const page = await visitor.newPage();
      await expect(gatedGoto(page, `file://${secret}`, { timeout: 5_000 })).rejects.toThrow(/navigation refused: file:/);
      expect(page.url()).toBe("about:blank");
    } finally {
      await visitor.close();
    }
  });
});
