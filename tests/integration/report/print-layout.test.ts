import { execFile } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openBrowserSession } from "@/agents/browser";
import { PRINT_PAGE, printContentWidthPx, renderReportHtml } from "@/agents/observability";
import { runScan } from "@/agents/pipeline";
import { EvidenceReportSchema, type EvidenceReport } from "@/lib/schemas/report";
import { ScanRequestSchema } from "@/lib/schemas/scan-request";
import { startTestWeb, type TestWeb } from "@/tests/fixtures/web/server";
import { FAST_TIMEOUTS, tempDir, testContext } from "../engine/helpers";

const run = promisify(execFile);
const DPI = 50;
/** A grey value below this is ink (the lightest table rule, #e4e7eb, is about 231). */
const INK = 240;
/** Anti-aliasing of an edge that sits exactly on the content box may bleed this far into the margin. */
const EDGE_PX = 2;

interface GreyPage {
  width: number;
  height: number;
  pixels: Buffer;
}

/** pdftoppm -gray writes binary PGM (P5): a text header, then one byte per pixel. */
function parsePgm(data: Buffer): GreyPage {
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(data.subarray(0, 64).toString("latin1"));
  if (!header) throw new Error("not a binary PGM");
  return { width: Number(header[1]), height: Number(header[2]), pixels: data.subarray(header[0].length) };
}

/** Columns left of the left margin or right of the right margin that carry ink. */
function inkInSideMargins(page: GreyPage): { left: number; right: number } {
  const perMm = DPI / 25.4;
  const leftEnd = Math.floor(PRINT_PAGE.margin.leftMm * perMm) - EDGE_PX;
  const rightStart = Math.ceil(page.width - PRINT_PAGE.margin.rightMm * perMm) + EDGE_PX;
  let left = 0;
  let right = 0;
  for (let y = 0; y < page.height; y += 1) {
    const row = y * page.width;
    for (let x = 0; x < leftEnd; x += 1) if (page.pixels[row + x]! < INK) left += 1;
    for (let x = rightStart; x < page.width; x += 1) if (page.pixels[row + x]! < INK) right += 1;
  }
  return { left, right };
}

const pdfText = async (pdf: string, pageNo: number) => (await run("pdftotext", ["-f", String(pageNo), "-l", String(pageNo), "-layout", pdf, "-"])).stdout;

// The printed report is what reaches counsel: scanned from a tracker-heavy site in a real
// Chromium, printed by the pipeline's own PDF step, then checked as pixels, as text and as boxes.
describe("printed report layout (tracky, all visitors)", () => {
  let web: TestWeb;
  let outDir: string;
  let report: EvidenceReport;

  beforeAll(async () => {
    web = await startTestWeb();
    outDir = await tempDir("print");
    const request = ScanRequestSchema.parse({ url: web.url("www.tracky.example"), framework: "CCPA", crawl_depth: 1, max_pages: 3 });
    const outcome = await runScan({ scanId: "it-print", request, outDir }, testContext(), {
      hostResolverRules: web.hostResolverRules,
      ignoreHTTPSErrors: true,
      allowPrivateTargets: true,
      pagesPerSession: 3,
      timeouts: FAST_TIMEOUTS,
    });
    expect(outcome.status, outcome.error?.message).toBe("complete");
    report = EvidenceReportSchema.parse(outcome.report);
    // Tracker-heavy enough to test the layout: long URLs and cookie names in the evidence tables.
    expect(report.violation_summary.total).toBeGreaterThanOrEqual(3);
    expect(report.trackers.length).toBeGreaterThanOrEqual(5);
  }, 180_000);
  afterAll(async () => {
    await web?.close();
  });

  it("prints no page with ink in its side margins, the summary on page 1 and 'Page n of m' on every page", async () => {
    const pdf = join(outDir, "evidence_report.pdf");
    const { stdout: info } = await run("pdfinfo", [pdf]);
    const pageCount = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
    expect(pageCount).toBeGreaterThanOrEqual(3);
    expect(info).toMatch(/Page size:\s+595\.\d+ x 84[12]\.\d+ pts \(A4\)/);

    await run("pdftoppm", ["-r", String(DPI), "-gray", pdf, join(outDir, "page")]);
    const images = (await readdir(outDir)).filter((f) => /^page-\d+\.pgm$/.test(f)).sort();
    expect(images).toHaveLength(pageCount);
    const overflowing: string[] = [];
    let inkedPages = 0;
    for (const file of images) {
      const page = parsePgm(await readFile(join(outDir, file)));
      if (page.pixels.some((p) => p < INK)) inkedPages += 1;
      const ink = inkInSideMargins(page);
      if (ink.left || ink.right) overflowing.push(`${file}: ${ink.left} px of ink in the left margin, ${ink.right} in the right`);
    }
    expect(inkedPages, "the pages were rendered with content").toBe(pageCount);
    expect(overflowing).toEqual([]);

    const first = await pdfText(pdf, 1);
    for (const heading of ["Privacy evidence report", "Verdicts", "Global Privacy Control", "Consent banner", "Violations by severity", "Potential fines", "Max potential penalty"]) {
      expect(first).toContain(heading);
    }
    expect(first).toMatch(/\d[\d,]* USD/);
    // The evidence (visits, requests, cookies, trackers) starts after the summary page.
    for (const evidenceHeading of ["Tracker requests", "ms after choice", "Lifetime (days)", "Trackers by visit", "Violations ("]) {
      expect(first).not.toContain(evidenceHeading);
    }
    expect(first).toContain(`Page 1 of ${pageCount}`);
    const second = await pdfText(pdf, 2);
    expect(second).toContain(`Page 2 of ${pageCount}`);
    expect(second).toContain("https://www.tracky.example/");
    expect(second).toContain("scan it-print");
    expect(await pdfText(pdf, pageCount)).toContain(`Page ${pageCount} of ${pageCount}`);
  });

  it("lays out within the A4 content width in print media, without breaking short words", async () => {
    const session = await openBrowserSession({});
    try {
      const page = await session.newPage();
      const width = Math.floor(printContentWidthPx());
      await page.setViewportSize({ width, height: 1_000 });
      await page.emulateMedia({ media: "print" });
      await page.route("**/*", (route) => (route.request().url().startsWith("data:") ? route.continue() : route.abort()));
      await page.setContent(renderReportHtml(report), { waitUntil: "load" });
      // A string, so the bundler's helpers cannot leak into the page.
      const found = (await page.evaluate(`(() => {
        const limit = ${width} + 0.5;
        const name = (el) => el.tagName.toLowerCase() + (el.className ? "." + String(el.className).split(" ").join(".") : "");
        const outside = [];
        for (const el of document.body.querySelectorAll("*")) {
          const r = el.getBoundingClientRect();
          if (r.width > 0 && (r.right > limit || r.left < -0.5)) outside.push(name(el) + " " + Math.round(r.left) + ".." + Math.round(r.right));
        }
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        const broken = [];
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const range = document.createRange();
          range.selectNodeContents(node);
          for (const r of range.getClientRects()) {
            if (r.width > 0 && (r.right > limit || r.left < -0.5)) outside.push("text '" + node.textContent.slice(0, 40) + "' " + Math.round(r.left) + ".." + Math.round(r.right));
          }
          const cell = node.parentElement && node.parentElement.closest("th, td");
          if (!cell || cell.classList.contains("wrap")) continue;
          // Words up to 14 letters fit every text column: none may be split over two lines.
          for (const m of node.textContent.matchAll(/[^\\s\\-\\/]+/g)) {
            if (m[0].length < 2 || m[0].length > 14) continue;
            const word = document.createRange();
            word.setStart(node, m.index);
            word.setEnd(node, m.index + m[0].length);
            const tops = new Set([...word.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
            if (tops.size > 1) broken.push(m[0]);
          }
        }
        return { outside: outside.slice(0, 20), broken: [...new Set(broken)].slice(0, 20), cells: document.querySelectorAll("td").length };
      })()`)) as { outside: string[]; broken: string[]; cells: number };
      expect(found.cells).toBeGreaterThan(100);
      expect(found.outside).toEqual([]);
      expect(found.broken).toEqual([]);
    } finally {
      await session.close();
    }
  });
});
