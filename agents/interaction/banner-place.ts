import type { BannerContainer } from "@/lib/schemas/banner-container";
import { classifyButton } from "./banner-wording";

/** What the in-page banner script reports from one frame (page-scripts.ts FIND_BANNER_SCRIPT). */
export interface BannerReading {
  text: string;
  controls: Array<{ index: number; text: string; tag: string }>;
  rect: { x: number; y: number; width: number; height: number };
  in_frame: boolean;
  /** A host whose content cannot be read (closed shadow root): seen, not operable. */
  opaque: boolean;
  shadow_hosts: string[];
  shadow_mode: "open" | "closed" | null;
}

/** A reading and where it came from: the top document (frameUrl null) or a child frame. */
export interface PlacedReading<F> {
  frame: F;
  frameUrl: string | null;
  reading: BannerReading;
}

/** Where the banner lives, as the evidence records it. */
export function containerOf(reading: BannerReading, frameUrl: string | null): BannerContainer {
  const shadowHost = reading.shadow_hosts.length ? reading.shadow_hosts.join(" >>> ") : null;
  return {
    kind: frameUrl ? "frame" : shadowHost ? "shadow_root" : "document",
    shadow_host: shadowHost,
    shadow_mode: shadowHost ? reading.shadow_mode : null,
    frame_url: frameUrl,
  };
}

/** Controls whose wording says they make or open a consent choice. */
export function choiceControls(reading: BannerReading): number {
  return reading.controls.filter((c) => ["accept", "reject", "settings"].includes(classifyButton(c.text))).length;
}

/**
 * The banner to work with among the top document's reading and the frames' readings: one whose
 * controls can be read as consent choices wins (top document first); then any readable one; an
 * opaque host (closed shadow root) only when nothing readable was found.
 */
export function chooseBanner<F>(candidates: Array<PlacedReading<F> | null>): PlacedReading<F> | null {
  const present = candidates.filter((c): c is PlacedReading<F> => c !== null);
  const readable = present.filter((c) => !c.reading.opaque);
  return readable.find((c) => choiceControls(c.reading) > 0) ?? readable.find((c) => c.reading.controls.length > 0) ?? readable[0] ?? present[0] ?? null;
}

/** Why a seen banner cannot be operated; null when its controls can be read. */
export function inoperableReason(reading: BannerReading, frameUrl: string | null): string | null {
  if (reading.opaque) {
    const where = frameUrl ? ` in a frame from ${frameUrl}` : "";
    return `the banner${where} is inside a closed shadow root (${reading.shadow_hosts.at(-1) ?? "host"}): its text and controls cannot be read`;
  }
  return null;
}
