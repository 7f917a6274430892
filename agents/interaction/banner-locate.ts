import type { Frame, Page } from "playwright-core";
import type { BannerContainer } from "@/lib/schemas/banner-container";
import { choiceControls, chooseBanner, containerOf, type BannerReading, type PlacedReading } from "./banner-place";
import { domClickScript, FIND_BANNER_SCRIPT, READ_TOGGLES_SCRIPT, UNTICK_TOGGLES_SCRIPT } from "./page-scripts";
import { evaluateWithin } from "./recorders";

/** A consent banner found in the page, one of its open shadow roots, or a child frame (a CMP's own dialog). */
export interface FoundBanner extends BannerReading {
  frame: Frame;
  container: BannerContainer;
}

const FRAME_SCRIPT_MS = 2_000;
// The page itself gets longer: on a busy machine its banner must not be missed for a slow answer.
const PAGE_SCRIPT_MS = 8_000;
// A frame smaller than this is a pixel or a widget, not a consent dialog.
const MIN_FRAME = { width: 120, height: 40 };

async function readIn(frame: Frame, frameUrl: string | null): Promise<PlacedReading<Frame> | null> {
  const reading = await evaluateWithin<BannerReading>(frame, FIND_BANNER_SCRIPT, frameUrl ? FRAME_SCRIPT_MS : PAGE_SCRIPT_MS);
  return reading ? { frame, frameUrl, reading } : null;
}

/** The frame's element is shown in the page at a size a dialog could have. */
async function frameShown(frame: Frame): Promise<boolean> {
  try {
    const element = await frame.frameElement();
    const box = await element.boundingBox();
    return !!box && box.width >= MIN_FRAME.width && box.height >= MIN_FRAME.height;
  } catch {
    return false;
  }
}

/**
 * The banner as the visitor sees it: the top document (through open shadow roots) first, then
 * every shown http(s) child frame, since CMPs serve their dialog from their own origin.
 */
export async function locateBanner(page: Page): Promise<FoundBanner | null> {
  const main = page.mainFrame();
  const top = await readIn(main, null);
  const candidates: Array<PlacedReading<Frame> | null> = [top];
  if (!top || top.reading.opaque || choiceControls(top.reading) === 0) {
    for (const frame of page.frames()) {
      if (frame === main || frame.isDetached() || !/^https?:/.test(frame.url())) continue;
      if (!(await frameShown(frame))) continue;
      candidates.push(await readIn(frame, frame.url()));
    }
  }
  const chosen = chooseBanner(candidates);
  if (!chosen) return null;
  return { ...chosen.reading, frame: chosen.frame, container: containerOf(chosen.reading, chosen.frameUrl) };
}

// Once a frame is known to hold the banner it gets the page's bound: a lost click is a lost verdict.
const scriptMs = (_banner: FoundBanner) => PAGE_SCRIPT_MS;

/** Clicks a control the banner script marked, in the banner's own frame; Playwright's CSS pierces open shadow roots. */
export async function clickBannerControl(banner: FoundBanner, index: number): Promise<boolean> {
  try {
    await banner.frame.locator(`[data-apo-control="${index}"]`).first().click({ timeout: 2_500 });
    return true;
  } catch {
    // Overlays sometimes intercept pointer events; a DOM click still exercises the site's handler.
    return (await evaluateWithin<boolean>(banner.frame, domClickScript(index), scriptMs(banner))) === true;
  }
}

export async function readBannerToggles(banner: FoundBanner): Promise<Array<{ label: string; on: boolean; disabled: boolean }>> {
  return (await evaluateWithin<Array<{ label: string; on: boolean; disabled: boolean }>>(banner.frame, READ_TOGGLES_SCRIPT, scriptMs(banner))) ?? [];
}

export async function untickBannerToggles(banner: FoundBanner): Promise<number> {
  return (await evaluateWithin<number>(banner.frame, UNTICK_TOGGLES_SCRIPT, scriptMs(banner))) ?? 0;
}
