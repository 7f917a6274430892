// Renders the raster images derived from app/icon.svg with the scans' Chromium (agents/browser):
// public/favicon.ico (16, 32, 48 px), app/apple-icon.png (180 px, full-bleed: iOS rounds it) and
// public/og-report.png (1200×630, the card link previews show for shared reports).
// Re-run after changing the mark: npx tsx scripts/render-brand-images.ts
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { openBrowserSession } from "@/agents/browser";
import { engineSettingsFromEnv } from "@/lib/scans/engine/engine-settings";

const root = join(__dirname, "..");
const mark = readFileSync(join(root, "app/icon.svg"), "utf8");
const dataUrl = (svg: string) => `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;

async function renderSvg(page: Page, svg: string, size: number): Promise<Buffer> {
  await page.setContent(`<body style="margin:0"><img src="${dataUrl(svg)}" width="${size}" height="${size}" style="display:block">`);
  await page.locator("img").evaluate((img: HTMLImageElement) => img.decode());
  return page.locator("img").screenshot({ omitBackground: true });
}

// An .ico holding PNGs (every browser since IE 9 reads them): a 6-byte header, 16 bytes per image, the images.
function packIco(images: { size: number; png: Buffer }[]): Buffer {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, png }, i) => {
    const at = 6 + 16 * i;
    header.writeUInt8(size % 256, at);
    header.writeUInt8(size % 256, at + 1);
    header.writeUInt16LE(1, at + 4);
    header.writeUInt16LE(32, at + 6);
    header.writeUInt32LE(png.length, at + 8);
    header.writeUInt32LE(offset, at + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map((i) => i.png)]);
}

const ogCard = `<!doctype html><html><body style="margin:0;width:1200px;height:630px;box-sizing:border-box;padding:80px 88px;
background:linear-gradient(135deg,#1e1b4b 0%,#312e81 55%,#4f46e5 100%);color:#fff;font-family:'DejaVu Sans',sans-serif;
display:flex;flex-direction:column;justify-content:space-between">
<div style="display:flex;align-items:center;gap:28px">
  <img src="${dataUrl(mark)}" width="112" height="112">
  <div><div style="font-size:64px;font-weight:bold;letter-spacing:1px">APO</div>
  <div style="font-size:26px;color:#c7d2fe">Autonomous Privacy Observability</div></div>
</div>
<div>
  <div style="font-size:60px;font-weight:bold;line-height:1.15">Privacy scan report</div>
  <div style="font-size:30px;color:#e0e7ff;margin-top:20px;line-height:1.35">Does this website respect people's privacy choices?<br>Violations, evidence and citations, visitor by visitor.</div>
</div>
</body></html>`;

async function main(): Promise<void> {
  const session = await openBrowserSession({ settings: engineSettingsFromEnv() });
  try {
    const page = await session.newPage();
    await page.setViewportSize({ width: 1200, height: 630 });
    const icons = [];
    for (const size of [16, 32, 48]) icons.push({ size, png: await renderSvg(page, mark, size) });
    writeFileSync(join(root, "public/favicon.ico"), packIco(icons));
    writeFileSync(join(root, "app/apple-icon.png"), await renderSvg(page, mark.replace(' rx="7"', ""), 180));
    await page.setContent(ogCard);
    await page.locator("img").evaluate((img: HTMLImageElement) => img.decode());
    writeFileSync(join(root, "public/og-report.png"), await page.screenshot());
  } finally {
    await session.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
